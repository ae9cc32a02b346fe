"""Every landscape view can be exported: `?formaat=csv` or `?formaat=rapport` (HTML report)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone


@dataclass
class Table:
    caption: str
    headers: list[str]
    rows: list[list] = field(default_factory=list)
    # Row header column: the first cell of each row names the row (th scope="row").
    row_headers: bool = True


def wants(request: HttpRequest) -> str:
    value = request.GET.get("formaat", "")
    return value if value in {"csv", "rapport"} else ""


def export_links(query: str = "") -> dict[str, str]:
    """Template context: this page as CSV and as report, keeping the page's filters (`query`)."""
    prefix = f"?{query}&" if query else "?"
    return {"csv_url": f"{prefix}formaat=csv", "report_url": f"{prefix}formaat=rapport"}


def csv_response(filename: str, tables: list[Table]) -> HttpResponse:
    """One CSV file; several tables are separated by an empty line and their caption."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    response.write("\ufeff")  # so spreadsheet programs read the accents correctly
    writer = csv.writer(response, delimiter=";")
    for number, table in enumerate(tables):
        if number:
            writer.writerow([])
        if len(tables) > 1:
            writer.writerow([table.caption])
        writer.writerow(table.headers)
        writer.writerows(table.rows)
    return response


def report_response(
    request: HttpRequest, title: str, intro: list[str], tables: list[Table]
) -> HttpResponse:
    return render(
        request,
        "landscape/report.html",
        {"title": title, "intro": intro, "tables": tables, "generated_at": timezone.now()},
    )


def export(
    request: HttpRequest, filename: str, title: str, intro: list[str], tables: list[Table]
) -> HttpResponse | None:
    """The export the visitor asked for, or None for the normal page."""
    kind = wants(request)
    if kind == "csv":
        return csv_response(filename, tables)
    if kind == "rapport":
        return report_response(request, title, intro, tables)
    return None
