"""Import a CSV or JSON file of offers: check everything, then write all of it or nothing.

The web upload page, the `import_offers` command and tests call `import_offers`. The columns
are defined once in `fileformat`; the cross-field rules are `services.validate_offer_data` (via
`bulk`), so a file is held to the same rules as the forms and the API.

Row numbers: in a CSV the header is row 1 and the first offer row 2 (as a spreadsheet shows
it); in JSON row 1 is the first object. Texts with HTML are refused, not cleaned: what the
provider sees in their file is exactly what is published.
"""

from __future__ import annotations

import codecs
import csv
import difflib
import io
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scharnier.geography.models import Municipality, Province, Region
from scharnier.organisations.models import Organisation
from scharnier.organisations.permissions import Action, has_permission

from . import fileformat as ff
from .bulk import OfferInput, apply_plan, plan_offers
from .models import VOCABULARIES, ChangeSource, ScopeLevel
from .services import AREA_FIELDS

# Defaults of the limits (settings CATALOG_IMPORT_MAX_BYTES, _MAX_ROWS, _MAX_PROBLEMS): a file
# is refused before parsing above the size, and while reading above the row count, so that a
# hostile file cannot hold a worker for minutes; the problem list is capped.
MAX_FILE_BYTES = 10 * 1024 * 1024
MAX_ROWS = 50_000
MAX_PROBLEMS = 100
MAX_COLUMNS = 200


def max_file_bytes() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_BYTES", MAX_FILE_BYTES)


def max_rows() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_ROWS", MAX_ROWS)


def max_problems() -> int:
    return getattr(settings, "CATALOG_IMPORT_MAX_PROBLEMS", MAX_PROBLEMS)


def size_problem(size: int) -> str:
    """Dutch message for a file above the size limit (also used by the upload form)."""
    limit = max_file_bytes()
    return _(
        "Het bestand is te groot (%(size)s). Het mag hoogstens %(max)s zijn. Splits het in "
        "kleinere bestanden."
    ) % {"size": _megabytes(size), "max": _megabytes(limit)}


def _megabytes(size: int) -> str:
    tenths = -(-size * 10 // (1024 * 1024))  # rounded up: just over the limit shows as over
    return f"{tenths // 10},{tenths % 10} MB"


_BINARY_SIGNATURES = {
    b"PK\x03\x04": "zip",  # xlsx, ods, docx
    b"\xd0\xcf\x11\xe0": "ole",  # old .xls
    b"%PDF": "pdf",
}
_SPREADSHEET_EXTENSIONS = {"xlsx", "xls", "xlsm", "ods", "numbers"}
# UTF-8 bytes read as Windows-1252 ("Ã©" for "é"): the file mixes two encodings.
_MOJIBAKE_RE = re.compile(
    "[\u00c2\u00c3][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
)  # noqa: E501
_CSV_FIELD_LIMIT = csv.field_size_limit()
# A lone UTF-16 surrogate can only come from a JSON escape such as "\ud800"; it cannot be
# stored or shown (PostgreSQL and the page encoder refuse it).
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


@dataclass
class ImportProblem:
    row: int | None  # see module docstring; None for the file as a whole
    field: str | None  # column header
    message: str  # Dutch


@dataclass
class ImportReport:
    created: int
    updated: int
    unchanged: int
    problems: list[ImportProblem] = field(default_factory=list)
    dry_run: bool = False
    # All problems found; `problems` holds only the first `max_problems()` of them.
    problem_count: int = 0

    def __post_init__(self) -> None:
        self.problem_count = max(self.problem_count, len(self.problems))

    @property
    def more_problems(self) -> int:
        return self.problem_count - len(self.problems)

    @property
    def ok(self) -> bool:
        return not self.problems


class UnreadableFileError(Exception):
    """The file as a whole cannot be read."""

    def __init__(self, message: str, row: int | None = None, field: str | None = None):
        super().__init__(message)
        self.problem = ImportProblem(row=row, field=field, message=message)


@dataclass
class RawRow:
    row: int
    cells: dict[str, Any]  # header -> raw value (str for CSV; JSON value for JSON)


@dataclass
class RawTable:
    is_csv: bool
    headers: list[str]  # normalised headers (CSV) or every key seen (JSON)
    rows: list[RawRow]
    problems: list[ImportProblem]


def import_offers(
    *,
    content: bytes,
    filename: str,
    actor,
    provider: Organisation | None = None,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Check a file of offers and, if there is no problem and not `dry_run`, save all of it.

    `provider` given: every row belongs to it (an editor's upload). `provider=None`: each row
    names its provider in `aanbieder`. `actor=None` is the trusted command line; otherwise the
    actor needs CREATE_OFFER/CHANGE_OFFER for each provider.
    """

    def failed(problems: list[ImportProblem]) -> ImportReport:
        problems.sort(key=_problem_order)
        cap = max_problems()
        return ImportReport(
            0,
            0,
            0,
            problems=problems[:cap],
            dry_run=dry_run,
            problem_count=len(problems) + dropped["count"],
        )

    # Beyond a generous multiple of the cap, row problems are only counted (bounded memory).
    dropped = {"count": 0}
    keep_limit = max_problems() * 10

    if provider is not None and actor is not None:
        if not has_permission(actor, Action.CREATE_OFFER, provider):
            return failed(
                [
                    ImportProblem(
                        None,
                        None,
                        _("U mag geen aanbod invoeren voor %(provider)s.")
                        % {"provider": provider.name},
                    )
                ]
            )
    try:
        table = read_table(content, filename)
    except UnreadableFileError as error:
        return failed([error.problem])
    problems = list(table.problems)
    problems += _check_headers(table, provider)
    if any(p.row is None for p in problems):
        # Without the right columns, row-by-row messages would only repeat the same cause.
        return failed(problems)

    lookups = _lookups()
    organisations = _organisations(table, provider)
    inputs: list[OfferInput] = []
    input_rows: list[int] = []
    seen_keys: dict[tuple[int, str], int] = {}
    seen_ids: dict[uuid.UUID, int] = {}
    total = len(table.rows)
    for number, raw in enumerate(table.rows, start=1):
        row_problems, item = _parse_row(raw, table.is_csv, lookups, provider, organisations)
        if item is not None:
            external_id = item.data.get("external_id") or ""
            if external_id:
                key = (item.provider.pk, external_id)
                if key in seen_keys:
                    row_problems.append(
                        ImportProblem(
                            raw.row,
                            "kenmerk",
                            _("Het kenmerk '%(value)s' staat ook in rij %(row)s.")
                            % {"value": external_id[:100], "row": seen_keys[key]},
                        )
                    )
                else:
                    seen_keys[key] = raw.row
            if item.public_id:
                if item.public_id in seen_ids:
                    row_problems.append(
                        ImportProblem(
                            raw.row,
                            "id",
                            _("Dit id staat ook in rij %(row)s.")
                            % {"row": seen_ids[item.public_id]},
                        )
                    )
                else:
                    seen_ids[item.public_id] = raw.row
        if row_problems:
            room = max(0, keep_limit - len(problems))
            problems += row_problems[:room]
            dropped["count"] += len(row_problems) - len(row_problems[:room])
        elif item is not None:
            inputs.append(item)
            input_rows.append(raw.row)
        if progress and number % 1000 == 0:
            progress(number, total)

    try:
        with transaction.atomic():
            # Field checks are done above with column-specific messages; cross-field rules run here.
            plan = plan_offers(inputs, actor=actor, check_fields=False)
            problems += [
                ImportProblem(input_rows[p.index], ff.header_for(p.field or ""), p.message)
                if p.field
                else ImportProblem(input_rows[p.index], None, p.message)
                for p in plan.problems
            ]
            if problems:
                return failed(problems)
            if dry_run:
                report = ImportReport(
                    len(plan.creates), len(plan.updates), len(plan.unchanged), dry_run=True
                )
            else:
                result = apply_plan(plan, actor=actor, source=ChangeSource.IMPORT)
                report = ImportReport(
                    len(result.created), len(result.updated), len(result.unchanged)
                )
    except IntegrityError:
        return failed(
            [
                ImportProblem(
                    None,
                    None,
                    _(
                        "Opslaan is niet gelukt: iemand anders wijzigde tegelijk hetzelfde "
                        "aanbod. Er is niets opgeslagen. Probeer het opnieuw."
                    ),
                )
            ]
        )
    if progress:
        progress(total, total)
    return report


def _problem_order(problem: ImportProblem) -> tuple:
    column = ff.HEADERS.index(problem.field) if problem.field in ff.HEADERS else len(ff.HEADERS)
    return (problem.row is not None, problem.row or 0, column)


# --- reading the file ------------------------------------------------------------------------


def decode(content: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 (Dutch Excel)."""
    for signature in _BINARY_SIGNATURES:
        if content.startswith(signature):
            raise UnreadableFileError(
                _(
                    "Dit is geen CSV- of JSON-bestand (het lijkt een Excel-, zip- of "
                    "PDF-bestand). Sla het in uw spreadsheet op als 'CSV UTF-8' en probeer "
                    "het opnieuw."
                )
            )
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[len(codecs.BOM_UTF8) :].decode("utf-8")
        except UnicodeDecodeError as error:
            raise UnreadableFileError(_encoding_message(content, error)) from error
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16")
        except UnicodeDecodeError as error:
            raise UnreadableFileError(_encoding_message(content, error)) from error
    if b"\x00" in content:
        raise UnreadableFileError(
            _(
                "Dit is geen tekstbestand: er staan binaire gegevens in. Gebruik een CSV- of "
                "JSON-bestand (tekenset UTF-8)."
            )
        )
    try:
        return content.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        text = content.decode("cp1252")
    except UnicodeDecodeError as error:
        raise UnreadableFileError(_encoding_message(content, error)) from error
    if _MOJIBAKE_RE.search(text):
        raise UnreadableFileError(
            _(
                "Het bestand mengt twee tekensets (UTF-8 en Windows-1252), waardoor letters als "
                "é en ë niet goed te lezen zijn. Sla het opnieuw op als 'CSV UTF-8'."
            )
        )
    return text


def _encoding_message(content: bytes, error: UnicodeDecodeError) -> str:
    line = content[: error.start].count(b"\n") + 1
    return _(
        "De tekens in het bestand zijn niet te lezen (regel %(line)s). Sla het bestand op als "
        "'CSV UTF-8' of als JSON in UTF-8."
    ) % {"line": line}


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    if not sample:
        return False
    controls = sum(1 for char in sample if ord(char) < 32 and char not in "\t\r\n")
    return controls / len(sample) > 0.02


def read_table(content: bytes, filename: str) -> RawTable:
    if len(content) > max_file_bytes():
        raise UnreadableFileError(size_problem(len(content)))
    extension = filename.lower().rsplit(".", 1)[-1] if "." in filename else ""
    if extension in _SPREADSHEET_EXTENSIONS:
        raise UnreadableFileError(
            _(
                "Een spreadsheetbestand (.%(ext)s) kan Scharnier niet lezen. Sla het op als "
                "'CSV UTF-8' of JSON en probeer het opnieuw."
            )
            % {"ext": extension}
        )
    text = decode(content)
    if not text.strip():
        raise UnreadableFileError(_("Het bestand is leeg."))
    if _looks_binary(text):
        raise UnreadableFileError(
            _("Dit is geen CSV- of JSON-bestand: er staan vooral onleesbare tekens in.")
        )
    looks_json = text.lstrip()[:1] in "[{"
    if extension == "json" or (extension not in {"csv", "txt", "tsv"} and looks_json):
        return _read_json(text)
    return _read_csv(text)


def _sniff_delimiter(text: str) -> str:
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {delimiter: first_line.count(delimiter) for delimiter in (";", ",", "\t")}
    return max(counts, key=lambda delimiter: counts[delimiter])


def _read_csv(text: str) -> RawTable:
    record = 0
    # Excel understands (and sometimes writes) a first line "sep=;" naming the delimiter; it
    # does not show that line, so it does not count as a row.
    sep_line = re.match(r"\s*sep=([;,\t])[^\n]*\n", text, re.I)
    if sep_line:
        delimiter = sep_line.group(1)
        text = text[sep_line.end() :]
    else:
        delimiter = _sniff_delimiter(text)
    # strict: an opening quote that is never closed is an error, not the rest of the file
    # swallowed into one cell.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    problems: list[ImportProblem] = []
    rows: list[RawRow] = []
    headers: list[str] | None = None
    limit = max_rows()
    try:
        for cells in reader:
            record += 1
            if record > limit + 1:  # the header is record 1
                raise UnreadableFileError(_too_many_rows(limit), row=record)
            if headers is None:
                if not any(cell.strip() for cell in cells):
                    record -= 1  # blank lines before the header do not count
                    continue
                headers = [ff.normalise_header(cell) for cell in cells]
                while headers and not headers[-1]:
                    headers.pop()  # Excel sometimes adds empty trailing columns
                if len(headers) > MAX_COLUMNS:
                    raise UnreadableFileError(_too_many_columns(len(headers)), row=record)
                continue
            if not any(cell.strip() for cell in cells):
                continue  # empty rows (often ;;;; at the end of an Excel export)
            if len(cells) > len(headers):
                extra = cells[len(headers) :]
                if any(cell.strip() for cell in extra):
                    problems.append(
                        ImportProblem(
                            record,
                            None,
                            _(
                                "Deze rij heeft %(cells)s cellen, maar de kopregel heeft "
                                "%(headers)s kolommen. Staat er een %(delimiter)s te veel "
                                "in een tekst? Zet dan aanhalingstekens om die tekst."
                            )
                            % {
                                "cells": len(cells),
                                "headers": len(headers),
                                "delimiter": delimiter.replace("\t", "tab"),
                            },
                        )
                    )
                    continue
            cells = cells + [""] * (len(headers) - len(cells))
            rows.append(
                RawRow(
                    record,
                    {header: cells[i] for i, header in enumerate(headers) if header},
                )
            )
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            message = _(
                "Een cel in deze rij is veel te groot (meer dan %(limit)s tekens). Het bestand "
                "is niet ingelezen."
            ) % {"limit": f"{_CSV_FIELD_LIMIT:,}".replace(",", ".")}
        else:
            message = _(
                "De CSV-opbouw klopt niet vanaf deze rij (aanhalingstekens of scheidingstekens). "
                "Het bestand is niet ingelezen."
            )
        raise UnreadableFileError(message, row=record + 1) from error
    if headers is None:
        raise UnreadableFileError(_("Het bestand is leeg."))
    if not rows and not problems:
        raise UnreadableFileError(_("Het bestand bevat alleen een kopregel en geen aanbod."), row=1)
    return RawTable(is_csv=True, headers=headers, rows=rows, problems=problems)


def _too_many_rows(limit: int) -> str:
    return _(
        "Het bestand heeft meer dan %(max)s rijen. Zoveel kan niet in één keer: splits het in "
        "kleinere bestanden. Er is niets ingelezen."
    ) % {"max": f"{limit:,}".replace(",", ".")}


def _too_many_columns(count: int) -> str:
    return _(
        "Het bestand heeft %(count)s kolommen; aanbod heeft er hoogstens %(max)s. Controleer de "
        "kopregel en het scheidingsteken. Er is niets ingelezen."
    ) % {"count": f"{count:,}".replace(",", "."), "max": MAX_COLUMNS}


class _BadNumberError(ValueError):
    """A JSON number Scharnier refuses (NaN, Infinity, or too large)."""


def _refuse_constant(name: str) -> float:
    raise _BadNumberError(
        _(
            "De JSON bevat '%(value)s'. Dat is geen geldig getal in JSON; het bestand is niet "
            "ingelezen."
        )
        % {"value": name}
    )


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise _BadNumberError(
            _("Een getal in de JSON is te groot (%(value)s). Het bestand is niet ingelezen.")
            % {"value": text[:40]}
        )
    return value


def _read_json(text: str) -> RawTable:
    try:
        data = json.loads(text, parse_constant=_refuse_constant, parse_float=_finite_float)
    except json.JSONDecodeError as error:
        raise UnreadableFileError(
            _(
                "Dit is geen geldige JSON (regel %(line)s, teken %(column)s). Controleer komma's, "
                "aanhalingstekens en haakjes."
            )
            % {"line": error.lineno, "column": error.colno}
        ) from error
    except _BadNumberError as error:
        raise UnreadableFileError(str(error)) from error
    except ValueError as error:
        # Python refuses integers of more than 4,300 digits (int_max_str_digits).
        raise UnreadableFileError(
            _(
                "Er staat een getal met duizenden cijfers in de JSON. Zo'n getal hoort niet in "
                "een aanbodbestand; het bestand is niet ingelezen."
            )
        ) from error
    except RecursionError as error:
        raise UnreadableFileError(_("De JSON is te diep genest.")) from error
    if isinstance(data, dict) and "offers" in data:
        data = data["offers"]
    if not isinstance(data, list):
        raise UnreadableFileError(
            _('Verwacht een JSON-lijst van aanbod: [{...}, {...}] of {"offers": [...]}.')
        )
    if not data:
        raise UnreadableFileError(_("Het bestand bevat geen aanbod (de lijst is leeg)."))
    if len(data) > max_rows():
        raise UnreadableFileError(_too_many_rows(max_rows()))
    problems: list[ImportProblem] = []
    rows: list[RawRow] = []
    seen: dict[str, None] = {}
    for number, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            problems.append(
                ImportProblem(
                    number, None, _("Verwacht een object {...} met de velden van aanbod.")
                )
            )
            continue
        cells = {}
        for key, value in item.items():
            if _SURROGATE_RE.search(key):
                raise UnreadableFileError(_surrogate_message(), row=number)
            header = ff.normalise_header(str(key))
            seen.setdefault(header, None)
            cells[header] = value
        if len(seen) > MAX_COLUMNS:
            raise UnreadableFileError(_too_many_columns(len(seen)), row=number)
        rows.append(RawRow(number, cells))
    return RawTable(is_csv=False, headers=list(seen), rows=rows, problems=problems)


def _check_headers(table: RawTable, provider: Organisation | None) -> list[ImportProblem]:
    problems = []
    counts: dict[str, int] = {}
    for header in table.headers:
        counts[header] = counts.get(header, 0) + 1
    for header, count in counts.items():
        if header and count > 1:
            problems.append(
                ImportProblem(
                    None,
                    header,
                    _("De kolom '%(column)s' staat %(count)s keer in de kopregel.")
                    % {"column": header, "count": count},
                )
            )
        if header and header not in ff.COLUMNS_BY_HEADER:
            suggestion = difflib.get_close_matches(header, ff.HEADERS, n=1, cutoff=0.75)
            if suggestion:
                message = _("Onbekende kolom '%(column)s'. Bedoelt u '%(suggestion)s'?") % {
                    "column": header[:60],
                    "suggestion": suggestion[0],
                }
            else:
                message = _("Onbekende kolom '%(column)s'. Toegestane kolommen: %(allowed)s.") % {
                    "column": header[:60],
                    "allowed": ", ".join(ff.HEADERS),
                }
            problems.append(ImportProblem(None, header[:60], message))
    if "" in counts and table.is_csv:
        problems.append(ImportProblem(None, None, _("Een kolom in de kopregel heeft geen naam.")))
    if table.is_csv:
        present = set(counts)
        missing = [h for h in ff.REQUIRED_HEADERS if h not in present]
        if "kenmerk" in missing and "id" in present:
            missing.remove("kenmerk")
        if provider is None and "aanbieder" not in present:
            missing.append("aanbieder")
        for header in missing:
            problems.append(
                ImportProblem(
                    None,
                    header,
                    _("De verplichte kolom '%(column)s' ontbreekt in de kopregel.")
                    % {"column": header},
                )
            )
    return problems


# --- reading one row -------------------------------------------------------------------------


@dataclass
class _Lookups:
    by_vocabulary: dict[str, ff.Lookup]
    scope: ff.Lookup
    provinces: ff.Lookup
    regions: ff.Lookup
    municipalities: ff.Lookup


def _lookups() -> _Lookups:
    vocabularies = {
        name: ff.lookup_from(model.objects.all(), code=lambda t: t.code, names=lambda t: [t.label])
        for name, model in VOCABULARIES.items()
    }
    level_names: dict[str, list[str]] = {
        level.value: [str(level.label), re.sub(r"\(.*?\)", "", str(level.label))]
        for level in ScopeLevel
    }
    for level, area_field in AREA_FIELDS.items():
        level_names[level].append(ff.header_for(area_field))
    scope = ff.lookup_from(
        [level.value for level in ScopeLevel], code=lambda v: v, names=lambda v: level_names[v]
    )
    return _Lookups(
        by_vocabulary=vocabularies,
        scope=scope,
        provinces=ff.lookup_from(
            Province.objects.all(),
            code=lambda p: p.code,
            names=lambda p: [p.name],
            hint=_("Gebruik de CBS-code, zoals PV26."),
        ),
        regions=ff.lookup_from(
            Region.objects.all(),
            code=lambda r: r.slug,
            names=lambda r: [r.name],
            hint=_("Gebruik de korte naam van de regio, zoals op de regiopagina."),
        ),
        municipalities=ff.lookup_from(
            Municipality.objects.select_related("province"),
            code=lambda m: m.code,
            names=lambda m: [m.name],
            hint=_("Gebruik de CBS-code, zoals GM0363."),
        ),
    )


def _organisations(table: RawTable, provider: Organisation | None) -> dict[str, Organisation]:
    if provider is not None:
        return {provider.slug: provider}
    slugs = {
        str(raw.cells.get("aanbieder") or "").strip().lower()
        for raw in table.rows
        if isinstance(raw.cells.get("aanbieder"), str)
    }
    slugs.discard("")
    found: dict[str, Organisation] = {}
    ordered = sorted(slugs)
    for start in range(0, len(ordered), 900):
        for organisation in Organisation.objects.filter(slug__in=ordered[start : start + 900]):
            found[organisation.slug] = organisation
    return found


def _surrogate_message() -> str:
    return _(
        "Hier staat een ongeldig teken: een losse code zoals \\ud800 in de JSON. Haal dat teken "
        "weg of sla het bestand opnieuw op als UTF-8."
    )


def _json_cell(column: ff.Column, value: Any) -> str:
    """A JSON value as the text a CSV cell would hold."""
    if isinstance(value, str) and _SURROGATE_RE.search(value):
        raise ff.CellError(_surrogate_message())
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list) and column.is_multi:
        parts = []
        for item in value:
            if isinstance(item, bool) or not isinstance(item, str | int):
                raise ff.CellError(_("Verwacht een lijst met codes (tekst)."))
            if isinstance(item, str) and _SURROGATE_RE.search(item):
                raise ff.CellError(_surrogate_message())
            parts.append(str(item))
        return ff.MULTI_SEPARATOR.join(parts)
    if isinstance(value, list):
        raise ff.CellError(_("Verwacht één waarde, geen lijst."))
    raise ff.CellError(_("Verwacht tekst, een getal of een lijst, geen object."))


_AREA_LOOKUP = {"provinces": "provinces", "regions": "regions", "municipalities": "municipalities"}
_REQUIRED_VALUE_MESSAGES = {
    "title": gettext_lazy("Vul een titel in."),
    "summary": gettext_lazy("Vul een samenvatting in."),
    "offer_type": gettext_lazy("Vul de soort aanbod in (een code)."),
}


def _parse_cell(column: ff.Column, raw: str, lookups: _Lookups, from_csv: bool) -> Any:
    kind = column.kind
    if kind in ff.TEXT_KINDS:
        return ff.parse_text(column, raw, from_csv=from_csv)
    if kind == "code":
        values = ff.split_multi(raw)
        if len(values) > 1:
            raise ff.CellError(_("Vul hier één code in, niet meer."))
        found = lookups.by_vocabulary[column.vocabulary].resolve(column, values)
        return found[0] if found else None
    if kind == "codes":
        return lookups.by_vocabulary[column.vocabulary].resolve(column, ff.split_multi(raw))
    if kind == "areas":
        lookup = getattr(lookups, _AREA_LOOKUP[column.field])
        return lookup.resolve(column, ff.split_multi(raw))
    if kind == "scope":
        found = lookups.scope.resolve(column, ff.split_multi(raw))
        if len(found) > 1:
            raise ff.CellError(_("Vul hier één gebied in, niet meer."))
        return found[0] if found else None
    if kind == "integer":
        return ff.parse_integer(column, raw)
    if kind == "amount":
        return ff.parse_amount(column, raw)
    if kind == "date":
        return ff.parse_date(raw)
    if kind == "boolean":
        return ff.parse_boolean(raw)
    if kind == "url":
        return ff.parse_url(column, raw)
    if kind == "email":
        return ff.parse_email(column, raw)
    if kind == "phone":
        return ff.parse_phone(column, raw)
    if kind == "public_id":
        value = raw.strip()
        if not value:
            return None
        try:
            return uuid.UUID(value)
        except ValueError as error:
            raise ff.CellError(
                _("'%(value)s' is geen geldig id. Laat de kolom id leeg voor nieuw aanbod.")
                % {"value": value[:60]}
            ) from error
    if kind == "provider":
        return raw.strip().lower()
    raise AssertionError(f"unknown column kind {kind}")  # pragma: no cover


def _parse_row(
    raw: RawRow,
    is_csv: bool,
    lookups: _Lookups,
    provider: Organisation | None,
    organisations: dict[str, Organisation],
) -> tuple[list[ImportProblem], OfferInput | None]:
    problems: list[ImportProblem] = []
    values: dict[str, Any] = {}
    for header, value in raw.cells.items():
        column = ff.COLUMNS_BY_HEADER.get(header)
        if column is None:
            continue  # reported once for the whole file
        try:
            text = value if is_csv else _json_cell(column, value)
            values[column.field] = _parse_cell(column, text, lookups, is_csv)
        except ff.CellError as error:
            problems.append(ImportProblem(raw.row, header, str(error)))

    if not is_csv:
        for header in ff.REQUIRED_HEADERS:
            if header not in raw.cells and not (header == "kenmerk" and "id" in raw.cells):
                problems.append(
                    ImportProblem(
                        raw.row, header, _("Het veld '%(column)s' ontbreekt.") % {"column": header}
                    )
                )
    for name, message in _REQUIRED_VALUE_MESSAGES.items():
        header = ff.header_for(name)
        if header in raw.cells and name in values and not values[name]:
            problems.append(ImportProblem(raw.row, header, str(message)))
    if not values.get("external_id") and not values.get("public_id"):
        if "kenmerk" in raw.cells or "id" in raw.cells:
            problems.append(
                ImportProblem(
                    raw.row,
                    "kenmerk",
                    _(
                        "Vul een kenmerk in: uw eigen code voor dit aanbod, zodat een volgende "
                        "upload het kan bijwerken."
                    ),
                )
            )

    owner = _row_provider(raw, values.pop("provider", None), provider, organisations, problems)
    public_id = values.pop("public_id", None)
    if problems or owner is None:
        return problems, None

    data = dict(values)
    # Empty booleans and an empty scope mean "not given": keep the value or the default.
    for name in ("is_structural", "has_impact_data", "scope_level"):
        if name in data and data[name] is None:
            del data[name]
    if "scope_level" not in data:
        filled = [level for level, name in AREA_FIELDS.items() if data.get(name)]
        if len(filled) == 1:
            data["scope_level"] = filled[0]
    if "scope_level" in data:
        # Areas of another level that the file does not mention are cleared with the change.
        wanted = AREA_FIELDS.get(data["scope_level"])
        for name in AREA_FIELDS.values():
            if name != wanted and name not in data:
                data[name] = []
    return problems, OfferInput(provider=owner, data=data, public_id=public_id)


def _row_provider(
    raw: RawRow,
    named: str | None,
    provider: Organisation | None,
    organisations: dict[str, Organisation],
    problems: list[ImportProblem],
) -> Organisation | None:
    if provider is not None:
        if named and named not in {provider.slug, provider.name.lower()}:
            problems.append(
                ImportProblem(
                    raw.row,
                    "aanbieder",
                    _(
                        "Deze rij hoort bij aanbieder '%(named)s', maar u voert aanbod in voor "
                        "%(provider)s. U kunt alleen aanbod van uw eigen organisatie invoeren; "
                        "laat de kolom leeg of vul '%(slug)s' in."
                    )
                    % {"named": named[:80], "provider": provider.name, "slug": provider.slug},
                )
            )
            return None
        return provider
    if not named:
        problems.append(
            ImportProblem(
                raw.row,
                "aanbieder",
                _("Vul de aanbieder in: de korte naam (slug) van de organisatie."),
            )
        )
        return None
    organisation = organisations.get(named)
    if organisation is None:
        problems.append(
            ImportProblem(
                raw.row,
                "aanbieder",
                _(
                    "Onbekende aanbieder '%(named)s'. Gebruik de korte naam (slug) van de "
                    "organisatie."
                )
                % {"named": named[:80]},
            )
        )
    return organisation
