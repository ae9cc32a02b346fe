"""Two staff acting on one referral at the same moment cannot corrupt its state.

Needs row locks across two real connections, so it runs on PostgreSQL only (SQLite locks the
whole database file and has no SELECT ... FOR UPDATE).
"""

import threading

import pytest
from django.db import connection, connections

from scharnier.casework import services
from scharnier.casework.models import CaseEvent, Referral, ReferralStatus
from scharnier.casework.workflow import TransitionNotAllowed
from scharnier.organisations.models import Role
from tests.casework.conftest import build_world
from tests.factories import make_user

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs row-level locks over two connections: PostgreSQL only (SQLite has none)",
    ),
]


def _race(referral: Referral, attempts: list[tuple[object, str]]) -> list[str]:
    """Run each (user, action) in its own thread and connection, released at the same time."""
    barrier = threading.Barrier(len(attempts))
    outcomes: list[str] = [""] * len(attempts)

    def act(index: int, user, action: str) -> None:
        try:
            barrier.wait()
            services.transition_referral(
                actor=user, referral=referral, action=action, reason="Niet voor ons."
            )
            outcomes[index] = "ok"
        except TransitionNotAllowed:
            outcomes[index] = "refused"
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=act, args=(i, user, action))
        for i, (user, action) in enumerate(attempts)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


def _reset(referral: Referral) -> None:
    Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.SENT)
    CaseEvent.objects.filter(referral=referral).delete()


def test_two_accepts_at_once_exactly_one_wins():
    world = build_world()
    colleague = make_user(
        Role.PROVIDER_EDITOR, organisation=world.organisations["a"], username="collega_b"
    )
    referral = world.referrals["a"]
    for _round in range(5):
        _reset(referral)
        outcomes = _race(referral, [(world.users["aanbieder_a"], "accept"), (colleague, "accept")])
        assert sorted(outcomes) == ["ok", "refused"]
        assert CaseEvent.objects.filter(referral=referral, kind="geaccepteerd").count() == 1
        assert Referral.objects.get(pk=referral.pk).status == ReferralStatus.ACCEPTED


def test_accept_and_reject_at_once_leave_a_consistent_history():
    world = build_world()
    colleague = make_user(
        Role.PROVIDER_EDITOR, organisation=world.organisations["a"], username="collega_a"
    )
    referral = world.referrals["a"]
    for round_number in range(5):
        _reset(referral)
        outcomes = _race(referral, [(world.users["aanbieder_a"], "accept"), (colleague, "reject")])
        referral.refresh_from_db()
        # Accept-then-reject is legal, reject-then-accept is not: either way no lost update,
        # and the recorded steps replay exactly to the final status.
        events = list(
            CaseEvent.objects.filter(referral=referral, kind__in=["geaccepteerd", "afgewezen"])
            .order_by("at", "pk")
            .values_list("from_status", "to_status")
        )
        assert events and events[0][0] == ReferralStatus.SENT, outcomes
        for (_, reached), (started, _) in zip(events, events[1:], strict=False):
            assert reached == started, events
        assert events[-1][1] == referral.status, (round_number, events, referral.status)
        assert outcomes.count("ok") == len(events)
