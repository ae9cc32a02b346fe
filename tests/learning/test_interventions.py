"""Interventions (Actieagenda §6: "In 2024 wordt in elk van de zes regio gemikt op vijf à tien
interventies in het verbeteren van mkb-ondersteuning, die direct merkbaar zijn voor
mkb-ondernemers"): the region records them, everyone reads them, counted per year."""

import datetime
import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from scharnier.learning import queries, services
from scharnier.learning.models import Intervention, InterventionKind
from scharnier.organisations.models import Role
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import make_organisation, make_region, make_user

TODAY = timezone.localdate()


def _data(**fields) -> dict:
    return {
        "kind": InterventionKind.COMBINE,
        "title": "Eén loket voor bedrijfsopvolging",
        "noticeable": "Wie zijn bedrijf wil overdragen, belt één nummer in plaats van drie.",
        "done_on": TODAY,
        **fields,
    }


@pytest.mark.django_db
def test_the_schakelteam_records_an_intervention_and_everyone_reads_it(client):
    region = make_region("regio-zwolle", name="Regio Zwolle", municipality_codes=["GM0193"])
    member = make_user(Role.SCHAKELTEAM_MEMBER, region=region)
    url = "/regio/regio-zwolle/interventies/"
    assert 'name="title"' not in client.get(url).content.decode()  # visitors read only
    assert client.post(url, {"title": "x"}).status_code == 403

    client.force_login(member)
    bad = client.post(
        url,
        {
            "kind": "",
            "title": "<b>Nieuw</b>",
            "noticeable": "",
            "done_on": (TODAY + datetime.timedelta(days=3)).isoformat(),
        },
    )
    assert bad.status_code == 400
    text = html.unescape(bad.content.decode())
    assert "<title>Fout:" in text
    assert "Kies wat voor verandering het is." in text
    assert "HTML-code (zoals <script> of <b>) is niet toegestaan." in text
    assert "Schrijf op wat de ondernemer ervan merkt." in text
    assert not Intervention.objects.exists()
    # The service refuses a date to come, the form re-shows it with the reason.
    future = client.post(
        url, {**_data(), "done_on": (TODAY + datetime.timedelta(days=3)).isoformat()}
    )
    assert "Deze datum ligt in de toekomst." in html.unescape(future.content.decode())
    assert not Intervention.objects.exists()

    ok = client.post(url, {**_data(), "done_on": TODAY.isoformat()})
    assert ok.status_code == 302
    client.post(url, _data(kind=InterventionKind.STOP, title="Eigen webinar gestopt", done_on=""))
    done, planned = Intervention.objects.order_by("pk")
    assert (done.region, done.recorded_by, done.done_on) == (region, member, TODAY)
    assert planned.is_planned
    page = html.unescape(client.get(url).content.decode())
    assert f"{TODAY.year}: 1 interventie doorgevoerd - nog 4 te gaan tot het doel" in page
    # Planned first, then the carried-out ones.
    heading = '<h3 class="utrecht-heading-3">'
    assert page.index(f"{heading}Eigen webinar gestopt") < page.index(f"{heading}Eén loket")

    client.logout()
    public = html.unescape(client.get(url).content.decode())
    assert "Wie zijn bedrijf wil overdragen, belt één nummer in plaats van drie." in public
    assert "Gestopt met aanbod dat niet werkt" in public and "gepland" in public
    region_page = html.unescape(client.get("/regio/regio-zwolle/").content.decode())
    assert f"In {TODAY.year} is 1 verbetering doorgevoerd" in region_page
    overview = client.get("/interventies/?formaat=csv").content.decode("utf-8-sig").splitlines()
    assert overview[0] == f"Regio;{TODAY.year};Gepland"
    assert "Regio Zwolle;1;1" in overview


@pytest.mark.django_db
def test_only_the_regions_own_staff_change_or_remove_an_intervention(client):
    region = make_region("regio-zwolle", municipality_codes=["GM0193"])
    other = make_region("achterhoek", municipality_codes=["GM0197"])
    director = make_user(Role.REGIONAL_DIRECTOR, region=region)
    item = services.save_intervention(actor=director, region=region, data=_data())
    outsiders = [
        make_user(Role.REGIONAL_DIRECTOR, region=other),
        make_user(Role.NATIONAL_ANALYST),
        make_user(Role.PROVIDER_EDITOR, organisation=make_organisation()),
    ]
    for outsider in outsiders:
        with pytest.raises(PermissionDenied):
            services.save_intervention(
                actor=outsider, region=region, data=_data(), intervention=item
            )
        client.force_login(outsider)
        edit = f"/regio/regio-zwolle/interventies/{item.public_id}/"
        assert client.get(edit).status_code == 403
        assert client.post(edit + "verwijderen/").status_code == 403
    with pytest.raises(ValidationError):  # an intervention stays with its region
        services.save_intervention(
            actor=make_user(Role.ADMINISTRATOR), region=other, data=_data(), intervention=item
        )

    client.force_login(director)
    edit = f"/regio/regio-zwolle/interventies/{item.public_id}/"
    assert 'value="Eén loket voor bedrijfsopvolging"' in html.unescape(
        client.get(edit).content.decode()
    )
    bad = client.post(edit, {**_data(), "title": "", "done_on": TODAY.isoformat()})
    assert bad.status_code == 400
    assert "Schrijf in één zin wat er is veranderd." in html.unescape(bad.content.decode())
    item.refresh_from_db()
    assert item.title == "Eén loket voor bedrijfsopvolging"
    changed = client.post(edit, {**_data(), "title": "Eén loket", "done_on": TODAY.isoformat()})
    assert changed.status_code == 302
    item.refresh_from_db()
    assert item.title == "Eén loket"
    assert client.get(edit + "verwijderen/")["Location"] == edit  # a GET removes nothing
    assert Intervention.objects.exists()
    assert client.post(edit + "verwijderen/").status_code == 302
    assert not Intervention.objects.exists()
    unknown = "/regio/regio-zwolle/interventies/00000000-0000-0000-0000-000000000000/"
    assert client.get(unknown).status_code == 404


@pytest.mark.django_db
def test_counts_per_year_and_region_against_the_aim():
    region = make_region("regio-zwolle", name="Regio Zwolle", municipality_codes=["GM0193"])
    make_region("achterhoek", name="Achterhoek", municipality_codes=["GM0197"])
    director = make_user(Role.REGIONAL_DIRECTOR, region=region)
    last_year = TODAY.replace(year=TODAY.year - 1, month=6, day=1)
    for n in range(5):
        services.save_intervention(
            actor=director, region=region, data=_data(title=f"Verbetering {n}", done_on=last_year)
        )
    services.save_intervention(actor=director, region=region, data=_data(done_on=None))
    years = queries.intervention_years(region)
    assert [(y.year, y.done, y.aim_reached, y.to_go) for y in years] == [
        (TODAY.year, 0, False, 5),
        (TODAY.year - 1, 5, True, 0),
    ]
    columns, rows = queries.interventions_per_region()
    assert columns == [TODAY.year - 1, TODAY.year]
    assert [(r.region.name, r.per_year, r.planned) for r in rows] == [
        ("Achterhoek", {}, 0),
        ("Regio Zwolle", {TODAY.year - 1: 5}, 1),
    ]


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_a_director_records_an_intervention_on_a_phone(page, live_server, login):
    region = make_region("regio-zwolle", name="Regio Zwolle", municipality_codes=["GM0193"])
    director = make_user(Role.REGIONAL_DIRECTOR, region=region, username="regisseur-telefoon")
    page.set_viewport_size({"width": 390, "height": 844})
    login(director)
    page.goto(f"{live_server.url}/regio/regio-zwolle/")
    page.get_by_role("link", name="Bekijk de interventies in deze regio").click()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert "Schrijf in één zin wat er is veranderd." in page.inner_text("main")
    assert_accessible_and_fits(page)
    page.get_by_label("Aanbod gecombineerd").check()
    page.get_by_label("Wat is er veranderd?").fill("Eén loket voor bedrijfsopvolging")
    page.get_by_label("Wat merkt de ondernemer ervan?").fill("Eén nummer in plaats van drie.")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert "De interventie 'Eén loket voor bedrijfsopvolging' is opgeslagen." in page.inner_text(
        "main"
    )
    assert "gepland" in page.inner_text("main")
    assert_accessible_and_fits(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/interventies/")
    assert "Regio Zwolle" in page.inner_text("main")
    assert_accessible_and_fits(page)


@pytest.mark.django_db
def test_the_half_year_report_lists_the_interventions_of_its_half_year():
    from scharnier.learning import reports
    from tests.learning.reports_world import current_period

    region = make_region("regio-zwolle", municipality_codes=["GM0193"])
    director = make_user(Role.REGIONAL_DIRECTOR, region=region)
    services.save_intervention(actor=director, region=region, data=_data())
    services.save_intervention(
        actor=director, region=region, data=_data(title="Nog gepland", done_on=None)
    )
    report = services.start_report(actor=director, region=region, period=current_period())
    section = next(s for s in reports.build(report)["sections"] if s["key"] == "interventies")
    assert section["intro"] == (
        f"In {TODAY.year} tot en met dit halfjaar: 1 interventie. Het doel is 5 à 10 per jaar."
    )
    (table,) = section["tables"]
    assert [row[0] for row in table["rows"]] == ["Eén loket voor bedrijfsopvolging"]
