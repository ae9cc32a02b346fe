"""Every role x action x object of the half-year report, against an explicit table (the matrix
in learning/permissions.py's docstring and docs/halfjaarrapportage.md):

- a region's directors draft, edit, submit, publish and correct; a second person approves
  (another director of the region or an administrator, never the one who submitted);
- the national analysts do the same for the national roll-up (a second analyst or an
  administrator approves);
- drafts: the region's directors and schakelteam (national: analysts), administrators;
- published reports: everyone, also anonymous visitors, the province and providers."""

import pytest

from scharnier.learning import services
from scharnier.learning.models import HalfYearReport, ReportStatus
from scharnier.learning.permissions import Action, has_permission
from tests.learning.reports_world import ROLES, build_report_world, current_period, publish

pytestmark = pytest.mark.django_db

A = Action
ADMIN = {"beheerder"}
DIRECTORS_A = {"regisseur_a", "regisseur_a2"}
STAFF_A = DIRECTORS_A | {"schakel_a"}
ANALYSTS = {"landelijk_analist", "analist_2"}
EVERYONE = set(ROLES)
NOBODY: set[str] = set()

EXPECTED = {
    (A.DRAFT_REPORT, "region_a"): DIRECTORS_A | ADMIN,
    (A.DRAFT_REPORT, "region_b"): {"regisseur_b"} | ADMIN,
    (A.DRAFT_REPORT, "national"): ANALYSTS | ADMIN,
    (A.EDIT_REPORT, "draft_a"): DIRECTORS_A | ADMIN,
    (A.EDIT_REPORT, "draft_b"): {"regisseur_b"} | ADMIN,
    (A.EDIT_REPORT, "submitted_a"): NOBODY,
    (A.EDIT_REPORT, "published_a"): NOBODY,
    (A.EDIT_REPORT, "national_draft"): ANALYSTS | ADMIN,
    (A.SUBMIT_REPORT, "draft_a"): DIRECTORS_A | ADMIN,
    (A.SUBMIT_REPORT, "submitted_a"): NOBODY,
    (A.SUBMIT_REPORT, "national_draft"): ANALYSTS | ADMIN,
    (A.APPROVE_REPORT, "submitted_a"): {"regisseur_a2"} | ADMIN,  # regisseur_a submitted it
    (A.APPROVE_REPORT, "submitted_by_admin_a"): DIRECTORS_A,  # four eyes for administrators too
    (A.APPROVE_REPORT, "draft_a"): NOBODY,
    (A.APPROVE_REPORT, "national_submitted"): {"analist_2"} | ADMIN,
    (A.PUBLISH_REPORT, "approved_a"): DIRECTORS_A | ADMIN,
    (A.PUBLISH_REPORT, "submitted_a"): NOBODY,
    (A.PUBLISH_REPORT, "draft_a"): NOBODY,
    (A.PUBLISH_REPORT, "national_approved"): ANALYSTS | ADMIN,
    (A.CORRECT_REPORT, "published_a"): DIRECTORS_A | ADMIN,
    (A.CORRECT_REPORT, "draft_a"): NOBODY,
    (A.CORRECT_REPORT, "national_published"): ANALYSTS | ADMIN,
    (A.SEE_REPORT_DRAFT, "draft_a"): STAFF_A | ADMIN,
    (A.SEE_REPORT_DRAFT, "draft_b"): {"regisseur_b", "schakel_b"} | ADMIN,
    (A.SEE_REPORT_DRAFT, "national_draft"): ANALYSTS | ADMIN,
    (A.VIEW_REPORT, "draft_a"): STAFF_A | ADMIN,
    (A.VIEW_REPORT, "submitted_a"): STAFF_A | ADMIN,
    (A.VIEW_REPORT, "published_a"): EVERYONE,
    (A.VIEW_REPORT, "national_draft"): ANALYSTS | ADMIN,
    (A.VIEW_REPORT, "national_published"): EVERYONE,
}


@pytest.fixture
def objects():
    world = build_report_world()
    a, b = world.regions["a"], world.regions["b"]

    def report(region, status, submitted_by=None):
        return HalfYearReport(
            region=region, period="2026-H1", status=status, submitted_by=submitted_by
        )

    s = ReportStatus
    return world, {
        "region_a": a,
        "region_b": b,
        "national": None,
        "draft_a": report(a, s.DRAFT),
        "draft_b": report(b, s.DRAFT),
        "submitted_a": report(a, s.SUBMITTED, world.user("regisseur_a")),
        "submitted_by_admin_a": report(a, s.SUBMITTED, world.user("beheerder")),
        "approved_a": report(a, s.APPROVED),
        "published_a": report(a, s.PUBLISHED),
        "national_draft": report(None, s.DRAFT),
        "national_submitted": report(None, s.SUBMITTED, world.user("landelijk_analist")),
        "national_approved": report(None, s.APPROVED),
        "national_published": report(None, s.PUBLISHED),
    }


def test_every_role_action_object(objects):
    world, by_name = objects
    wrong = []
    for (action, name), allowed in EXPECTED.items():
        for role in ROLES:
            actual = has_permission(world.user(role), action, by_name[name])
            if actual != (role in allowed):
                wrong.append((role, str(action), name, actual))
    assert wrong == []


def test_matrix_covers_every_report_action():
    report_actions = {a for a in Action if "report" in a.value}
    assert {action for action, _ in EXPECTED} == report_actions


def test_replaced_report_cannot_be_corrected_twice(objects):
    world, _ = objects
    published = publish(world)
    assert has_permission(world.user("regisseur_a"), A.CORRECT_REPORT, published)
    services.correct_report(actor=world.user("regisseur_a"), report=published)
    assert not has_permission(world.user("regisseur_a"), A.CORRECT_REPORT, published)


def test_pages_follow_the_matrix_over_http(objects, client):
    world, _ = objects
    published = publish(world)
    draft = services.start_report(
        actor=world.user("regisseur_b"), region=world.regions["b"], period=current_period()
    )
    pages = {
        "draft": f"/rapportages/{draft.public_id}/",
        "draft pdf": f"/rapportages/{draft.public_id}/rapport.pdf",
        "draft edit": f"/rapportages/{draft.public_id}/bewerken/",
        "published": f"/rapportages/{published.public_id}/",
        "published pdf": f"/rapportages/{published.public_id}/rapport.pdf",
    }
    seen = {}
    for role in ("anoniem", "provincie_b", "schakel_a", "schakel_b", "regisseur_b"):
        client.logout()
        if world.user(role).is_authenticated:
            client.force_login(world.user(role))
        seen[role] = {name: client.get(url).status_code for name, url in pages.items()}
    public = {"published": 200, "published pdf": 200}
    hidden = {"draft": 404, "draft pdf": 404}
    assert seen["anoniem"] == {**public, **hidden, "draft edit": 302}  # to the login page
    for role in ("provincie_b", "schakel_a"):
        assert seen[role] == {**public, **hidden, "draft edit": 404}
    assert seen["schakel_b"] == {**public, "draft": 200, "draft pdf": 200, "draft edit": 200}
    assert seen["regisseur_b"] == seen["schakel_b"]
    # The schakelteam reads the draft but gets no form to change it.
    client.force_login(world.user("schakel_b"))
    assert b'name="lessons"' not in client.get(pages["draft edit"]).content
    client.force_login(world.user("regisseur_b"))
    assert b'name="lessons"' in client.get(pages["draft edit"]).content
    refused = client.post(pages["draft edit"], {"stap": "publiceren"})
    assert refused.status_code == 403
