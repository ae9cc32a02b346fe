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

# SQL is composed here from table and column names of this module; values are parameters.
# ruff: noqa: S608

from __future__ import annotations

import datetime
import json
import logging
from collections.abc import Iterable
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.cache import cache
from django.db import connection, models, transaction
from django.db.models import Max, Min

from .models import (
    FirmFunnel,
    LocalHour,
    MetricDefinition,
    OutcomeEvent,
    OutcomeEventKind,
    OutcomeRollup,
    PendingOutcomeEvent,
    SubjectLink,
)
from .registry import DEFAULT_STAGE_KINDS, DIMENSIONS, FUNNEL_STAGES, STAGE_METRIC, VALUE_KINDS

logger = logging.getLogger(__name__)
FIRM_DIMENSIONS = ("", "size_class", "sector", "door")
# Events that describe a firm without putting it in a stage: their size class and sector count
# where the firm's stage events gave none.
PROFILE_KINDS = frozenset({OutcomeEventKind.QUESTION_INTAKE.value})

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


def bucket_of(day: datetime.date) -> datetime.date:
    if settings.MONITORING_ROLLUP_BUCKET == "day":
        return day
    return day.replace(day=1)


EVENTS = OutcomeEvent._meta.db_table
LINKS = SubjectLink._meta.db_table
FUNNELS = FirmFunnel._meta.db_table
ROLLUPS = OutcomeRollup._meta.db_table
HOURS = LocalHour._meta.db_table
PENDING = PendingOutcomeEvent._meta.db_table
ROLLUP_COLUMNS = ("bucket", "region_key", "municipality_key", "measure", "dimension", "value")
FUNNEL_COLUMNS = (
    "firm",
    "region_key",
    "municipality_key",
    "size_class",
    "sector",
    "door",
    *(f"{stage}_on" for stage in FUNNEL_STAGES),
)
# A piece of SQL and its parameters, in the order of their placeholders.
Sql = tuple[str, list]
TRUE: Sql = ("1 = 1", [])


def _postgres() -> bool:
    return connection.vendor == "postgresql"


def _bytewise(expression: str) -> str:
    """SQL: `expression` compared byte by byte (PostgreSQL's "C" collation; SQLite's default).

    For the partitions and sorts of the rebuild only, where the order of subjects and firms does
    not matter: the database's collation (even C.UTF-8) compares through the C library and
    cannot use PostgreSQL's abbreviated sort keys, which made those sorts a third slower.
    """
    return f'{expression} COLLATE "C"' if _postgres() else expression


def _hour_of(column: str) -> str:
    """SQL: the UTC hour of a moment as "YYYY-MM-DD HH" (SQLite keeps moments as UTC text)."""
    if _postgres():
        return f"to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24')"
    return f"substr({column}, 1, 13)"


def hour_key(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y-%m-%d %H")


def in_json(expression: str, items: Iterable, integer: bool = False) -> Sql:
    """SQL: `expression` is one of `items`, passed as one JSON parameter (any number of them)."""
    if _postgres():
        cast = "::bigint" if integer else ""
        sql = f"{expression} IN (SELECT x{cast} FROM jsonb_array_elements_text(%s::jsonb) AS x)"
    else:
        sql = f"{expression} IN (SELECT value FROM json_each(%s))"
    return sql, [json.dumps(sorted(items))]


def _in_values(expression: str, values: Iterable[str]) -> Sql:
    values = sorted(str(value) for value in values)
    if not values:
        return "1 = 0", []
    return f"{expression} IN ({', '.join(['%s'] * len(values))})", values


def _themes(column: str) -> str:
    """SQL FROM item: the themes of an event, one row each (column `value`)."""
    if _postgres():
        return (
            f"jsonb_array_elements_text(CASE WHEN jsonb_typeof({column}) = 'array' "
            f"THEN {column} ELSE '[]'::jsonb END) AS t(value)"
        )
    return f"json_each(CASE WHEN json_type({column}) = 'array' THEN {column} ELSE '[]' END) AS t"


def event_cells_sql(where: Sql, location: Sql = (LINKS, [])) -> Sql:
    """SQL rows (bucket, region_key, municipality_key, measure, dimension, value, n): the rollup
    cells of the events matching `where` (alias `e`), counted where `location` (a relation
    subject, region_key, municipality_key; default the subject links) puts their subject.

    The one definition of the cells an event counts in, used by the rebuild and by the
    incremental refresh: measure = the kind, per dimension value ("" is the total), plus a
    histogram ("value") for kinds that carry a number.
    """
    # Grouped: fewer rows, and in cell order, which makes the sorts of the branches cheap.
    grouped = (
        "h.bucket, l.region_key, l.municipality_key, e.kind, e.themes, e.door, e.size_class, "
        "e.sector, e.phase, e.value"
    )
    events = (
        "SELECT h.bucket AS bucket, l.region_key AS region_key, "
        "l.municipality_key AS municipality_key, e.kind AS kind, e.themes AS themes, "
        "e.door AS door, e.size_class AS size_class, e.sector AS sector, e.phase AS phase, "
        "e.value AS value, SUM(e.quantity) AS quantity, COUNT(*) AS events "
        f"FROM {EVENTS} e JOIN {location[0]} l ON l.subject = e.subject "
        f"JOIN {HOURS} h ON h.hour = {_hour_of('e.occurred_at')} "
        f"WHERE {where[0]} GROUP BY {grouped}"
    )
    # Each branch sums its own cells (a dimension each): one cell, one row.
    cell = "c.bucket, c.region_key, c.municipality_key, c.kind"
    parts = []
    for dimension in DIMENSIONS:
        if dimension == "":
            parts.append(
                "SELECT c.bucket AS bucket, c.region_key AS region_key, "
                "c.municipality_key AS municipality_key, c.kind AS measure, '' AS dimension, "
                "'' AS value, SUM(c.quantity) AS n "
                f"FROM c GROUP BY {cell}"
            )
        elif dimension == "theme":
            parts.append(
                f"SELECT {cell}, 'theme', t.value, SUM(c.quantity) "
                f"FROM c CROSS JOIN {_themes('c.themes')} GROUP BY {cell}, t.value"
            )
        else:
            parts.append(
                f"SELECT {cell}, '{dimension}', c.{dimension}, SUM(c.quantity) FROM c "
                f"WHERE c.{dimension} <> '' GROUP BY {cell}, c.{dimension}"
            )
    valued, valued_params = _in_values("c.kind", VALUE_KINDS)
    parts.append(
        f"SELECT {cell}, 'value', CAST(c.value AS TEXT), SUM(c.events) FROM c "
        f"WHERE c.value IS NOT NULL AND {valued} GROUP BY {cell}, c.value"
    )
    sql = f"WITH c AS MATERIALIZED ({events}) " + " UNION ALL ".join(parts)
    return sql, [*location[1], *where[1], *valued_params]


def funnel_sql(where: Sql, kinds: dict[str, frozenset[str]]) -> Sql:
    """SQL rows (FUNNEL_COLUMNS): per firm of the subject links matching `where` (alias `l`),
    the first day of each stage and where it is counted.

    A stage implies the ones before it (supported -> activated -> reached). The firm is counted
    where the subject of its first stage event is; size class, sector and door are the first
    ones given by its stage events, else by its profile events (an intake tells the size of a
    firm whose question did not). A firm with profile events only has no funnel row.
    """
    reached, activated, supported = (kinds[stage] for stage in FUNNEL_STAGES)
    firsts = []
    params: list = []
    for stage_kinds_ in (reached | activated | supported, activated | supported, supported):
        condition, values = _in_values("s.kind", stage_kinds_)
        firsts.append(f"MIN(CASE WHEN {condition} THEN s.day END)")
        params += values
    stage_event, stage_values = _in_values("e.kind", reached | activated | supported)
    profile_event, profile_values = _in_values("e.kind", PROFILE_KINDS - set(stage_values))
    # In the order they appear: the two CASEs, then the WHERE.
    params += [*stage_values, *stage_values, *stage_values, *profile_values, *where[1]]

    # Rank of each stage event in the firm's history; "first given" = lowest rank among the
    # non-empty values, taken with MIN over "rank (fixed width) || value" (one sort, no joins).
    if _postgres():
        rank = "lpad(s.rn::text, 10, '0')"
    else:
        rank = "printf('%%010d', s.rn)"  # %% : Django's placeholder syntax

    def first_given(column: str) -> str:
        return (
            f"COALESCE(SUBSTR(MIN(CASE WHEN s.{column} <> '' THEN {rank} || s.{column} END), 11), "
            f"'') AS {column}"
        )

    firm = _bytewise("l.firm")
    sql = (
        "SELECT s.firm AS firm, MAX(CASE WHEN s.rn = 1 THEN s.region_key END) AS region_key, "
        "MAX(CASE WHEN s.rn = 1 THEN s.municipality_key END) AS municipality_key, "
        f"{first_given('size_class')}, {first_given('sector')}, {first_given('door')}, "
        + ", ".join(
            f"{first} AS {stage}_on" for first, stage in zip(firsts, FUNNEL_STAGES, strict=True)
        )
        + f" FROM (SELECT {firm} AS firm, e.kind AS kind, h.day AS day, "
        "l.region_key AS region_key, l.municipality_key AS municipality_key, "
        "e.size_class AS size_class, e.sector AS sector, e.door AS door, "
        f"CASE WHEN {stage_event} THEN 0 ELSE 1 END AS profile_only, "
        # Stage events rank first (rn = 1 is the first stage event), profile events after.
        f"ROW_NUMBER() OVER (PARTITION BY {firm} ORDER BY CASE WHEN {stage_event} THEN 0 "
        "ELSE 1 END, e.occurred_at, e.id) AS rn "
        f"FROM {EVENTS} e JOIN {LINKS} l ON l.subject = e.subject "
        f"JOIN {HOURS} h ON h.hour = {_hour_of('e.occurred_at')} "
        f"WHERE ({stage_event} OR {profile_event}) AND {where[0]}) s GROUP BY s.firm "
        "HAVING MIN(s.profile_only) = 0"
    )
    return sql, params


def firm_cells_sql(funnels: Sql) -> Sql:
    """SQL rows (bucket, ..., n) of the funnel rows `funnels` (FUNNEL_COLUMNS): a firm counts
    once per stage, in the bucket of its first day there, per firm dimension."""
    buckets = ", ".join(
        f"(SELECT h.bucket FROM {HOURS} h WHERE h.day = g.{stage}_on LIMIT 1) AS {stage}_bucket"
        for stage in FUNNEL_STAGES
    )
    # Each funnel row once per (stage, dimension) pair, all counted by one aggregate: as many
    # rows as twelve branches of their own, but one plan to make (a batch's statement spent
    # more time being planned than run).
    pairs = " UNION ALL ".join(
        f"SELECT '{stage}' AS stage, '{firm_measure(stage)}' AS measure, '{dimension}' AS dimension"
        for stage in FUNNEL_STAGES
        for dimension in FIRM_DIMENSIONS
    )

    def per_stage(column: str) -> str:
        return (
            "CASE s.stage "
            + " ".join(f"WHEN '{stage}' THEN f.{stage}_{column}" for stage in FUNNEL_STAGES)
            + " END"
        )

    value = (
        "CASE s.dimension "
        + " ".join(f"WHEN '{d}' THEN f.{d}" for d in FIRM_DIMENSIONS if d)
        + " ELSE '' END"
    )
    sql = (
        f"WITH f AS MATERIALIZED (SELECT g.*, {buckets} FROM ({funnels[0]}) g) "
        f"SELECT {per_stage('bucket')} AS bucket, f.region_key AS region_key, "
        f"f.municipality_key AS municipality_key, s.measure AS measure, "
        f"s.dimension AS dimension, {value} AS value, COUNT(*) AS n "
        f"FROM f CROSS JOIN ({pairs}) s WHERE {per_stage('on')} IS NOT NULL "
        f"AND (s.dimension = '' OR {value} <> '') GROUP BY 1, 2, 3, 4, 5, 6"
    )
    return sql, funnels[1]


def _negated(cells: Sql) -> Sql:
    return (
        "SELECT x.bucket, x.region_key, x.municipality_key, x.measure, x.dimension, x.value, "
        f"-x.n AS n FROM ({cells[0]}) x",
        cells[1],
    )


def _add_cells(parts: list[Sql], upsert: bool) -> None:
    """Add the cell rows of `parts` to the rollups in one statement.

    `upsert`: sum the rows per cell and add them to existing cells. Otherwise (a rebuild into
    empty tables) every row is a distinct cell already and is inserted as it comes.
    """
    if not parts:
        return
    union = " UNION ALL ".join(f"SELECT * FROM ({sql}) AS p{i}" for i, (sql, _) in enumerate(parts))
    columns = ", ".join(ROLLUP_COLUMNS)
    if upsert:
        sql = (
            f"INSERT INTO {ROLLUPS} ({columns}, count) SELECT * FROM ("
            "SELECT d.bucket, d.region_key, d.municipality_key, d.measure, d.dimension, d.value, "
            f"SUM(d.n) AS n FROM ({union}) AS d GROUP BY 1, 2, 3, 4, 5, 6 HAVING SUM(d.n) <> 0"
            f") AS g WHERE 1 = 1 ON CONFLICT ({columns}) "
            f"DO UPDATE SET count = {ROLLUPS}.count + excluded.count"
        )
    else:
        sql = (
            f"INSERT INTO {ROLLUPS} ({columns}, count) SELECT * FROM ({union}) AS d WHERE d.n <> 0"
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, [p for _, params in parts for p in params])


def _add_hours(hours: Iterable[str]) -> None:
    """Add the local day and bucket of UTC hours ("YYYY-MM-DD HH") not known yet."""
    adapt = connection.ops.adapt_datefield_value
    rows = []
    for hour in sorted(set(hours)):
        moment = datetime.datetime.strptime(hour, "%Y-%m-%d %H").replace(tzinfo=datetime.UTC)
        day = local_day(moment)
        rows.append((hour, adapt(day), adapt(bucket_of(day))))
    if not rows:
        return
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 1000):  # multi-row statements: few round trips
            chunk = rows[start : start + 1000]
            cursor.execute(
                f"INSERT INTO {HOURS} (hour, day, bucket) VALUES "
                + ", ".join(["(%s, %s, %s)"] * len(chunk))
                + " ON CONFLICT (hour) DO NOTHING",
                [value for row in chunk for value in row],
            )


def _tune_postgres(work_mem: str | None = None) -> None:
    """For this transaction on PostgreSQL: no JIT (the planner overestimates the theme rows and
    compiles for seconds to save milliseconds), and room for the rebuild's hash aggregates."""
    if not _postgres():
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL jit = off")
        if work_mem:
            cursor.execute("SELECT set_config('work_mem', %s, true)", [work_mem])


def _add_missing_hours(firms: Sql) -> None:
    """Make sure every event of the firms matching `firms` (alias `l`) has its hour known."""
    hour = _hour_of("e.occurred_at")
    sql = (
        f"SELECT DISTINCT {hour} FROM {EVENTS} e JOIN {LINKS} l ON l.subject = e.subject "
        f"WHERE {firms[0]} AND NOT EXISTS (SELECT 1 FROM {HOURS} h WHERE h.hour = {hour})"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, firms[1])
        _add_hours(hour for (hour,) in cursor.fetchall())


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
    if _postgres():
        _copy_objects(model, objects, fields, prepare, columns)
        return
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
                f"INSERT INTO {table} ({columns}) VALUES "
                + ", ".join([one] * len(chunk))
                + " RETURNING id"
            )
            cursor.execute(sql, params)
            for obj, (pk,) in zip(chunk, cursor.fetchall(), strict=True):
                obj.pk = pk
                obj._state.adding = False
                obj._state.db = connection.alias


def _copy_objects(model, objects: list, fields: list, prepare: list, columns: str) -> None:
    """PostgreSQL: primary keys from the table's sequence, then one COPY of the rows.

    A multi-row INSERT of 500 events spent more time quoting, parsing and planning its 8,000
    values than writing them; COPY sends them as data (ingestion's largest share of time).
    """
    table = model._meta.db_table
    pk = model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [table, pk, len(objects)],
        )
        pks = [value for (value,) in cursor.fetchall()]
        # JSON as text: COPY hands it to the column's input function like any other value.
        prepare = [
            (lambda v, f=f: None if v is None else json.dumps(v, cls=f.encoder))
            if isinstance(f, models.JSONField)
            else convert
            for f, convert in zip(fields, prepare, strict=True)
        ]
        rows = []
        for obj, key in zip(objects, pks, strict=True):
            row = [key]
            for f, convert in zip(fields, prepare, strict=True):
                value = getattr(obj, f.attname)
                row.append(convert(value) if convert is not None else value)
            rows.append(row)
        quoted_pk = connection.ops.quote_name(pk)
        # The raw psycopg cursor: Django wraps only execute(); errors are wrapped here alike
        # (a concurrent duplicate is an IntegrityError, as from an INSERT).
        with connection.wrap_database_errors:
            with cursor.cursor.copy(f"COPY {table} ({quoted_pk}, {columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    for obj, key in zip(objects, pks, strict=True):
        obj.pk = key
        obj._state.adding = False
        obj._state.db = connection.alias


def _location(event: OutcomeEvent) -> tuple[int, int]:
    return event.region_id or 0, event.municipality_id or 0


def _update_rows(model, fields: tuple[str, ...], objects: list) -> None:
    """UPDATE ... WHERE id = %s for each object, in one executemany (bulk_update's CASE
    expressions cost more than the work)."""
    if not objects:
        return
    assignments = ", ".join(f"{name} = %s" for name in fields)
    sql = f"UPDATE {model._meta.db_table} SET {assignments} WHERE id = %s"
    with connection.cursor() as cursor:
        cursor.executemany(sql, [(*(getattr(o, n) for n in fields), o.pk) for o in objects])


def _locations_sql(locations: dict[str, tuple[int, int]]) -> Sql:
    """SQL relation (subject, region_key, municipality_key) from one JSON parameter."""
    if _postgres():
        sql = (
            "(SELECT x->>0 AS subject, (x->>1)::int AS region_key, "
            "(x->>2)::int AS municipality_key FROM jsonb_array_elements(%s::jsonb) AS x)"
        )
    else:
        sql = (
            "(SELECT json_extract(value, '$[0]') AS subject, "
            "json_extract(value, '$[1]') AS region_key, "
            "json_extract(value, '$[2]') AS municipality_key FROM json_each(%s))"
        )
    return sql, [json.dumps([[s, *where] for s, where in sorted(locations.items())])]


@transaction.atomic
def apply_new_events(events: list[OutcomeEvent]) -> None:
    """Bring links, firm funnels and rollups up to date after `events` were inserted.

    One statement adds every changed cell: the cells of the new events, the move of older
    events whose subject moved, and the difference between the old and new funnel rows of
    the firms concerned.
    """
    if not events:
        return
    _tune_postgres()
    rows = sorted(events, key=lambda e: (e.occurred_at, e.id))
    new_ids = [e.id for e in rows]
    subjects = {e.subject for e in rows}
    links = {
        link.subject: link
        for link in SubjectLink.objects.select_for_update().filter(subject__in=subjects)
    }
    link_fields = ("firm", "region_key", "municipality_key")
    stored = {s: tuple(getattr(link, f) for f in link_fields) for s, link in links.items()}
    firms: set[str] = set()
    moved: dict[str, tuple[int, int]] = {}  # subject -> where it was counted before the batch
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
        # A subject given different KvK keys belongs to the greatest, as in the rebuild (MAX):
        # the same firm whatever order the events arrive in.
        if row.firm_key and (link.firm == link.subject or row.firm_key > link.firm):
            link.firm = row.firm_key
            firms.add(link.firm)
        if row.kind == OutcomeEventKind.QUESTION_MOVED:
            old = (link.region_key, link.municipality_key)
            if old != _location(row):
                moved.setdefault(row.subject, old)
                link.region_key, link.municipality_key = _location(row)
    insert_objects(SubjectLink, [link for link in links.values() if link.pk is None])
    changed = [
        link
        for subject, link in links.items()
        if subject in stored and tuple(getattr(link, f) for f in link_fields) != stored[subject]
    ]
    _update_rows(SubjectLink, link_fields, changed)  # an unchanged link is not written again
    of_firms = in_json("l.firm", firms)
    _add_missing_hours(of_firms)
    kinds = stage_kinds()
    parts = [event_cells_sql(in_json("e.id", new_ids, integer=True))]
    if moved:
        # Older events of a moved subject follow it to its new place.
        subject_in, subject_params = in_json("e.subject", moved)
        new_in, new_params = in_json("e.id", new_ids, integer=True)
        # Only events whose cells were added: not those still waiting for the worker.
        pending = f"SELECT event_id FROM {PENDING}"
        older = (
            f"{subject_in} AND NOT {new_in} AND e.id NOT IN ({pending})",
            [*subject_params, *new_params],
        )
        parts.append(_negated(event_cells_sql(older, _locations_sql(moved))))
        parts.append(event_cells_sql(older))
    firm_in, firm_params = in_json("firm", firms)
    columns = ", ".join(FUNNEL_COLUMNS)
    old_funnels = (f"SELECT {columns} FROM {FUNNELS} WHERE {firm_in}", firm_params)
    if _postgres():  # rows another batch may be changing: wait for it
        with connection.cursor() as cursor:
            cursor.execute(old_funnels[0] + " FOR UPDATE", old_funnels[1])
    new_funnels = funnel_sql(of_firms, kinds)
    parts.append(_negated(firm_cells_sql(old_funnels)))
    parts.append(firm_cells_sql(new_funnels))
    _add_cells(parts, upsert=True)
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {FUNNELS} WHERE {firm_in}", firm_params)
        cursor.execute(
            f"INSERT INTO {FUNNELS} ({columns}) {new_funnels[0]}",
            new_funnels[1],
        )
    bump_version()  # now (this transaction's readers) and after commit (everyone else's)
    transaction.on_commit(bump_version)


def _rebuild_links(cursor) -> None:
    """A subject's firm is its KvK key (or itself); it is counted where its first event was,
    or where its last move took it."""
    subject = _bytewise("subject")
    cursor.execute(
        f"INSERT INTO {LINKS} (subject, firm, region_key, municipality_key) "
        "SELECT f.subject, COALESCE(k.firm, f.subject), COALESCE(m.region_key, f.region_key), "
        "COALESCE(m.municipality_key, f.municipality_key) "
        "FROM (SELECT subject, COALESCE(region_id, 0) AS region_key, "
        "COALESCE(municipality_id, 0) AS municipality_key, "
        f"ROW_NUMBER() OVER (PARTITION BY {subject} ORDER BY occurred_at, id) AS n "
        f"FROM {EVENTS}) f "
        f"LEFT JOIN (SELECT subject, MAX(firm_key) AS firm FROM {EVENTS} WHERE firm_key <> '' "
        "GROUP BY subject) k ON k.subject = f.subject "
        "LEFT JOIN (SELECT subject, COALESCE(region_id, 0) AS region_key, "
        "COALESCE(municipality_id, 0) AS municipality_key, ROW_NUMBER() OVER "
        f"(PARTITION BY {subject} ORDER BY occurred_at DESC, id DESC) AS n "
        f"FROM {EVENTS} WHERE kind = %s) m ON m.subject = f.subject AND m.n = 1 "
        f"WHERE f.n = 1 ORDER BY {_bytewise('f.subject')}",
        [OutcomeEventKind.QUESTION_MOVED.value],
    )


@contextmanager
def _indexes_built_after(tables: tuple[str, ...]):
    """PostgreSQL: drop the secondary indexes and unique constraints of `tables` while the
    rebuild writes their rows and build them after, from their definitions in the catalog
    (every one, including those Django adds for LIKE). Building an index at once is several
    times faster than keeping it up to date row by row. Readers and writers of these tables
    wait until the rebuild commits; SQLite gained nothing from it and keeps them."""
    if not _postgres():
        yield
        return
    quote = connection.ops.quote_name
    drops, creates = [], []
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'u' ORDER BY conname",
                [table],
            )
            for name, definition in cursor.fetchall():
                drops.append(f"ALTER TABLE {table} DROP CONSTRAINT {quote(name)}")
                creates.append(f"ALTER TABLE {table} ADD CONSTRAINT {quote(name)} {definition}")
            cursor.execute(
                "SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid WHERE x.indrelid = %s::regclass "
                "AND NOT x.indisprimary AND NOT EXISTS "
                "(SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid) "
                "ORDER BY i.relname",
                [table],
            )
            for name, definition in cursor.fetchall():
                drops.append(f"DROP INDEX {quote(name)}")
                creates.append(definition)
        for sql in drops:
            cursor.execute(sql)
    yield
    with connection.cursor() as cursor:
        for sql in creates:
            cursor.execute(sql)


@transaction.atomic
def rebuild(progress=None) -> dict[str, int]:
    """Recompute links, firm funnels and rollups from all events, in the database; returns
    counts. `progress` is called with the number of events once they are counted."""
    _tune_postgres(work_mem="128MB")
    span = OutcomeEvent.objects.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
    with connection.cursor() as cursor:
        derived = (ROLLUPS, FUNNELS, LINKS, HOURS)
        if _postgres():
            # Empty files instead of every row marked deleted (1.4 million rollups took
            # seconds, and their dead rows doubled the table until a vacuum). Readers and
            # writers of these tables wait for the rebuild, as they did for its index drop.
            cursor.execute(f"TRUNCATE {', '.join(derived)}")
        else:
            for table in derived:
                cursor.execute(f"DELETE FROM {table}")
    if span["first"] is not None:
        hour = datetime.timedelta(hours=1)
        moment, hours = span["first"], []
        while moment < span["last"] + hour:
            hours.append(hour_key(moment))
            moment += hour
        _add_hours(hours)
    columns = ", ".join(FUNNEL_COLUMNS)
    funnels = funnel_sql(TRUE, stage_kinds())
    # The local hours keep their indexes: the firm cells look days up in them.
    with _indexes_built_after((LINKS, FUNNELS, ROLLUPS)):
        with connection.cursor() as cursor:
            _rebuild_links(cursor)
            cursor.execute(
                f"INSERT INTO {FUNNELS} ({columns}) {funnels[0]} ORDER BY 1",
                funnels[1],
            )
        _add_cells([event_cells_sql(TRUE)], upsert=False)
        _add_cells([firm_cells_sql((f"SELECT {columns} FROM {FUNNELS}", []))], upsert=False)
    if _postgres():
        # Fresh statistics for the tables just filled: the next batches and the pages are
        # planned on their real sizes, not on what was there before the rebuild.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(derived)}")
    bump_version()
    transaction.on_commit(bump_version)
    events = OutcomeEvent.objects.count()
    if progress:
        progress(events)
    return {
        "events": events,
        "firms": FirmFunnel.objects.count(),
        "rollups": OutcomeRollup.objects.count(),
    }
