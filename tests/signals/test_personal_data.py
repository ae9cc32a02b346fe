"""Personal data in a signal's text: found for the reviewer, taken out on publishing if chosen.

The sentences were written for these tests.
"""

import pytest
from django.urls import reverse

from scharnier.geography.models import Municipality
from scharnier.signals import personal_data, services
from scharnier.signals.models import Signal
from scharnier.signals.services import SignalInput
from tests.signals.world import MUNICIPALITY_A, build_world

FOUND = [
    ("Bel mij gerust op 06-12345678, dan leg ik het uit.", "telefoonnummer", "06-12345678"),
    ("Bel (010) 123 45 67 als u vragen heeft.", "telefoonnummer", "(010) 123 45 67"),
    ("Of bel +31 6 1234 5678 na vijf uur.", "telefoonnummer", "+31 6 1234 5678"),
    ("Mail naar piet@bakkerij-piet.nl voor de stukken.", "e-mailadres", "piet@bakkerij-piet.nl"),
    (
        "Ons rekeningnummer NL91 ABNA 0417 1643 00 staat erop.",
        "rekeningnummer",
        "NL91 ABNA 0417 1643 00",
    ),
    ("We zitten aan de Dorpsstraat 12a in Zwolle.", "adres", "Dorpsstraat 12a"),
    ("Post naar 8011 AB Zwolle komt niet aan.", "adres", "8011 AB"),
    ("Ons KvK-nummer is 12345678.", "KvK-nummer", "12345678"),
    ("Mijn BSN: 123456789 staat op de brief.", "BSN", "123456789"),
    ("Mijn naam is Jan de Vries en ik heb een bakkerij.", "naam", "Jan de Vries"),
    ("Ik ben Karin en ik heb een kapsalon.", "naam", "Karin"),
    ("Mevrouw De Jong van de bank belt niet terug.", "naam", "De Jong"),
    ("Met vriendelijke groet, Anna van den Berg", "naam", "Anna van den Berg"),
    ("Ik sprak gisteren met Piet over de subsidie.", "naam", "Piet"),
    ("Jan Jansen van de bakkerij kreeg geen antwoord.", "naam", "Jan Jansen"),
    ("Onze collega Bakhuizen zegt dat het loket dicht is.", "naam", "Bakhuizen"),
    ("Volgens wethouder De Boer komt er geld bij.", "naam", "De Boer"),
]
NOTHING = [
    "De subsidie is € 12.345 en de aanvraag loopt van 2026 tot 2028.",
    "In 2025 kregen 1500 bedrijven geen aansluiting; de wachttijd is 3 jaar.",
    "Ik ben eigenaar van een bakkerij en wacht al 18 maanden.",
    "Ik ben Ondernemer in Breda en vind geen personeel.",
    "De KvK helpt niet. Bel de KvK maar eens, zeggen ze.",
    "Het project kost 1.234.567 euro en levert 0,35 per kWh op.",
    "In de postcodes 8011 en 8012 zit het stroomnet vol.",
    # Capitalised words that are no one's name: places, organisations, words that are also
    # first names at the start of a sentence.
    "Roos en tulp kweken kost veel energie; de kassen in Westland staan stil.",
    "Wil de gemeente Zwolle de regels voor terrassen versoepelen?",
    "De collega's van RVO en de wethouder van Kampen reageren niet.",
]


@pytest.mark.parametrize(
    "text,label,fragment", FOUND, ids=[f[1] + str(i) for i, f in enumerate(FOUND)]
)
def test_recognisable_personal_data_is_found_and_masked(text, label, fragment):
    assert label in personal_data.labels(text)
    cleaned = personal_data.masked(text)
    assert fragment not in cleaned and personal_data.MASK in cleaned
    assert personal_data.find(cleaned) == []  # nothing left to find


@pytest.mark.parametrize("text", NOTHING)
def test_amounts_years_and_roles_are_no_personal_data(text):
    assert personal_data.find(text) == []
    assert personal_data.masked(text) == text


@pytest.mark.django_db
def test_reviewer_is_warned_and_can_publish_without_the_personal_data(client):
    world = build_world()
    text = "Wij wachten al twee jaar op netaansluiting. Bel mij op 06-12345678, Karin."
    signal = services.raise_signal(
        actor=None,
        source="publiek",
        data=SignalInput(
            kind="knelpunt",
            text=text,
            municipality=Municipality.objects.get(code=MUNICIPALITY_A),
        ),
    )
    thread_url = reverse("signals:thread", args=[signal.thread.public_id])
    client.force_login(world.users["landelijk_analist"])
    page = client.get(thread_url).content.decode()
    assert "hier staat misschien persoonlijke informatie in (telefoonnummer, naam)" in page
    assert f"Maak {signal.reference} openbaar zonder deze gegevens" in page
    client.post(
        reverse("signals:publish", args=[signal.reference]),
        {"publish": "1", "remove_personal_data": "1"},
    )
    signal.refresh_from_db()
    assert signal.is_published and "06-12345678" not in signal.text and "Karin" not in signal.text
    assert signal.text.startswith("Wij wachten al twee jaar op netaansluiting.")
    client.logout()
    public = client.get(thread_url).content.decode()
    assert "06-12345678" not in public and personal_data.MASK in public
    board = client.get(reverse("signals:board")).content.decode()
    assert "06-12345678" not in board


@pytest.mark.django_db
def test_reviewer_may_publish_as_written_and_clean_texts_get_no_warning(client):
    world = build_world()
    flagged = services.raise_signal(
        actor=world.users["schakel_a"],
        source="schakelteam",
        data=SignalInput(
            kind="knelpunt",
            text="Het ondernemerscafé aan de Dorpsstraat 12 in Zwolle helpt starters goed.",
            region=world.regions["a"],
        ),
    )
    client.force_login(world.users["landelijk_analist"])
    client.post(reverse("signals:publish", args=[flagged.reference]), {"publish": "1"})
    flagged.refresh_from_db()
    # A business address can be meant to be public: the reviewer decides, the text stays.
    assert flagged.is_published and "Dorpsstraat 12" in flagged.text
    clean = services.raise_signal(
        actor=world.users["schakel_a"],
        source="schakelteam",
        data=SignalInput(
            kind="knelpunt",
            text="Kleine bedrijven vinden de subsidieregels voor zonnepanelen te ingewikkeld.",
            region=world.regions["a"],
        ),
    )
    page = client.get(reverse("signals:thread", args=[clean.thread.public_id])).content.decode()
    assert f"Maak {clean.reference} openbaar<" in page
    assert "persoonlijke informatie" not in page
    assert Signal.objects.filter(is_published=True).count() == 1


@pytest.mark.django_db
def test_staff_cannot_publish_at_once_a_text_with_personal_data(client):
    world = build_world()
    client.force_login(world.users["schakel_a"])
    text = "Ondernemer belt steeds: mail hem op jan@voorbeeld.nl, hij vindt geen hulp."
    response = client.post(
        reverse("signals:new"),
        {
            "source": "schakelteam",
            "kind": "knelpunt",
            "text": text,
            "municipality": MUNICIPALITY_A,
            "publish": "on",
        },
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "In de tekst staat misschien persoonlijke informatie (e-mailadres)" in html
    assert "jan@voorbeeld.nl" in html  # what was typed is shown again, to be corrected
    assert Signal.objects.count() == 0
    # Not published at once, it waits for a reviewer, who sees the warning.
    client.post(
        reverse("signals:new"),
        {"source": "schakelteam", "kind": "knelpunt", "text": text, "municipality": MUNICIPALITY_A},
    )
    assert Signal.objects.filter(is_published=False).count() == 1
