"""The shared rules for text and whole numbers (core.validation), and the form fields on them."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from scharnier.core.formfields import IsoDateField, PlainTextField, WholeNumberField
from scharnier.core.validation import plausible_date, text_problem, whole_number


@pytest.mark.parametrize(
    "value",
    ["<b>x</b>", "a\x00b", "a\x07b", "abc\u202edef", "a\u2066b", "a\u200bb", "a\ufeffb", "\ud800"],
)
def test_text_problems_are_found(value):
    assert text_problem(value)


@pytest.mark.parametrize("value", ["Gewone tekst, met é, ß en 😀.", "1 < 2 en 3 > 2", ""])
def test_plain_text_passes(value):
    assert text_problem(value) is None


def test_line_breaks_only_where_multiline():
    assert text_problem("twee\nregels", multiline=True) is None
    assert text_problem("twee\nregels", multiline=False)


@pytest.mark.parametrize(("value", "expected"), [(3, 3), (3.0, 3), ("12", 12), (" 7 ", 7), (0, 0)])
def test_whole_numbers(value, expected):
    assert whole_number(value) == expected


@pytest.mark.parametrize(
    ("value", "code"),
    [
        (2.5, "fraction"),
        ("2,5", "fraction"),
        (float("inf"), "max_value"),
        (1e300, "max_value"),
        (True, "invalid"),
        (None, "invalid"),
        ("tien", "invalid"),
        (-1, "min_value"),
        (2**31, "max_value"),
    ],
)
def test_not_whole_numbers(value, code):
    with pytest.raises(ValidationError) as caught:
        whole_number(value)
    assert caught.value.code == code


def test_form_fields_use_the_same_rules():
    with pytest.raises(ValidationError):
        PlainTextField(multiline=False).clean("Naam\u202e")
    assert PlainTextField().clean("Gewoon\nen netjes") == "Gewoon\nen netjes"
    field = WholeNumberField(min_value=0, max_value=100)
    with pytest.raises(ValidationError):
        field.clean("2.5")
    with pytest.raises(ValidationError):
        field.clean("101")
    assert field.clean("12") == 12


def test_a_date_outside_2000_to_2100_is_a_typing_slip():
    for ok in (datetime.date(2000, 1, 1), datetime.date(2026, 12, 2), datetime.date(2100, 12, 31)):
        plausible_date(ok)
    field = IsoDateField()
    assert field.clean("2027-03-15") == datetime.date(2027, 3, 15)
    for typed in ("1900-01-01", "1999-12-31", "2101-01-01", "9999-12-31"):
        with pytest.raises(ValidationError) as refused:
            field.clean(typed)
        assert "tussen 2000 en 2100" in refused.value.messages[0]


def test_a_phone_number_holds_digits():
    from scharnier.core.validation import phone_problem

    for ok in ("", "06 12345678", "+31 (0)38 123 45 67", "088-0424242"):
        assert phone_problem(ok) is None, ok
    for wrong in ("bel me maar", "ja", "0612345678 na vijf uur"):
        assert "geen telefoonnummer" in phone_problem(wrong), wrong
    # Digits, but too few or too many: the message says that, not "use digits".
    for short_or_long in ("06", "12", "0" * 31):
        assert "te kort of te lang" in phone_problem(short_or_long), short_or_long
