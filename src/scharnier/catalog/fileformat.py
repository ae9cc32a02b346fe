"""The offer file format: one definition of the columns, shared by import, export and the docs.

A file is a CSV (``,``, ``;`` or tab separated; UTF-8 with or without BOM, or Windows-1252) or
JSON (a list of objects, or ``{"offers": [...]}``) whose columns/keys are the Dutch headers
below. `docs/import-format.md` is generated from `COLUMNS` by `render_markdown()`; a test keeps
them equal.

Parsing turns one cell into a Python value or raises `CellError` with a Dutch message.
Formatting does the reverse for export, so that export -> import round-trips unchanged.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scharnier.core.exports import FORMULA_START
from scharnier.core.validation import EARLIEST_DATE, LATEST_DATE, PHONE_RE, text_problem

MULTI_SEPARATOR = "|"

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_PREFIXES = FORMULA_START
# On import, free-text cells may not start with these unless quoted with a leading "'"
# ("-" and "+" are too common at the start of ordinary text and phone numbers).
REFUSED_TEXT_PREFIXES = ("=", "@")
FORMULA_QUOTE = "'"
_QUOTED_PREFIXES = (*FORMULA_PREFIXES, FORMULA_QUOTE)

_ISO_DATE_RE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DUTCH_DATE_RE = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_INT_RE = re.compile(r"^\d+$")
_INT_THOUSANDS_RE = re.compile(r"^\d{1,3}(\.\d{3})+$")

_URL_VALIDATOR = URLValidator(schemes=["http", "https"])
_EMAIL_VALIDATOR = EmailValidator()

TRUE_WORDS = frozenset({"ja", "j", "waar", "true", "1", "yes", "y"})
FALSE_WORDS = frozenset({"nee", "n", "onwaar", "false", "0", "no"})


class CellError(ValueError):
    """A cell that cannot be read; the message is Dutch and says what is expected."""


@dataclass(frozen=True)
class Column:
    """One column of the offer file.

    `kind` decides how the cell is parsed and formatted: text, longtext, code (one vocabulary
    term), codes (several terms), scope, areas, integer, amount, date, boolean, url, email,
    phone, provider, public_id. `field` is the Offer field (or "provider"/"public_id").
    """

    header: str
    field: str
    kind: str
    description: Any  # lazy Dutch text for the docs
    example: str = ""
    required: bool = False
    max_length: int | None = None
    vocabulary: str | None = None
    max_value: int | None = None
    max_digits: int | None = None

    @property
    def is_multi(self) -> bool:
        return self.kind in {"codes", "areas"}


# The longest description we accept in a file. The database has no limit, but a file cell
# beyond this is a mistake (or an attack); the CSV reader itself stops at 131,072 characters.
DESCRIPTION_MAX_LENGTH = 50_000

COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        "public_id",
        "public_id",
        gettext_lazy(
            "Publieke id van Scharnier. Staat in elke export; laat leeg bij nieuw aanbod. "
            "Met een id wordt precies dat aanbod bijgewerkt, ook als het nog geen kenmerk heeft."
        ),
        "3f2b6c1e-8a4d-4c1e-9b7a-2d5e8f0a1b2c",
    ),
    Column(
        "kenmerk",
        "external_id",
        "text",
        gettext_lazy(
            "Uw eigen kenmerk voor dit aanbod, uniek binnen uw organisatie. Hiermee herkent "
            "Scharnier het aanbod bij een volgende upload en werkt het bij in plaats van het "
            "opnieuw aan te maken. Verplicht als de kolom id leeg is."
        ),
        "KVK-2026-017",
        required=True,
        max_length=100,
    ),
    Column(
        "titel",
        "title",
        "text",
        gettext_lazy("De naam van het aanbod."),
        "Digitaliseringsscan voor het mkb",
        required=True,
        max_length=200,
    ),
    Column(
        "samenvatting",
        "summary",
        "text",
        gettext_lazy("Eén of twee zinnen: wat krijgt de ondernemer?"),
        "In een gesprek van een uur ziet u waar digitalisering uw bedrijf helpt.",
        required=True,
        max_length=400,
    ),
    Column(
        "beschrijving",
        "description",
        "longtext",
        gettext_lazy("Langere uitleg. Gewone tekst, geen HTML."),
        "Een adviseur bekijkt samen met u ...",
        max_length=DESCRIPTION_MAX_LENGTH,
    ),
    Column(
        "aanbieder",
        "provider",
        "provider",
        gettext_lazy(
            "Korte naam (slug) van de organisatie die het aanbod geeft. Bij een upload op de "
            "website mag deze kolom leeg blijven: dan hoort alles bij uw eigen organisatie."
        ),
        "kvk",
        max_length=80,
    ),
    Column(
        "soort",
        "offer_type",
        "code",
        gettext_lazy("Soort aanbod: één code."),
        "advies",
        required=True,
        vocabulary="offer_type",
    ),
    Column(
        "themas",
        "themes",
        "codes",
        gettext_lazy("Thema's: één of meer codes."),
        "digitalisering|innovatie",
        required=True,
        vocabulary="theme",
    ),
    Column(
        "fasen",
        "journey_phases",
        "codes",
        gettext_lazy("Klantreisfasen: één of meer codes."),
        "weten|willen",
        required=True,
        vocabulary="journey_phase",
    ),
    Column(
        "ontwikkelrichtingen",
        "directions",
        "codes",
        gettext_lazy("Ontwikkelrichtingen (MKB Diagnosetool): nul of meer codes."),
        "groeien|vernieuwen",
        vocabulary="direction",
    ),
    Column(
        "grootteklassen",
        "size_classes",
        "codes",
        gettext_lazy("Voor welke bedrijfsgrootte. Leeg betekent: alle groottes."),
        "micro|klein",
        vocabulary="size_class",
    ),
    Column(
        "min_medewerkers",
        "min_employees",
        "integer",
        gettext_lazy("Minimaal aantal medewerkers. Leeg: geen ondergrens."),
        "2",
        max_value=1_000_000,
    ),
    Column(
        "max_medewerkers",
        "max_employees",
        "integer",
        gettext_lazy("Maximaal aantal medewerkers. Leeg: geen bovengrens."),
        "50",
        max_value=1_000_000,
    ),
    Column(
        "sectoren",
        "sbi_sections",
        "codes",
        gettext_lazy("SBI-secties (letters). Leeg betekent: alle sectoren."),
        "c|f|g",
        vocabulary="sbi_section",
    ),
    Column(
        "min_bedrijfsleeftijd",
        "min_company_age_years",
        "integer",
        gettext_lazy("Minimale leeftijd van het bedrijf in jaren. Leeg: geen eis."),
        "5",
        max_value=500,
    ),
    Column(
        "gebied",
        "scope_level",
        "scope",
        gettext_lazy(
            "Waar het aanbod geldt: nationaal, provincie, regio of gemeente. Leeg: afgeleid uit "
            "de ingevulde kolom provincies, regios of gemeenten, anders nationaal."
        ),
        "gemeente",
    ),
    Column(
        "provincies",
        "provinces",
        "areas",
        gettext_lazy("Bij gebied provincie: CBS-codes (of namen) van de provincies."),
        "PV26|PV27",
    ),
    Column(
        "regios",
        "regions",
        "areas",
        gettext_lazy("Bij gebied regio: korte namen (slugs) van de regio's."),
        "regio-zwolle",
    ),
    Column(
        "gemeenten",
        "municipalities",
        "areas",
        gettext_lazy("Bij gebied gemeente: CBS-codes (of namen) van de gemeenten."),
        "GM0363|GM0344",
    ),
    Column(
        "kosten",
        "cost_eur",
        "amount",
        gettext_lazy(
            "Kosten voor de ondernemer in euro. 0 is gratis; leeg is onbekend. "
            "Schrijf 1250,50 of 1.250,50 of 1250.50."
        ),
        "0",
        max_digits=10,
    ),
    Column(
        "kosten_toelichting",
        "cost_note",
        "text",
        gettext_lazy("Uitleg bij de kosten."),
        "Gratis voor leden",
        max_length=300,
    ),
    Column(
        "kanalen",
        "channels",
        "codes",
        gettext_lazy("Hoe het aanbod wordt gegeven: nul of meer codes."),
        "online|een-op-een",
        vocabulary="channel",
    ),
    Column(
        "geldig_vanaf",
        "valid_from",
        "date",
        gettext_lazy("Eerste dag waarop het aanbod geldt: 2026-01-31 of 31-01-2026."),
        "2026-01-01",
    ),
    Column(
        "geldig_tot",
        "valid_until",
        "date",
        gettext_lazy("Laatste dag waarop het aanbod geldt (tot en met). Leeg: geen einddatum."),
        "31-12-2026",
    ),
    Column(
        "structureel",
        "is_structural",
        "boolean",
        gettext_lazy("ja: doorlopend aanbod; nee: tijdelijk (project, pilot). Leeg: ja."),
        "ja",
    ),
    Column(
        "budget",
        "budget_eur",
        "amount",
        gettext_lazy("Totaal budget van de regeling in euro (niet verplicht)."),
        "1.500.000",
        max_digits=14,
    ),
    Column(
        "impact_gemeten",
        "has_impact_data",
        "boolean",
        gettext_lazy(
            "ja: het effect van het aanbod is gemeten (evaluatie, effectmeting); nee: niet "
            "gemeten of onbekend. Leeg: nee."
        ),
        "nee",
    ),
    Column(
        "impact_toelichting",
        "impact_note",
        "text",
        gettext_lazy("Uitleg bij het effect: welke evaluatie, door wie en wanneer."),
        "Evaluatie door CPB, 2024",
        max_length=500,
    ),
    Column(
        "url",
        "url",
        "url",
        gettext_lazy("Webadres met meer informatie, beginnend met https://."),
        "https://www.kvk.nl/",
        max_length=500,
    ),
    Column(
        "email",
        "contact_email",
        "email",
        gettext_lazy("E-mailadres voor vragen."),
        "info@example.nl",
        max_length=254,
    ),
    Column(
        "telefoon",
        "contact_phone",
        "phone",
        gettext_lazy("Telefoonnummer voor vragen."),
        "088 585 22 22",
        max_length=30,
    ),
    Column(
        "bron",
        "source",
        "text",
        gettext_lazy("Waar de informatie vandaan komt."),
        "Website KVK, januari 2026",
        max_length=300,
    ),
    Column(
        "laatst_gecontroleerd",
        "last_verified_on",
        "date",
        gettext_lazy("Datum waarop de gegevens voor het laatst zijn gecontroleerd."),
        "2026-01-15",
    ),
)

COLUMNS_BY_HEADER: dict[str, Column] = {column.header: column for column in COLUMNS}
COLUMNS_BY_FIELD: dict[str, Column] = {column.field: column for column in COLUMNS}
# The offer's own fields, in file order: the one list that the API serializer, the editor form,
# the consistency test and the exports derive from (the file also has `id` and `provider`).
OFFER_FIELDS: tuple[str, ...] = tuple(
    column.field for column in COLUMNS if column.field not in ("public_id", "provider")
)


def max_length(field: str) -> int | None:
    """The longest value an offer field takes (the file's limit; forms and API use it too)."""
    return COLUMNS_BY_FIELD[field].max_length


HEADERS: tuple[str, ...] = tuple(column.header for column in COLUMNS)
# Columns that must be in every file. "aanbieder" is also required when the file is not
# uploaded for one organisation; "kenmerk" may be absent if "id" is there.
REQUIRED_HEADERS: tuple[str, ...] = tuple(c.header for c in COLUMNS if c.required)
TEXT_KINDS = frozenset({"text", "longtext"})


def header_for(field: str) -> str:
    """The column header for an Offer field name (or the field itself if it has no column)."""
    column = COLUMNS_BY_FIELD.get(field)
    return column.header if column else field


def normalise_header(raw: str) -> str:
    """'Thema's ' -> 'themas', 'Min medewerkers' -> 'min_medewerkers'."""
    text = raw.replace("\ufeff", "").strip().strip('"').strip().lower()
    text = text.replace("'", "").replace("\u2019", "")
    return re.sub(r"[\s\-]+", "_", text)


# --- parsing --------------------------------------------------------------------------------


def unquote_formula(value: str) -> str:
    """Undo export's formula neutralisation: "'=x" -> "=x", "''=x" -> "'=x"."""
    if value.startswith(FORMULA_QUOTE) and value[1:2] and value[1:2] in _QUOTED_PREFIXES:
        return value[1:]
    return value


def neutralise_formula(value: str) -> str:
    """Prefix "'" so a spreadsheet shows the cell as text instead of running it."""
    if value[:1] in FORMULA_PREFIXES or (
        value.startswith(FORMULA_QUOTE) and value[1:2] and value[1:2] in _QUOTED_PREFIXES
    ):
        return FORMULA_QUOTE + value
    return value


def check_plain_text(value: str) -> None:
    """The project's one plain-text rule (core.validation), as a cell error."""
    problem = text_problem(value, multiline=True)
    if problem:
        raise CellError(problem)


def parse_text(column: Column, raw: str, *, from_csv: bool) -> str:
    value = raw.strip()
    if from_csv:
        quoted = value.startswith(FORMULA_QUOTE)
        value = unquote_formula(value)
        if not quoted and value[:1] in REFUSED_TEXT_PREFIXES:
            raise CellError(
                _(
                    "De tekst begint met '%(char)s'. Een spreadsheet kan dat als formule "
                    "uitvoeren. Haal het teken weg, of zet er een ' (apostrof) voor."
                )
                % {"char": value[:1]}
            )
    check_plain_text(value)
    if column.max_length and len(value) > column.max_length:
        raise CellError(
            _("Te lang: %(length)s tekens, hoogstens %(max)s toegestaan.")
            % {"length": f"{len(value):,}".replace(",", "."), "max": column.max_length}
        )
    return value


def parse_integer(column: Column, raw: str) -> int | None:
    value = raw.strip()
    if not value:
        return None
    if _INT_THOUSANDS_RE.match(value):
        value = value.replace(".", "")
    if not _INT_RE.match(value):
        raise CellError(
            _("'%(value)s' is geen heel getal. Schrijf alleen cijfers, zoals 10.")
            % {"value": raw.strip()[:40]}
        )
    # Python refuses to convert thousands of digits (ValueError); no count here has 19.
    if len(value.lstrip("+-")) > 18:
        raise CellError(
            _("%(value)s... is te groot; hoogstens %(max)s.")
            % {"value": value[:20], "max": column.max_value or 10**18}
        )
    number = int(value)
    if column.max_value is not None and number > column.max_value:
        raise CellError(
            _("%(value)s is te groot; hoogstens %(max)s.")
            % {"value": number, "max": column.max_value}
        )
    return number


def parse_amount(column: Column, raw: str) -> Decimal | None:
    """Dutch (1.250,50) and plain (1250.50) amounts; two decimals at most."""
    value = raw.strip().replace("\u00a0", "").replace(" ", "")
    value = re.sub(r"^(€|eur)", "", value, flags=re.I)
    if not value:
        return None
    shown = raw.strip()[:40]
    if value.startswith("-"):
        raise CellError(_("Een bedrag kan niet negatief zijn."))
    normal: str | None = None
    if re.fullmatch(r"\d+", value):
        normal = value
    elif "," in value and "." in value:
        if value.rfind(",") > value.rfind("."):
            if re.fullmatch(r"\d{1,3}(\.\d{3})+,\d{1,2}", value):
                normal = value.replace(".", "").replace(",", ".")
        elif re.fullmatch(r"\d{1,3}(,\d{3})+\.\d{1,2}", value):
            normal = value.replace(",", "")
    elif "," in value:
        if re.fullmatch(r"\d+,\d{1,2}", value):
            normal = value.replace(",", ".")
    elif "." in value:
        if re.fullmatch(r"\d+\.\d{1,2}", value):
            normal = value
        elif _INT_THOUSANDS_RE.fullmatch(value):
            normal = value.replace(".", "")
    if normal is None:
        raise CellError(
            _(
                "'%(value)s' is geen bedrag dat ik kan lezen. Schrijf bijvoorbeeld 1250, "
                "1.250,50 of 1250.50 (hoogstens twee cijfers achter de komma)."
            )
            % {"value": shown}
        )
    try:
        amount = Decimal(normal).quantize(Decimal("0.01"))
    except InvalidOperation as error:  # pragma: no cover - the patterns above exclude it
        raise CellError(_("'%(value)s' is geen bedrag.") % {"value": shown}) from error
    integer_digits = len(str(int(amount)))
    if column.max_digits and integer_digits > column.max_digits - 2:
        raise CellError(
            _("Het bedrag is te groot: hoogstens %(digits)s cijfers voor de komma.")
            % {"digits": column.max_digits - 2}
        )
    return amount


def parse_date(raw: str) -> datetime.date | None:
    value = raw.strip()
    if not value:
        return None
    match = _ISO_DATE_RE.match(value)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _DUTCH_DATE_RE.match(value)
        if not match:
            raise CellError(
                _(
                    "'%(value)s' is geen datum die ik kan lezen. Schrijf JJJJ-MM-DD "
                    "(2026-01-31) of DD-MM-JJJJ (31-01-2026)."
                )
                % {"value": value[:40]}
            )
        day, month, year = (int(part) for part in match.groups())
    try:
        date = datetime.date(year, month, day)
    except ValueError as error:
        raise CellError(
            _("De datum '%(value)s' bestaat niet. Controleer dag en maand.") % {"value": value}
        ) from error
    if not EARLIEST_DATE <= date <= LATEST_DATE:
        # The same bounds as every date typed in a form (core.validation.plausible_date).
        raise CellError(
            _("Het jaar in '%(value)s' klopt niet. Vul een datum in tussen 2000 en 2100.")
            % {"value": value}
        )
    return date


def parse_boolean(raw: str) -> bool | None:
    value = raw.strip().lower()
    if not value:
        return None
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise CellError(_("Schrijf ja of nee, niet '%(value)s'.") % {"value": raw.strip()[:40]})


def parse_url(column: Column, raw: str) -> str:
    value = raw.strip()
    if not value:
        return ""
    if column.max_length and len(value) > column.max_length:
        raise CellError(_("Het webadres is te lang (hoogstens %(max)s tekens).") % {"max": 500})
    try:
        _URL_VALIDATOR(value)
    except ValidationError as error:
        raise CellError(
            _("'%(value)s' is geen geldig webadres. Begin met https:// (bijvoorbeeld %(ex)s).")
            % {"value": value[:80], "ex": "https://www.kvk.nl/"}
        ) from error
    return value


def parse_email(column: Column, raw: str) -> str:
    value = raw.strip()
    if not value:
        return ""
    try:
        if column.max_length and len(value) > column.max_length:
            raise ValidationError("too long")
        _EMAIL_VALIDATOR(value)
    except ValidationError as error:
        raise CellError(
            _("'%(value)s' is geen geldig e-mailadres.") % {"value": value[:80]}
        ) from error
    return value


def parse_phone(column: Column, raw: str) -> str:
    value = raw.strip()
    if value.startswith(FORMULA_QUOTE):
        value = value[1:]
    if not value:
        return ""
    if not PHONE_RE.match(value):
        raise CellError(
            _(
                "'%(value)s' is geen telefoonnummer. Gebruik cijfers, spaties, + en -; "
                "hoogstens 30 tekens."
            )
            % {"value": value[:40]}
        )
    return value


def split_multi(raw: str) -> list[str]:
    """'a | b||c' -> ['a', 'b', 'c']."""
    return [part.strip() for part in raw.split(MULTI_SEPARATOR) if part.strip()]


@dataclass
class Lookup:
    """Resolves the codes (or Dutch labels/names) of one column to objects."""

    by_key: dict[str, Any]
    allowed: list[str]  # the codes to show in messages
    hint: str = ""  # shown instead of the allowed codes when there are many

    def resolve(self, column: Column, values: Iterable[str]) -> list[Any]:
        """The objects for `values`, in order and without repeats; all unknown ones in one error."""
        found: dict[int, Any] = {}
        unknown: list[str] = []
        for value in values:
            item = self.by_key.get(value.lower())
            if item is None:
                unknown.append(value[:60])
            else:
                found.setdefault(id(item), item)
        if unknown:
            listed = ", ".join(f"'{value}'" for value in unknown[:10])
            if len(self.allowed) <= 30:
                raise CellError(
                    _("Onbekend in %(column)s: %(values)s. Kies uit: %(allowed)s.")
                    % {
                        "column": column.header,
                        "values": listed,
                        "allowed": ", ".join(self.allowed),
                    }
                )
            raise CellError(
                _("Onbekend in %(column)s: %(values)s. %(hint)s")
                % {"column": column.header, "values": listed, "hint": self.hint}
            )
        return list(found.values())


def lookup_from(
    items: Iterable[Any],
    *,
    code: Callable[[Any], str],
    names: Callable[[Any], Iterable[str]],
    hint: str = "",
) -> Lookup:
    """Index items by code and by each name, case-insensitive; ambiguous names are dropped."""
    by_key: dict[str, Any] = {}
    ambiguous: set[str] = set()
    items = list(items)
    for item in items:
        for name in names(item):
            key = name.strip().lower()
            if key in by_key and by_key[key] is not item:
                ambiguous.add(key)
            by_key[key] = item
    for key in ambiguous:
        by_key.pop(key, None)
    for item in items:  # codes win over names
        by_key[code(item).lower()] = item
    return Lookup(by_key=by_key, allowed=[code(item) for item in items], hint=hint)


# --- formatting (export) -------------------------------------------------------------------


def format_amount(value: Decimal | None) -> str:
    return "" if value is None else str(Decimal(value).quantize(Decimal("0.01")))


def format_value(column: Column, value: Any, *, for_csv: bool) -> Any:
    """An offer's value for one column: a CSV cell (str) or a JSON value."""
    kind = column.kind
    if kind in {"codes", "areas"}:
        codes = list(value or [])
        return MULTI_SEPARATOR.join(codes) if for_csv else codes
    if value is None or value == "":
        return "" if for_csv else None
    if kind == "amount":
        return format_amount(value)
    if kind == "date":
        return value.isoformat()
    if kind == "boolean":
        if for_csv:
            return _("ja") if value else _("nee")
        return bool(value)
    if kind == "integer":
        return str(value) if for_csv else int(value)
    return str(value)


# --- documentation -------------------------------------------------------------------------

_KIND_TEXT = {
    "public_id": gettext_lazy("id (uuid)"),
    "text": gettext_lazy("tekst"),
    "longtext": gettext_lazy("tekst"),
    "provider": gettext_lazy("slug"),
    "code": gettext_lazy("code"),
    "codes": gettext_lazy("codes, gescheiden door |"),
    "integer": gettext_lazy("heel getal"),
    "scope": gettext_lazy("code"),
    "areas": gettext_lazy("codes, gescheiden door |"),
    "amount": gettext_lazy("bedrag"),
    "date": gettext_lazy("datum"),
    "boolean": gettext_lazy("ja/nee"),
    "url": gettext_lazy("webadres"),
    "email": gettext_lazy("e-mailadres"),
    "phone": gettext_lazy("telefoonnummer"),
}


def kind_text(column: Column) -> str:
    """What kind of value a column takes, in Dutch ("heel getal", "codes, gescheiden door |")."""
    return str(_KIND_TEXT[column.kind])


# Left out of the example file for an upload on the website: the provider is the uploader's
# own organisation, and an id only exists for offers Scharnier already has.
EXAMPLE_SKIPPED = ("public_id", "provider")


def example_rows() -> list[list[str]]:
    """A header row and one example offer: a file an editor can fill in and upload.

    Of the area columns only the one of the example's scope is filled: an offer for
    municipalities lists no provinces (the import refuses that combination).
    """
    columns = [c for c in COLUMNS if c.field not in EXAMPLE_SKIPPED]
    scope = next(c.example for c in COLUMNS if c.kind == "scope")
    area_of_scope = {"provincie": "provinces", "regio": "regions", "gemeente": "municipalities"}
    row = [
        "" if c.kind == "areas" and c.field != area_of_scope.get(scope) else c.example
        for c in columns
    ]
    return [[c.header for c in columns], row]


def render_markdown(vocabularies: dict[str, list[tuple[str, str]]]) -> str:
    """The documentation of the file format; `vocabularies` maps name -> [(code, label)]."""
    lines = [
        "# Bestandsformaat voor aanbod (import en export)",
        "",
        "<!-- Gegenereerd uit src/scharnier/catalog/fileformat.py met "
        "`python manage.py export_offers --docs`. Niet met de hand wijzigen. -->",
        "",
        "Met een bestand zet u veel aanbod tegelijk in Scharnier, of werkt u het bij. "
        "Een export uit Scharnier kunt u direct weer inlezen.",
        "",
        "## Bestand",
        "",
        "- **CSV**: de eerste regel bevat de kolomnamen hieronder. Scheidingsteken `;` "
        "(zoals Nederlandse Excel) of `,` (ook tab mag). Tekenset UTF-8 (met of zonder BOM) "
        "of Windows-1252. Hoofdletters, spaties en apostrofs in kolomnamen tellen niet "
        "(`Thema's` = `themas`).",
        "- **JSON**: een lijst van objecten met dezelfde namen als sleutels, of "
        '`{"offers": [...]}`. Meerdere waarden als lijst (`["weten", "willen"]`) of als '
        "tekst met `|`; getallen en `true`/`false` mogen als JSON-waarde.",
        "- Meerdere waarden in één cel scheidt u met `|`, bijvoorbeeld `weten|willen`.",
        "- Codes mogen ook als Nederlandse naam (`Financiering`), hoofdletters tellen niet.",
        "- Gebieden: provincies en gemeenten met CBS-code (`PV26`, `GM0363`) of naam, "
        "regio's met hun korte naam (`regio-zwolle`).",
        "- Datums: `2026-01-31` of `31-01-2026`. Ja/nee-velden: `ja` of `nee`. "
        "Bedragen: `1250`, `1.250,50` of `1250.50`.",
        "- Gewone tekst: HTML (zoals `<script>` of `<b>`) wordt geweigerd.",
        "- Een tekstcel in CSV die begint met `=` of `@` wordt geweigerd, omdat een spreadsheet "
        "die als formule kan uitvoeren. Bedoelt u het echt, zet er dan een `'` voor: "
        "`'=dit is tekst`. De export zet zelf een `'` voor elke cel die begint met "
        "`=`, `+`, `-`, `@`, tab of regeleinde; bij inlezen haalt Scharnier die `'` weer weg.",
        "",
        "## Inlezen",
        "",
        "- Alles of niets: bij één probleem wordt niets opgeslagen. U krijgt een lijst met "
        "alle problemen, met rij, kolom en uitleg. In CSV is rij 1 de kopregel en rij 2 het "
        "eerste aanbod (zoals in een spreadsheet); in JSON is rij 1 het eerste object.",
        "- Bijwerken gaat op `id` of op `kenmerk` (per aanbieder). Een aanbod dat niet "
        "verandert, telt als *ongewijzigd* en krijgt geen nieuwe versie. Twee keer hetzelfde "
        "bestand inlezen verandert dus niets.",
        "- Ontbreekt een kolom die niet verplicht is, dan blijft die waarde bij bestaand "
        "aanbod zoals hij was. Een lege cel maakt de waarde leeg.",
        "- Een kolom die Scharnier niet kent, is een probleem (tikfout?).",
        "- Bij een upload op de website hoort alles bij uw eigen organisatie; een rij met een "
        "andere aanbieder is een probleem.",
        "- Op de opdrachtregel: `python manage.py import_offers BESTAND [--provider SLUG] "
        "[--dry-run]`; export met `python manage.py export_offers [--format csv|json] "
        "[--provider SLUG] [-o BESTAND]`.",
        "",
        "## Kolommen",
        "",
        "| kolom | verplicht | soort waarde | uitleg | voorbeeld |",
        "| --- | --- | --- | --- | --- |",
    ]
    for column in COLUMNS:
        required = _("ja") if column.required else ""
        if column.header == "kenmerk":
            required = _("ja, tenzij id is ingevuld")
        if column.header == "aanbieder":
            required = _("ja, op de opdrachtregel zonder --provider")
        kind = kind_text(column)
        if column.max_length and column.kind in TEXT_KINDS:
            kind += _(", hoogstens %(max)s tekens") % {
                "max": f"{column.max_length:,}".replace(",", ".")
            }
        cells = [f"`{column.header}`", required, kind, str(column.description)]
        cells.append(f"`{column.example}`")
        # A "|" inside a Markdown table cell must be escaped (also inside code).
        lines.append("| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |")
    lines += ["", "## Codes", ""]
    for column in COLUMNS:
        if column.vocabulary:
            lines.append(f"### `{column.header}`")
            lines.append("")
            lines += [f"- `{code}`: {label}" for code, label in vocabularies[column.vocabulary]]
            lines.append("")
    lines.append("### `gebied`")
    lines.append("")
    lines += [f"- `{code}`: {label}" for code, label in vocabularies["scope_level"]]
    lines.append("")
    return "\n".join(lines)
