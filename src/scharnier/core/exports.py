"""Tables as CSV downloads, in the form Dutch spreadsheet programs open without questions."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from django.http import HttpResponse


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    # Row header column: the first cell of each row names the row (th scope="row").
    row_headers: bool = True
    # Said in the table when it has no rows (pages only; the CSV stays empty).
    empty: str = ""


# A text cell starting with one of these is read as a formula by spreadsheet programs; texts
# that the public wrote (signal titles) could run one on an analyst's machine (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(cell: object) -> object:
    """`cell`, with a text that a spreadsheet would take for a formula quoted as plain text."""
    if isinstance(cell, str) and len(cell) > 1 and cell.startswith(FORMULA_START):
        try:
            float(cell)
        except ValueError:
            return "'" + cell
    return cell


def csv_response(filename: str, tables: list[Table]) -> HttpResponse:
    """One CSV file; several tables are separated by an empty line and their caption."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the accents correctly
    writer = csv.writer(response, delimiter=";")  # the list separator of a Dutch locale
    for number, table in enumerate(tables):
        if number:
            writer.writerow([])
        if len(tables) > 1:
            writer.writerow([table.caption])
        writer.writerow(table.headers)
        writer.writerows([spreadsheet_safe(cell) for cell in row] for row in table.rows)
    return response
