"""The rollups kept current batch by batch equal a full rebuild from the same events.

Random events (seeded) cover what the hand-counted fixture of test_kpis does not: moves in the
same batch as the subject's earlier events, KvK keys given late, several subjects per firm,
moments around local midnight and the change to summer time, empty and repeated dimensions,
zero quantities, and both bucket sizes.
"""

import datetime
import random

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from scharnier.geography.models import Municipality
from scharnier.monitoring import rollups
from scharnier.monitoring.models import (
    FirmFunnel,
    OutcomeEvent,
    OutcomeEventKind,
    OutcomeRollup,
    SubjectLink,
)
from scharnier.monitoring.services import record_outcome_events
from tests.factories import ensure_reference_data, make_region

pytestmark = pytest.mark.django_db
ZWOLLE, KAMPEN, BREDA = "GM0193", "GM0166", "GM0758"
KINDS = [kind for kind in OutcomeEventKind.values if kind != OutcomeEventKind.QUESTION_MOVED]


def _snapshot():
    return (
        sorted(
            OutcomeRollup.objects.exclude(count=0).values_list(
                "bucket", "region_key", "municipality_key", "measure", "dimension", "value", "count"
            )
        ),
        sorted(
            FirmFunnel.objects.values_list(
                "firm",
                "region_key",
                "municipality_key",
                "size_class",
                "sector",
                "door",
                "reached_on",
                "activated_on",
                "supported_on",
            )  # fmt: skip
        ),
        sorted(
            SubjectLink.objects.values_list("subject", "firm", "region_key", "municipality_key")
        ),
    )


def _places():
    ensure_reference_data()
    a = make_region("regio-a", municipality_codes=[ZWOLLE, KAMPEN])
    b = make_region("regio-b", municipality_codes=[BREDA])
    return [
        (a, Municipality.objects.get(code=ZWOLLE)),
        (a, Municipality.objects.get(code=KAMPEN)),
        (b, Municipality.objects.get(code=BREDA)),
        (None, None),
    ]


def _events(rng: random.Random, places, count: int) -> list[OutcomeEvent]:
    # 2026-03-29 01:00 UTC: summer time starts; 22:00-23:59 UTC is the next local day.
    start = datetime.datetime(2026, 3, 27, 20, 0, tzinfo=datetime.UTC)
    keys = [f"{n:064x}" for n in range(4)]
    events = []
    for serial in range(count):
        subject = f"test.subject:{rng.randrange(12)}"
        region, municipality = rng.choice(places)
        moved = serial > 3 and rng.random() < 0.1
        kind = OutcomeEventKind.QUESTION_MOVED if moved else rng.choice(KINDS)
        events.append(
            OutcomeEvent(
                kind=kind,
                occurred_at=start + datetime.timedelta(minutes=rng.randrange(60 * 24 * 40)),
                region=region,
                municipality=municipality,
                themes=rng.sample(
                    ["digitalisering", "verduurzaming", "financiering"], rng.randrange(3)
                ),
                size_class=rng.choice(["", "2-9", "10-49"]),
                sector=rng.choice(["", "a", "gi"]),
                door=rng.choice(["", "site", "scan"]),
                phase=rng.choice(["", "orientatie"]),
                subject=subject,
                value=rng.randrange(11) if rng.random() < 0.7 else None,
                firm_key=rng.choice(keys) if rng.random() < 0.3 else "",
                quantity=rng.choice([1, 1, 1, 2, 0]),
                source_type="test.event",
                source_id=str(serial),
            )
        )
    return sorted(events, key=lambda e: e.occurred_at)


def _question_event(minutes, kind, region, municipality, key=""):
    """An event of one question, `minutes` after 2026-05-04 10:00 UTC (one per minute)."""
    return OutcomeEvent(
        kind=kind,
        occurred_at=datetime.datetime(2026, 5, 4, 10, minutes, tzinfo=datetime.UTC),
        region=region,
        municipality=municipality,
        subject="test.question:1",
        firm_key=key,
        source_type="test.event",
        source_id=str(minutes),
    )


@pytest.mark.parametrize("bucket", ["month", "day"])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batches_of_random_events_equal_a_rebuild(settings, bucket, seed):
    settings.MONITORING_ROLLUP_BUCKET = bucket
    rng = random.Random(seed)
    events = _events(rng, _places(), 160)
    position = 0
    while position < len(events):
        size = rng.choice([1, 2, 7, 30])
        record_outcome_events(events[position : position + size])
        position += size
    incremental = _snapshot()
    assert incremental[0] and incremental[1]
    rollups.rebuild()
    assert _snapshot() == incremental


def test_a_question_moved_in_the_same_batch_counts_only_where_it_went():
    places = _places()
    (a, zwolle), _, (b, breda), _ = places
    record_outcome_events(
        [
            _question_event(0, OutcomeEventKind.QUESTION_RECEIVED, b, breda),
            _question_event(5, OutcomeEventKind.QUESTION_MOVED, a, zwolle),
        ]
    )
    questions = OutcomeRollup.objects.filter(
        measure=OutcomeEventKind.QUESTION_RECEIVED, dimension="", count__gt=0
    )
    assert list(questions.values_list("region_key", "count")) == [(a.pk, 1)]
    reached = OutcomeRollup.objects.filter(measure="firms_reached", dimension="", count__gt=0)
    assert list(reached.values_list("region_key", "count")) == [(a.pk, 1)]
    incremental = _snapshot()
    rollups.rebuild()
    assert _snapshot() == incremental


def test_a_batch_that_changes_no_link_writes_none():
    """Links are locked and read for every batch, but written only when they change."""
    places = _places()
    (a, zwolle), _, (b, breda), _ = places
    record_outcome_events([_question_event(1, OutcomeEventKind.QUESTION_RECEIVED, a, zwolle)])
    with CaptureQueriesContext(connection) as queries:
        record_outcome_events([_question_event(2, OutcomeEventKind.FIRST_CONTACT, a, zwolle)])
    updates = [q["sql"] for q in queries if "UPDATE monitoring_subjectlink" in q["sql"]]
    assert updates == []
    # A late KvK key and a move are changes: written, and the rollups follow.
    with CaptureQueriesContext(connection) as queries:
        record_outcome_events(
            [
                _question_event(3, OutcomeEventKind.REFERRAL_MADE, a, zwolle, key=f"{7:064x}"),
                _question_event(4, OutcomeEventKind.QUESTION_MOVED, b, breda),
            ]
        )
    assert any("UPDATE monitoring_subjectlink" in q["sql"] for q in queries)
    link = SubjectLink.objects.get(subject="test.question:1")
    assert (link.firm, link.region_key) == (f"{7:064x}", b.pk)
    incremental = _snapshot()
    rollups.rebuild()
    assert _snapshot() == incremental


def test_batch_inserts_give_every_event_its_key_and_refuse_duplicates():
    """Events are written in one statement per batch (COPY on PostgreSQL): each object gets the
    key of its own row, and a duplicate source still fails as an IntegrityError."""
    places = _places()
    events = _events(random.Random(5), places, 40)
    rollups.insert_objects(OutcomeEvent, events)
    stored = dict(OutcomeEvent.objects.values_list("pk", "source_id"))
    assert {e.pk: e.source_id for e in events} == stored
    assert all(not e._state.adding for e in events)
    assert OutcomeEvent.objects.get(pk=events[3].pk).themes == events[3].themes
    repeat = _events(random.Random(5), places, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        rollups.insert_objects(OutcomeEvent, repeat)


def _derived_indexes() -> set[tuple[str, str]]:
    tables = (SubjectLink, FirmFunnel, OutcomeRollup)
    with connection.cursor() as cursor:
        found = set()
        for model in tables:
            table = model._meta.db_table
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", [table]
            )
            found |= set(cursor.fetchall())
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass",
                [table],
            )
            found |= set(cursor.fetchall())
    return found


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="indexes are dropped and rebuilt on PostgreSQL only"
)
def test_rebuild_restores_every_index_and_constraint_of_the_derived_tables():
    record_outcome_events(_events(random.Random(6), _places(), 60))
    before = _derived_indexes()
    assert any(name == "one_rollup_cell" for name, _ in before)
    rollups.rebuild()
    assert _derived_indexes() == before
