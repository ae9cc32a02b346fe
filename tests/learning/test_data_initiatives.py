"""The data ecosystem (REQUIREMENTS I2; Actieagenda kansenkaart 5): the initiatives to share data
between organisations, checked before they are saved, and public without naming anyone."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from scharnier.learning import data_initiatives as sharing
from scharnier.learning.models import DataInitiative
from scharnier.organisations.models import OrganisationKind, Role
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


class World:
    def __init__(self) -> None:
        self.region = make_region("regio-zwolle", name="Regio Zwolle")
        self.analyst = make_user(Role.NATIONAL_ANALYST, username="analist")
        self.director = make_user(Role.REGIONAL_DIRECTOR, region=self.region, username="dir")
        self.kvk = make_organisation("kvk", kind=OrganisationKind.UITVOERINGSORGANISATIE)
        self.rvo = make_organisation("rvo", kind=OrganisationKind.UITVOERINGSORGANISATIE)
        self.rom = make_organisation("oost-nl", kind=OrganisationKind.ROM)

    def data(self, **changes) -> dict:
        return {
            "title": "Doorverwijzingen en hun resultaat delen",
            "kansenkaart": "kk5",
            "purpose": "Zien welke doorverwijzing een ondernemer verder hielp.",
            "lead": self.kvk,
            "parties": [self.rom],
            "regions": [self.region],
            "data_categories": ["doorverwijzingen", "impact"],
            "personal_data": "gepseudonimiseerd",
            "legal_basis": "wettelijke-taak",
            "dpia_on": None,
            "status": "verkenning",
            **changes,
        }


@pytest.fixture
def world():
    return World()


def test_an_initiative_is_checked_before_anything_is_saved(world):
    with pytest.raises(PermissionDenied):
        sharing.save_initiative(actor=world.director, data=world.data())
    bad = [
        ({"title": "  "}, "title", "naam"),
        ({"title": "<b>Delen</b>"}, "title", ""),
        ({"kansenkaart": "kk9"}, "kansenkaart", "kansenkaart"),
        ({"purpose": ""}, "purpose", "bereiken"),
        ({"lead": None}, "lead", "trekt"),
        ({"parties": []}, "parties", "minstens twee"),
        ({"data_categories": []}, "data_categories", "Kies welke"),
        ({"data_categories": ["alles"]}, "data_categories", "uit de lijst"),
        ({"personal_data": "soms"}, "personal_data", "persoonsgegevens"),
        ({"legal_basis": ""}, "legal_basis", "grondslag"),
        ({"status": "getekend"}, "agreement_signed_on", "getekende afspraak"),
        (
            {"status": "in-gebruik", "agreement_signed_on": TODAY},
            "dpia_on",
            "DPIA",
        ),
        ({"dpia_on": TODAY + datetime.timedelta(days=2)}, "dpia_on", "toekomst"),
        ({"agreement_url": "http://example.org/afspraak"}, "agreement_url", "https://"),
        ({"status": "gestopt"}, "stopped_reason", "waarom"),
        ({"obstacle": "x" * 501}, "obstacle", "500"),
    ]
    for changes, field, message in bad:
        with pytest.raises(ValidationError) as error:
            sharing.save_initiative(actor=world.analyst, data=world.data(**changes))
        assert field in error.value.message_dict, (changes, error.value.message_dict)
        assert message in error.value.message_dict[field][0]
    assert not DataInitiative.objects.exists()
    # The lead always takes part; a legal ground without personal data is not kept.
    plain = sharing.save_initiative(
        actor=world.analyst,
        data=world.data(personal_data="geen", legal_basis="toestemming", regions=[]),
    )
    assert set(plain.parties.all()) == {world.kvk, world.rom}
    assert plain.legal_basis == "" and plain.updated_by == world.analyst
    assert not plain.regions.exists()
    signed = sharing.save_initiative(
        actor=world.analyst,
        data=world.data(
            title="Klantreizen van starters",
            status="in-gebruik",
            agreement_signed_on=TODAY - datetime.timedelta(days=30),
            dpia_on=TODAY - datetime.timedelta(days=60),
            obstacle="De systemen van ROM's sluiten niet op elkaar aan.",
        ),
    )
    assert signed.is_agreed
    # One with a signed agreement stays on record: stopped, not removed.
    with pytest.raises(ValidationError, match="Gestopt"):
        sharing.remove_initiative(actor=world.analyst, initiative=signed)
    sharing.remove_initiative(actor=world.analyst, initiative=plain)
    assert list(DataInitiative.objects.all()) == [signed]
    stopped = sharing.save_initiative(
        actor=world.analyst,
        initiative=signed,
        data=world.data(
            status="gestopt",
            agreement_signed_on=signed.agreement_signed_on,
            stopped_reason="De wet staat het niet toe.",
            obstacle="Wordt niet bewaard bij een gestopt initiatief.",
        ),
    )
    assert stopped.obstacle == "" and stopped.stopped_reason == "De wet staat het niet toe."


def test_the_summary_counts_agreements_against_the_aim_of_three_to_six(world):
    for n, status in enumerate(("idee", "getekend", "in-gebruik", "in-gebruik", "gestopt")):
        sharing.save_initiative(
            actor=world.analyst,
            data=world.data(
                title=f"Initiatief {n}",
                status=status,
                agreement_signed_on=TODAY if status != "idee" else None,
                dpia_on=TODAY if n != 1 else None,
                personal_data="geen" if n == 1 else "gepseudonimiseerd",
                stopped_reason="Geen geld." if status == "gestopt" else "",
                obstacle="Geen koppeling." if n == 0 else "",
            ),
        )
    summary = sharing.summary(sharing.initiatives())
    assert (summary.total, summary.agreed, summary.in_use) == (5, 3, 2)
    assert summary.aim_reached and summary.aimed == (3, 6)
    # Stopped ones do not count as using personal data; every live one has its DPIA.
    assert (summary.with_personal_data, summary.without_dpia) == (3, 0)
    assert [i.title for i in summary.obstacles] == ["Initiatief 0"]
    assert dict((code, count) for code, _label, count in summary.by_status)["in-gebruik"] == 2
    assert [i.title for i in sharing.initiatives(status="getekend")] == ["Initiatief 1"]


def test_the_pages_for_the_public_and_the_coordination(world, client):
    item = sharing.save_initiative(
        actor=world.analyst,
        data=world.data(obstacle="Geen afspraak over het bewaren."),
    )
    page = client.get("/gegevensdeling/").content.decode()
    assert item.title in page and "Geen afspraak over het bewaren." in page
    assert "Initiatief toevoegen" not in page and "Kansenkaart 5" in page
    assert "gepseudonimiseerd" in page
    detail = client.get(f"/gegevensdeling/{item.public_id}/").content.decode()
    assert "Wettelijke taak of algemeen belang" in detail and "nog niet afgerond" in detail
    assert "analist" not in detail  # who keeps the record is not public
    csv = client.get("/gegevensdeling/?formaat=csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Naam;Kansenkaart;Trekker;Partijen")
    assert any(line.startswith(item.title + ";Kansenkaart 5") for line in lines)
    assert client.get("/gegevensdeling/nieuw/").status_code == 302  # to the login
    client.force_login(world.director)
    assert client.get("/gegevensdeling/nieuw/").status_code == 403
    client.force_login(world.analyst)
    assert "Initiatief toevoegen" in client.get("/gegevensdeling/").content.decode()
    form = {
        "formulier": "initiatief",
        "title": "Signalen uit communities delen",
        "kansenkaart": "kk5",
        "purpose": "De vraag uit communities zien.",
        "lead": "rvo",
        "parties": ["kvk"],
        "data_categories": ["vraag-communities"],
        "personal_data": "persoonsgegevens",
        "status": "verkenning",
    }
    refused = client.post("/gegevensdeling/nieuw/", form)
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "grondslag uit de AVG nodig" in text and "Signalen uit communities delen" in text
    assert DataInitiative.objects.count() == 1
    saved = client.post("/gegevensdeling/nieuw/", {**form, "legal_basis": "toestemming"})
    created = DataInitiative.objects.get(title="Signalen uit communities delen")
    assert saved.status_code == 302 and saved["Location"].endswith(f"/{created.public_id}/")
    assert set(created.parties.values_list("slug", flat=True)) == {"rvo", "kvk"}
    edit = client.get(f"/gegevensdeling/{created.public_id}/bewerken/").content.decode()
    assert 'value="Signalen uit communities delen"' in edit
    gone = client.post(f"/gegevensdeling/{created.public_id}/bewerken/", {"formulier": "weghalen"})
    assert gone.status_code == 302 and not DataInitiative.objects.filter(pk=created.pk).exists()
    assert "Gegevens delen" in client.get("/").content.decode()  # the footer link
    # The parties' pages name the initiatives they take part in (stopped ones are history).
    assert item.title in client.get("/organisaties/oost-nl/").content.decode()
    assert item.title not in client.get("/organisaties/rvo/").content.decode()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_the_data_pages_read_well_on_a_phone(page, live_server, login, world):
    item = sharing.save_initiative(actor=world.analyst, data=world.data())
    for path in ("/gegevensdeling/", f"/gegevensdeling/{item.public_id}/"):
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}{path}")
            assert_accessible_and_fits(page)
    login(world.analyst)
    page.goto(f"{live_server.url}/gegevensdeling/{item.public_id}/bewerken/")
    page.get_by_label("Naam van het initiatief").fill("")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert "Geef het initiatief een naam." in page.locator("main").inner_text()
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible_and_fits(page)
