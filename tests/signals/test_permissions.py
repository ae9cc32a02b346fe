"""Every role x action x object of the communities and signals rules, against an explicit table."""

import pytest

from scharnier.organisations.permissions import Action, has_permission
from scharnier.signals.models import Signal, Thread
from tests.signals.world import ROLES, build_world

pytestmark = pytest.mark.django_db

A = Action
# (action, object name) -> roles allowed. Administrators may do everything.
EXPECTED = {
    (A.MANAGE_COMMUNITIES, "region_a"): {"regisseur_a", "schakel_a"},
    (A.MANAGE_COMMUNITIES, "region_b"): {"schakel_b"},
    (A.MANAGE_COMMUNITIES, "community_a"): {"regisseur_a", "schakel_a"},
    (A.LOG_MEETING, "community_a"): {"regisseur_a", "schakel_a", "aanbieder_organiser"},
    (A.LOG_MEETING, "community_b"): {"schakel_b"},
    (A.LOG_MEETING, "meeting_a"): {"regisseur_a", "schakel_a", "aanbieder_organiser"},
    (A.RAISE_SIGNAL, "region_a"): {
        "regisseur_a",
        "schakel_a",
        "landelijk_analist",
        "aanbieder_owner",
        "aanbieder_organiser",
        "aanbieder_other",
    },
    (A.RAISE_SIGNAL, "region_b"): {
        "schakel_b",
        "landelijk_analist",
        "aanbieder_owner",
        "aanbieder_organiser",
        "aanbieder_other",
    },
    (A.VIEW_UNPUBLISHED_SIGNALS, "signal_a"): {"landelijk_analist", "regisseur_a", "schakel_a"},
    (A.VIEW_UNPUBLISHED_SIGNALS, "signal_b"): {"landelijk_analist", "schakel_b"},
    (A.VIEW_UNPUBLISHED_SIGNALS, "none"): {"landelijk_analist"},
    (A.PUBLISH_SIGNAL, "signal_a"): {"landelijk_analist", "regisseur_a", "schakel_a"},
    (A.PUBLISH_SIGNAL, "signal_b"): {"landelijk_analist", "schakel_b"},
    (A.MANAGE_THREADS, "thread_new"): {"landelijk_analist"},
    (A.MANAGE_THREADS, "thread_owned"): {"landelijk_analist"},
    (A.MANAGE_THREADS, "none"): {"landelijk_analist"},
    (A.ANSWER_THREAD, "thread_new"): set(),
    (A.ANSWER_THREAD, "thread_owned"): {"aanbieder_owner"},
}


@pytest.fixture
def objects():
    world = build_world()
    signal_a = Signal(region=world.regions["a"], reference="S-A")
    signal_b = Signal(region=world.regions["b"], reference="S-B")
    thread_new = Thread(title="nieuw")
    thread_owned = Thread(title="met eigenaar", owner=world.organisations["owner"])
    return world, {
        "region_a": world.regions["a"],
        "region_b": world.regions["b"],
        "community_a": world.communities["a"],
        "community_b": world.communities["b"],
        "meeting_a": world.meetings["a"],
        "signal_a": signal_a,
        "signal_b": signal_b,
        "thread_new": thread_new,
        "thread_owned": thread_owned,
        "none": None,
    }


def test_every_role_action_object(objects):
    world, by_name = objects
    wrong = []
    checked = 0
    for (action, object_name), allowed in EXPECTED.items():
        for role in ROLES:
            expected = role == "beheerder" or role in allowed
            actual = has_permission(world.user(role), action, by_name[object_name])
            checked += 1
            if actual != expected:
                wrong.append((role, str(action), object_name, actual))
    assert wrong == []
    assert checked == len(EXPECTED) * len(ROLES)


def test_matrix_covers_every_new_action():
    from scharnier.organisations.permissions import COMMUNITY_SIGNAL_ACTIONS

    assert {action for action, _ in EXPECTED} == set(COMMUNITY_SIGNAL_ACTIONS)


def test_inactive_user_may_do_nothing(objects):
    world, by_name = objects
    analyst = world.users["landelijk_analist"]
    analyst.is_active = False
    assert not has_permission(analyst, Action.MANAGE_THREADS, by_name["thread_new"])
