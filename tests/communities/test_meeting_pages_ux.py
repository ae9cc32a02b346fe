"""What an organiser reads on the meeting pages: attendance import messages, the participant
form's KvK check, the meeting form's date range and its optional start time."""

import datetime
from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from scharnier.communities import services
from scharnier.communities.models import Meeting
from tests.signals.world import build_world

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"


@pytest.fixture
def world():
    return build_world()


def _import(client, world, content: bytes, *, consent: bool = True):
    meeting = world.meetings["a"]
    client.force_login(world.users["schakel_a"])
    data = {"formulier": "lijst", "lijst-file": SimpleUploadedFile("lijst.csv", content)}
    if consent:
        data["lijst-consent_confirmed"] = "on"
    return client.post(reverse("communities:meeting", args=[meeting.public_id]), data)


def test_a_maybe_in_the_new_column_refuses_the_whole_file(world):
    meeting = world.meetings["a"]
    content = (
        b"naam;e-mail;kvk-nummer;nieuw\n"
        b"Anna de Boer;anna@example.org;12345678;ja\n"
        b"Bram Smit;bram@example.org;;misschien\n"
        b";geen-adres;;misschien\n"
    )
    with pytest.raises(services.AttendanceImportError) as error:
        services.import_attendance(
            actor=world.users["schakel_a"], meeting=meeting, content=content, consent_confirmed=True
        )
    messages = [str(p) for p in error.value.problems]
    assert "Regel 3, kolom 'nieuw': Schrijf ja of nee, niet 'misschien'." in messages
    # A row with other problems still reports its 'nieuw' cell.
    assert "Regel 4, kolom 'nieuw': Schrijf ja of nee, niet 'misschien'." in messages
    assert "Regel 4, kolom 'naam': Vul een naam in." in messages
    assert not meeting.participants.exists()


@pytest.mark.parametrize(
    ("cell", "is_new"), [("Ja", True), ("y", True), ("x", True), ("nee", False), ("", False)]
)
def test_the_new_column_takes_the_import_yes_no_words_and_may_be_empty(world, cell, is_new):
    meeting = world.meetings["a"]
    content = f"naam;e-mail;nieuw\nAnna de Boer;anna@example.org;{cell}\n".encode()
    added = services.import_attendance(
        actor=world.users["schakel_a"], meeting=meeting, content=content, consent_confirmed=True
    )
    assert added == 1 and meeting.participants.get().is_new is is_new


def test_a_picture_renamed_csv_is_said_to_be_no_csv_file(client, world):
    page = _import(client, world, PNG).content.decode()
    assert "Dit bestand is geen CSV-bestand (tekst). Sla de lijst op als CSV" in page
    assert "Regel 1" not in page and "‰png" not in page.lower()
    assert not world.meetings["a"].participants.exists()


def test_a_utf16_list_is_read_as_text(world):
    content = "naam;e-mail\nAnna de Boer;anna@example.org\n".encode("utf-16")
    added = services.import_attendance(
        actor=world.users["schakel_a"],
        meeting=world.meetings["a"],
        content=content,
        consent_confirmed=True,
    )
    assert added == 1


@pytest.mark.parametrize(
    ("rows", "said"),
    [
        ("Anna de Boer;anna@example.org\n", "1 deelnemer toegevoegd."),
        (
            "Anna de Boer;anna@example.org\nBram Smit;bram@example.org\nCor Kok;cor@example.org\n",
            "3 deelnemers toegevoegd.",
        ),
    ],
)
def test_the_import_says_how_many_were_added_in_proper_dutch(client, world, rows, said):
    response = _import(client, world, f"naam;e-mail\n{rows}".encode())
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [said]


def test_a_refused_file_is_reported_once_and_its_rows_once(client, world):
    content = b"naam;e-mail;nieuw\nAnna de Boer;anna@example.org;misschien\n"
    page = _import(client, world, content).content.decode()
    assert page.count("Het bestand is niet ingelezen. Er is niets opgeslagen.") == 2
    summary = page.split('id="lijst-foutmeldingen"')[1].split("</div>")[0]
    assert "Presentielijst (CSV): Het bestand is niet ingelezen." in summary
    assert page.count("Schrijf ja of nee, niet &#x27;misschien&#x27;.") == 1
    field_error = page.split('id="id_lijst-file_error"')[1].split("</div>")[0]
    assert "Regel 2, kolom &#x27;nieuw&#x27;: Schrijf ja of nee" in field_error
    assert not world.meetings["a"].participants.exists()


def test_the_error_summary_drops_a_labels_full_stop(client, world):
    page = _import(client, world, b"naam;e-mail\nA B;ab@example.org\n", consent=False)
    html = page.content.decode()
    assert "als hierboven: Bevestig dat iedereen" in html
    assert "hierboven.:" not in html


def test_the_participant_form_checks_the_kvk_number_as_the_import_does(client, world):
    meeting = world.meetings["a"]
    client.force_login(world.users["schakel_a"])
    url = reverse("communities:meeting", args=[meeting.public_id])
    typed = {
        "formulier": "deelnemer",
        "deelnemer-name": "Sanne Bakker",
        "deelnemer-email": "sanne@example.org",
        "deelnemer-kvk_number": "abc",
        "deelnemer-consent": "on",
    }
    page = client.post(url, typed).content.decode()
    assert "Een KvK-nummer bestaat uit precies 8 cijfers." in page
    assert not meeting.participants.exists()
    response = client.post(url, {**typed, "deelnemer-kvk_number": "12345678"})
    assert response.status_code == 302 and meeting.participants.count() == 1


def _new_meeting(world, **changes) -> dict:
    data = {
        "community": world.communities["a"].pk,
        "title": "Koffie met ondernemers",
        "date": timezone.localdate().isoformat(),
        "format": "fysiek",
        "participants_count": 5,
        "new_participants_count": 1,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("typed", ["1900-01-01", "2015-05-01", "2099-01-01"])
def test_a_meeting_date_out_of_range_gets_one_message_with_the_real_range(client, world, typed):
    client.force_login(world.users["schakel_a"])
    before = Meeting.objects.count()
    html = client.post(reverse("communities:meeting-new"), _new_meeting(world, date=typed))
    html = html.content.decode()
    latest = timezone.localdate() + timedelta(days=2 * 365)
    assert (
        f"Vul een datum in van 1-1-2020 tot en met {latest.day}-{latest.month}-{latest.year}."
        in html
    )
    assert "tussen 2000 en 2100" not in html and "na 1 januari 2020" not in html
    assert Meeting.objects.count() == before


def test_a_meeting_logged_with_a_start_time_shows_it(client, world):
    client.force_login(world.users["schakel_a"])
    form = client.get(reverse("communities:meeting-new")).content.decode()
    assert 'name="start_time"' in form and "Begintijd" in form and "niet verplicht" in form
    response = client.post(
        reverse("communities:meeting-new"), _new_meeting(world, start_time="19:30")
    )
    meeting = Meeting.objects.get(title="Koffie met ondernemers")
    assert meeting.start_time == datetime.time(19, 30)
    page = client.get(response.url).content.decode()
    assert "vanaf 19:30 uur" in page


def test_a_meeting_gets_an_end_time_in_the_form_the_page_and_the_calendar(client, world):
    client.force_login(world.users["schakel_a"])
    url = reverse("communities:meeting-new")
    form = client.get(url).content.decode()
    assert 'name="end_time"' in form and "Eindtijd" in form
    # An end before the start, and an end without a start: refused, what was typed stays.
    for typed, message in [
        ({"start_time": "21:00", "end_time": "19:30"}, "De eindtijd moet na de begintijd liggen."),
        ({"end_time": "21:00"}, "Vul ook de begintijd in, of laat de eindtijd leeg."),
        # Said beside a missing title in the same round, not one submit later.
        (
            {"title": "", "start_time": "21:00", "end_time": "19:30"},
            "De eindtijd moet na de begintijd liggen.",
        ),
        (
            {
                "title": "",
                "end_time": "21:00",
                "participants_count": 5,
                "new_participants_count": 9,
            },
            "Er kunnen niet meer nieuwe deelnemers zijn dan deelnemers.",
        ),
        ({"end_time": "21:00", "participants_count": -4}, "Vul 0 of een hoger getal in."),
    ]:
        html = client.post(url, _new_meeting(world, **typed)).content.decode()
        assert message in html and f'value="{typed["end_time"]}"' in html
        assert not Meeting.objects.filter(title="Koffie met ondernemers").exists()
    day = timezone.localdate() + timedelta(days=20)
    response = client.post(
        url,
        _new_meeting(
            world,
            date=day.isoformat(),
            is_public="on",
            start_time="19:30",
            end_time="21:15",
            participants_count=0,
            new_participants_count=0,
        ),
    )
    meeting = Meeting.objects.get(title="Koffie met ondernemers")
    assert meeting.end_time == datetime.time(21, 15)
    assert "van 19:30 tot 21:15 uur" in client.get(response.url).content.decode()
    feed = Calendar.from_ical(client.get(reverse("communities:feed")).content)
    event = next(e for e in feed.walk("VEVENT") if str(e["SUMMARY"]) == meeting.title)
    assert event.decoded("DTEND").time() == datetime.time(21, 15)


def _log_public_evening(client, world, day) -> None:
    """A public meeting "Avond" at 19:30 on `day`, logged through the form."""
    client.post(
        reverse("communities:meeting-new"),
        _new_meeting(
            world,
            title="Avond",
            date=day.isoformat(),
            is_public="on",
            start_time="19:30",
            participants_count=0,
            new_participants_count=0,
        ),
    )


@pytest.mark.parametrize("days_ago", [0, 1])
def test_a_logged_meeting_without_a_time_shows_no_time_row(client, world, days_ago):
    client.force_login(world.users["schakel_a"])
    day = timezone.localdate() - timedelta(days=days_ago)
    response = client.post(reverse("communities:meeting-new"), _new_meeting(world, date=day))
    assert Meeting.objects.get(title="Koffie met ondernemers").start_time is None
    page = client.get(response.url).content.decode()
    assert "<dt>Tijd</dt>" not in page and "onbekend" not in page and "tijd volgt" not in page


def test_a_public_meeting_without_a_time_is_an_all_day_event(client, world):
    client.force_login(world.users["schakel_a"])
    day = timezone.localdate() + timedelta(days=20)
    client.post(
        reverse("communities:meeting-new"),
        _new_meeting(
            world,
            date=day.isoformat(),
            is_public="on",
            participants_count=0,
            new_participants_count=0,
        ),
    )
    _log_public_evening(client, world, day)
    feed = Calendar.from_ical(client.get(reverse("communities:feed")).content)
    events = {str(e["SUMMARY"]): e for e in feed.walk("VEVENT")}
    assert events["Koffie met ondernemers"].decoded("DTSTART") == day
    assert events["Koffie met ondernemers"].decoded("DTEND") == day + timedelta(days=1)
    start = events["Avond"].decoded("DTSTART")
    assert start.date() == day and start.time() == datetime.time(19, 30)
    agenda = client.get(reverse("communities:calendar")).content.decode()
    assert "Koffie met ondernemers" in agenda and "19:30" in agenda


def test_the_agenda_names_the_community_once_when_the_title_already_does(client, world):
    client.force_login(world.users["schakel_a"])
    day = (timezone.localdate() + timedelta(days=20)).isoformat()
    for title in ("Koffie met ondernemers", "Open bijeenkomst"):
        client.post(
            reverse("communities:meeting-new"),
            _new_meeting(
                world,
                title=title,
                date=day,
                is_public="on",
                participants_count=0,
                new_participants_count=0,
            ),
        )
    named = Meeting.objects.get(title="Open bijeenkomst")
    name = named.community.name
    named.title = f"Open bijeenkomst: {name}"
    named.save()
    agenda = client.get(reverse("communities:calendar")).content.decode()
    items = [item for item in agenda.split("<li>") if "Open bijeenkomst" in item]
    assert len(items) == 1 and items[0].count(name) == 1
    other = next(item for item in agenda.split("<li>") if "Koffie met ondernemers" in item)
    assert name in other  # a title without the name still gets it


def test_a_community_without_an_organiser_is_saved_and_bad_numbers_are_said_in_dutch(world):
    """The organiser is optional: leaving it on "Geen" once answered 500."""
    from django.test import Client

    from scharnier.communities.models import Community
    from tests.signals.world import MUNICIPALITY_A

    client = Client()
    client.force_login(world.users["regisseur_a"])
    url = reverse("communities:community-new", args=[world.regions["a"].slug])
    form = {
        "name": "Digitale ondernemers (zonder organisator)",
        "kind": "thema",
        "status": "actief",
        "municipalities": [MUNICIPALITY_A],
        "organiser": "",
        "reach": "25",
    }
    bad = client.post(url, {**form, "reach": "-3", "website": "geen adres"})
    assert bad.status_code == 400
    html = bad.content.decode()
    assert "Vul 0 of een hoger getal in." in html
    assert "Vul een volledig webadres in" in html
    assert "Zorg ervoor" not in html and "Voer een geldige URL in" not in html
    response = client.post(url, form)
    assert response.status_code == 302
    community = Community.objects.get(name="Digitale ondernemers (zonder organisator)")
    assert community.organiser is None and community.reach == 25


def test_the_feed_describes_the_time_zone_its_events_name(client, world):
    """RFC 5545: a TZID needs its VTIMEZONE; without one Outlook reads 19:30 as another hour."""
    client.force_login(world.users["schakel_a"])
    day = timezone.localdate() + timedelta(days=20)
    _log_public_evening(client, world, day)
    client.logout()
    feed = Calendar.from_ical(client.get(reverse("communities:feed")).content)
    (event,) = [e for e in feed.walk("VEVENT") if str(e["SUMMARY"]) == "Avond"]
    zone = event["DTSTART"].params["TZID"]
    assert [str(z["TZID"]) for z in feed.walk("VTIMEZONE")] == [zone]
