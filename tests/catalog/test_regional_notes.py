"""The regional translation of offers (REQUIREMENTS A11; Visie, pijler 2: national information,
schemes and tools "doelgericht worden vertaald naar de context van mkb-ondernemers in de regio"):
a region's staff add who helps here, an example and a meeting; the offer itself stays the
provider's."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from scharnier.catalog import regional_notes
from scharnier.catalog.models import RegionalOfferNote, ScopeLevel
from scharnier.catalog.signals import regional_notes_changed
from scharnier.geography.models import Municipality
from scharnier.organisations.models import OrganisationKind, Role
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import make_offer, make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


class World:
    def __init__(self) -> None:
        self.zwolle = make_region(
            "regio-zwolle", name="Regio Zwolle", municipality_codes=["GM0193"]
        )
        self.breda = make_region("regio-breda", name="Regio Breda", municipality_codes=["GM0758"])
        self.rvo = make_organisation("rvo", kind=OrganisationKind.UITVOERINGSORGANISATIE)
        self.loket = make_organisation("ondernemershuis", kind=OrganisationKind.HUB)
        self.national = make_offer(provider=self.rvo, title="Subsidie energiebesparing")
        self.elsewhere = make_offer(
            title="Alleen in Breda",
            scope_level=ScopeLevel.MUNICIPALITY,
            municipalities=[Municipality.objects.get(code="GM0758")],
        )
        self.director = make_user(Role.REGIONAL_DIRECTOR, region=self.zwolle, username="dir")
        self.staff = make_user(Role.SCHAKELTEAM_MEMBER, region=self.zwolle, username="team")
        self.other = make_user(Role.REGIONAL_DIRECTOR, region=self.breda, username="breda")
        self.editor = make_user(Role.PROVIDER_EDITOR, organisation=self.rvo, username="rvo-red")

    def note(self, **data):
        values = {
            "contact_organisation": self.loket,
            "contact": "Bel het Ondernemershuis: 038 123 45 67",
            "example": "Een bakkerij in Kampen bespaarde zo een derde op gas.",
        }
        return regional_notes.save_note(
            actor=self.staff, offer=self.national, region=self.zwolle, data={**values, **data}
        )


@pytest.fixture
def world():
    return World()


def test_a_note_is_checked_and_written_by_the_regions_own_staff(
    world, django_capture_on_commit_callbacks
):
    for actor in (world.other, world.editor):
        with pytest.raises(PermissionDenied):
            regional_notes.save_note(
                actor=actor, offer=world.national, region=world.zwolle, data={"contact": "Bel ons"}
            )
    with pytest.raises(ValidationError, match="niet voor ondernemers in Regio Zwolle"):
        regional_notes.save_note(
            actor=world.staff, offer=world.elsewhere, region=world.zwolle, data={"contact": "Bel"}
        )
    with pytest.raises(ValidationError, match="minstens één ding"):
        regional_notes.save_note(
            actor=world.staff, offer=world.national, region=world.zwolle, data={}
        )
    bad = [
        ({"contact": "x" * 301}, "contact", "300"),
        ({"contact": "<script>alert(1)</script>"}, "contact", ""),
        ({"event_date": TODAY + datetime.timedelta(days=9)}, "event_title", "naam"),
        ({"event_title": "Ontbijtsessie"}, "event_date", "datum"),
        (
            {"event_title": "Ontbijtsessie", "event_date": TODAY - datetime.timedelta(days=1)},
            "event_date",
            "voorbij",
        ),
        (
            {"event_title": "Sessie", "event_date": TODAY, "event_url": "ftp://x.nl"},
            "event_url",
            "https",
        ),
    ]
    for changes, field, message in bad:
        with pytest.raises(ValidationError) as error:
            world.note(**changes)
        assert message in error.value.message_dict[field][0], changes
    assert not RegionalOfferNote.objects.exists()
    received = []

    def receiver(sender, offer_ids, **kwargs):
        received.append(offer_ids)

    regional_notes_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            note = world.note(event_title="Ontbijtsessie subsidies", event_date=TODAY)
        # Saving again changes the one note of the region (no second one).
        with django_capture_on_commit_callbacks(execute=True):
            world.note(example="Een garage in Zwolle ook.")
    finally:
        regional_notes_changed.disconnect(receiver)
    assert received == [[world.national.pk], [world.national.pk]]
    note.refresh_from_db()
    assert RegionalOfferNote.objects.count() == 1 and note.example == "Een garage in Zwolle ook."
    assert note.updated_by == world.staff
    # The offer is the provider's: nothing of it changed.
    world.national.refresh_from_db()
    assert world.national.title == "Subsidie energiebesparing"
    assert world.national.versions.count() == 1
    assert regional_notes.regions_to_translate(world.staff, world.national) == [world.zwolle]
    assert regional_notes.regions_to_translate(world.staff, world.elsewhere) == []
    assert regional_notes.regions_to_translate(world.editor, world.national) == []
    regional_notes.remove_note(actor=world.director, note=note)
    assert not RegionalOfferNote.objects.exists()


def test_the_offer_and_region_pages_show_the_note(world, client):
    world.note(event_title="Ontbijtsessie subsidies", event_date=TODAY + datetime.timedelta(days=7))
    page = client.get(f"/aanbod/{world.national.public_id}/").content.decode()
    assert 'id="in-de-regio"' in page and "Regio Zwolle" in page
    assert "Bel het Ondernemershuis: 038 123 45 67" in page and "Ontbijtsessie subsidies" in page
    assert "Aanvullen voor" not in page  # anonymous
    region = client.get("/regio/regio-zwolle/").content.decode()
    assert f"/aanbod/{world.national.public_id}/?regio=regio-zwolle#in-de-regio" in region
    assert "hier helpt Ondernemershuis" in region
    assert 'id="aangevuld"' not in client.get("/regio/regio-breda/").content.decode()
    # An entrepreneur in the region who finds the offer sees who helps there, beside it.
    question = "Hoe kan ik mijn bedrijf verder digitaliseren?"
    found = client.get("/vraag/", {"vraag": question, "gemeente": "GM0193"}).content.decode()
    assert "Subsidie energiebesparing" in found
    assert "Ondernemershuis helpt u hier verder. Bel het Ondernemershuis: 038 123 45 67. " in found
    assert "Bijeenkomst: Ontbijtsessie subsidies op" in found
    assert f"/aanbod/{world.national.public_id}/?regio=regio-zwolle" in found
    elsewhere = client.get("/vraag/", {"vraag": question, "gemeente": "GM0758"}).content.decode()
    assert "Subsidie energiebesparing" in elsewhere and "helpt u hier verder" not in elsewhere
    # The staff find the form from the offer; a wrong entry is shown again with its message.
    client.force_login(world.staff)
    page = client.get(f"/aanbod/{world.national.public_id}/").content.decode()
    form_url = f"/aanbod/{world.national.public_id}/regio/regio-zwolle/"
    assert f'href="{form_url}"' in page
    refused = client.post(
        form_url,
        {
            "formulier": "aanvulling",
            "contact": "Loket Zwolle",
            "event_title": "Avond",
            "event_date": "",
        },
    )
    assert refused.status_code == 400
    text = refused.content.decode()
    assert "Vul de datum van de bijeenkomst in." in text and 'value="Loket Zwolle"' in text
    saved = client.post(form_url, {"formulier": "aanvulling", "contact": "Loket Zwolle"})
    assert saved.status_code == 302 and saved["Location"].endswith(
        "?regio=regio-zwolle#in-de-regio"
    )
    assert RegionalOfferNote.objects.get().contact == "Loket Zwolle"
    client.force_login(world.other)
    assert client.get(form_url).status_code == 403
    client.force_login(world.director)
    gone = client.post(form_url, {"formulier": "weghalen"})
    assert gone.status_code == 302 and not RegionalOfferNote.objects.exists()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_the_note_reads_well_on_a_phone(page, live_server, login, world):
    world.note(event_title="Ontbijtsessie subsidies", event_date=TODAY + datetime.timedelta(days=7))
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/aanbod/{world.national.public_id}/?regio=regio-zwolle")
        assert_accessible_and_fits(page)
    login(world.staff)
    page.goto(f"{live_server.url}/aanbod/{world.national.public_id}/regio/regio-zwolle/")
    page.get_by_label("Een bijeenkomst waar het wordt uitgelegd").fill("Avond over subsidies")
    page.get_by_label("Datum van de bijeenkomst").fill("")
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert "Vul de datum van de bijeenkomst in." in page.locator("main").inner_text()
    for width in (390, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible_and_fits(page)
