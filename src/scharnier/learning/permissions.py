"""Who may do what in the learning cycle: role x action x object (the matrix in
tests/learning/test_permissions.py proves every cell).

- Stories: the region's schakelteam and director draft, ask consent ("approve") and see
  drafts of their region; a provider editor drafts for any region and sees and edits its own
  organisation's drafts. Nobody publishes: only the entrepreneur's consent does.
- Self-assessment: scored by the region (director, schakelteam); read by the region, the
  province the region lies in (role "provincie") and the national analyst.
- Visitation: planned and recorded by the national analyst or the host region's director;
  action items tracked by the host region; read also by the peers' directors and the province.
- Half-year report of a region: its regional directors draft, edit and submit it ("ter
  goedkeuring"); a second person approves it (four eyes): another regional director of the same
  region or an administrator, never the one who submitted it. After approval a director of the
  region (or an administrator) publishes it, which freezes it. A correction (new version) is
  started by the same people. Drafts are seen by the region's directors and schakelteam and by
  administrators only; the province, the national analyst, other regions, providers and anonymous
  visitors read published reports (every published report is public).
- Interventions (improvements entrepreneurs notice): recorded, changed and removed by the
  region's director and schakelteam; public to read.
- Development plan of a region (ontwikkelplan): its director and schakelteam write the plan and
  keep its actions up to date; only its director adopts it ("vaststellen", which makes it public)
  or sends it back to draft, and escalates a stuck action to the steering group. A draft is seen
  by the region's staff, the province the region lies in and the national analyst. The national
  analyst records the steering group's answer (RECORD_GOVERNANCE).
- Data initiatives (the data ecosystem, kansenkaart 5): kept by the national analyst; public to
  read (they name organisations, never entrepreneurs).
- National roll-up: the national analyst drafts, edits, submits and publishes; another national
  analyst or an administrator approves (four eyes); drafts are seen by analysts and administrators.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from scharnier.geography.models import Region
from scharnier.organisations.models import Role
from scharnier.organisations.permissions import (
    edited_organisations,
    memberships,
    served_provinces,
)

from .models import HalfYearReport, ReportStatus, Story, StoryStatus, Visitation


class Action(StrEnum):
    DRAFT_STORY = "draft_story"  # object: the Region the story is about
    EDIT_STORY = "edit_story"  # object: the Story (only while a draft)
    SEE_STORY_DRAFTS = "see_story_drafts"  # object: the Story
    REQUEST_CONSENT = "request_consent"  # object: the Story (the approval step)
    PUBLISH_STORY = "publish_story"  # object: the Story; only the entrepreneur's consent
    WITHDRAW_STORY = "withdraw_story"  # object: the Story (on the entrepreneur's behalf)
    SCORE_ASSESSMENT = "score_assessment"  # object: the Region
    VIEW_ASSESSMENT = "view_assessment"  # object: the Region
    PLAN_VISITATION = "plan_visitation"  # object: the host Region
    RECORD_VISITATION = "record_visitation"  # object: the Visitation
    TRACK_ACTIONS = "track_actions"  # object: the Visitation
    VIEW_VISITATION = "view_visitation"  # object: the Visitation
    DRAFT_REPORT = "draft_report"  # object: the Region (None: the national roll-up)
    EDIT_REPORT = "edit_report"  # object: the HalfYearReport (only while a draft)
    SUBMIT_REPORT = "submit_report"  # object: the HalfYearReport (draft -> ter goedkeuring)
    APPROVE_REPORT = "approve_report"  # object: the HalfYearReport (or send it back)
    PUBLISH_REPORT = "publish_report"  # object: the HalfYearReport (approved -> frozen)
    CORRECT_REPORT = "correct_report"  # object: the published HalfYearReport (new version)
    SEE_REPORT_DRAFT = "see_report_draft"  # object: the HalfYearReport
    VIEW_REPORT = "view_report"  # object: the HalfYearReport (published: everyone)
    RECORD_INTERVENTION = "record_intervention"  # object: the Region (add, edit, remove)
    # The programme's meetings and decisions (REQUIREMENTS G3): national, object None.
    RECORD_GOVERNANCE = "record_governance"
    # Development plans (REQUIREMENTS G5, G8): object the Region.
    EDIT_DEVELOPMENT_PLAN = "edit_development_plan"
    ADOPT_DEVELOPMENT_PLAN = "adopt_development_plan"
    SEE_DEVELOPMENT_PLAN_DRAFT = "see_development_plan_draft"
    ESCALATE_ACTION = "escalate_action"
    # The data ecosystem's initiatives (REQUIREMENTS I2): national, object None.
    MANAGE_DATA_INITIATIVES = "manage_data_initiatives"


_REGION_STAFF = (Role.REGIONAL_DIRECTOR, Role.SCHAKELTEAM_MEMBER)


def _is_admin(user) -> bool:
    if user is not None and getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(m.role == Role.ADMINISTRATOR for m in memberships(user))


def _region_ids(user, *roles: Role) -> set[int]:
    return {m.region_id for m in memberships(user) if m.role in roles}


# The role rules of organisations.permissions, as sets.
def _province_ids(user) -> set[int]:
    return set(served_provinces(user))


def _organisation_ids(user) -> set[int]:
    return set(edited_organisations(user))


def _holds(user, role: Role) -> bool:
    return any(m.role == role for m in memberships(user))


def region_province_ids(region: Region) -> set[int]:
    cached = getattr(region, "_learning_province_ids", None)
    if cached is None:
        cached = set(region.municipalities.values_list("province_id", flat=True))
        region._learning_province_ids = cached
    return cached


def _in_province(user, region: Region) -> bool:
    provinces = _province_ids(user)
    return bool(provinces) and bool(provinces & region_province_ids(region))


def _story_rule(user, action: Action, story: Story) -> bool:
    staff = story.region_id in _region_ids(user, *_REGION_STAFF)
    own = story.organisation_id is not None and story.organisation_id in _organisation_ids(user)
    if action == Action.EDIT_STORY:
        return story.status == StoryStatus.DRAFT and (staff or own)
    if action == Action.SEE_STORY_DRAFTS:
        return staff or own
    if action == Action.REQUEST_CONSENT:
        return story.status == StoryStatus.DRAFT and staff
    if action == Action.WITHDRAW_STORY:
        return story.status != StoryStatus.WITHDRAWN and (staff or own)
    return False


def _visitation_rule(user, action: Action, visitation: Visitation) -> bool:
    host = visitation.host_region
    if action == Action.RECORD_VISITATION:
        return _holds(user, Role.NATIONAL_ANALYST) or host.pk in _region_ids(
            user, Role.REGIONAL_DIRECTOR
        )
    if action == Action.TRACK_ACTIONS:
        return _holds(user, Role.NATIONAL_ANALYST) or host.pk in _region_ids(user, *_REGION_STAFF)
    if action == Action.VIEW_VISITATION:
        peers = {r.pk for r in visitation.peer_regions.all()} if visitation.pk else set()
        return (
            _holds(user, Role.NATIONAL_ANALYST)
            or host.pk in _region_ids(user, *_REGION_STAFF)
            or bool(peers & _region_ids(user, Role.REGIONAL_DIRECTOR))
            or _in_province(user, host)
        )
    return False


_REPORT_ACTIONS = frozenset(
    {
        Action.DRAFT_REPORT,
        Action.EDIT_REPORT,
        Action.SUBMIT_REPORT,
        Action.APPROVE_REPORT,
        Action.PUBLISH_REPORT,
        Action.CORRECT_REPORT,
        Action.SEE_REPORT_DRAFT,
        Action.VIEW_REPORT,
    }
)


def _report_authors(user, region_id: int | None) -> bool:
    """Who writes the report: the region's directors, or national analysts for the roll-up."""
    if region_id is None:
        return _holds(user, Role.NATIONAL_ANALYST)
    return region_id in _region_ids(user, Role.REGIONAL_DIRECTOR)


def _report_rule(user, action: Action, report) -> bool:
    admin = _is_admin(user)
    if action == Action.DRAFT_REPORT:
        region_id = report.pk if isinstance(report, Region) else None
        return admin or _report_authors(user, region_id)
    if not isinstance(report, HalfYearReport):
        return False
    author = admin or _report_authors(user, report.region_id)
    status = report.status
    if action == Action.VIEW_REPORT and status == ReportStatus.PUBLISHED:
        return True
    if action in (Action.VIEW_REPORT, Action.SEE_REPORT_DRAFT):
        if report.region_id is None:
            return author
        return author or report.region_id in _region_ids(user, *_REGION_STAFF)
    if action in (Action.EDIT_REPORT, Action.SUBMIT_REPORT):
        return status == ReportStatus.DRAFT and author
    if action == Action.APPROVE_REPORT:
        # Four eyes: whoever sent it for approval never approves it.
        user_pk = getattr(user, "pk", None)
        submitter = user_pk is not None and report.submitted_by_id == user_pk
        return status == ReportStatus.SUBMITTED and author and not submitter
    if action == Action.PUBLISH_REPORT:
        return status == ReportStatus.APPROVED and author
    if action == Action.CORRECT_REPORT:
        replaced = report.pk is not None and HalfYearReport.objects.filter(replaces=report).exists()
        return status == ReportStatus.PUBLISHED and author and not replaced
    return False


def has_permission(user, action: Action, obj=None) -> bool:
    if action in _REPORT_ACTIONS:
        return _report_rule(user, action, obj)
    if action == Action.PUBLISH_STORY:
        return False  # publication follows the entrepreneur's consent, never a staff decision
    if _is_admin(user):
        return True
    if isinstance(obj, Story):
        return _story_rule(user, action, obj)
    if isinstance(obj, Visitation):
        return _visitation_rule(user, action, obj)
    if action in (Action.RECORD_GOVERNANCE, Action.MANAGE_DATA_INITIATIVES):
        # The national coordination keeps the record (the project manager works at EZ).
        return obj is None and _holds(user, Role.NATIONAL_ANALYST)
    if not isinstance(obj, Region):
        return False
    if action == Action.DRAFT_STORY:
        return obj.pk in _region_ids(user, *_REGION_STAFF) or bool(_organisation_ids(user))
    if action in (
        Action.SCORE_ASSESSMENT,
        Action.RECORD_INTERVENTION,
        Action.EDIT_DEVELOPMENT_PLAN,
    ):
        return obj.pk in _region_ids(user, *_REGION_STAFF)
    if action in (Action.ADOPT_DEVELOPMENT_PLAN, Action.ESCALATE_ACTION):
        return obj.pk in _region_ids(user, Role.REGIONAL_DIRECTOR)
    if action in (Action.VIEW_ASSESSMENT, Action.SEE_DEVELOPMENT_PLAN_DRAFT):
        return (
            obj.pk in _region_ids(user, *_REGION_STAFF)
            or _holds(user, Role.NATIONAL_ANALYST)
            or _in_province(user, obj)
        )
    if action == Action.PLAN_VISITATION:
        return _holds(user, Role.NATIONAL_ANALYST) or obj.pk in _region_ids(
            user, Role.REGIONAL_DIRECTOR
        )
    return False


def require_permission(user, action: Action, obj=None) -> None:
    if not has_permission(user, action, obj):
        raise PermissionDenied(f"{action} not allowed")


def may_draft_any_story(user) -> bool:
    return _is_admin(user) or any(
        m.role in (*_REGION_STAFF, Role.PROVIDER_EDITOR) for m in memberships(user)
    )


def sees_assessments_menu(user) -> bool:
    return _is_admin(user) or any(
        m.role in (*_REGION_STAFF, Role.PROVINCE, Role.NATIONAL_ANALYST) for m in memberships(user)
    )


def works_for_a_province(user) -> bool:
    """The work menu's "Mijn provincie": for the provincial role only."""
    return bool(_province_ids(user))


def visible_region_ids(user, action: Action) -> set[int] | None:
    """Regions where `action` is allowed for this user (None: all regions)."""
    if _is_admin(user) or (
        action in (Action.VIEW_ASSESSMENT, Action.PLAN_VISITATION)
        and _holds(user, Role.NATIONAL_ANALYST)
    ):
        return None
    ids = _region_ids(user, *_REGION_STAFF)
    if action == Action.VIEW_ASSESSMENT and _province_ids(user):
        ids |= set(
            Region.objects.filter(municipalities__province_id__in=_province_ids(user))
            .values_list("pk", flat=True)
            .distinct()
        )
    if action == Action.PLAN_VISITATION:
        ids = _region_ids(user, Role.REGIONAL_DIRECTOR)
    if action == Action.SCORE_ASSESSMENT:
        ids = _region_ids(user, *_REGION_STAFF)
    return ids


def story_organisation(user):
    """The organisation a provider editor records stories for (None for region staff)."""
    ids = sorted(_organisation_ids(user))
    return ids[0] if ids and not _region_ids(user, *_REGION_STAFF) else None


def own_organisation_ids(user) -> set[int]:
    return _organisation_ids(user)


def own_region_ids(user) -> set[int]:
    """The regions whose staff (director, schakelteam) the user is."""
    return _region_ids(user, *_REGION_STAFF)


def own_province_ids(user) -> set[int]:
    return _province_ids(user)
