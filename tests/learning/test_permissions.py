"""Every role x action x object of the learning cycle (stories, self-assessment, visitation),
against an explicit table: who drafts, approves (asks consent), publishes, sees drafts."""

import pytest

from scharnier.learning.models import StoryStatus
from scharnier.learning.permissions import Action, has_permission
from tests.factories import make_user
from tests.learning.world import ROLES, build_world

pytestmark = pytest.mark.django_db

A = Action
REGION_A = {"regisseur_a", "schakel_a"}
PROVIDERS = {"aanbieder_owner", "aanbieder_organiser", "aanbieder_other"}
# (action, object name) -> roles allowed. Administrators may do everything, except publish.
EXPECTED = {
    (A.DRAFT_STORY, "region_a"): REGION_A | PROVIDERS,
    (A.DRAFT_STORY, "region_b"): {"schakel_b"} | PROVIDERS,
    (A.EDIT_STORY, "region_draft"): REGION_A,
    (A.EDIT_STORY, "provider_draft"): REGION_A | {"aanbieder_owner"},
    (A.EDIT_STORY, "published"): set(),
    (A.SEE_STORY_DRAFTS, "region_draft"): REGION_A,
    (A.SEE_STORY_DRAFTS, "provider_draft"): REGION_A | {"aanbieder_owner"},
    (A.REQUEST_CONSENT, "region_draft"): REGION_A,
    (A.REQUEST_CONSENT, "provider_draft"): REGION_A,
    (A.REQUEST_CONSENT, "published"): set(),
    (A.PUBLISH_STORY, "region_draft"): set(),
    (A.PUBLISH_STORY, "provider_draft"): set(),
    (A.WITHDRAW_STORY, "published"): REGION_A,
    (A.WITHDRAW_STORY, "provider_draft"): REGION_A | {"aanbieder_owner"},
    (A.SCORE_ASSESSMENT, "region_a"): REGION_A,
    (A.SCORE_ASSESSMENT, "region_b"): {"schakel_b"},
    (A.VIEW_ASSESSMENT, "region_a"): REGION_A | {"landelijk_analist", "provincie_a"},
    (A.VIEW_ASSESSMENT, "region_b"): {"schakel_b", "landelijk_analist", "provincie_b"},
    (A.PLAN_VISITATION, "region_a"): {"regisseur_a", "landelijk_analist"},
    (A.PLAN_VISITATION, "region_b"): {"landelijk_analist"},
    (A.RECORD_VISITATION, "visitation"): {"regisseur_a", "landelijk_analist"},
    (A.TRACK_ACTIONS, "visitation"): REGION_A | {"landelijk_analist"},
    (A.VIEW_VISITATION, "visitation"): REGION_A | {"landelijk_analist", "provincie_a"},
    (A.RECORD_INTERVENTION, "region_a"): REGION_A,
    (A.RECORD_INTERVENTION, "region_b"): {"schakel_b"},
    (A.RECORD_GOVERNANCE, "national"): {"landelijk_analist"},
    (A.RECORD_GOVERNANCE, "region_a"): set(),
    (A.MANAGE_DATA_INITIATIVES, "national"): {"landelijk_analist"},
    (A.MANAGE_DATA_INITIATIVES, "region_a"): set(),
    (A.EDIT_DEVELOPMENT_PLAN, "region_a"): REGION_A,
    (A.EDIT_DEVELOPMENT_PLAN, "region_b"): {"schakel_b"},
    (A.ADOPT_DEVELOPMENT_PLAN, "region_a"): {"regisseur_a"},
    (A.ADOPT_DEVELOPMENT_PLAN, "region_b"): set(),
    (A.ADOPT_DEVELOPMENT_PLAN, "national"): set(),
    (A.ESCALATE_ACTION, "region_a"): {"regisseur_a"},
    (A.ESCALATE_ACTION, "region_b"): set(),
    (A.SEE_DEVELOPMENT_PLAN_DRAFT, "region_a"): REGION_A | {"landelijk_analist", "provincie_a"},
    (A.SEE_DEVELOPMENT_PLAN_DRAFT, "region_b"): {"schakel_b", "landelijk_analist", "provincie_b"},
}


@pytest.fixture
def objects():
    world = build_world()
    published = type(world.stories["region_draft"])(
        region=world.regions["a"], status=StoryStatus.PUBLISHED, title="Gepubliceerd"
    )
    return world, {
        "region_a": world.regions["a"],
        "region_b": world.regions["b"],
        "region_draft": world.stories["region_draft"],
        "provider_draft": world.stories["provider_draft"],
        "published": published,
        "visitation": world.visitation,
        "national": None,
    }


def test_every_role_action_object(objects):
    world, by_name = objects
    wrong = []
    checked = 0
    for (action, object_name), allowed in EXPECTED.items():
        for role in ROLES:
            admin = role == "beheerder" and action != A.PUBLISH_STORY
            expected = admin or role in allowed
            actual = has_permission(world.user(role), action, by_name[object_name])
            checked += 1
            if actual != expected:
                wrong.append((role, str(action), object_name, actual))
    assert wrong == []
    assert checked == len(EXPECTED) * len(ROLES)


def test_matrix_covers_every_action():
    # The half-year report's actions have their own matrix (test_report_permissions.py).
    from tests.learning.test_report_permissions import EXPECTED as REPORT_EXPECTED

    covered = {action for action, _ in EXPECTED} | {action for action, _ in REPORT_EXPECTED}
    assert covered == set(Action)


def test_peer_director_sees_the_visitation_but_a_peer_schakelteam_does_not(objects):
    world, by_name = objects
    director_b = make_user("regionale_regisseur", region=world.regions["b"])
    assert has_permission(director_b, A.VIEW_VISITATION, by_name["visitation"])
    assert not has_permission(director_b, A.RECORD_VISITATION, by_name["visitation"])
    assert not has_permission(world.user("schakel_b"), A.VIEW_VISITATION, by_name["visitation"])
