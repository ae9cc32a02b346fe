"""The consistency test over real HTTP: results, saving, and problem+json for bad input."""

import pytest
import requests

from scharnier.catalog.models import JourneyPhase, OfferType, ScopeLevel, Theme
from scharnier.geography.models import Province
from scharnier.landscape.models import ConsistencyCheck, Verdict
from tests.factories import make_offer

pytestmark = pytest.mark.django_db(transaction=True)

PROPOSAL = {
    "title": "Webshopsubsidie Utrechtse ondernemers",
    "summary": "Ondernemers in Utrecht krijgen de helft van de kosten terug als zij een webshop "
    "of nieuwe software laten maken.",
    "offerType": "subsidie",
    "themes": ["digitalisering"],
    "journeyPhases": ["kunnen"],
    "scopeLevel": "provincie",
    "provinces": ["PV26"],
}


@pytest.fixture
def existing_subsidy():
    return make_offer(
        title="Subsidie digitalisering mkb Utrecht",
        summary="Utrechtse ondernemers krijgen tot 50 procent vergoed voor software of webshop.",
        offer_type=OfferType.objects.get(code="subsidie"),
        themes=list(Theme.objects.filter(code="digitalisering")),
        journey_phases=list(JourneyPhase.objects.filter(code="kunnen")),
        scope_level=ScopeLevel.PROVINCE,
        provinces=[Province.objects.get(code="PV26")],
    )


def assert_problem(response, status):
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"].startswith("application/problem+json")
    return response.json()


def test_overlapping_proposal_gets_the_existing_offer_and_is_saved(live_server, existing_subsidy):
    response = requests.post(
        f"{live_server.url}/api/v1/consistency-checks", json=PROPOSAL, timeout=60
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["verdict"] in {Verdict.ALIGN, Verdict.STOP}
    assert [o["offer"] for o in body["result"]["overlaps"]] == [str(existing_subsidy.public_id)]
    first = body["result"]["overlaps"][0]
    assert first["sharedThemes"] == ["digitalisering"] and first["sameOfferType"] is True
    # Utrecht has digital offers for 'kunnen' now, so that cell is no white spot any more.
    assert {"theme": "digitalisering", "phase": "kunnen"} not in [
        {"theme": s["theme"], "phase": s["phase"]} for s in body["result"]["whiteSpotsFilled"]
    ]
    assert response.headers["Location"] == body["url"]
    again = requests.get(body["url"], timeout=30)
    assert again.status_code == 200 and again.json()["id"] == body["id"]
    page = requests.get(body["page"], timeout=30)
    assert page.status_code == 200 and "Subsidie digitalisering mkb Utrecht" in page.text
    assert ConsistencyCheck.objects.count() == 1


def test_new_scheme_in_an_empty_cell_fills_a_white_spot(live_server, existing_subsidy):
    proposal = {
        **PROPOSAL,
        "title": "Netcongestie-netwerk Utrecht",
        "summary": "Ondernemers op bedrijventerreinen ontmoeten elkaar over het volle stroomnet.",
        "offerType": "community",
        "themes": ["netcongestie"],
        "journeyPhases": ["ontmoeten"],
    }
    body = requests.post(
        f"{live_server.url}/api/v1/consistency-checks", json=proposal, timeout=60
    ).json()
    assert body["verdict"] == Verdict.GO
    assert body["result"]["overlaps"] == []
    assert body["result"]["whiteSpotsFilled"] == [
        {"area": "PV26", "areaName": "Utrecht", "theme": "netcongestie", "phase": "ontmoeten"}
    ]


@pytest.mark.parametrize(
    "change, field",
    [
        ({"themes": []}, "themes"),
        ({"themes": ["bestaat-niet"]}, "themes"),
        ({"offerType": "toverstaf"}, "offerType"),
        ({"title": ""}, "title"),
        ({"summary": "qqq"}, "summary"),
        ({"summary": "!!! !!! !!!"}, "summary"),
        ({"scopeLevel": "provincie", "provinces": []}, "provinces"),
        ({"provinces": ["PV99"]}, "provinces"),
        ({"municipalities": ["GM0344"]}, "municipalities"),  # does not fit a provincial scope
        ({"minEmployees": "veel"}, "minEmployees"),
        ({"themes": "digitalisering", "journeyPhases": [3]}, "journeyPhases"),
        ({"toverspreuk": "abracadabra"}, "toverspreuk"),
    ],
)
def test_bad_input_is_problem_json(live_server, change, field):
    response = requests.post(
        f"{live_server.url}/api/v1/consistency-checks", json={**PROPOSAL, **change}, timeout=30
    )
    body = assert_problem(response, 400)
    assert field in [p["name"].split("[")[0] for p in body["invalidParams"]], body
    assert ConsistencyCheck.objects.count() == 0


def test_malformed_requests_are_problem_json(live_server):
    url = f"{live_server.url}/api/v1/consistency-checks"
    assert_problem(
        requests.post(
            url, data="{niet json", headers={"Content-Type": "application/json"}, timeout=30
        ),
        400,
    )
    assert_problem(requests.post(url, json=["lijst"], timeout=30), 400)
    assert_problem(requests.get(f"{url}/00000000-0000-0000-0000-000000000000", timeout=30), 404)
    assert_problem(requests.put(url, json=PROPOSAL, timeout=30), 405)


def test_a_summary_that_says_nothing_is_refused_with_the_reason(live_server):
    response = requests.post(
        f"{live_server.url}/api/v1/consistency-checks",
        json={**PROPOSAL, "summary": "qqq"},
        timeout=30,
    )
    body = assert_problem(response, 400)
    reasons = [p["reason"] for p in body["invalidParams"] if p["name"] == "summary"]
    assert reasons == [
        "Beschrijf in een paar woorden wat de regeling doet, zodat er iets te vergelijken is."
    ]
