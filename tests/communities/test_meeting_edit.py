"""An organiser corrects a meeting log, or fills in the numbers of a planned public event once
it took place; a correction of what already counts toward the region's reach withdraws the
earlier report with a mirror event and reports again, so no event ever changes."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from scharnier.communities.models import Meeting
from scharnier.monitoring import queries as monitoring
from scharnier.monitoring.models import OutcomeEvent, OutcomeEventKind
from tests.signals.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _held_events(meeting: Meeting):
    return OutcomeEvent.objects.filter(
        kind=OutcomeEventKind.MEETING_HELD, source_id=str(meeting.pk)
    )


def _post(meeting: Meeting, **changes) -> dict:
    data = {
        "community": meeting.community_id,
        "title": meeting.title,
        "date": meeting.date.isoformat(),
        "format": meeting.format,
        "themes": [t.code for t in meeting.themes.all()],
        "participants_count": meeting.participants_count,
        "new_participants_count": meeting.new_participants_count,
        "follow_up_questions": meeting.follow_up_questions,
        "location": meeting.location,
    }
    if meeting.is_public:
        data["is_public"] = "on"
    data.update(changes)
    return data


def test_planned_event_is_corrected_and_later_counted_once_it_took_place(client, world):
    meeting = world.meetings["public"]
    url = reverse("communities:meeting-edit", args=[meeting.public_id])
    client.force_login(world.users["schakel_a"])
    detail = client.get(reverse("communities:meeting", args=[meeting.public_id])).content.decode()
    assert f'href="{url}"' in detail
    form = client.get(url).content.decode()
    assert "Bijeenkomst wijzigen" in form and 'value="Ontbijtsessie energie besparen"' in form
    # A wrong number is refused in Dutch, what was typed stays, nothing is saved.
    bad = client.post(
        url, _post(meeting, title="Ontbijt", participants_count=2, new_participants_count=5)
    )
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Er kunnen niet meer nieuwe deelnemers zijn dan deelnemers." in html
    assert 'value="Ontbijt"' in html
    assert Meeting.objects.get(pk=meeting.pk).title == "Ontbijtsessie energie besparen"
    # A new place for the planned event: the public calendar follows.
    client.post(url, _post(meeting, location="Zwolle, Hanzehof"))
    feed = Calendar.from_ical(client.get(reverse("communities:feed")).content)
    assert [str(e["LOCATION"]) for e in feed.walk("VEVENT")] == ["Zwolle, Hanzehof"]
    assert not _held_events(meeting).exists()  # nothing held yet, nothing counted
    # It took place: date and numbers filled in, and now it counts toward the reach, once.
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        url,
        _post(meeting, date=yesterday.isoformat(), participants_count=18, new_participants_count=7),
    )
    assert response.status_code == 302
    (event,) = _held_events(meeting)
    assert event.quantity == 18


def _events(meeting: Meeting) -> list[tuple[str, str, int]]:
    return list(
        OutcomeEvent.objects.filter(
            source_type="communities.meeting", kind__startswith="meeting_held"
        )
        .filter(source_id__regex=rf"^{meeting.pk}(/[0-9]+)?$")
        .order_by("pk")
        .values_list("kind", "source_id", "quantity")
    )


def _participations(world) -> int:
    scope = monitoring.Scope("region", region=world.regions["a"])
    return monitoring.figures(scope, monitoring.since_start())["community-participations"].value


def test_a_wrong_count_is_corrected_and_the_reach_follows(client, world):
    meeting = world.meetings["a"]  # held three days ago with 24 participants: counted
    url = reverse("communities:meeting-edit", args=[meeting.public_id])
    client.force_login(world.users["schakel_a"])
    form = client.get(url).content.decode()
    assert "Verbeter het hier" in form and " disabled" not in form
    assert "Gaat niet door" not in form  # it took place
    first = OutcomeEvent.objects.get(kind=OutcomeEventKind.MEETING_HELD, source_id=str(meeting.pk))
    assert _participations(world) == 24
    response = client.post(
        url, _post(meeting, title="Netcongestie (verslag)", participants_count=14), follow=True
    )
    assert "de oude telling is ingetrokken" in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.title, meeting.participants_count) == ("Netcongestie (verslag)", 14)
    held, withdrawn = OutcomeEventKind.MEETING_HELD, OutcomeEventKind.MEETING_HELD_WITHDRAWN
    pk = str(meeting.pk)
    assert _events(meeting) == [(held, pk, 24), (withdrawn, pk, 24), (held, f"{pk}/2", 14)]
    mirror = OutcomeEvent.objects.get(kind=withdrawn)
    assert (mirror.occurred_at, mirror.region, mirror.municipality, mirror.themes) == (
        first.occurred_at,
        first.region,
        first.municipality,
        first.themes,
    )
    assert OutcomeEvent.objects.get(pk=first.pk).quantity == 24  # the first report unchanged
    assert _participations(world) == 14
    # Saving again without a change of what counts reports nothing new.
    client.post(url, _post(meeting, title="Netcongestie: verslag"))
    assert len(_events(meeting)) == 3
    # Nobody came after all: the report is withdrawn and nothing counts.
    client.post(url, _post(meeting, participants_count=0, new_participants_count=0))
    assert _events(meeting)[-1] == (withdrawn, f"{pk}/2", 14)
    assert _participations(world) == 0
    assert monitoring.standing_report(held, meeting) is None


def test_a_corrected_date_moves_the_count_to_its_half_year(client, world):
    meeting = world.meetings["a"]
    url = reverse("communities:meeting-edit", args=[meeting.public_id])
    client.force_login(world.users["schakel_a"])
    long_ago = timezone.localdate().replace(day=1) - timedelta(days=400)
    client.post(url, _post(meeting, date=long_ago.isoformat()))
    standing = monitoring.standing_report(OutcomeEventKind.MEETING_HELD, meeting)
    assert timezone.localtime(standing.occurred_at).date() == long_ago
    assert standing.quantity == 24 and len(_events(meeting)) == 3
    assert _participations(world) == 24  # since the start: the same meeting, counted once
    scope = monitoring.Scope("region", region=world.regions["a"])
    by_half_year = {
        period.start: monitoring.total(scope, period, OutcomeEventKind.MEETING_HELD)
        for period in monitoring.half_years()
    }
    then = monitoring.half_year(long_ago).start
    assert by_half_year[then] == 24
    assert sum(by_half_year.values()) == 24  # and no longer in the half-year it was first in


def test_only_who_may_log_the_meeting_may_change_it(client, world):
    url = reverse("communities:meeting-edit", args=[world.meetings["a"].public_id])
    client.force_login(world.users["schakel_b"])  # another region
    assert client.get(url).status_code == 403
    assert client.post(url, _post(world.meetings["a"], title="Weg")).status_code == 403
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("web:login"))
    assert Meeting.objects.get(pk=world.meetings["a"].pk).title != "Weg"


def test_a_planned_event_called_off_stays_in_the_agenda_marked_so(client, world):
    from scharnier.communities.queries import upcoming_public_meetings
    from scharnier.communities.services import log_meeting

    meeting = world.meetings["public"]
    url = reverse("communities:meeting-edit", args=[meeting.public_id])
    client.force_login(world.users["schakel_a"])
    assert "Gaat niet door" not in client.get(reverse("communities:meeting-new")).content.decode()
    assert "Gaat niet door" in client.get(url).content.decode()
    client.post(url, _post(meeting, is_cancelled="on"))
    client.logout()
    agenda = client.get(reverse("communities:calendar")).content.decode()
    assert "Ontbijtsessie energie besparen</a> · <strong>gaat niet door</strong>" in agenda
    page = client.get(reverse("communities:meeting", args=[meeting.public_id])).content.decode()
    assert "Deze bijeenkomst gaat niet door." in page
    feed = Calendar.from_ical(client.get(reverse("communities:feed")).content)
    (event,) = feed.walk("VEVENT")
    assert str(event["STATUS"]) == "CANCELLED" and str(event["UID"]).endswith("@scharnier")
    # Matching no longer offers it as a way to meet others.
    assert list(upcoming_public_meetings(region=world.regions["a"])) == []
    # A meeting that already counts toward the reach took place: it cannot be called off.
    held = world.meetings["a"]
    with pytest.raises(ValidationError) as refused:
        log_meeting(
            actor=world.users["schakel_a"],
            community=held.community,
            data={"is_cancelled": True},
            meeting=held,
        )
    assert "is_cancelled" in refused.value.message_dict
    form = client.get(reverse("communities:meeting-edit", args=[held.public_id]))
    assert form.status_code == 302  # logged out: to the login page


def test_a_date_typed_wrong_is_refused_in_dutch_and_nothing_changes(client, world):
    from scharnier.communities.services import log_meeting

    meeting = world.meetings["public"]
    url = reverse("communities:meeting-edit", args=[meeting.public_id])
    client.force_login(world.users["schakel_a"])
    # A typing slip and a date outside the programme get the same message with the real range.
    for typed in ("1900-01-01", "2015-05-01"):
        html = client.post(url, _post(meeting, title="Ontbijt", date=typed)).content.decode()
        assert "Vul een datum in van 1-1-2020 tot en met" in html and 'value="Ontbijt"' in html
        assert Meeting.objects.get(pk=meeting.pk).date == meeting.date
    with pytest.raises(ValidationError) as refused:
        log_meeting(
            actor=world.users["schakel_a"],
            community=meeting.community,
            data={"date": timezone.localdate() + timedelta(days=3 * 365)},
            meeting=meeting,
        )
    assert "date" in refused.value.message_dict


def test_a_public_meeting_tells_a_visitor_when_where_and_how_to_take_part(client, world):
    from datetime import time

    from scharnier.communities.services import log_meeting
    from scharnier.organisations.models import OrganisationKind, RegionalRole
    from tests.factories import make_organisation

    meeting = world.meetings["public"]
    url = reverse("communities:meeting", args=[meeting.public_id])
    organiser = world.organisations["organiser"]
    organiser.website = "https://ondernemers-zwolle.example/agenda/bijeenkomsten/2026"
    organiser.email = "info@ondernemers-zwolle.example"
    organiser.save()
    page = client.get(url).content.decode()
    assert "tijd volgt" in page and "Zwolle, Stadskantoor" in page
    contact = page.split('data-testid="meeting-contact"')[1].split("</dl>")[0]
    assert organiser.name in contact and f'href="/organisaties/{organiser.slug}/"' in contact
    # The link reads as the domain; a deep address would not fit a phone.
    assert 'href="https://ondernemers-zwolle.example/agenda/bijeenkomsten/2026"' in contact
    assert ">ondernemers-zwolle.example</a>" in contact
    assert "mailto:info@ondernemers-zwolle.example" in contact
    assert "Meld u aan bij " in page
    # Never a participant's data on the public page.
    assert "Aangemelde deelnemers" not in page and "@example.org" not in page

    # With a time and without a place.
    log_meeting(
        actor=world.users["schakel_a"],
        community=meeting.community,
        data={"start_time": time(19, 30), "end_time": time(21, 0), "location": ""},
        meeting=meeting,
    )
    page = client.get(url).content.decode()
    assert "van 19:30 tot 21:00 uur" in page and "plaats volgt" in page

    # An organiser without contact data: the region's hub is the way in.
    organiser.website = organiser.email = ""
    organiser.save()
    hub = make_organisation("ondernemerspunt-a", kind=OrganisationKind.HUB)
    hub.email = "hallo@ondernemerspunt-a.example"
    hub.save()
    RegionalRole.objects.create(organisation=hub, region=world.regions["a"], role="trekker")
    page = client.get(url).content.decode()
    assert (
        "het ondernemerspunt van de regio" in page
        and "mailto:hallo@ondernemerspunt-a.example" in page
    )
