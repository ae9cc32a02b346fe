"""The KvK number on the site's question form: optional, 8 digits, with the consent text; it
reaches monitoring as a keyed hash only."""

import pytest

from scharnier.casework.models import Question
from scharnier.geography.models import Municipality
from scharnier.monitoring.models import OutcomeEvent
from scharnier.monitoring.services import firm_key
from tests.factories import ensure_reference_data, make_region

pytestmark = pytest.mark.django_db


def test_site_form_takes_an_optional_kvk_number(client):
    ensure_reference_data()
    make_region("regio-zwolle", municipality_codes=["GM0193"], name="Regio Zwolle")
    page = client.get("/hulpvraag/").content.decode()
    assert 'name="kvk_number"' in page
    assert 'KvK-nummer <span class="optional">(niet verplicht)</span>' in page
    assert "niet terug te rekenen" in page  # the consent text
    form = {
        "text": "Ik wil mijn bedrijf verduurzamen en zoek hulp.",
        "municipality": "",
        "email": "ondernemer@example.org",
        "consent_handling": "on",
        "consent_version": "2026-1",
    }

    form["municipality"] = Municipality.objects.get(code="GM0193").pk
    wrong = client.post("/hulpvraag/", {**form, "kvk_number": "12ab"})
    assert wrong.status_code == 400 and "precies 8 cijfers" in wrong.content.decode()
    assert not Question.objects.exists()
    done = client.post("/hulpvraag/", {**form, "kvk_number": "12345678"})
    assert done.status_code == 302
    assert OutcomeEvent.objects.get().firm_key == firm_key("12345678")
    assert "12345678" not in repr(list(Question.objects.values()))


@pytest.mark.parametrize("path", ["/dashboard/", "/dashboard/kaart/"])
def test_a_period_that_does_not_exist_is_named_at_the_period_field(client, path):
    ensure_reference_data()
    response = client.get(path, {"periode": "2026-H3"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "De periode &#x27;2026-H3&#x27; bestaat niet." in html
    assert 'aria-describedby="f-periode-fout"' in html
    assert "U ziet nu de cijfers sinds de start." in html
    assert 'href="?formaat=csv"' in html  # the download gives what the page shows
    csv = client.get(path, {"periode": "abc", "formaat": "csv"})
    assert csv.status_code == 400 and "De periode 'abc' bestaat niet." in csv.content.decode()
    assert client.get(path, {"periode": ""}).status_code == 200


def test_the_public_dashboard_reads_for_a_citizen(client):
    import json
    import re

    from scharnier.demo.outcomes import load_demo_outcomes

    ensure_reference_data()
    make_region("regio-zwolle", municipality_codes=["GM0193", "GM0166"], name="Regio Zwolle")
    load_demo_outcomes()
    for path in ("/dashboard/", "/dashboard/regio/regio-zwolle/"):
        html = client.get(path).content.decode()
        # No version after each figure, no jargon, no codes.
        assert "(versie" not in html and "metric-version" not in html
        # "Aanbiedingen" are deals in a shop; the register holds kinds of help.
        jargons = ("Net Promoter Score", "Gesloten lus", ">API<", "gesloten lus", "aanbieding")
        for jargon in jargons:
            assert jargon not in html, (path, jargon)
        assert "Hoe graag ondernemers de hulp aanraden (NPS)" in html
        assert "Doorverwijzingen waarvan het resultaat bekend is" in html
        assert "Koppeling met een ander systeem" in html
        # A hidden figure is explained where it appears, with the way to the definitions.
        assert "Staat er 'verborgen', dan laten we ook dat cijfer weg" in html
        assert 'href="/dashboard/definities/"' in html
        # The task per sector writes thousands as every other figure does ("3.628").
        task = html.split('id="task-caption"', 1)[1].split("</table>", 1)[0]
        assert not re.search(r">\d{4,}<", task), task
        assert re.search(r">\d{1,3}\.\d{3}<", task)
        # The chart's half-years in words, in time order, as in the table.
        charts = json.loads(re.search(r'id="monitoring-charts"[^>]*>(.*?)</script>', html, re.S)[1])
        axis = charts["trajectory"]["encoding"]["x"]["sort"]
        assert axis[:3] == ["eerste halfjaar 2025", "tweede halfjaar 2025", "eerste halfjaar 2026"]
        assert {v["halfjaar"] for v in charts["trajectory"]["data"]["values"]} <= set(axis)
        assert "H1" not in json.dumps(charts["trajectory"])
    # The version stays where we say how we count, in words.
    definitions = client.get("/dashboard/definities/").content.decode()
    assert "versie 2 van de definitie, geldig vanaf 1 januari 2024" in definitions
    assert "aanbieding" not in definitions and "vormen van hulp" in definitions
    # The events a stage counts, in words; the code only where machines read it.
    reached = client.get("/dashboard/definities/firms-reached/").content.decode()
    assert "Vraag ontvangen" in reached and "question_received" not in reached
    assert "<code>firms-reached</code>" in reached
    # The download keeps the machine-readable codes: KPI code, version and period code.
    body = client.get("/dashboard/", {"formaat": "csv"}).content.decode()
    assert ",nps,2," in body and ",firms-reached,1," in body and "2025-H1" in body
