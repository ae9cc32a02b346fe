"""The open-data page (every open-data file of the product) and the two catalog downloads.
Public: no login, never personal data.

Downloads are files built by `cache.export_file` and reused while the catalog is unchanged, so
a burst of downloads of a 25,000-offer catalog costs one export, not one per request.
"""

from collections.abc import Callable, Iterator

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from scharnier.catalog.models import Offer
from scharnier.learning.serializers import STORY_EXPORT_COLUMNS

from .cache import export_file
from .collect import PUBLIC_ORGANISATION_KINDS, CatalogSnapshot
from .cpsv import iter_cpsv_turtle
from .hsds import LICENSE_URL, iter_hsds_json

HSDS_FILENAME = "aanbod.hsds.json"
CPSV_FILENAME = "aanbod.ttl"
HSDS_CONTENT_TYPE = "application/json; charset=utf-8"
TURTLE_CONTENT_TYPE = "text/turtle; charset=utf-8"


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    listed = Offer.objects.publicly_listed()
    context = {
        "offer_count": listed.count(),
        "public_service_count": listed.filter(
            provider__kind__in=sorted(PUBLIC_ORGANISATION_KINDS)
        ).count(),
        "license_url": LICENSE_URL,
        "hsds_filename": HSDS_FILENAME,
        "cpsv_filename": CPSV_FILENAME,
        "story_columns": STORY_EXPORT_COLUMNS,
    }
    return render(request, "opendata/index.html", context)


def _download(
    name: str,
    render: Callable[[CatalogSnapshot], Iterator[str]],
    content_type: str,
    filename: str,
) -> FileResponse:
    path = export_file(name, render)
    response = FileResponse(
        path.open("rb"), as_attachment=True, filename=filename, content_type=content_type
    )
    # Open data: any website may fetch it; caches may keep it for a few minutes.
    response["Access-Control-Allow-Origin"] = "*"
    response["Cache-Control"] = "public, max-age=300"
    return response


@require_safe
def hsds_download(request: HttpRequest) -> FileResponse:
    return _download("hsds", iter_hsds_json, HSDS_CONTENT_TYPE, HSDS_FILENAME)


@require_safe
def cpsv_download(request: HttpRequest) -> FileResponse:
    return _download("cpsv", iter_cpsv_turtle, TURTLE_CONTENT_TYPE, CPSV_FILENAME)
