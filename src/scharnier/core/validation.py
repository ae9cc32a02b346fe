"""Shared rules for values that people type: plain text, whole numbers and dates.

One rule per kind of value, used by the import file format, the forms, the API serializers and
the services, so that a title or an employee count is refused the same way everywhere.
Messages are Dutch (B1) and say what to do.
"""

import datetime
import math
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# Only plain text: anything that looks like an HTML tag, comment or entity-encoded tag is refused.
_HTML_RE = re.compile(
    r"<\s*/?\s*[a-zA-Z!?][^>]*>|<\s*/?\s*(script|iframe|img|svg|style)\b|&lt;\s*/?\s*[a-z]", re.I
)
# C0 control characters (NUL included) except tab, newline and carriage return, and DEL.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_LINE_BREAK_RE = re.compile(r"[\n\r\t]")
# Bidirectional overrides, embeddings and isolates: they make text read differently than it is
# stored (e.g. a file name or an amount shown backwards).
_BIDI_RE = re.compile(r"[\u202a-\u202e\u2066-\u2069]")
# Invisible characters that make two equal-looking titles differ (zero-width space, joiners,
# word joiner, byte order mark, soft hyphen).
_INVISIBLE_RE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]")
_WHOLE_NUMBER_RE = re.compile(r"^[+-]?\d{1,18}$")

# The largest count a PostgreSQL integer column holds.
MAX_WHOLE_NUMBER = 2_147_483_647

# The one wording for a count that is not a whole number: forms, API, services. A field may
# name its own example ("bijvoorbeeld 5" for employees); the sentence stays the same.
WHOLE_NUMBER_EXAMPLE = 10


def whole_number_invalid(example: int = WHOLE_NUMBER_EXAMPLE) -> str:
    """ "Vul een heel getal in, bijvoorbeeld 10." with this example."""
    return _("Vul een heel getal in, bijvoorbeeld %(example)s.") % {"example": example}


WHOLE_NUMBER_FRACTION = gettext_lazy("Vul een heel getal in, zonder cijfers achter de komma.")

# Control characters (NUL and the like) come in by copying and pasting; nobody sees them, so the
# message cannot say "haal die weg". API and import files say what to do; a form shows the text
# again without them (core.forms.BoundField) and says so.
CONTROL_CHARACTERS = gettext_lazy(
    "Er staat een onzichtbaar teken in de tekst. Dat gebeurt soms bij kopiëren en plakken. "
    "Typ de tekst opnieuw, of plak hem nog een keer."
)
CONTROL_CHARACTERS_REMOVED = gettext_lazy(
    "Er stond een onzichtbaar teken in de tekst. Dat gebeurt soms bij kopiëren en plakken. "
    "We hebben het teken weggehaald. Kijk de tekst na en verstuur hem opnieuw."
)


# The same rule as a regular expression for API documents (without the HTML check, which a
# pattern cannot express readably): the characters that are never allowed.
_REFUSED_CHARS = (
    r"\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u202a-\u202e\u2066-\u2069\u200b-\u200d\u2060\ufeff\u00ad"
)


def text_pattern(*, multiline: bool, required: bool, min_words: int = 0) -> str:
    """A regex (ECMA and Python) for text that `text_problem` accepts, bar the HTML check;
    with `min_words`, also at least that many words separated by whitespace."""
    refused = _REFUSED_CHARS + ("" if multiline else r"\t\n\r")
    # A required text needs one visible character: whitespace alone is trimmed to empty.
    lookahead = r"(?=[\s\S]*\S)" if required else ""
    if min_words > 1:
        lookahead += rf"(?=\s*\S+(?:\s+\S+){{{min_words - 1}}})"
    return f"^{lookahead}[^{refused}]*$"


def text_problem(value: str, *, multiline: bool = True) -> str | None:
    """The Dutch reason why `value` is not acceptable plain text, or None when it is."""
    if _CONTROL_RE.search(value):
        return str(CONTROL_CHARACTERS)
    if not multiline and _LINE_BREAK_RE.search(value):
        return _("Gebruik hier één regel tekst, zonder regeleinde of tab.")
    if _BIDI_RE.search(value) or _INVISIBLE_RE.search(value):
        # Direction marks and zero-width characters are as invisible as a NUL: "haal die weg"
        # asked for something nobody can find.
        return str(CONTROL_CHARACTERS)
    if any("\ud800" <= char <= "\udfff" for char in value):
        return _("De tekst bevat vreemde tekens. Typ de tekst opnieuw, of plak hem zonder opmaak.")
    if _HTML_RE.search(value):
        return _("HTML-code (zoals <script> of <b>) is niet toegestaan. Gebruik gewone tekst.")
    return None


def bounded_text_problem(value: str, limit: int, *, multiline: bool = True) -> str | None:
    """`text_problem`, and first whether `value` fits in `limit` characters (the services'
    one message for a text that is too long)."""
    if len(value) > limit:
        return _("Schrijf dit in hoogstens %(limit)s tekens.") % {
            "limit": f"{limit:,}".replace(",", ".")
        }
    return text_problem(value, multiline=multiline) if value else None


def has_control_characters(value: str) -> bool:
    return bool(_CONTROL_RE.search(value))


def without_control_characters(value: str) -> str:
    """`value` without the control characters `text_problem` refuses (for showing it again)."""
    return _CONTROL_RE.sub("", value)


def has_unseen_characters(value: str) -> bool:
    """Whether `value` holds a character nobody sees in a text box: a control character, a
    direction mark or a zero-width character (all refused by `text_problem`)."""
    return bool(_CONTROL_RE.search(value) or _BIDI_RE.search(value) or _INVISIBLE_RE.search(value))


def without_unseen_characters(value: str) -> str:
    """`value` without the characters `has_unseen_characters` finds (for showing it again)."""
    return _INVISIBLE_RE.sub("", _BIDI_RE.sub("", _CONTROL_RE.sub("", value)))


def validate_plain_text(value: str) -> None:
    """Django validator: plain text, line breaks allowed."""
    problem = text_problem(value, multiline=True)
    if problem:
        raise ValidationError(problem, code="plain_text")


def validate_single_line_text(value: str) -> None:
    """Django validator: plain text on one line (titles, names)."""
    problem = text_problem(value, multiline=False)
    if problem:
        raise ValidationError(problem, code="plain_text")


def whole_number(
    value: Any,
    *,
    min_value: int | None = 0,
    max_value: int | None = MAX_WHOLE_NUMBER,
    example: int = WHOLE_NUMBER_EXAMPLE,
) -> int:
    """`value` (a JSON number, form text or cell) as an int; no fractions, no overflow.

    Raises ValidationError with a Dutch message (naming `example` when the value is no number);
    a fraction is refused, never truncated.
    """
    if isinstance(value, bool):
        raise ValidationError(whole_number_invalid(example), code="invalid")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError(
                _("Dit getal is te groot. Vul een kleiner getal in."), code="max_value"
            )
        if not value.is_integer():
            raise ValidationError(WHOLE_NUMBER_FRACTION, code="fraction")
        if abs(value) > 10**18:
            raise ValidationError(
                _("Dit getal is te groot. Vul een kleiner getal in."), code="max_value"
            )
        number = int(value)
    elif isinstance(value, int):
        number = value
    elif isinstance(value, str) and _WHOLE_NUMBER_RE.match(value.strip()):
        number = int(value.strip())
    elif isinstance(value, str) and re.match(r"^[+-]?\d+[.,]\d+$", value.strip()):
        raise ValidationError(WHOLE_NUMBER_FRACTION, code="fraction")
    else:
        raise ValidationError(whole_number_invalid(example), code="invalid")
    if min_value is not None and number < min_value:
        raise ValidationError(
            _("Vul een getal in van %(min)s of meer.") % {"min": min_value}, code="min_value"
        )
    if max_value is not None and number > max_value:
        raise ValidationError(
            _("Vul een getal in van hoogstens %(max)s.") % {"max": max_value}, code="max_value"
        )
    return number


# A KvK number (Dutch Chamber of Commerce): exactly eight digits.
KVK_PATTERN = r"^\d{8}$"
_KVK_RE = re.compile(KVK_PATTERN)


KVK_INVALID = gettext_lazy(
    "Een KvK-nummer bestaat uit precies 8 cijfers. Vul ze in zonder spaties of punten, "
    "bijvoorbeeld 12345678."
)


def kvk_problem(value: str) -> str | None:
    """The Dutch reason why `value` is not a KvK number, or None when it is (or is empty)."""
    if value and not _KVK_RE.match(value):
        return str(KVK_INVALID)
    return None


# Shown beside every optional KvK field (questions, plan hand-over, meetings).
KVK_CONSENT_TEXT = _(
    "Uw KvK-nummer is niet verplicht. Vult u het in, dan gebruiken we het alleen om te tellen "
    "hoeveel verschillende bedrijven we helpen. We bewaren het niet: we maken er een code van "
    "die niet terug te rekenen is. Niemand ziet het nummer."
)


# A date outside these years is a typing slip (1900 for 2026), never a date of this programme.
EARLIEST_DATE = datetime.date(2000, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)


def plausible_date(value: datetime.date | None) -> None:
    """Validator: refuse a date before 2000 or after 2100 with a Dutch message."""
    if value is not None and not EARLIEST_DATE <= value <= LATEST_DATE:
        raise ValidationError(
            _("Deze datum klopt niet. Vul een datum in tussen 2000 en 2100, zoals 15-3-2027."),
            code="implausible_date",
        )


# Digits with spaces, brackets and dashes, optionally starting with + (06-12345678, +31 38 ...).
PHONE_RE = re.compile(r"^\+?[0-9][0-9 ()\-]{5,29}$")
PHONE_CHARACTERS_RE = re.compile(r"^\+?[0-9][0-9 ()\-]*$")


def phone_problem(value: str) -> str | None:
    """Why `value` is no phone number (Dutch), or None; an empty value is no problem here."""
    value = (value or "").strip()
    if value and not PHONE_RE.match(value):
        if PHONE_CHARACTERS_RE.match(value):  # the right characters, too few or too many
            return _(
                "Dit telefoonnummer is te kort of te lang. Vul het hele nummer in, bijvoorbeeld "
                "038 123 45 67."
            )
        return _("Dit is geen telefoonnummer. Gebruik cijfers, bijvoorbeeld 038 123 45 67.")
    return None


# The one message for an e-mail address that is not one (forms, services, imports, API).
EMAIL_INVALID = gettext_lazy("Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.nl.")

# The one message for a web address that is not a whole one (forms, services, imports, API).
URL_INVALID = gettext_lazy("Vul een volledig webadres in, bijvoorbeeld https://www.voorbeeld.nl.")

# A question or a signal needs a few words before someone else understands it: "x" or "kort"
# says nothing. Every real text in the demo data and the tests is far longer.
MIN_DESCRIPTION_WORDS = 3
MIN_DESCRIPTION_CHARS = 15


def too_short_to_understand(text: str) -> bool:
    """True for a text of fewer than 3 words or 15 characters (an empty one is for `required`)."""
    # Counted as the API's schema states it (a pattern of words, a length of the trimmed text).
    words = (text or "").split()
    return bool(words) and (
        len(words) < MIN_DESCRIPTION_WORDS or len(text.strip()) < MIN_DESCRIPTION_CHARS
    )


# An outreach campaign's code in the links it hands out (?campagne=...): the public forms keep
# it with the question or plan they make, so that a campaign sees what it brought in.
CAMPAIGN_PARAMETER = "campagne"
_CAMPAIGN_CODE_RE = re.compile(r"^[a-z0-9](?:[a-z0-9-]{1,38})[a-z0-9]$")


def campaign_code(value: object) -> str:
    """The campaign code if `value` is one in form (lower case, digits, hyphens), else ""."""
    text = value.strip().lower() if isinstance(value, str) else ""
    return text if _CAMPAIGN_CODE_RE.match(text) else ""
