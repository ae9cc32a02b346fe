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


def test_backfill_includes_community_and_signal_events_and_is_idempotent():
    from scharnier.communities import services as communities
    from scharnier.geography.models import Municipality
    from scharnier.monitoring.services import firm_key
    from scharnier.signals import services as signals
    from scharnier.signals.models import Thread
    from scharnier.signals.services import SignalInput
    from tests.signals.world import MUNICIPALITY_A, build_world

    world = build_world()
    meeting = world.meetings["a"]
    for n, kvk in enumerate(["12345678", "", "87654321"]):
        communities.register_participant(
            actor=world.users["schakel_a"],
            meeting=meeting,
            name=f"Deelnemer {n}",
            email=f"deelnemer{n}@bedrijf.example",
            kvk_number=kvk,
            consent=True,
        )
    signal = signals.raise_signal(
        actor=None,
        source="publiek",
        data=SignalInput(
            kind="knelpunt",
            text="De netbeheerder geeft geen zwaardere aansluiting op ons terrein.",
            municipality=Municipality.objects.get(code=MUNICIPALITY_A),
        ),
    )
    Thread.objects.filter(pk=signal.thread_id).update(answered_at=meeting.created_at)
    community_kinds = [
        OutcomeEventKind.MEETING_HELD,
        OutcomeEventKind.MEETING_PARTICIPATION,
        OutcomeEventKind.SIGNAL_RAISED,
    ]
    recorded = _counts()
    assert {kind for kind, _t, _i in recorded} >= set(community_kinds)
    keys = set(OutcomeEvent.objects.exclude(firm_key="").values_list("firm_key", flat=True))
    assert keys == {firm_key("12345678"), firm_key("87654321")}
    # As if monitoring had never been told.
    OutcomeEvent.objects.all()._raw_delete(OutcomeEvent.objects.db)
    call_command("backfill_outcome_events")
    expected = sorted([*recorded, ("thread_answered", "signals.thread", str(signal.thread_id))])
    assert _counts() == expected
    participations = OutcomeEvent.objects.filter(kind=OutcomeEventKind.MEETING_PARTICIPATION)
    assert participations.count() == 3
    assert set(participations.exclude(firm_key="").values_list("firm_key", flat=True)) == keys
    held = OutcomeEvent.objects.get(kind=OutcomeEventKind.MEETING_HELD)
    assert held.quantity == 24 and held.region == world.regions["a"]
    call_command("backfill_outcome_events")
    assert _counts() == expected
    # Three participants are three firms reached, in the meeting's region ("<5" when shown).
    scope = queries.region_scope(world.regions["a"].slug)
    assert queries.total(scope, queries.since_start(), "firms_reached") == 3
