"""Every landscape view can be exported: `?formaat=csv` or `?formaat=rapport` (HTML report)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from scharnier.core.exports import Table, csv_response

__all__ = ["Table", "csv_response", "export", "export_links", "report_response", "wants"]


def wants(request: HttpRequest) -> str:
    value = request.GET.get("formaat", "")
    return value if value in {"csv", "rapport"} else ""


def export_links(query: str = "") -> dict[str, str]:
    """Template context: this page as CSV and as report, keeping the page's filters (`query`)."""
    prefix = f"?{query}&" if query else "?"
    return {"csv_url": f"{prefix}formaat=csv", "report_url": f"{prefix}formaat=rapport"}


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
