"""POST /api/v1/matches over real HTTP: answers, and problem+json for bad input."""

import pytest
import requests

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PROBLEM = "application/problem+json"


def post(live_server, body, **kw):
    return requests.post(f"{live_server.url}/api/v1/matches", json=body, timeout=30, **kw)


def test_match_answers_ranked_explained_eligible_offers(small_catalog, live_server):
    zwolle, offers = small_catalog
    response = post(
        live_server,
        {
            "question": "Mijn energierekening is verdubbeld",
            "municipality": "GM0193",
            "employees": 8,
            "sbiSection": "g",
            "companyAgeYears": 12,
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "verduurzaming" in [t["code"] for t in body["needs"]["themes"]]
    ids = [r["id"] for r in body["results"]]
    # Ineligible: other region, expired, large firms only, agriculture only.
    for key in ("breda", "expired", "large_only", "agri"):
        assert str(offers[key].public_id) not in ids
    # The region's front door comes beside the ranked offers, not as their first result.
    entry = body["regionalEntryPoint"]
    assert entry["id"] == str(offers["hub"].public_id) and entry["isRegionalEntryPoint"]
    assert "verwijzen u door" in entry["explanation"]
    ranked = [r for r in body["results"] if not r["isRegionalEntryPoint"]]
    assert all(r["id"] == entry["id"] for r in body["results"] if r["isRegionalEntryPoint"])
    assert ranked[0]["id"] in {str(offers["energy"].public_id), str(offers["energy2"].public_id)}
    assert all(r["explanation"] and r["nextStep"] for r in body["results"])
    scores = [r["score"] for r in ranked]
    assert scores == sorted(scores, reverse=True)
    # The 2026 copy of the energy subsidy is grouped under it, not a separate result.
    energy = next(r for r in ranked if r["id"] == str(offers["energy"].public_id))
    assert [s["id"] for s in energy["similar"]] == [str(offers["energy_dup"].public_id)]
    assert str(offers["energy_dup"].public_id) not in ids


BAD_INPUT = [
    ({"municipality": "GM0193"}, "question"),
    ({"question": "hoi", "municipality": "GM9999"}, "municipality"),
    ({"question": "energie", "municipality": "GM0193", "employees": -1}, "employees"),
    ({"question": "energie", "municipality": "GM0193", "sbiSection": "zz"}, "sbiSection"),
    ({"question": "energie", "municipality": "GM0193", "limit": 500}, "limit"),
    ({"question": "energie", "municipality": "GM0193", "date": "gisteren"}, "date"),
    ({"question": "x" * 1001, "municipality": "GM0193"}, "question"),
    ({"question": ["energie"], "municipality": "GM0193"}, "question"),
]


def test_bad_input_is_problem_json_400(live_server):
    # One live server for all cases: each transactional test reloads the reference data.
    for body, param in BAD_INPUT:
        response = post(live_server, body)
        assert response.status_code == 400, (body, response.text)
        assert response.headers["Content-Type"].startswith(PROBLEM)
        problem = response.json()
        assert problem["status"] == 400
        assert param in [p["name"] for p in problem["invalidParams"]], (body, problem)
        assert all(p["reason"] for p in problem["invalidParams"])


def test_body_that_is_not_json_is_problem_json(live_server):
    response = requests.post(
        f"{live_server.url}/api/v1/matches",
        data="{niet json",
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith(PROBLEM)


def test_matches_is_in_the_openapi_document(live_server):
    document = requests.get(f"{live_server.url}/api/v1/openapi.json", timeout=60).json()
    operation = document["paths"]["/matches"]["post"]
    assert "200" in operation["responses"]


def test_unknown_profile_field_gives_check_verdict_per_rule(small_catalog, live_server):
    zwolle, offers = small_catalog
    body = {"question": "We hebben zwaar weer en schulden, doorstart?", "municipality": "GM0193"}
    unknown = post(live_server, body).json()
    hit = next(r for r in unknown["results"] if r["id"] == str(offers["old_firms"].public_id))
    assert hit["eligibility"] == [
        {
            "rule": "bedrijfsleeftijd",
            "verdict": "controleer",
            "message": "Alleen voor bedrijven van minstens 10 jaar oud.",
        }
    ]
    known = post(live_server, {**body, "companyAgeYears": 12}).json()
    hit = next(r for r in known["results"] if r["id"] == str(offers["old_firms"].public_id))
    assert [r["verdict"] for r in hit["eligibility"]] == ["voldoet"]
    # Too young: the rule excludes the offer, it is not shown with a verdict.
    young = post(live_server, {**body, "companyAgeYears": 2}).json()
    assert str(offers["old_firms"].public_id) not in [r["id"] for r in young["results"]]


def test_match_offers_the_same_public_meetings_as_the_question_page(small_catalog, live_server):
    """'Ontmoeten': upcoming public meetings in the asker's region, theme first (as /vraag/)."""
    from datetime import timedelta

    from django.utils import timezone

    from scharnier.catalog.models import Theme
    from scharnier.communities import services as community_services
    from scharnier.geography.models import Region
    from scharnier.organisations.models import Role
    from tests.factories import make_user

    region = Region.objects.get(slug="regio-zwolle")
    team = make_user(Role.SCHAKELTEAM_MEMBER, region=region)
    community = community_services.save_community(
        actor=team,
        region=region,
        data={"name": "Ondernemers Zwolle-Zuid", "kind": "plaats", "status": "actief"},
    )
    today = timezone.localdate()

    def meeting(title, days, theme, is_public=True):
        return community_services.log_meeting(
            actor=team,
            community=community,
            data={
                "title": title,
                "date": today + timedelta(days=days),
                "format": "fysiek",
                "is_public": is_public,
                "themes": [Theme.objects.get(code=theme)],
            },
        )

    energy = meeting("Ontbijtsessie energie besparen", 10, "verduurzaming")
    meeting("Webshop-café", 5, "digitalisering")  # other theme: not shown for this question
    meeting("Besloten overleg energie", 3, "verduurzaming", is_public=False)
    meeting("Energiecafé van vorige week", -7, "verduurzaming")  # past
    question = {"question": "Mijn energierekening is verdubbeld", "municipality": "GM0193"}
    body = post(live_server, question).json()
    assert [m["title"] for m in body["meetings"]] == ["Ontbijtsessie energie besparen"]
    shown = body["meetings"][0]
    assert shown["id"] == str(energy.public_id)
    assert shown["region"] == "regio-zwolle" and shown["themes"] == ["verduurzaming"]
    # The page shows the same meeting (one query behind both).
    page = requests.get(
        f"{live_server.url}/vraag/",
        params={
            "vraag": question["question"],
            "gemeente": "GM0193",
            "medewerkers": 8,
            "leeftijd": 12,
        },
        timeout=30,
    )
    assert "Ontbijtsessie energie besparen" in page.text
    assert "Webshop-café" not in page.text
    # Outside the region (Breda): no meetings.
    other = post(live_server, {**question, "municipality": "GM0758"}).json()
    assert other["meetings"] == []
