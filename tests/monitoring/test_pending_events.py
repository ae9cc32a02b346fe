"""While tasks go to the queue, events are marked pending and the worker adds them in batches.

The result equals a rebuild (and so the in-request path); a rebuild takes pending events in
and unmarks them, so nothing is counted twice.
"""

import random

import pytest
from django.db import OperationalError

from scharnier.monitoring import rollups, services, tasks
from scharnier.monitoring.models import OutcomeRollup, PendingOutcomeEvent
from tests.monitoring.test_rollups import _events, _places, _snapshot

pytestmark = pytest.mark.django_db


def _record(events) -> None:
    for event in events:
        services.record_outcome_event(
            kind=event.kind,
            source=(event.source_type, event.source_id),
            occurred_at=event.occurred_at,
            municipality=event.municipality,
            region=event.region,
            themes=event.themes,
            size_class=event.size_class,
            sector=event.sector,
            door=event.door,
            phase=event.phase,
            subject=event.subject,
            value=event.value,
            firm_key_value=event.firm_key,
            quantity=event.quantity,
        )


@pytest.mark.parametrize("seed", [1, 2])
def test_pending_events_applied_in_batches_equal_a_rebuild(settings, seed):
    settings.SCHARNIER_TASKS = "queue"
    events = _events(random.Random(seed), _places(), 120)
    _record(events)
    assert PendingOutcomeEvent.objects.count() == 120
    assert not OutcomeRollup.objects.exclude(count=0).exists()  # nothing added in the request

    assert services.apply_pending_events(batch_size=17) == 120
    assert not PendingOutcomeEvent.objects.exists()
    applied = _snapshot()
    assert applied[0] and applied[1]
    rollups.rebuild()
    assert _snapshot() == applied
    assert services.apply_pending_events() == 0


def test_events_recorded_in_the_request_and_by_the_worker_add_up(settings):
    events = _events(random.Random(3), _places(), 90)
    settings.SCHARNIER_TASKS = "eager"
    _record(events[:30])
    assert not PendingOutcomeEvent.objects.exists()
    settings.SCHARNIER_TASKS = "queue"
    _record(events[30:])
    services.apply_pending_events(batch_size=25)
    mixed = _snapshot()
    rollups.rebuild()
    assert _snapshot() == mixed


def test_a_rebuild_takes_pending_events_in_and_counts_them_once(settings):
    settings.SCHARNIER_TASKS = "queue"
    _record(_events(random.Random(4), _places(), 60))
    services.rebuild_rollups()
    rebuilt = _snapshot()
    assert rebuilt[0]
    assert not PendingOutcomeEvent.objects.exists()
    assert services.apply_pending_events() == 0
    assert _snapshot() == rebuilt


def test_the_worker_tries_again_when_the_database_is_locked(monkeypatch):
    """A batch that meets a locked database rolls back; its events stay pending, so the task
    runs again at once (seen in CI: SQLite locked by the request that recorded the events)."""
    calls = []

    def locked_once() -> int:
        calls.append(1)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return 7

    monkeypatch.setattr(services, "apply_pending_events", locked_once)
    result = tasks.apply_pending_outcome_events.apply()
    assert result.get() == 7 and len(calls) == 2
