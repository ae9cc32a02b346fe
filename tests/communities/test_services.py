"""Communities, meeting log, participants and the all-or-nothing attendance import."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from scharnier.communities import services
from scharnier.communities.models import Meeting, Participant
from scharnier.communities.queries import community_map, upcoming_public_meetings
from scharnier.geography.models import Municipality
from scharnier.monitoring.models import OutcomeEvent, OutcomeEventKind
from scharnier.monitoring.services import firm_key
from tests.signals.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def test_meeting_log_counts_toward_reach_once(world):
    meeting = world.meetings["a"]
    held = OutcomeEvent.objects.get(kind=OutcomeEventKind.MEETING_HELD, source_id=str(meeting.pk))
    assert held.quantity == 24 and held.region == world.regions["a"]
    assert held.themes == ["netcongestie"] and held.door == "community"
    # Saving the log again does not count it twice; a future event counts nothing yet.
    services.log_meeting(
        actor=world.users["schakel_a"], community=meeting.community, meeting=meeting, data={}
    )
    assert OutcomeEvent.objects.filter(kind=OutcomeEventKind.MEETING_HELD).count() == 1


def test_meeting_log_refuses_bad_input_and_changes_nothing(world):
    before = Meeting.objects.count()
    base = {"title": "Sessie", "date": timezone.localdate(), "format": "fysiek"}
    with pytest.raises(ValidationError) as error:
        services.log_meeting(
            actor=world.users["schakel_a"],
            community=world.communities["a"],
            data={**base, "participants_count": 5, "new_participants_count": 8},
        )
    assert "new_participants_count" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.log_meeting(
            actor=world.users["schakel_a"],
            community=world.communities["a"],
            data={**base, "format": "telepathie"},
        )
    with pytest.raises(PermissionDenied):
        services.log_meeting(
            actor=world.users["schakel_b"], community=world.communities["a"], data=base
        )
    assert Meeting.objects.count() == before


def test_organiser_may_log_and_register_participant_with_hashed_kvk(world):
    meeting = world.meetings["a"]
    participant = services.register_participant(
        actor=world.users["aanbieder_organiser"],
        meeting=meeting,
        name="Sanne Bakker",
        email="Sanne@Bakkerij.example",
        kvk_number="12345678",
        consent=True,
    )
    assert participant.email == "sanne@bakkerij.example"
    assert participant.firm_key == firm_key("12345678")
    assert "12345678" not in str(Participant.objects.values_list().get(pk=participant.pk))
    event = OutcomeEvent.objects.get(kind=OutcomeEventKind.MEETING_PARTICIPATION)
    assert event.firm_key == participant.firm_key
    with pytest.raises(ValidationError) as error:
        services.register_participant(
            actor=world.users["aanbieder_organiser"],
            meeting=meeting,
            name="X",
            email="x@example.org",
            kvk_number="1234",
            consent=True,
        )
    assert error.value.message_dict["kvk_number"] == [
        "Een KvK-nummer bestaat uit precies 8 cijfers. Vul ze in zonder spaties of punten, "
        "bijvoorbeeld 12345678."
    ]
    with pytest.raises(ValidationError):
        services.register_participant(
            actor=world.users["aanbieder_organiser"],
            meeting=meeting,
            name="Y",
            email="y@example.org",
            consent=False,
        )
    with pytest.raises(PermissionDenied):
        services.register_participant(
            actor=world.users["aanbieder_other"],
            meeting=meeting,
            name="Z",
            email="z@example.org",
            consent=True,
        )
    assert meeting.participants.count() == 1


GOOD_CSV = (
    "naam;e-mail;kvk-nummer;nieuw\n"
    "Anna de Boer;anna@example.org;12345678;ja\n"
    "Bram Smit;bram@example.org;;nee\n"
)


def test_attendance_csv_all_or_nothing_with_dutch_row_problems(world):
    meeting = world.meetings["a"]
    bad = (
        "naam;e-mail;kvk-nummer;nieuw\n"
        "Anna de Boer;anna@example.org;12345678;ja\n"
        ";geen-adres;12;misschien\n"
        "Bram Smit;anna@example.org;;nee\n"
    )
    with pytest.raises(services.AttendanceImportError) as error:
        services.import_attendance(
            actor=world.users["schakel_a"],
            meeting=meeting,
            content=bad.encode(),
            consent_confirmed=True,
        )
    messages = [str(p) for p in error.value.problems]
    assert "Regel 3, kolom 'naam': Vul een naam in." in messages
    assert any(m.startswith("Regel 3, kolom 'e-mail'") for m in messages)
    assert any(
        m.startswith("Regel 3, kolom 'kvk-nummer': Een KvK-nummer bestaat uit precies 8 cijfers.")
        for m in messages
    )
    assert "Regel 4, kolom 'e-mail': dit e-mailadres staat ook op regel 2." in messages
    assert meeting.participants.count() == 0
    with pytest.raises(services.AttendanceImportError) as header_error:
        services.import_attendance(
            actor=world.users["schakel_a"],
            meeting=meeting,
            content=b"name,mail\nA,a@example.org\n",
            consent_confirmed=True,
        )
    assert any("kolom 'naam'" in str(p) for p in header_error.value.problems)
    with pytest.raises(services.AttendanceImportError):
        services.import_attendance(
            actor=world.users["schakel_a"],
            meeting=meeting,
            content=GOOD_CSV.encode(),
            consent_confirmed=False,
        )
    added = services.import_attendance(
        actor=world.users["schakel_a"],
        meeting=meeting,
        content=GOOD_CSV.encode(),
        consent_confirmed=True,
    )
    assert added == 2 and meeting.participants.filter(is_new=True).count() == 1
    assert OutcomeEvent.objects.filter(kind=OutcomeEventKind.MEETING_PARTICIPATION).count() == 2
    # The same file again clashes as a whole.
    with pytest.raises(services.AttendanceImportError):
        services.import_attendance(
            actor=world.users["schakel_a"],
            meeting=meeting,
            content=GOOD_CSV.encode(),
            consent_confirmed=True,
        )
    assert meeting.participants.count() == 2


def test_community_map_shows_gaps(world):
    result = community_map(world.regions["a"])
    assert [c.name for c in result.communities] == ["Ondernemers Zwolle-Zuid"]
    assert [m.code for m in result.municipalities_without] == ["GM0148"]
    assert "netcongestie" not in {t.code for t in result.themes_without}
    assert result.total_reach == 120 and result.participants_last_year == 24


def test_upcoming_public_meetings_by_region_and_theme(world):
    from scharnier.catalog.models import Theme

    assert list(upcoming_public_meetings()) == [world.meetings["public"]]
    assert list(upcoming_public_meetings(region=world.regions["b"])) == []
    assert list(upcoming_public_meetings(themes=[Theme.objects.get(code="verduurzaming")])) == [
        world.meetings["public"]
    ]
    assert list(upcoming_public_meetings(themes=[Theme.objects.get(code="marketing")])) == []
    assert not list(upcoming_public_meetings(since=timezone.localdate() + timedelta(days=11)))


def test_matching_offers_public_meetings_in_the_askers_region(world, client):
    """'Ontmoeten' in the matching result: public meetings of the asker's region only."""
    meeting = world.meetings["public"]
    query = {"vraag": "Hoe kan ik mijn bedrijf verduurzamen?", "medewerkers": 8, "leeftijd": 12}
    in_region = client.get("/vraag/", {**query, "gemeente": "GM0193"}).content.decode()
    assert "Ontmoeten" in in_region and meeting.title in in_region
    elsewhere = client.get("/vraag/", {**query, "gemeente": "GM0758"}).content.decode()
    assert "Hulp die bij u past" in elsewhere or "geen aanbod" in elsewhere
    assert meeting.title not in elsewhere


def test_region_page_shows_its_communities_and_gaps(world, client):
    page = client.get(f"/regio/{world.regions['a'].slug}/").content.decode()
    assert 'id="communities"' in page
    without = Municipality.objects.get(code="GM0148").name
    # With the firms it leaves out (the region's task, see the hand-computed test below).
    assert f"Nog geen community in: {without} (731 mkb-bedrijven)." in page
    assert "De meeste bedrijven zonder community zitten in de sector " in page
    assert f"/regio/{world.regions['a'].slug}/communities/" in page


def test_community_gaps_are_ordered_by_the_firms_they_leave_out(client):
    """Gaps weighted by the region's task (monitoring: broad-SME firms), largest first.

    Hand-computed from monitoring/data: broad-SME share per sector group = firms with 2-49
    working persons / all firms (CBS 81588NED), e.g. a = 37815/79510 = 0.4756,
    bf = (23815+34530)/(91710+268475) = 0.16199. Dalfsen (GM0148) has establishments
    a 490, bf 430, gi 585, hj 150, kl 255, mn 575, oq 460, ru 300, so its task is
    233 + 70 + 204 + 25 + 51 + 68 + 47 + 33 = 731; Kampen (GM0166) likewise 1113.
    Bouw (F) is bf split by its national share 34530/58345 = 0.5918: bf over the three
    municipalities is 185 + 70 + 158 = 413, so 413 x 0.5918 = 244 firms.
    """
    from scharnier.catalog.models import SbiSection
    from scharnier.organisations.models import Role
    from tests.factories import make_region, make_user

    region = make_region("regio-ijssel", municipality_codes=("GM0193", "GM0148", "GM0166"))
    director = make_user(Role.REGIONAL_DIRECTOR, region=region)
    services.save_community(
        actor=director,
        region=region,
        data={
            "name": "Winkeliers en zorg Zwolle",
            "kind": "sector",
            "status": "actief",
            "municipalities": [Municipality.objects.get(code="GM0193")],
            "sbi_sections": list(SbiSection.objects.filter(code__in=["g", "q"])),
        },
    )
    result = community_map(region)
    assert [(m.code, m.firms) for m in result.municipalities_without] == [
        ("GM0166", 1113),
        ("GM0148", 731),
    ]
    gaps = [([s.code for s in gap.sections], gap.firms) for gap in result.sectors_without]
    # Landbouw 74 + 233 + 195 = 502; then M (409) and horeca I (399).
    assert gaps[:3] == [(["a"], 502), (["m"], 409), (["i"], 399)]
    assert (["f"], 244) in gaps
    # Handel (g) is covered; so is O-Q as a whole through zorg (q).
    codes = {code for sections, _ in gaps for code in sections}
    assert not codes & {"g", "o", "p", "q"}
    assert [firms for _, firms in gaps] == sorted((firms for _, firms in gaps), reverse=True)
    page = client.get(f"/regio/{region.slug}/communities/").content.decode()
    kampen = page.index("Kampen: 1.113 bedrijven zonder community")
    assert kampen < page.index("Dalfsen: 731 bedrijven zonder community")
    # The region page says it in a sentence, without the SBI letter; a combined row in plural.
    region_page = client.get(f"/regio/{region.slug}/").content.decode()
    assert (
        "De meeste bedrijven zonder community zitten in de sector landbouw, tuinbouw, bosbouw "
        "of visserij: 502 bedrijven." in region_page
    )
    assert gaps_named(result, "r") == "cultuur, sport en recreatie en andere diensten"
    assert gaps_named(result, "j") == "ICT, media en communicatie"  # an abbreviation stays


def gaps_named(result, code: str) -> str:
    return next(
        gap.name for gap in result.sectors_without if code in [s.code for s in gap.sections]
    )


def test_households_and_extraterritorial_bodies_are_no_sector_gap_nor_a_choice(world):
    from scharnier.communities.forms import CommunityForm

    gaps = community_map(world.regions["a"]).sectors_without
    named = {section.code for gap in gaps for section in gap.sections}
    assert "t" not in named and "u" not in named
    assert any(gap.sections and "r" in {s.code for s in gap.sections} for gap in gaps)
    choices = {code for code, _label in CommunityForm().fields["sbi_sections"].choices}
    assert "t" not in choices and "g" in choices
