"""Reference lists (vocabularies, municipalities) kept per process for a short while.

Every public filter form lists the same five vocabularies and 342 municipalities; asking the
database for them on each page was five to six round trips per page. They change rarely (by a
migration or in the admin), so each process keeps them as long as public pages are cached
(`SCHARNIER_PAGE_CACHE_SECONDS`): a change shows within that time, as on the cached pages
themselves. With the page cache off (tests), nothing is kept.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings

T = TypeVar("T")
_kept: dict[str, tuple[float, object]] = {}
_lock = threading.Lock()


def reference_list(key: str, load: Callable[[], list[T]]) -> list[T]:
    """A fresh copy of the list under `key`, loaded again when older than the page cache."""
    seconds = int(getattr(settings, "SCHARNIER_PAGE_CACHE_SECONDS", 0))
    if seconds <= 0:
        return load()
    now = time.monotonic()
    with _lock:
        kept = _kept.get(key)
    if kept is not None and now - kept[0] < seconds:
        return list(kept[1])  # type: ignore[call-overload]
    rows = load()
    with _lock:
        _kept[key] = (now, list(rows))
    return list(rows)


def forget_reference_lists() -> None:
    with _lock:
        _kept.clear()
