"""Finished export files on disk, so a download does not rebuild 25,000 offers every time.

A file is reused while the catalog is unchanged and the file is younger than `MAX_AGE`.
"Unchanged" is checked with a few aggregate queries: number of offers, last change, highest
id, number of organisations and regions, the date (statuses depend on it) and the language.
Changes that leave those alone (an organisation renamed, say) show up after `MAX_AGE`.
"""

import datetime
import hashlib
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from django.conf import settings
from django.db.models import Count, Max
from django.utils import timezone, translation

from scharnier.catalog.models import Offer
from scharnier.geography.models import Region
from scharnier.organisations.models import Organisation

from .collect import CatalogSnapshot, load_catalog

MAX_AGE = datetime.timedelta(minutes=15)


def cache_dir() -> Path:
    configured = getattr(settings, "SCHARNIER_OPEN_DATA_CACHE_DIR", None)
    return Path(configured) if configured else Path(settings.VAR_DIR) / "open-data"


def catalog_fingerprint() -> str:
    offers = Offer.objects.aggregate(count=Count("pk"), last=Max("updated_at"), top=Max("pk"))
    organisations = Organisation.objects.aggregate(count=Count("pk"), top=Max("pk"))
    regions = Region.objects.aggregate(count=Count("pk"), top=Max("pk"))
    parts = (
        offers,
        organisations,
        regions,
        timezone.localdate().isoformat(),
        translation.get_language(),
    )
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:24]


def export_file(name: str, render: Callable[[CatalogSnapshot], Iterator[str]]) -> Path:
    """The path of an up-to-date export called `name`, building it when needed."""
    directory = cache_dir()
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"{name}.{catalog_fingerprint()}"
    if path.exists() and time.time() - path.stat().st_mtime < MAX_AGE.total_seconds():
        return path
    snapshot = load_catalog()
    # Build under a private name and rename: readers never see half a file.
    partial = directory / f".{path.name}.{os.getpid()}.{threading.get_ident()}.partial"
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as handle:
            for chunk in render(snapshot):
                handle.write(chunk)
        os.replace(partial, path)
    finally:
        partial.unlink(missing_ok=True)
    for old in directory.glob(f"{name}.*"):
        if old != path:
            old.unlink(missing_ok=True)  # a reader that has it open keeps reading
    return path
