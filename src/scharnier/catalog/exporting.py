"""Export offers as CSV or JSON in the import file format, so a file round-trips unchanged.

CSV is written for Dutch Excel: UTF-8 with BOM and `;` (or `,` on request). Every CSV cell
that a spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) gets a leading
"'"; the importer removes it again.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet

from scharnier.organisations.models import Organisation

from . import fileformat as ff
from .bulk import RelatedCache, chunked, offer_rows
from .models import Offer
from .services import plain_value

FORMATS = ("csv", "json")


def offers_for_export(
    provider: Organisation | None = None, *, include_archived: bool = False
) -> QuerySet[Offer]:
    queryset = Offer.objects.select_related("provider")
    if provider is not None:
        queryset = queryset.filter(provider=provider)
    if not include_archived:
        queryset = queryset.filter(is_archived=False)
    return queryset.order_by("provider__slug", "external_id", "pk")


def iter_records(offers: QuerySet[Offer], *, for_csv: bool) -> Iterator[dict[str, Any]]:
    """One dict per offer, keyed by column header, values formatted for CSV or JSON."""
    cache = RelatedCache()
    ids = list(offers.values_list("pk", flat=True))
    for chunk in chunked(ids, 1000):
        batch = list(offers.filter(pk__in=chunk))
        for offer, data in offer_rows(batch, cache):
            yield _record(offer, data, for_csv=for_csv)


def _record(offer: Offer, data: dict[str, Any], *, for_csv: bool) -> dict[str, Any]:
    record: dict[str, Any] = {}
    for column in ff.COLUMNS:
        if column.field == "public_id":
            value: Any = str(offer.public_id)
        elif column.field == "provider":
            value = offer.provider.slug
        elif column.is_multi:
            value = [plain_value(item) for item in data[column.field]]
            value.sort()
        elif column.kind == "code":
            value = data[column.field].code if data[column.field] else None
        else:
            value = data[column.field]
        value = ff.format_value(column, value, for_csv=for_csv)
        if for_csv:
            value = ff.neutralise_formula(value)
        record[column.header] = value
    return record


def export_offers(
    *,
    format: str = "csv",  # noqa: A002 - mirrors the command option
    provider: Organisation | None = None,
    delimiter: str = ";",
    include_archived: bool = False,
) -> bytes:
    """The offers (all, or one provider's) as a file in the import format."""
    offers = offers_for_export(provider, include_archived=include_archived)
    if format == "json":
        records = list(iter_records(offers, for_csv=False))
        return (json.dumps(records, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    if format != "csv":
        raise ValueError(f"unknown export format {format!r}")
    if delimiter not in {";", ","}:
        raise ValueError("delimiter must be ';' or ','")
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(
        buffer, fieldnames=list(ff.HEADERS), delimiter=delimiter, lineterminator="\r\n"
    )
    writer.writeheader()
    for record in iter_records(offers, for_csv=True):
        writer.writerow(record)
    return codecs.BOM_UTF8 + buffer.getvalue().encode("utf-8")
