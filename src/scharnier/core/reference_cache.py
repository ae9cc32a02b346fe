"""Reference data (vocabularies, municipalities, shown offers) kept per process for a short while.

Every public filter form lists the same five vocabularies and 342 municipalities; asking the
database for them on each page was five to six round trips per page. They change rarely (by a
migration or in the admin), so each process keeps them as long as public pages are cached
(`SCHARNIER_PAGE_CACHE_SECONDS`): a change shows within that time, as on the cached pages
themselves. With the page cache off (tests), nothing is kept.

Objects that carry their own version (an offer's `updated_at`) are kept by `versioned_objects`:
a changed object is loaded again at once; only what hangs off it (a provider's name) may lag.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TypeVar

from django.conf import settings

K = TypeVar("K", bound=Hashable)
T = TypeVar("T")
# Bounds on what one process keeps: keyed values (e.g. meetings per region and themes) and
# versioned objects per namespace. The oldest go first.
MAX_VALUES = 5_000
MAX_OBJECTS = 3_000

_kept: OrderedDict[str, tuple[float, object]] = OrderedDict()
_objects: dict[str, OrderedDict[Hashable, tuple[float, object, object]]] = {}
_lock = threading.Lock()


def _seconds() -> int:
    return int(getattr(settings, "SCHARNIER_PAGE_CACHE_SECONDS", 0))


def reference_value(key: str, load: Callable[[], T]) -> T:
    """The value under `key`, loaded again when older than the page cache. Do not mutate it."""
    seconds = _seconds()
    if seconds <= 0:
        return load()
    now = time.monotonic()
    with _lock:
        kept = _kept.get(key)
    if kept is not None and now - kept[0] < seconds:
        return kept[1]  # type: ignore[return-value]
    value = load()
    with _lock:
        _kept[key] = (now, value)
        _kept.move_to_end(key)
        while len(_kept) > MAX_VALUES:
            _kept.popitem(last=False)
    return value


def reference_list(key: str, load: Callable[[], Iterable[T]]) -> list[T]:
    """A fresh copy of the list under `key`, loaded again when older than the page cache."""
    return list(reference_value(key, lambda: list(load())))


def versioned_objects(
    namespace: str,
    versions: Mapping[K, object],
    load: Callable[[list[K]], Mapping[K, T]],
) -> dict[K, T]:
    """The objects for `versions` (key -> version), loading only those not kept at that version.

    `load(keys)` returns key -> object; an object is kept with the version it was asked at and
    for at most the page-cache time. Objects are shared between requests: read them only.
    """
    seconds = _seconds()
    if seconds <= 0:
        return dict(load(list(versions)))
    now = time.monotonic()
    found: dict[K, T] = {}
    missing: list[K] = []
    with _lock:
        kept = _objects.setdefault(namespace, OrderedDict())
        for key, version in versions.items():
            entry = kept.get(key)
            if entry is not None and entry[1] == version and now - entry[0] < seconds:
                found[key] = entry[2]  # type: ignore[assignment]
                kept.move_to_end(key)
            else:
                missing.append(key)
    if missing:
        loaded = load(missing)
        with _lock:
            for key, obj in loaded.items():
                kept[key] = (now, versions[key], obj)
                kept.move_to_end(key)
            while len(kept) > MAX_OBJECTS:
                kept.popitem(last=False)
        found.update(loaded)
    return found


def forget_reference_lists() -> None:
    with _lock:
        _kept.clear()
        _objects.clear()
