"""Rollups: outcome events turned into additive counts per bucket x region x municipality.

The bucket is a month (default) or a day (`MONITORING_ROLLUP_BUCKET`); a firm's stages keep
their exact day in `FirmFunnel`.

Two kinds of measure land in `OutcomeRollup`:

- event counts: measure = the event kind, per dimension value (door, theme, size class, sector,
  phase; "" is the total), plus a histogram ("value" dimension) for kinds that carry a number;
- funnel stages: measure = "firms_reached" / "firms_activated" / "firms_supported", counted on
  the day a firm *first* reached that stage, so that summing days gives unique firms.

A subject (a question, a plan, a participant) is counted where it is now: a question that moved
to another region moves all its counts with it. A firm is a KvK key, or the subject when no key
was given; it is counted where the subject of its first stage event is.

`apply_new_events` keeps everything current in the same transaction as the events;
`rebuild` recomputes everything from the events (the command `rebuild_outcome_rollups`).
"""

from __future__ import annotations

import datetime
import json
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models import Max

from .models import (
    FirmFunnel,
    MetricDefinition,
    OutcomeEvent,
    OutcomeEventKind,
    OutcomeRollup,
    SubjectLink,
)
from .registry import DEFAULT_STAGE_KINDS, DIMENSIONS, FUNNEL_STAGES, STAGE_METRIC, VALUE_KINDS

logger = logging.getLogger(__name__)
FIRM_DIMENSIONS = ("", "size_class", "sector", "door")
EVENT_FIELDS = (
    "id",
    "kind",
    "occurred_at",
    "region_id",
    "municipality_id",
    "themes",
    "size_class",
    "sector",
    "door",
    "phase",
    "subject",
    "value",
    "firm_key",
    "quantity",
)
Key = tuple[datetime.date, int, int, str, str, str]


VERSION_KEY = "monitoring:rollup-version"


def bump_version() -> None:
    """Figures cached by `queries` are keyed by this version: new rollups, new figures."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)
    except Exception:  # noqa: BLE001 - a cache outage must not stop the recording
        logger.warning("monitoring: rollup version not bumped (cache unavailable)")


def rollup_version() -> int:
    try:
        return cache.get_or_set(VERSION_KEY, 1, None)
    except Exception:  # noqa: BLE001
        return 0


def firm_measure(stage: str) -> str:
    return f"firms_{stage}"


def stage_kinds() -> dict[str, frozenset[str]]:
    """The event kinds of each funnel stage, from the newest version of each definition."""
    kinds = {stage: frozenset(DEFAULT_STAGE_KINDS[stage]) for stage in FUNNEL_STAGES}
    codes = {code: stage for stage, code in STAGE_METRIC.items()}
    for definition in MetricDefinition.objects.filter(code__in=codes).order_by("code", "version"):
        kinds[codes[definition.code]] = frozenset(definition.event_kinds)
    return kinds


_TZ: ZoneInfo | None = None


def local_day(moment: datetime.datetime) -> datetime.date:
    global _TZ
    if _TZ is None:
        _TZ = ZoneInfo(settings.TIME_ZONE)
    return moment.astimezone(_TZ).date()


@dataclass
class Row:
    """One event as a plain tuple-like record (from `values_list(*EVENT_FIELDS)`)."""

    id: int
    kind: str
    occurred_at: datetime.datetime
    region_id: int | None
    municipality_id: int | None
    themes: list
    size_class: str
    sector: str
    door: str
    phase: str
    subject: str
    value: int | None
    firm_key: str
    quantity: int

    @classmethod
    def of(cls, event: OutcomeEvent) -> Row:
        return cls(*(getattr(event, name) for name in EVENT_FIELDS))


def bucket_of(day: datetime.date) -> datetime.date:
    if settings.MONITORING_ROLLUP_BUCKET == "day":
        return day
    return day.replace(day=1)


def event_cells(
    row: Row, region: int, municipality: int, day: datetime.date | None = None
) -> Iterable[tuple[Key, int]]:
    day = day or bucket_of(local_day(row.occurred_at))
    for dimension in DIMENSIONS:
        if dimension == "":
            values = [""]
        elif dimension == "theme":
            values = row.themes or []
        else:
            value = getattr(row, dimension)
            values = [value] if value else []
        for value in values:
            yield (day, region, municipality, row.kind, dimension, value), row.quantity
    if row.kind in VALUE_KINDS and row.value is not None:
        yield (day, region, municipality, row.kind, "value", str(row.value)), 1


@dataclass
class FirmState:
    region: int = 0
    municipality: int = 0
    size_class: str = ""
    sector: str = ""
    door: str = ""
    firsts: dict[str, datetime.datetime] = field(default_factory=dict)

    def days(self) -> dict[str, datetime.date | None]:
        raw = dict(self.firsts)
        if "supported" in raw:
            raw["activated"] = min(raw.get("activated", raw["supported"]), raw["supported"])
        if "activated" in raw:
            raw["reached"] = min(raw.get("reached", raw["activated"]), raw["activated"])
        return {stage: local_day(raw[stage]) if stage in raw else None for stage in FUNNEL_STAGES}


def fold_firm(
    state: FirmState, row: Row, location: tuple[int, int], kinds: dict[str, frozenset[str]]
) -> None:
    """Add one event (taken in time order) to a firm's state."""
    stages = [stage for stage in FUNNEL_STAGES if row.kind in kinds[stage]]
    if not stages:
        return
    first_ever = not state.firsts
    for stage in stages:
        if stage not in state.firsts or row.occurred_at < state.firsts[stage]:
            state.firsts[stage] = row.occurred_at
    if first_ever:
        state.region, state.municipality = location
        state.door = row.door
    state.size_class = state.size_class or row.size_class
    state.sector = state.sector or row.sector
    state.door = state.door or row.door


def firm_cells(state: FirmState) -> Iterable[tuple[Key, int]]:
    for stage, day in state.days().items():
        if day is None:
            continue
        day = bucket_of(day)
        for dimension in FIRM_DIMENSIONS:
            value = getattr(state, dimension) if dimension else ""
            if dimension and not value:
                continue
            yield (
                (day, state.region, state.municipality, firm_measure(stage), dimension, value),
                1,
            )


def _funnel_fields(state: FirmState) -> dict:
    days = state.days()
    return {
        "region_key": state.region,
        "municipality_key": state.municipality,
        "size_class": state.size_class,
        "sector": state.sector,
        "door": state.door,
        **{f"{stage}_on": days[stage] for stage in FUNNEL_STAGES},
    }


def _state_of_row(funnel: FirmFunnel) -> FirmState:
    state = FirmState(
        funnel.region_key, funnel.municipality_key, funnel.size_class, funnel.sector, funnel.door
    )
    for stage in FUNNEL_STAGES:
        day = getattr(funnel, f"{stage}_on")
        if day is not None:
            state.firsts[stage] = datetime.datetime.combine(day, datetime.time(12), tzinfo=_tz())
    return state


def _tz() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def apply_deltas(deltas: Counter) -> None:
    """Add the deltas to the rollup cells in one statement (insert, or add on conflict)."""
    rows = [(*key, delta) for key, delta in deltas.items() if delta]
    if not rows:
        return
    table = OutcomeRollup._meta.db_table
    columns = "bucket, region_key, municipality_key, measure, dimension, value"
    sql = (
        f"INSERT INTO {table} ({columns}, count) VALUES (%s, %s, %s, %s, %s, %s, %s) "  # noqa: S608
        f"ON CONFLICT ({columns}) DO UPDATE SET count = {table}.count + excluded.count"
    )
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def insert_objects(model, objects: list) -> None:
    """INSERT unsaved objects in multi-row statements and set their primary keys.

    The ORM's bulk_create prepared every value through the field machinery, which cost more
    than the database work for the many small rows that ingestion writes.
    """
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    prepare = []
    for f in fields:
        if isinstance(f, models.DateTimeField):
            prepare.append(connection.ops.adapt_datetimefield_value)
        elif isinstance(f, models.DateField):
            prepare.append(connection.ops.adapt_datefield_value)
        elif isinstance(f, models.JSONField):
            prepare.append(lambda value, f=f: f.get_db_prep_save(value, connection))
        else:
            prepare.append(None)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    limit = 32_000 if connection.vendor == "sqlite" else 60_000  # bound parameters per query
    per_statement = max(1, limit // len(fields))
    attnames = [f.attname for f in fields]
    table = model._meta.db_table
    with connection.cursor() as cursor:
        for start in range(0, len(objects), per_statement):
            chunk = objects[start : start + per_statement]
            params = []
            for obj in chunk:
                for name, convert in zip(attnames, prepare, strict=True):
                    value = getattr(obj, name)
                    params.append(convert(value) if convert is not None else value)
            sql = (
                f"INSERT INTO {table} ({columns}) VALUES "  # noqa: S608
                + ", ".join([one] * len(chunk))
                + " RETURNING id"
            )
            cursor.execute(sql, params)
            for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = connection.alias


def _location(row: Row) -> tuple[int, int]:
    return row.region_id or 0, row.municipality_id or 0


def _update_rows(model, fields: tuple[str, ...], objects: list) -> None:
    """UPDATE ... WHERE id = %s for each object, in one executemany (bulk_update's CASE
    expressions cost more than the work)."""
    if not objects:
        return
    assignments = ", ".join(f"{name} = %s" for name in fields)
    sql = f"UPDATE {model._meta.db_table} SET {assignments} WHERE id = %s"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*(getattr(o, n) for n in fields), o.pk) for o in objects])


@transaction.atomic
def apply_new_events(events: list[OutcomeEvent]) -> None:
    """Bring links, firm funnels and rollups up to date after `events` were inserted."""
    if not events:
        return
    rows = sorted((Row.of(e) for e in events), key=lambda r: (r.occurred_at, r.id))
    new_ids = {r.id for r in rows}
    kinds = stage_kinds()
    deltas: Counter = Counter()
    subjects = {r.subject for r in rows}
    links = {
        link.subject: link
        for link in SubjectLink.objects.select_for_update().filter(subject__in=subjects)
    }
    firms: set[str] = set()
    moved: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {}
    for row in rows:
        link = links.get(row.subject)
        if link is None:
            region, municipality = _location(row)
            link = SubjectLink(
                subject=row.subject,
                firm=row.firm_key or row.subject,
                region_key=region,
                municipality_key=municipality,
            )
            links[row.subject] = link
        firms.add(link.firm)
        if row.firm_key and link.firm != row.firm_key:
            link.firm = row.firm_key
            firms.add(link.firm)
        if row.kind == OutcomeEventKind.QUESTION_MOVED:
            old = (link.region_key, link.municipality_key)
            new = _location(row)
            if old != new:
                first_old = moved.get(row.subject, (old, new))[0]
                moved[row.subject] = (first_old, new)
                link.region_key, link.municipality_key = new
        for key, count in event_cells(row, link.region_key, link.municipality_key):
            deltas[key] += count
    # Older events of a moved subject follow it to its new place.
    for subject, (old, new) in moved.items():
        older = OutcomeEvent.objects.filter(subject=subject).exclude(id__in=new_ids)
        for values in older.values_list(*EVENT_FIELDS):
            row = Row(*values)
            for key, count in event_cells(row, *old):
                deltas[key] -= count
            for key, count in event_cells(row, *new):
                deltas[key] += count
    insert_objects(SubjectLink, [link for link in links.values() if link.pk is None])
    _update_rows(
        SubjectLink,
        ("firm", "region_key", "municipality_key"),
        [link for link in links.values() if link.pk is not None],
    )
    # Recompute each affected firm from all its events and count the difference.
    old_rows = {f.firm: f for f in FirmFunnel.objects.select_for_update().filter(firm__in=firms)}
    link_of = dict(
        SubjectLink.objects.filter(firm__in=firms).values_list("subject", "firm").iterator()
    )
    location_of = {
        link.subject: (link.region_key, link.municipality_key)
        for link in SubjectLink.objects.filter(subject__in=link_of)
    }
    states: dict[str, FirmState] = defaultdict(FirmState)
    for values in (
        OutcomeEvent.objects.filter(subject__in=link_of)
        .order_by("occurred_at", "id")
        .values_list(*EVENT_FIELDS)
    ):
        row = Row(*values)
        fold_firm(states[link_of[row.subject]], row, location_of[row.subject], kinds)
    created, updated, gone = [], [], []
    for firm in firms:
        old = old_rows.get(firm)
        if old is not None:
            for key, count in firm_cells(_state_of_row(old)):
                deltas[key] -= count
        state = states.get(firm)
        if state is None or not state.firsts:
            if old is not None:
                gone.append(old.pk)
            continue
        for key, count in firm_cells(state):
            deltas[key] += count
        if old is None:
            created.append(FirmFunnel(firm=firm, **_funnel_fields(state)))
        else:
            for name, value in _funnel_fields(state).items():
                setattr(old, name, value)
            updated.append(old)
    FirmFunnel.objects.filter(pk__in=gone).delete()
    insert_objects(FirmFunnel, created)
    _update_rows(FirmFunnel, tuple(_funnel_fields(FirmState())), updated)
    apply_deltas(deltas)
    bump_version()  # now (this transaction's readers) and after commit (everyone else's)
    transaction.on_commit(bump_version)


BATCH = 5000


def write_rows(table: str, columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    """Append plain rows fast: COPY on PostgreSQL, one prepared INSERT on SQLite.

    Rows are written in key order so that the indexes grow at their ends (much less page work
    than inserting in random order).
    """
    names = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # noqa: S608
                for row in rows:
                    copy.write_row(row)
            return
        marks = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {table} ({names}) VALUES ({marks})"  # noqa: S608
        chunk: list[tuple] = []
        for row in rows:
            chunk.append(row)
            if len(chunk) >= BATCH:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


ROLLUP_COLUMNS = ("bucket", "region_key", "municipality_key", "measure", "dimension", "value")


def _flush(counter: Counter) -> None:
    """Write new rollup cells (no cell written here exists yet)."""
    buckets: dict[datetime.date, str] = {}  # few distinct days: adapt each once
    adapt = connection.ops.adapt_datefield_value
    rows = sorted(
        (buckets.get(key[0]) or buckets.setdefault(key[0], adapt(key[0])), *key[1:], count)
        for key, count in counter.items()
        if count
    )
    write_rows(OutcomeRollup._meta.db_table, (*ROLLUP_COLUMNS, "count"), rows)
    counter.clear()


class _RawEvents:
    """Decodes the few distinct moments-per-hour and theme lists of raw rows once.

    The rebuild reads millions of events with a plain cursor: the ORM's per-value converters
    (datetime parsing, JSON decoding) cost more than the counting itself.
    """

    def __init__(self) -> None:
        self._buckets: dict = {}
        self._themes: dict = {}
        self._utc = datetime.UTC

    def moment(self, raw) -> datetime.datetime:
        if isinstance(raw, str):  # SQLite without converters: UTC text
            raw = datetime.datetime.fromisoformat(raw)
        if raw.tzinfo is None:  # SQLite keeps UTC without a zone
            return raw.replace(tzinfo=self._utc)
        return raw

    def bucket(self, raw) -> datetime.date:
        # Time zones change on whole hours: the hour fixes the local day.
        key = raw[:13] if isinstance(raw, str) else raw.replace(minute=0, second=0, microsecond=0)
        found = self._buckets.get(key)
        if found is None:
            found = self._buckets[key] = bucket_of(local_day(self.moment(raw)))
        return found

    def themes(self, raw) -> list:
        if not isinstance(raw, str):
            return raw or []
        found = self._themes.get(raw)
        if found is None:
            found = self._themes[raw] = json.loads(raw) or []
        return found


def _raw_event_rows(decoder: _RawEvents) -> Iterable[tuple[Row, datetime.date]]:
    """Every event in time order as (Row with the raw moment, bucket), server-side on PG."""
    table = OutcomeEvent._meta.db_table
    columns = ", ".join(EVENT_FIELDS)
    sql = f"SELECT {columns} FROM {table} ORDER BY occurred_at, id"  # noqa: S608
    with connection.chunked_cursor() as cursor:
        cursor.execute(sql)
        while True:
            chunk = cursor.fetchmany(BATCH)
            if not chunk:
                return
            for values in chunk:
                row = Row(*values)
                row.themes = decoder.themes(row.themes)
                yield row, decoder.bucket(row.occurred_at)


@transaction.atomic
def rebuild(progress=None) -> dict[str, int]:
    """Recompute links, firm funnels and rollups from all events; returns counts."""
    OutcomeRollup.objects.all().delete()
    FirmFunnel.objects.all().delete()
    SubjectLink.objects.all().delete()
    kinds = stage_kinds()
    keyed = dict(
        OutcomeEvent.objects.exclude(firm_key="")
        .values("subject")
        .annotate(key=Max("firm_key"))
        .values_list("subject", "key")
        .iterator()
    )
    moved_to: dict[str, tuple[int, int]] = {}
    for subject, region, municipality in (
        OutcomeEvent.objects.filter(kind=OutcomeEventKind.QUESTION_MOVED)
        .order_by("occurred_at", "id")
        .values_list("subject", "region_id", "municipality_id")
    ):
        moved_to[subject] = (region or 0, municipality or 0)
    first_location: dict[str, tuple[int, int]] = {}
    firms: dict[str, FirmState] = defaultdict(FirmState)
    counter: Counter = Counter()
    current_bucket = None
    events = 0
    decoder = _RawEvents()
    stage_kind_set = frozenset().union(*kinds.values())
    for row, bucket in _raw_event_rows(decoder):
        events += 1
        if bucket != current_bucket and len(counter) > 50_000:
            _flush(counter)  # events come in time order: no later event adds to these cells
        current_bucket = bucket
        first = first_location.setdefault(row.subject, _location(row))
        location = moved_to.get(row.subject) or first
        for key, count in event_cells(row, *location, day=bucket):
            counter[key] += count
        if row.kind in stage_kind_set:
            firm = keyed.get(row.subject) or row.subject
            fold_firm(firms[firm], row, location, kinds)
        if progress and events % 100_000 == 0:
            progress(events)
    _flush(counter)
    write_rows(
        SubjectLink._meta.db_table,
        ("subject", "firm", "region_key", "municipality_key"),
        sorted(
            (subject, keyed.get(subject) or subject, *(moved_to.get(subject) or location))
            for subject, location in first_location.items()
        ),
    )
    funnels = []
    adapt = connection.ops.adapt_datefield_value
    for firm, state in firms.items():
        if not state.firsts:
            continue
        state.firsts = {stage: decoder.moment(raw) for stage, raw in state.firsts.items()}
        for key, count in firm_cells(state):
            counter[key] += count
        fields = _funnel_fields(state)
        funnels.append((firm, *(adapt(v) if k.endswith("_on") else v for k, v in fields.items())))
    funnels.sort()
    write_rows(FirmFunnel._meta.db_table, ("firm", *_funnel_fields(FirmState())), funnels)
    _flush(counter)
    bump_version()
    transaction.on_commit(bump_version)
    return {"events": events, "firms": len(funnels), "rollups": OutcomeRollup.objects.count()}
