"""What a person types that cannot be used is refused with the same plain Dutch on every form:
an invisible control character (NUL) and a count that is no whole number."""

import re

import pytest
from django import forms

from scharnier.casework.models import Question
from scharnier.core.formfields import PlainTextField, WholeNumberField
from scharnier.core.validation import text_problem
from scharnier.geography.models import Municipality
from scharnier.signals.models import Signal

pytestmark = pytest.mark.django_db

INVISIBLE = (
    "Er stond een onzichtbaar teken in de tekst. Dat gebeurt soms bij kopiëren en plakken. "
    "We hebben het teken weggehaald. Kijk de tekst na en verstuur hem opnieuw."
)
TYPED = "Mijn energie\x00rekening is verdubbeld, wat nu?"
SHOWN_AGAIN = "Mijn energierekening is verdubbeld, wat nu?"


def _question_form() -> dict:
    return {
        "text": TYPED,
        "municipality": str(Municipality.objects.get(code="GM0193").pk),
        "email": "piet@installatie.example",
        "consent_handling": "on",
        "consent_version": "2026-1",
    }


@pytest.mark.parametrize(
    ("method", "url", "data", "shown"),
    [
        ("get", "/vraag/", {"vraag": TYPED, "gemeente": "GM0193"}, SHOWN_AGAIN),
        ("get", "/aanbod/", {"q": "energie\x00 besparen"}, "energie besparen"),
        ("post", "/hulpvraag/", None, SHOWN_AGAIN),
        ("post", "/signalen/melden/", {"kind": "knelpunt", "text": TYPED}, SHOWN_AGAIN),
    ],
)
def test_a_nul_character_is_named_plainly_and_the_text_comes_back_without_it(
    client, method, url, data, shown
):
    """/vraag/ said "Haal die weg" about a character nobody can see and wrote the NUL back into
    the page; /aanbod/ said Django's "Null-tekens zijn niet toegestaan." Every public form now
    says what happened and what to do, keeps the text (without the NUL) and stores nothing."""
    response = getattr(client, method)(url, data if data is not None else _question_form())
    html = response.content.decode()
    assert INVISIBLE in html
    assert "Null-tekens" not in html and "Haal die weg" not in html
    assert "\x00" not in html and shown in html
    assert not Question.objects.exists() and not Signal.objects.exists()


def test_every_text_field_says_the_same_about_a_nul_and_shows_the_text_without_it():
    class Anything(forms.Form):
        plain = forms.CharField()
        checked = PlainTextField()

    form = Anything(data={"plain": "a\x00b", "checked": "c\x01d"})
    assert form.errors == {"plain": [INVISIBLE], "checked": [INVISIBLE]}
    assert form["plain"].value() == "ab" and form["checked"].value() == "cd"


def test_a_count_that_is_no_whole_number_is_worded_alike_on_every_form(client):
    """/vraag/ said "Geef een heel getal, zoals 10." while the form's own message (and the
    meeting form) said "Vul een heel getal in, bijvoorbeeld 5."; Django's own IntegerField said
    a third thing. One sentence now, with the field's example."""
    html = client.get(
        "/vraag/", {"vraag": "zwaar weer", "gemeente": "GM0193", "medewerkers": "vijf"}
    ).content.decode()
    assert "Vul een heel getal in, bijvoorbeeld 5." in html and "Geef een" not in html

    class Counts(forms.Form):
        own = WholeNumberField(example=12)
        plain = WholeNumberField()
        django = forms.IntegerField()

    form = Counts(data={"own": "twaalf", "plain": "x", "django": "y"})
    assert form.errors == {
        "own": ["Vul een heel getal in, bijvoorbeeld 12."],
        "plain": ["Vul een heel getal in, bijvoorbeeld 10."],
        "django": ["Vul een heel getal in, bijvoorbeeld 10."],
    }
    fraction = Counts(data={"own": "2,5", "plain": "1", "django": "1"})
    assert fraction.errors == {"own": ["Vul een heel getal in, zonder cijfers achter de komma."]}


def test_the_api_and_import_files_say_what_to_do_about_an_invisible_character():
    """Nothing is shown again there, so they do not say it was removed."""
    assert text_problem("Bouw\x00scan") == (
        "Er staat een onzichtbaar teken in de tekst. Dat gebeurt soms bij kopiëren en plakken. "
        "Typ de tekst opnieuw, of plak hem nog een keer."
    )


def test_a_count_typed_in_words_is_shown_back_in_a_box_that_keeps_it(client):
    """The employee count was an <input type="number">: the browser emptied it when it held
    "vijf", so the entrepreneur saw the error beside an empty box."""
    html = client.get(
        "/vraag/", {"vraag": "zwaar weer", "gemeente": "GM0193", "medewerkers": "vijf"}
    ).content.decode()
    box = re.search(r'<input[^>]*name="medewerkers"[^>]*>', html).group(0)
    assert 'type="text"' in box and 'inputmode="numeric"' in box and 'value="vijf"' in box


@pytest.mark.parametrize(
    ("typed", "what"),
    [("energie\u200brekening", "zero-width space"), ("energie\u202erekening", "direction mark")],
)
def test_a_zero_width_or_direction_character_is_treated_like_a_nul(client, typed, what):
    """They said "Haal die weg" about a character nobody can see, and the form showed it back,
    so nobody could find it; now the message of a NUL and the text without it."""
    data = {**_question_form(), "text": f"Mijn {typed} is verdubbeld, wat nu?"}
    html = client.post("/hulpvraag/", data).content.decode()
    # The service's check (which the API shares) asked to type the text again beside a text
    # already shown back without the sign; a form says it was taken out, as for a NUL.
    assert INVISIBLE in html and "plak hem nog een keer" not in html
    assert "Haal die weg" not in html and typed not in html
    assert "Mijn energierekening is verdubbeld, wat nu?" in html
    assert not Question.objects.exists()
    # The API and the import file say what to do, as for a NUL.
    assert text_problem(typed) == text_problem("energie\x00rekening")


def test_an_emoji_with_a_joiner_is_kept_where_the_field_was_not_refused():
    class Note(forms.Form):
        note = forms.CharField()
        count = WholeNumberField()

    family = "Familiebedrijf \U0001f468\u200d\U0001f469\u200d\U0001f467"
    form = Note(data={"note": family, "count": "vijf"})
    assert not form.is_valid() and "note" not in form.errors
    assert form["note"].value() == family


def test_a_text_over_the_limit_is_refused_and_shown_back_whole(client):
    """A textarea's maxlength made the browser cut pasted text off without a word (UI walk,
    session 55): the box has no maxlength now, the server says how long it may be and shows
    the whole text again, and nothing is stored."""
    form = client.get("/signalen/melden/").content.decode()
    box = re.search(r"<textarea[^>]*name=\"text\"[^>]*>", form).group(0)
    assert "maxlength" not in box
    long_text = "Ondernemers wachten maanden op een vergunning. " * 90  # 4,230 characters
    html = client.post(
        "/signalen/melden/", {"kind": "knelpunt", "text": long_text}
    ).content.decode()
    assert f"Dit is te lang. Gebruik maximaal 4000 tekens (nu {len(long_text.strip())})." in html
    assert long_text.strip() in html
    assert not Signal.objects.exists()
