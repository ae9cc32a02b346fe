"""Pages through Django's test client: privacy on public pages, form errors, the iCalendar feed."""

import csv
import io
import re
from html import unescape as html_unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape
from icalendar import Calendar

from scharnier.signals import services
from scharnier.signals.models import Signal, Thread
from scharnier.signals.services import SignalInput
from tests.signals.world import (
    MUNICIPALITY_A,
    assign_and_answer,
    build_world,
    submit_site_question,
)

pytestmark = pytest.mark.django_db

SECRET_TEXT = "Jan de Vries van Bakkerij De Vries krijgt geen stroomaansluiting door netcongestie."
# Staff may publish at once only a text without personal data.
PUBLISHABLE_TEXT = "Bakkerijen krijgen geen stroomaansluiting door netcongestie."


@pytest.fixture
def world():
    return build_world()


def _published_team_signal(world, text: str = PUBLISHABLE_TEXT) -> Signal:
    """A signal from region A's schakelteam, published at once (no personal data in it)."""
    return services.raise_signal(
        actor=world.users["schakel_a"],
        source="schakelteam",
        data=SignalInput(kind="knelpunt", text=text, region=world.regions["a"]),
        publish=True,
    )


def test_public_form_errors_then_success_and_privacy(client, world):
    url = reverse("signals:report")
    page = client.get(url)
    assert page.status_code == 200
    bad = client.post(
        url,
        {"kind": "knelpunt", "text": "kort", "contact_email": "geen-adres"},
    )
    assert bad.status_code == 400
    html = bad.content.decode()
    # The one error summary of core's form renderer, linking to the field.
    assert "Er is iets niet goed ingevuld" in html
    assert 'href="#id_contact_email"' in html
    assert "Vul een geldig e-mailadres in" in html
    assert Signal.objects.count() == 0
    no_consent = client.post(
        url,
        {"kind": "knelpunt", "text": SECRET_TEXT, "contact_email": "jan@example.org"},
    )
    no_consent_html = no_consent.content.decode()
    assert "Geef toestemming" in no_consent_html
    # Needed with an e-mail address, so not called optional; the summary names it briefly.
    assert "Nodig als u hierboven uw e-mailadres invult." in no_consent_html
    consent_label = no_consent_html.split('for="id_reply_consent"', 1)[1].split("</label>")[0]
    assert "niet verplicht" not in consent_label
    assert ">Toestemming voor een bericht: " in no_consent_html.replace("\n", "")
    assert Signal.objects.count() == 0
    done = client.post(
        url,
        {
            "kind": "knelpunt",
            "text": SECRET_TEXT,
            "municipality": MUNICIPALITY_A,
            "contact_email": "jan@example.org",
            "reply_consent": "on",
        },
    )
    signal = Signal.objects.get()
    assert signal.reference in done.content.decode()
    # Public pages: no text of an unpublished signal, no e-mail, counts below 5 as "<5".
    board = client.get(reverse("signals:board")).content.decode()
    thread_page = client.get(reverse("signals:thread", args=[signal.thread.public_id]))
    for html in (board, thread_page.content.decode()):
        assert "Jan de Vries" not in html and "jan@example.org" not in html
    assert "&lt;5" in board
    # Regional staff of the region read it and may publish it.
    client.force_login(world.users["schakel_a"])
    staff_view = client.get(reverse("signals:thread", args=[signal.thread.public_id]))
    assert "Jan de Vries" in staff_view.content.decode()
    assert "jan@example.org" not in staff_view.content.decode()


def test_bot_field_stores_nothing(client, world):
    client.post(
        reverse("signals:report"),
        {"kind": "knelpunt", "text": SECRET_TEXT, "website": "http://spam.example"},
    )
    assert Signal.objects.count() == 0


def test_analyst_and_owner_work_on_the_thread_page(client, world):
    signal = _published_team_signal(world)
    thread = signal.thread
    base = reverse("signals:thread", args=[thread.public_id])
    client.force_login(world.users["schakel_a"])
    assert (
        client.post(
            base + "toewijzen/", {"owner": "rvo-test", "deadline": "2099-01-01"}
        ).status_code
        == 403
    )
    client.force_login(world.users["landelijk_analist"])
    response = client.post(
        base + "toewijzen/", {"owner": "rvo-test", "deadline": "2000-01-01"}, follow=True
    )
    assert "Kies een datum vanaf vandaag." in response.content.decode()
    client.post(base + "toewijzen/", {"owner": "rvo-test", "deadline": "2099-01-01"})
    client.post(base + "hernoemen/", {"title": "Netcongestie remt bakkers"})
    # The action's address opened as a page (a reload, a login after a time-out) leads to the
    # thread, which says nothing was saved.
    response = client.get(base + "hernoemen/", follow=True)
    assert response.redirect_chain == [(base, 302)]
    assert "Er is niets opgeslagen." in response.content.decode()
    # An empty title: the thread's page says what to fill in; the title stays.
    html = client.post(base + "hernoemen/", {"title": " "}, follow=True).content.decode()
    assert "Vul de nieuwe titel van de rode draad in." in html
    assert '<form method="post" action="' + base + 'hernoemen/#titel" novalidate>' in html
    thread.refresh_from_db()
    assert thread.status == "in_behandeling" and thread.title == "Netcongestie remt bakkers"
    client.force_login(world.users["aanbieder_owner"])
    assert "Afronden</button>" not in client.get(base).content.decode()  # nothing to close yet
    # An empty answer: the page again, the error at the field, what was typed kept.
    refused = client.post(
        base + "beantwoorden/",
        {"answer": "", "link_kind": "beleid", "link_label": "Kamerbrief", "link_url": ""},
    )
    html = refused.content.decode()
    assert refused.status_code == 200
    assert "<title>Fout: " in html and "Er is iets niet goed ingevuld" in html
    assert 'href="#id_answer"' in html and 'aria-invalid="true"' in html
    assert "Schrijf het antwoord dat iedereen mag lezen." in html
    assert "Vul dit veld in" not in html
    assert 'value="Kamerbrief"' in html
    # The link's missing address is said at its own field, in the same round.
    assert 'href="#id_link_url"' in html and "Geef het webadres van de verwijzing." in html
    assert Thread.objects.get(pk=thread.pk).status == "in_behandeling"
    client.post(
        base + "beantwoorden/",
        {
            "answer": "Er komt een regeling voor gedeelde aansluitingen.",
            "link_kind": "beleid",
            "link_label": "Kamerbrief",
            "link_url": "https://example.org/brief",
        },
    )
    page = client.get(base).content.decode()
    assert "Er komt een regeling voor gedeelde aansluitingen." in page
    assert "https://example.org/brief" in page
    assert Thread.objects.get(pk=thread.pk).status == "beantwoord"
    assert "Afronden</button>" in page


def test_calendar_and_ical_feed(client, world):
    # The region filter leads to the region's own calendar (no script needed).
    chosen = client.get(reverse("communities:calendar"), {"regio": "regio-a"})
    assert chosen["Location"] == reverse("communities:region-calendar", args=["regio-a"])
    unknown = client.get(reverse("communities:calendar"), {"regio": "bestaat-niet"})
    assert unknown.status_code == 200  # all regions, as when nothing was chosen
    calendar_page = client.get(reverse("communities:calendar")).content.decode()
    assert "Ontbijtsessie energie besparen" in calendar_page
    assert "Netcongestie op het bedrijventerrein" not in calendar_page  # not public
    for url in (reverse("communities:feed"), reverse("communities:region-feed", args=["regio-a"])):
        response = client.get(url)
        assert response["Content-Type"].startswith("text/calendar")
        feed = Calendar.from_ical(response.content)
        events = [c for c in feed.walk("VEVENT")]
        assert [str(e["SUMMARY"]) for e in events] == ["Ontbijtsessie energie besparen"]
        assert str(events[0]["UID"]).endswith("@scharnier")
        assert events[0].decoded("DTSTART") == world.meetings["public"].date
        assert str(events[0]["LOCATION"]) == "Zwolle, Stadskantoor"
    empty = Calendar.from_ical(
        client.get(reverse("communities:region-feed", args=["regio-b"])).content
    )
    assert list(empty.walk("VEVENT")) == []


def test_meeting_log_form_errors_and_attendance_upload(client, world):
    client.force_login(world.users["schakel_a"])
    url = reverse("communities:meeting-new")
    bad = client.post(
        url,
        {
            "community": world.communities["a"].pk,
            "title": "Sessie",
            "date": "31-02-2026",
            "format": "fysiek",
            "participants_count": 3,
            "new_participants_count": 1,
        },
    )
    assert "Vul een bestaande datum in." in bad.content.decode()
    too_many_new = client.post(
        url,
        {
            "community": world.communities["a"].pk,
            "title": "Sessie",
            "date": "2026-01-15",
            "format": "fysiek",
            "participants_count": 3,
            "new_participants_count": 5,
        },
    )
    assert (
        "Er kunnen niet meer nieuwe deelnemers zijn dan deelnemers."
        in too_many_new.content.decode()
    )
    meeting = world.meetings["a"]
    detail = reverse("communities:meeting", args=[meeting.public_id])
    upload = client.post(
        detail,
        {
            "formulier": "lijst",
            "lijst-file": SimpleUploadedFile("lijst.csv", b"naam;e-mail\nAnna;geen-adres\n"),
            "lijst-consent_confirmed": "on",
        },
    )
    html = upload.content.decode()
    assert "Regel 2, kolom &#x27;e-mail&#x27;" in html and meeting.participants.count() == 0
    client.logout()
    assert client.get(detail).status_code == 404  # not a public event


def test_community_map_shows_gaps(client, world):
    page = client.get(reverse("communities:map", args=["regio-a"])).content.decode()
    assert "Ondernemers Zwolle-Zuid" in page and "Gemeenten zonder community" in page
    assert "Dalfsen" in page  # GM0148 has no community yet


def test_thread_page_counts_exact_for_staff_who_handle_it_suppressed_for_the_public(client, world):
    signal = _published_team_signal(world)
    url = reverse("signals:thread", args=[signal.thread.public_id])
    public = client.get(url).content.decode()
    assert "<dd>&lt;5</dd>" in public and "Aantal signalen per maand (onder 5:" in public
    client.force_login(world.users["landelijk_analist"])
    staff = client.get(url).content.decode()
    assert "<dd>1</dd>" in staff and "&lt;5" not in staff
    assert "Aantal signalen per maand</caption>" in staff


def test_work_menu_links_communities_meetings_and_signals_by_role(client, world):
    from django.contrib.auth.models import AnonymousUser

    from scharnier.core import navigation

    def work(user) -> set[str]:
        return {item["url"] for item in navigation.entries("work", user or AnonymousUser())}

    mine, meeting, signal = "/communities/", "/bijeenkomsten/nieuw/", "/signalen/nieuw/"
    expected = {
        "anoniem": set(),
        # Regional staff log meetings and signals from their map and the board.
        "regisseur_a": {mine},
        "schakel_b": {mine},
        "aanbieder_organiser": {meeting, signal},  # organises a community: logs its meetings
        "aanbieder_other": {signal},
        "landelijk_analist": {signal},
        "beheerder": set(),
    }
    for name, links in expected.items():
        assert work(world.users[name]) & {mine, meeting, signal} == links, name
    # "Communities" leads to the map of the user's own region; others may not use it.
    client.force_login(world.users["schakel_b"])
    assert client.get(mine)["Location"] == reverse("communities:map", args=["regio-b"])

    # The map and its meetings live at other addresses, and still mark "Communities" current.
    def current(path: str) -> list[str]:
        items = navigation.entries("work", world.users["schakel_b"], path)
        return [item["url"] for item in items if item["current"]]

    assert current(reverse("communities:map", args=["regio-b"])) == [mine]
    assert current("/bijeenkomsten/0b5c1a8e-1111-4222-8333-944455556666/") == [mine]
    assert current(reverse("signals:board")) == []
    client.force_login(world.users["aanbieder_other"])
    assert client.get(mine).status_code == 403
    assert (
        "Signaal vastleggen (medewerkers)" in client.get(reverse("signals:board")).content.decode()
    )
    client.logout()
    assert (
        "Signaal vastleggen (medewerkers)"
        not in client.get(reverse("signals:board")).content.decode()
    )


def test_board_and_thread_page_show_the_suggested_subject(client, world):
    signal = services.raise_signal(
        actor=world.users["schakel_a"],
        source="schakelteam",
        data=SignalInput(
            kind="knelpunt",
            text="Grote opdrachtgevers betalen onze facturen pas na 120 dagen; wij komen krap.",
            region=world.regions["a"],
        ),
        publish=True,
    )
    thread = Thread.objects.get(pk=signal.thread_id)
    assert thread.subject_label and thread.category
    line = escape(
        f"Soort knelpunt: {thread.get_category_display()} · onderwerp: {thread.subject_label}"
    )
    board = client.get(reverse("signals:board")).content.decode()
    assert line in board
    # The filter lists the shared categories on the board, by their name.
    assert f'<option value="{thread.category}">{escape(thread.get_category_display())}<' in board
    other = client.get(reverse("signals:board"), {"categorie": "geen-bestaande-soort"})
    assert thread.title in other.content.decode()  # an unknown category filters nothing
    chosen = client.get(reverse("signals:board"), {"categorie": thread.category})
    assert thread.title in chosen.content.decode()
    elsewhere = "opvolging" if thread.category != "opvolging" else "netcongestie"
    Thread.objects.create(title="Ander onderwerp", signal_count=1, category=elsewhere)
    chosen = client.get(reverse("signals:board"), {"categorie": elsewhere}).content.decode()
    assert "Ander onderwerp" in chosen and thread.title not in chosen
    page = client.get(reverse("signals:thread", args=[thread.public_id])).content.decode()
    assert escape(thread.subject_label) in page and "automatisch voorgesteld" in page
    assert escape(thread.get_category_display()) in page
    # Without a subject the line and the explanation stay away.
    Thread.objects.filter(pk=thread.pk).update(subject_label="", subject_code="", category="")
    page = client.get(reverse("signals:thread", args=[thread.public_id])).content.decode()
    assert "automatisch voorgesteld" not in page
    board = client.get(reverse("signals:board")).content.decode()
    assert f"· onderwerp: {escape(thread.subject_label)}" not in board


def test_trends_per_theme_and_per_kind_nationally_and_for_a_region(client, world):
    from django.utils import timezone

    from scharnier.catalog.models import Theme

    grid, green = Theme.objects.get(code="netcongestie"), Theme.objects.get(code="verduurzaming")
    texts = [
        "Wij wachten al twee jaar op een zwaardere aansluiting op het stroomnet.",
        "De netbeheerder geeft ons geen extra vermogen voor de nieuwe machines.",
        "Door netcongestie kunnen wij de warmtepomp niet aansluiten op ons pand.",
        "Geen ruimte op het net: onze uitbreiding op het bedrijventerrein ligt stil.",
        "Onze laadpalen voor de bestelbussen mogen niet aan, het net zit vol.",
        "Het stroomnet is vol, dus onze nieuwe koelcel kan niet worden aangesloten.",
    ]
    for i, text in enumerate(texts):
        services.raise_signal(
            actor=world.users["schakel_a"],
            source="schakelteam",
            data=SignalInput(
                kind="knelpunt",
                text=text,
                themes=[grid] if i < 5 else [green],
                region=world.regions["a"],
            ),
        )
    month = date_format(timezone.localdate(), "F Y")  # "december 2026", not "2026-12"
    url = reverse("signals:trends")
    page = client.get(url).content.decode()
    assert "komen op, en waar?" in page and "Welke knelpunten" not in page
    national = page.split("<h2", 1)[1]
    # Five grid signals show as 5; one sustainability signal as "<5" (never the exact 1).
    assert f">{escape(grid.label)}</th>" in national and ">5</td>" in national
    assert f">{escape(green.label)}</th>" in national and "&lt;5</td>" in national
    assert ">1</td>" not in national and month in national
    regional = client.get(url, {"regio": world.regions["a"].slug}).content.decode()
    assert f'<h2 class="utrecht-heading-2">{escape(world.regions["a"].name)}</h2>' in regional
    # Per kind of knelpunt: by the kind of each signal's thread.
    Thread.objects.update(category="")
    Thread.objects.filter(pk__in=Signal.objects.values("thread")).update(category="netcongestie")
    per_kind = client.get(url, {"per": "soort"}).content.decode()
    assert "Welke knelpunten komen op, en waar?" in per_kind
    assert '<option value="soort" selected>' in per_kind
    assert ">Soort knelpunt</th>" in per_kind
    kind_label = escape(Thread(category="netcongestie").get_category_display())
    assert f">{kind_label}</th>" in per_kind and ">6</td>" in per_kind
    # An unknown view falls back to themes instead of failing.
    fallback = client.get(url, {"per": "iets-anders"})
    assert fallback.status_code == 200
    assert f">{escape(grid.label)}</th>" in fallback.content.decode()


def csv_rows(response) -> list[list[str]]:
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


def test_board_pages_through_every_thread_and_downloads_the_selection(client, world):
    from datetime import timedelta

    from django.utils import timezone

    from scharnier.signals.views import BOARD_PAGE_SIZE

    many = BOARD_PAGE_SIZE + 7
    Thread.objects.bulk_create(
        Thread(title=f"Draad nummer {n:03d}", signal_count=1000 + n) for n in range(many)
    )
    answered = Thread.objects.create(
        title="Beantwoorde draad",
        signal_count=3,
        status="beantwoord",
        owner=world.organisations["owner"],
        deadline=timezone.localdate() + timedelta(days=5),
        answered_at=timezone.now(),
        answer="Er komt een loket.",
        category="netcongestie",
    )
    first = client.get(reverse("signals:board")).content.decode()
    assert f"{many + 1} rode draden gevonden." in first
    assert "Draad nummer 056" in first and "Draad nummer 006" not in first  # biggest first
    assert 'href="?pagina=2"' in first and "Beantwoorde draad" not in first
    second = client.get(reverse("signals:board"), {"pagina": 2}).content.decode()
    assert "Draad nummer 006" in second and "Beantwoorde draad" in second
    assert "Draad nummer 056" not in second
    # A page number that does not exist shows the last page instead of an error.
    assert (
        "Beantwoorde draad" in client.get(reverse("signals:board"), {"pagina": 99}).content.decode()
    )

    # The download holds the whole selection, not one page, as the public board shows it.
    response = client.get(reverse("signals:board"), {"pagina": 2, "formaat": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="rode-draden.csv"' in response["Content-Disposition"]
    rows = csv_rows(response)
    assert rows[0][:5] == ["Referentie", "Rode draad", "Soort knelpunt", "Onderwerp", "Signalen"]
    assert len(rows) == 1 + many + 1
    row = next(r for r in rows if r[1] == "Beantwoorde draad")
    header = rows[0]
    assert row[header.index("Signalen")] == "<5"  # small counts suppressed, as on the board
    assert row[header.index("Status")] == "Beantwoord"
    assert row[header.index("Eigenaar")] == world.organisations["owner"].name
    assert row[header.index("Op tijd beantwoord")] == "ja"
    assert row[header.index("Beantwoord op")] == timezone.localdate().isoformat()
    assert row[header.index("Adres")] == (
        f"http://testserver{reverse('signals:thread', args=[answered.public_id])}"
    )
    # The page links the download of what is filtered now.
    filtered = client.get(reverse("signals:board"), {"status": "beantwoord", "pagina": 1})
    assert 'href="?status=beantwoord&amp;formaat=csv"' in filtered.content.decode()
    only = client.get(reverse("signals:board"), {"status": "beantwoord", "formaat": "csv"})
    assert [row[1] for row in csv_rows(only)[1:]] == ["Beantwoorde draad"]
    # Threads still waiting after their deadline, for whoever wants to see who is late.
    Thread.objects.create(
        title="Te laat", signal_count=8, status="in_behandeling",
        owner=world.organisations["owner"], deadline=timezone.localdate() - timedelta(days=1),
    )  # fmt: skip
    Thread.objects.create(
        title="Nog op tijd", signal_count=8, status="in_behandeling",
        owner=world.organisations["owner"], deadline=timezone.localdate(),
    )  # fmt: skip
    late = client.get(reverse("signals:board"), {"termijn": "verstreken"}).content.decode()
    assert "1 rode draad gevonden." in late and "Te laat" in late and "Nog op tijd" not in late
    assert '<option value="verstreken" selected>' in late
    late_csv = client.get(reverse("signals:board"), {"termijn": "verstreken", "formaat": "csv"})
    assert [row[1] for row in csv_rows(late_csv)[1:]] == ["Te laat"]


def test_every_form_on_the_thread_page_has_its_own_field_ids(client, world):
    """Rename and split both ask for a title: a label must point at its own input."""
    first = _published_team_signal(world)
    second = _published_team_signal(world, PUBLISHABLE_TEXT + " Ook hier.")
    assert second.thread_id == first.thread_id  # two signals: the split form is shown
    base = reverse("signals:thread", args=[first.thread.public_id])
    client.force_login(world.users["landelijk_analist"])
    html = client.get(base).content.decode()
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert "id_title" in ids and "id_split_title" in ids
    assert sorted(i for i in set(ids) if ids.count(i) > 1) == []
    refused = client.post(base + "splitsen/", {"title": ""}).content.decode()
    assert 'href="#id_split_title"' in refused and 'id="id_split_title"' in refused


def test_a_refused_assign_or_split_says_what_is_missing(client, world):
    """The analyst reads which organisation, date or signals are missing, not the generic
    "Kies een van de mogelijkheden" / "Kies minstens één mogelijkheid"."""
    first = _published_team_signal(world)
    _published_team_signal(world, PUBLISHABLE_TEXT + " Ook hier.")
    base = reverse("signals:thread", args=[first.thread.public_id])
    client.force_login(world.users["landelijk_analist"])
    html = html_unescape(client.post(base + "toewijzen/", {}).content.decode())
    assert "Kies de organisatie die de rode draad gaat beantwoorden." in html
    assert "Vul de datum in waarop het antwoord er uiterlijk is." in html
    assert "Kies een van de mogelijkheden" not in html
    # One error summary, beside the form (it was also under the heading: two alerts, one id).
    assert html.count('id="form-foutmeldingen"') == 1 and html.count('role="alert"') == 1
    html = html_unescape(
        client.post(
            base + "toewijzen/", {"owner": "rvo-test", "deadline": "31-02-2099"}
        ).content.decode()
    )
    assert "Vul een bestaande datum in, bijvoorbeeld 31-12-2026." in html
    assert "Voer een geldige datum in." not in html
    html = html_unescape(client.post(base + "splitsen/", {"title": "Apart"}).content.decode())
    assert "Kies de signalen die naar de nieuwe rode draad gaan." in html
    assert "Kies minstens één mogelijkheid" not in html


def test_every_action_form_on_the_thread_page_returns_to_its_own_place(client, world):
    """A refused step re-shows the page at the form (#eigenaar, #titel ...): each anchor that a
    form's action names is an element of the page, for the analyst and for the owner."""
    signal = _published_team_signal(world)
    base = reverse("signals:thread", args=[signal.thread.public_id])
    client.force_login(world.users["landelijk_analist"])
    client.post(base + "toewijzen/", {"owner": "rvo-test", "deadline": "2099-01-01"})
    for user in ("landelijk_analist", "aanbieder_owner"):
        client.force_login(world.users[user])
        html = client.get(base).content.decode()
        anchors = re.findall(r'<form[^>]+action="[^"#]*#([^"]+)"', html)
        assert anchors, user
        ids = set(re.findall(r'\sid="([^"]+)"', html))
        assert [a for a in anchors if a not in ids] == [], user


LONG_TEXT = (
    "Ondernemers weten niet welk loket hen helpt met digitalisering; ze worden van het kastje "
    "naar de muur gestuurd en haken daarna af."
)


def _h1(html: str) -> str:
    return re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S).group(1)


def test_thread_page_heading_gives_the_whole_text_the_board_title_was_cut_from(client, world):
    signal = _published_team_signal(world, LONG_TEXT)
    thread = Thread.objects.get(pk=signal.thread_id)
    assert thread.title.endswith("…") and len(thread.title) <= 111  # short for the board
    page = client.get(reverse("signals:thread", args=[thread.public_id])).content.decode()
    assert _h1(page) == escape(LONG_TEXT)
    board = client.get(reverse("signals:board")).content.decode()
    assert escape(thread.title) in board and escape(LONG_TEXT) not in board


def test_thread_page_heading_stays_cut_at_a_word_for_a_very_long_text(client, world):
    text = " ".join([LONG_TEXT] * 3)
    signal = _published_team_signal(world, text)
    thread = Thread.objects.get(pk=signal.thread_id)
    page = client.get(reverse("signals:thread", args=[thread.public_id])).content.decode()
    heading = _h1(page)
    assert heading == escape(thread.title) and heading.endswith(" muur…")
    # The whole text follows right under the heading.
    assert re.search(r"</h1>\s*<p[^>]*>" + re.escape(escape(text)) + "</p>", page)


def test_thread_heading_keeps_a_title_an_analyst_set(client, world):
    signal = _published_team_signal(world, LONG_TEXT)
    Thread.objects.filter(pk=signal.thread_id).update(title="Loketten…", title_locked=True)
    thread = Thread.objects.get(pk=signal.thread_id)
    page = client.get(reverse("signals:thread", args=[thread.public_id])).content.decode()
    assert _h1(page) == "Loketten…"


def test_public_form_names_an_empty_or_too_short_text_with_the_other_errors(client, world):
    url = reverse("signals:report")
    empty = client.post(url, {"kind": "knelpunt", "text": "", "contact_email": "geen-adres"})
    html = empty.content.decode()
    # One message for an empty and a too short text, in the summary and at the field.
    message = "Schrijf in een paar woorden waar het signaal over gaat."
    assert html.count(message) == 2
    assert "Vul dit veld in" not in html
    for text in ("kort", "Netcongestieprobleem", "Te weinig info"):
        short = client.post(url, {"kind": "knelpunt", "text": text, "contact_email": "geen-adres"})
        html = short.content.decode()
        # In one round with the e-mail error, in the summary and at the field.
        assert html.count(message) == 2, text
        assert 'href="#id_text"' in html and "Vul een geldig e-mailadres in" in html
    assert Signal.objects.count() == 0


def test_public_form_names_a_missing_consent_with_the_other_errors(client, world):
    """An address without consent was refused only after the kind was chosen: a second round."""
    url = reverse("signals:report")
    html = client.post(
        url, {"text": SECRET_TEXT, "contact_email": "jan@example.org"}
    ).content.decode()
    assert "Er zijn 2 fouten" in html
    assert 'href="#id_kind_0"' in html and 'href="#id_reply_consent"' in html
    assert Signal.objects.count() == 0


def test_the_thanks_page_says_whether_a_reply_will_come(client, world):
    url = reverse("signals:report")
    data = {"kind": "knelpunt", "text": SECRET_TEXT, "municipality": MUNICIPALITY_A}
    without = client.post(url, data).content.decode()
    assert "U gaf geen e-mailadres" in without and "Als u uw e-mailadres gaf" not in without
    data.update(contact_email="jan@example.org", reply_consent="on")
    told = client.post(url, data).content.decode()
    assert "We sturen u een e-mail zodra er antwoord is." in told


def test_the_api_refuses_a_too_short_signal_by_the_same_rule(client, world):
    response = client.post(
        "/api/v1/signals",
        {"kind": "knelpunt", "text": "Netcongestieprobleem"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert "Schrijf in een paar woorden waar het signaal over gaat." in response.content.decode()
    assert Signal.objects.count() == 0


def test_the_api_says_what_a_question_reference_looks_like(client, world):
    """The document's pattern for questionReference keeps control characters out of valid
    data (schemathesis once sent a NUL); such input gets the reason in words."""
    response = client.post(
        "/api/v1/signals",
        {
            "kind": "knelpunt",
            "source": "vraag",
            "text": "Ondernemers krijgen geen aansluiting op het stroomnet voor hun nieuwe hal.",
            "questionReference": "VR-\u0000",
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    problem = response.json()["invalidParams"]
    reasons = {p["code"]: p["reason"] for p in problem if p["name"] == "questionReference"}
    assert "Een kenmerk bestaat uit letters, cijfers en een streepje" in reasons["invalid"]
    assert Signal.objects.count() == 0


def test_a_refused_merge_or_link_is_said_at_its_field(client, world):
    thread = _published_team_signal(world).thread
    base = reverse("signals:thread", args=[thread.public_id])
    client.force_login(world.users["landelijk_analist"])
    for typed, message in [
        ("RD-99999", "Deze rode draad bestaat niet."),
        ("banaan", "Deze rode draad bestaat niet."),
        (thread.reference, "Kies ten minste één andere rode draad."),
    ]:
        html = client.post(base + "samenvoegen/", {"other": typed}).content.decode()
        field = html[html.index('id="id_other"') - 400 : html.index('id="id_other"') + 200]
        assert message in html and 'aria-invalid="true"' in field, typed
        assert 'href="#id_other"' in html  # the summary links to the field
    thread.refresh_from_db()
    assert thread.merged_into is None


def test_a_link_description_without_a_kind_is_not_dropped_silently(world):
    from scharnier.signals.forms import AnswerForm

    answer = "Wij passen de regeling aan voor kleine bedrijven."
    form = AnswerForm(data={"answer": answer, "link_label": "Brief"})
    assert not form.is_valid()
    assert form.errors["link_kind"] == ["Kies wat er veranderde, of laat de verwijzing leeg."]
    assert AnswerForm(data={"answer": answer}).is_valid()  # no link at all is fine


def _label(html: str, field_id: str) -> str:
    return html.split(f'for="{field_id}"', 1)[1].split("</label>")[0]


def test_link_fields_needed_with_a_change_are_not_called_optional(client, world):
    thread = _published_team_signal(world).thread
    base = reverse("signals:thread", args=[thread.public_id])
    client.force_login(world.users["landelijk_analist"])
    client.post(base + "toewijzen/", {"owner": "rvo-test", "deadline": "2099-01-01"})
    client.force_login(world.users["aanbieder_owner"])
    for html in (
        client.get(base).content.decode(),
        client.post(
            base + "beantwoorden/",
            {"answer": "Er komt een regeling voor gedeelde aansluitingen.", "link_kind": "beleid"},
        ).content.decode(),
    ):
        for field_id in ("id_link_label", "id_link_url"):
            assert "niet verplicht" not in _label(html, field_id), field_id
        assert html.count("Nodig als u hierboven kiest wat er veranderde.") == 2
        assert "niet verplicht" in _label(html, "id_link_kind")  # that one truly is optional
    assert "Geef de verwijzing een omschrijving." in html


def test_the_signal_list_says_what_this_viewer_sees(client, world):
    public = services.raise_signal(
        actor=None,
        source="publiek",
        data=SignalInput(kind="knelpunt", text=SECRET_TEXT, region=world.regions["a"]),
    )
    url = reverse("signals:thread", args=[public.thread.public_id])
    only_public = "U ziet alleen signalen die openbaar zijn gemaakt."
    also_hidden = "U ziet ook signalen die niet openbaar zijn; die zien bezoekers niet."
    visitor = client.get(url).content.decode()
    assert only_public in visitor and also_hidden not in visitor
    for user in ("landelijk_analist", "schakel_a"):
        client.force_login(world.users[user])
        staff = client.get(url).content.decode()
        assert "niet openbaar</em>" in staff
        assert also_hidden in staff and only_public not in staff, user
    # Staff of another region see only what is public here, and read so.
    client.force_login(world.users["schakel_b"])
    elsewhere = client.get(url).content.decode()
    assert only_public in elsewhere and also_hidden not in elsewhere


def test_merging_into_a_closed_thread_is_refused_with_the_reason(client, world):
    from scharnier.signals.models import ThreadStatus

    thread = _published_team_signal(world).thread
    other = _published_team_signal(
        world, "Ondernemers vinden geen opvolger voor hun familiebedrijf in de regio."
    ).thread
    assert other.pk != thread.pk
    Thread.objects.filter(pk=thread.pk).update(status=ThreadStatus.CLOSED)
    client.force_login(world.users["landelijk_analist"])
    base = reverse("signals:thread", args=[thread.public_id])
    html = client.post(base + "samenvoegen/", {"other": other.reference}, follow=True)
    assert (
        "Deze rode draad is afgerond. Daar kunnen geen signalen meer bij" in html.content.decode()
    )
    other.refresh_from_db()
    assert other.merged_into is None and other.signals.count() == 1


def test_staff_form_takes_a_question_reference_in_lower_case(client, world):
    question = submit_site_question()
    client.force_login(world.users["schakel_a"])
    response = client.post(
        reverse("signals:new"),
        {
            "kind": "knelpunt",
            "source": "vraag",
            "text": "Ondernemer krijgt geen stroomaansluiting voor de werkplaats.",
            "question_reference": f" {question.reference.lower()} ",
        },
    )
    assert "Deze vraag kennen we niet" not in response.content.decode()
    assert Signal.objects.get().question_reference == question.reference


def test_board_rows_become_cards_on_a_phone(client, world):
    """Every cell of the board names its column, for the stacked table (`table-stack`)."""
    _published_team_signal(world)
    html = client.get(reverse("signals:board")).content.decode()
    table = html[html.index("<table") : html.index("</table>")]
    assert "table-stack" in table.split(">", 1)[0]
    for column in ("Signalen", "Status", "Eigenaar", "Antwoord uiterlijk"):
        assert f'role="cell" data-label="{column}"' in table, column
    assert 'role="rowheader"' in table


def test_a_question_page_leads_to_a_signal_form_filled_in_with_its_reference(client, world):
    question = submit_site_question()
    client.force_login(world.users["schakel_a"])
    page = client.get(f"/schakelteam/vragen/{question.reference}/").content.decode()
    link = f'href="/signalen/nieuw/?vraag={question.reference}"'
    assert link in page
    form = client.get(f"/signalen/nieuw/?vraag={question.reference}").content.decode()
    assert f'value="{question.reference}"' in form
    source = re.search(r'<input[^>]*name="source"[^>]*value="vraag"[^>]*>', form)[0]
    assert "checked" in source
    # The entrepreneur's name and words are not carried over.
    assert "Piet Jansen" not in form and "stroomaansluiting" not in form


FAMILY_FIRMS = (
    "Familiebedrijven zonder opvolger vinden geen begeleiding bij het zoeken naar een koper."
)
LATE_HANDOVER = "Oudere ondernemers beginnen te laat met de overdracht en moeten hun zaak sluiten."


def _thread_of_two(world) -> tuple[Thread, Signal, Signal]:
    """A thread titled automatically after its first published signal, with a second one."""
    first = _published_team_signal(world, FAMILY_FIRMS)
    second = _published_team_signal(world, LATE_HANDOVER)
    thread = Thread.objects.get(pk=first.thread_id)
    Signal.objects.filter(pk=second.pk).update(thread=thread)
    Thread.objects.filter(pk=thread.pk).update(signal_count=2)
    thread.refresh_from_db()
    assert thread.title == FAMILY_FIRMS[:-1] and not thread.title_locked
    return thread, first, second


def _hide_or_show(client, signal: Signal, show: bool) -> str:
    data = {"publish": "1"} if show else {}
    url = reverse("signals:publish", args=[signal.reference])
    return client.post(url, data, follow=True).content.decode()


def test_hiding_a_signal_says_what_happened_and_renames_only_a_title_made_from_its_text(
    client, world
):
    thread, first, second = _thread_of_two(world)
    client.force_login(world.users["landelijk_analist"])
    page = client.get(reverse("signals:thread", args=[thread.public_id])).content.decode()
    # An action, not a status; each button names its signal for a screen reader.
    assert "Niet meer openbaar" not in page
    assert f'Verberg voor bezoekers<span class="visually-hidden"> ({first.reference})' in page

    # The title came from the hidden text: it changes, and the page says why.
    page = _hide_or_show(client, first, show=False)
    assert f"Signaal {first.reference} is verborgen voor bezoekers." in page
    assert "De titel is aangepast omdat die uit het verborgen signaal kwam." in page
    assert "Opgeslagen." not in page
    thread.refresh_from_db()
    assert thread.title == LATE_HANDOVER[:-1]
    visitor = Client().get(reverse("signals:thread", args=[thread.public_id])).content.decode()
    assert FAMILY_FIRMS[:30] not in visitor  # visitors never read the hidden text
    assert f'Weer tonen aan bezoekers<span class="visually-hidden"> ({first.reference})' in page
    assert "verborgen voor bezoekers</em>" in page

    # Shown again: it is public again, and the title it gave comes back.
    page = _hide_or_show(client, first, show=True)
    assert f"Signaal {first.reference} is weer zichtbaar voor bezoekers." in page
    thread.refresh_from_db()
    assert thread.title == FAMILY_FIRMS[:-1]

    # Hiding a signal the title did not come from leaves the title as it is.
    page = _hide_or_show(client, second, show=False)
    assert f"Signaal {second.reference} is verborgen voor bezoekers." in page
    assert "De titel is aangepast" not in page
    thread.refresh_from_db()
    assert thread.title == FAMILY_FIRMS[:-1]


def test_hiding_a_signal_never_renames_a_title_an_analyst_gave_or_confirmed(client, world):
    thread, first, _second = _thread_of_two(world)
    analyst = world.users["landelijk_analist"]
    client.force_login(analyst)
    # Confirming the automatic title (saving it unchanged) makes it the analyst's.
    client.post(
        reverse("signals:thread-action", args=[thread.public_id, "hernoemen"]),
        {"title": thread.title},
    )
    page = _hide_or_show(client, first, show=False)
    assert f"Signaal {first.reference} is verborgen voor bezoekers." in page
    assert "De titel is aangepast" not in page
    thread.refresh_from_db()
    assert thread.title == FAMILY_FIRMS[:-1] and thread.title_locked
    page = _hide_or_show(client, first, show=True)
    assert f"Signaal {first.reference} is weer zichtbaar voor bezoekers." in page
    thread.refresh_from_db()
    assert thread.title == FAMILY_FIRMS[:-1]


def test_public_form_names_the_kinds_in_an_entrepreneurs_words(client, world):
    from scharnier.signals.vocabularies import choices, public_choices

    public = client.get(reverse("signals:report")).content.decode()
    assert "Meerdere loketten voor hetzelfde" in public
    assert ">Overlap<" not in public and "Overlap" not in public
    # Every kind has its own public words, defined once with the vocabulary.
    staff_labels = dict(choices("signal_kind"))
    public_labels = dict(public_choices("signal_kind"))
    assert public_labels.keys() == staff_labels.keys()
    for code, label in public_labels.items():
        assert label != staff_labels[code] and label in public, code
    # Staff keep the analysts' vocabulary.
    client.force_login(world.users["schakel_a"])
    staff = client.get(reverse("signals:new")).content.decode()
    assert "Overlap" in staff and "Meerdere loketten voor hetzelfde" not in staff
    # The plain words stand for the same code.
    client.logout()
    client.post(
        reverse("signals:report"),
        {"kind": "overlap", "text": "Voor dezelfde subsidie moet ik bij drie loketten zijn."},
    )
    assert Signal.objects.get().kind == "overlap"


def _signal_list(html: str) -> str:
    return html[html.index('<ul class="signal-list">') :].split("</ul>", 1)[0]


def test_public_thread_page_does_not_name_a_suppressed_region_or_month_next_to_a_signal(
    client, world
):
    """Counts below 5 are "<5"; the list of public signals under them must not give the
    count away by naming each signal's region and month."""
    from datetime import timedelta

    from django.utils import timezone

    many = [_published_team_signal(world, f"{PUBLISHABLE_TEXT} Melding {n}.") for n in range(5)]
    thread = Thread.objects.get(pk=many[0].thread_id)
    few = [
        services.raise_signal(
            actor=world.users["schakel_b"],
            source="schakelteam",
            data=SignalInput(
                kind="knelpunt", text=f"{PUBLISHABLE_TEXT} Breda {n}.", region=world.regions["b"]
            ),
            publish=True,
        )
        for n in range(2)
    ]
    earlier = timezone.now() - timedelta(days=70)
    Signal.objects.filter(pk__in=[s.pk for s in many]).update(thread=thread)
    Signal.objects.filter(pk__in=[s.pk for s in few]).update(thread=thread, created_at=earlier)
    Thread.objects.filter(pk=thread.pk).update(signal_count=7)
    region_a, region_b = world.regions["a"].name, world.regions["b"].name
    old_month = date_format(timezone.localtime(earlier), "F Y")
    url = reverse("signals:thread", args=[thread.public_id])

    public = client.get(url).content.decode()
    assert f"{region_b}: &lt;5" in public and f"{region_a}: 5" in public
    listed = _signal_list(public)
    assert all(s.reference in listed for s in many + few)
    assert region_b not in listed and "een regio" in listed
    assert region_a in listed  # a region counted 5 or more may be named
    assert old_month not in listed and str(timezone.localtime(earlier).year) in listed
    # Staff who handle the thread see exact counts, and every region and month.
    client.force_login(world.users["landelijk_analist"])
    staff = client.get(url).content.decode()
    assert f"{region_b}: 2" in staff
    assert region_b in _signal_list(staff) and old_month in _signal_list(staff)


def test_the_board_says_an_answer_within_a_day_in_words(client, world):
    """The demo board read "Dagen tot antwoord (middelste waarde): 0,0" (UI walk, session 55)."""
    signal = _published_team_signal(world)
    assign_and_answer(world, signal.thread, "Wij passen de regeling aan.")
    html = html_unescape(client.get(reverse("signals:board")).content.decode())
    figure = re.search(r"Dagen tot antwoord \(middelste waarde\)</dt><dd>([^<]*)</dd>", html)
    assert figure.group(1) == "minder dan een dag"
    thread = Thread.objects.get(pk=signal.thread_id)
    Thread.objects.filter(pk=thread.pk).update(assigned_at=thread.answered_at.replace(year=2020))
    html = html_unescape(client.get(reverse("signals:board")).content.decode())
    days = re.search(r"Dagen tot antwoord \(middelste waarde\)</dt><dd>([^<]*)</dd>", html).group(1)
    assert days.isdigit() and int(days) > 300
