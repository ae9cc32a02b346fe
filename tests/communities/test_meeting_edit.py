"""An organiser corrects a meeting log, or fills in the numbers of a planned public event once
it took place; what already counts toward the region's reach stays as it was reported."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from scharnier.communities.models import Meeting
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


def test_what_already_counts_stays_as_reported(client, world):
    meeting = world.meetings["a"]  # held three days ago with 24 participants: counted
    url = reverse("communities:meeting-edit", args=[meeting.public_id])
    client.force_login(world.users["schakel_a"])
    form = client.get(url).content.decode()
    assert "Telt al mee in het bereik van de regio. Dit kan niet meer veranderen." in form
    assert form.count(" disabled") >= 4
    assert "Gaat niet door" not in form  # it took place
    client.post(
        url,
        _post(
            meeting,
            title="Netcongestie op het bedrijventerrein (verslag)",
            date=(timezone.localdate() - timedelta(days=30)).isoformat(),
            participants_count=99,
        ),
    )
    meeting.refresh_from_db()
    assert meeting.title == "Netcongestie op het bedrijventerrein (verslag)"
    assert meeting.participants_count == 24 and meeting.date == world.meetings["a"].date
    (event,) = _held_events(meeting)
    assert event.quantity == 24


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
