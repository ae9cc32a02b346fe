"""`backfill_outcome_events` rebuilds the events of casework steps and plans recorded before
monitoring counted them, and running it again adds nothing; `rebuild_outcome_rollups` gives the
same figures."""

import pytest
from django.core.management import call_command

from scharnier.monitoring import queries
from scharnier.monitoring.models import OutcomeEvent, OutcomeEventKind
from tests.monitoring.test_kpis import fixture_world  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def _counts():
    return sorted(OutcomeEvent.objects.values_list("kind", "source_type", "source_id"))


def test_backfill_is_complete_and_idempotent(fixture_world):  # noqa: F811
    recorded = _counts()
    participations = OutcomeEvent.objects.filter(kind=OutcomeEventKind.MEETING_PARTICIPATION)
    kept = sorted(participations.values_list("kind", "source_type", "source_id"))
    # As if monitoring had never been told: only the (community) events stay.
    OutcomeEvent.objects.exclude(kind=OutcomeEventKind.MEETING_PARTICIPATION)._raw_delete(
        OutcomeEvent.objects.db
    )
    assert _counts() == kept
    call_command("backfill_outcome_events")
    assert _counts() == recorded
    call_command("backfill_outcome_events")
    assert _counts() == recorded
    call_command("rebuild_outcome_rollups")
    figures = queries.figures(queries.NATIONAL, queries.since_start())
    # The KvK number is stored nowhere, so a backfill cannot know that q1 and the plan were
    # firm K: they count as firms of their own (7 + 2).
    assert figures["firms-reached"].display == "9"
    assert figures["questions"].display == "8"
