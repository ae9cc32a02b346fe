"""The CSV shapes of monitoring: one long format for every view, one open-data file.

Built only from `queries` (so the same protected figures as the pages), with the metric code,
version and unit in every row.
"""

from __future__ import annotations

import csv
import io

from django.utils.translation import gettext as _

from . import queries
from .models import MetricDefinition

VIEW_COLUMNS = (
    ("gebied", _("Code van het gebied: NL, RG:<regio> of GMxxxx (CBS-gemeentecode).")),
    ("periode", _("Periode: 'sinds de start', een halfjaar (2026-H1) of bij de "
                  "resultaatafspraken een jaar (2026).")),
    ("tabel", _("Welke tabel van de pagina.")),
    ("rij", _("Rij in de tabel. Bij de resultaatafspraken: het kengetal met nulmeting, doel "
              "of resultaat.")),
    ("waarde", _("Het cijfer; '<5' is 1 tot 4, 'verborgen' is weggelaten om een klein aantal "
                 "te beschermen.")),
    ("kengetal", _("Code van het kengetal in het register (zie /dashboard/definities/).")),
    ("versie", _("Versie van de definitie die het cijfer maakte.")),
    ("eenheid", _("Eenheid van het cijfer.")),
)  # fmt: skip


def agreement_rows(scope_code: str, year: int, rows) -> list[list[str]]:
    """A region's result agreements in the long format: baseline, target and actual per KPI,
    with the agreement's year as the period."""
    result = []
    for row in rows:
        for what, value in (
            (_("nulmeting"), row.baseline_display),
            (_("doel"), row.target_display),
            (_("resultaat"), row.actual_display),
        ):
            result.append([scope_code, str(year), _("resultaatafspraken"),
                           f"{row.metric_name}: {what}", value, row.metric_code,
                           str(row.metric_version), row.unit])  # fmt: skip
    return result


def view_rows(board: queries.Dashboard) -> list[list[str]]:
    scope, period = board.scope.code, board.period.label
    rows = []
    for figure in board.figures.values():
        rows.append([scope, period, "kengetallen", figure.name, figure.display, figure.code,
                     str(figure.version), figure.unit])  # fmt: skip
    for table in board.tables:
        for label, cell in table.rows:
            rows.append([scope, period, table.title, label, cell.display, table.metric.code,
                         str(table.metric.version), table.metric.unit])  # fmt: skip
        rows.append([scope, period, table.title, _("totaal"), table.total.display,
                     table.metric.code, str(table.metric.version), table.metric.unit])  # fmt: skip
    reached = board.figures["firms-reached"]
    for area in board.areas:
        rows.append([scope, period, _("bereik per gebied"), area.name, area.reached.display,
                     reached.code, str(reached.version), reached.unit])  # fmt: skip
    for point in board.trajectory:
        if point.cumulative.display:
            rows.append([scope, point.period.label, _("bereik opgeteld (afgerond op 5)"),
                         point.period.label, point.cumulative.display, reached.code,
                         str(reached.version), reached.unit])  # fmt: skip
    title = _("vergelijking per halfjaar")
    for row in board.benchmark:
        for period, cell in zip(board.periods, row.cells, strict=True):
            rows.append([scope, period.label, title, row.name, cell.display, reached.code,
                         str(reached.version), reached.unit])  # fmt: skip
    return rows


def to_csv(header, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def view_csv(board: queries.Dashboard, agreements: dict | None = None) -> str:
    """The page's CSV; `agreements` (a region's, from the view) adds the result agreements."""
    rows = view_rows(board)
    if agreements:
        rows += agreement_rows(board.scope.code, agreements["year"], agreements["rows"])
    return to_csv([name for name, _doc in VIEW_COLUMNS], rows)


OPEN_DATA_COLUMNS = (
    ("gebied", _("NL, of RG:<regio> voor een regio.")),
    ("gebied_naam", _("Naam van het gebied.")),
    ("periode", _("Halfjaar, bijvoorbeeld 2026-H1.")),
    ("kengetal", _("Code van het kengetal (zie /dashboard/definities/<code>/).")),
    ("kengetal_naam", _("Naam van het kengetal.")),
    ("versie", _("Versie van de definitie.")),
    ("eenheid", _("Eenheid.")),
    ("waarde", _("Het cijfer; '<5' is 1 tot 4; 'te weinig gegevens' bij een verhouding of "
                 "mediaan over minder dan 5.")),
)  # fmt: skip

# Figures that describe the register now, not a half-year: left out of the series.
CURRENT_STATE = {"offers", "cleanup-progress", "white-spots"}


def open_data_rows(scopes: list[queries.Scope]) -> list[list[str]]:
    rows = []
    for scope in scopes:
        for period in queries.half_years():
            for figure in queries.figures(scope, period).values():
                if figure.code in CURRENT_STATE:
                    continue
                rows.append([scope.code, scope.name, period.label, figure.code, figure.name,
                             str(figure.version), figure.unit, figure.display])  # fmt: skip
    return rows


def open_data_csv(scopes: list[queries.Scope]) -> str:
    return to_csv([name for name, _doc in OPEN_DATA_COLUMNS], open_data_rows(scopes))


def definitions_csv() -> str:
    header = ["kengetal", "versie", "geldig_vanaf", "naam", "definitie", "eenheid",
              "berekening", "periode", "eigenaar", "soorten_gebeurtenissen"]  # fmt: skip
    rows = [
        [
            d.code,
            d.version,
            d.valid_from.isoformat(),
            d.name,
            d.definition,
            d.unit,
            d.computation,
            d.period,
            d.owner,
            " ".join(d.event_kinds),
        ]  # fmt: skip
        for d in MetricDefinition.objects.order_by("code", "version")
    ]
    return to_csv(header, rows)
