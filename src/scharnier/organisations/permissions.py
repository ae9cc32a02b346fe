"""Who may do what: every write service asks here first.

Rules are role x action x object; the test matrix in tests/organisations proves them.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from scharnier.geography.models import Province, Region

from .models import Membership, Organisation, OrganisationKind, Role


class Action(StrEnum):
    CREATE_OFFER = "create_offer"  # object: the providing Organisation
    CHANGE_OFFER = "change_offer"  # object: the Offer
    ARCHIVE_OFFER = "archive_offer"  # object: the Offer
    CHANGE_ORGANISATION = "change_organisation"  # object: the Organisation
    CHANGE_REGION = "change_region"  # object: the Region (details, stakeholder roles)
    # Who holds a role in a region's or an organisation's team (invite, remove colleagues).
    # Object None: every team at once, and the accounts that belong to none (administrator).
    MANAGE_TEAM = "manage_team"  # object: the Region, Organisation or Province, or None
    VIEW_ANALYSIS = "view_analysis"  # object: None (national) or a Region
    # A region's own words on an offer it did not write (who helps here, an example, a meeting).
    TRANSLATE_OFFER = "translate_offer"  # object: the Region
    # Communities and signals (issue 13); rules in _community_signal_rule below.
    MANAGE_COMMUNITIES = "manage_communities"  # object: the Region (or a Community)
    LOG_MEETING = "log_meeting"  # object: the Community (or a Meeting: also its participants)
    RAISE_SIGNAL = "raise_signal"  # object: the Region the signal comes from (staff sources)
    VIEW_UNPUBLISHED_SIGNALS = "view_unpublished_signals"  # object: a Signal, Region or None
    PUBLISH_SIGNAL = "publish_signal"  # object: the Signal
    MANAGE_THREADS = "manage_threads"  # object: a Thread or None (assign, merge, split, rename)
    ANSWER_THREAD = "answer_thread"  # object: the Thread (its owner organisation answers)
    # The joint consistency test (Actieagenda kansenkaart 4); rules in _joint_review_rule.
    COORDINATE_JOINT_REVIEW = "coordinate_joint_review"  # object: a JointReview or None
    CONTRIBUTE_JOINT_REVIEW = "contribute_joint_review"  # object: the ReviewContribution
    RESPOND_JOINT_REVIEW = "respond_joint_review"  # object: the JointReview (its policy owner)
    VIEW_JOINT_REVIEW = "view_joint_review"  # object: the JointReview


def memberships(user) -> list[Membership]:
    """The user's memberships, loaded once per user object (every app's permission rules read
    this; `grant_membership` drops the cached list)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_scharnier_memberships", None)
    if cached is None:
        cached = list(Membership.objects.filter(user=user))
        user._scharnier_memberships = cached
    return cached


def _organisation_of(obj) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj
    return getattr(obj, "provider", None)


def has_permission(user, action: Action, obj=None) -> bool:
    held = memberships(user)
    if user is not None and getattr(user, "is_superuser", False) and user.is_active:
        return True
    for membership in held:
        if membership.role == Role.ADMINISTRATOR:
            return True
        if action in (Action.CREATE_OFFER, Action.CHANGE_OFFER, Action.ARCHIVE_OFFER):
            organisation = _organisation_of(obj)
            if (
                membership.role == Role.PROVIDER_EDITOR
                and organisation is not None
                and membership.organisation_id == organisation.pk
            ):
                return True
        elif action == Action.CHANGE_ORGANISATION:
            if membership.role == Role.PROVIDER_EDITOR and membership.organisation_id == getattr(
                obj, "pk", None
            ):
                return True
        elif action == Action.CHANGE_REGION:
            if (
                membership.role == Role.REGIONAL_DIRECTOR
                and isinstance(obj, Region)
                and membership.region_id == obj.pk
            ):
                return True
        elif action == Action.MANAGE_TEAM:
            if _manages_team(membership, obj):
                return True
        elif action in COMMUNITY_SIGNAL_ACTIONS:
            if _community_signal_rule(membership, action, obj):
                return True
        elif action in JOINT_REVIEW_ACTIONS:
            if _joint_review_rule(membership, action, obj):
                return True
        elif action == Action.TRANSLATE_OFFER:
            if (
                membership.role in (Role.REGIONAL_DIRECTOR, Role.SCHAKELTEAM_MEMBER)
                and isinstance(obj, Region)
                and membership.region_id == obj.pk
            ):
                return True
        elif action == Action.VIEW_ANALYSIS:
            if membership.role == Role.NATIONAL_ANALYST:
                return True
            if (
                membership.role == Role.REGIONAL_DIRECTOR
                and isinstance(obj, Region)
                and membership.region_id == obj.pk
            ):
                return True
    return False


def _manages_team(membership: Membership, team) -> bool:
    """A regional director runs the region's team (directors and schakelteam), an editor
    shares the organisation's offers with colleagues, a province's staff their province's
    reading role; anything wider is the administrator's."""
    if isinstance(team, Region):
        return membership.role == Role.REGIONAL_DIRECTOR and membership.region_id == team.pk
    if isinstance(team, Organisation):
        return membership.role == Role.PROVIDER_EDITOR and membership.organisation_id == team.pk
    if isinstance(team, Province):
        return membership.role == Role.PROVINCE and membership.province_id == team.pk
    return False


# --- Communities and signals (issue 13) -------------------------------------------------------
COMMUNITY_SIGNAL_ACTIONS = frozenset(
    {
        Action.MANAGE_COMMUNITIES,
        Action.LOG_MEETING,
        Action.RAISE_SIGNAL,
        Action.VIEW_UNPUBLISHED_SIGNALS,
        Action.PUBLISH_SIGNAL,
        Action.MANAGE_THREADS,
        Action.ANSWER_THREAD,
    }
)
_REGION_STAFF = (Role.REGIONAL_DIRECTOR, Role.SCHAKELTEAM_MEMBER)


def _region_id_of(obj) -> int | None:
    """The region an object belongs to: a Region, or anything with region/community."""
    if isinstance(obj, Region):
        return obj.pk
    if hasattr(obj, "region_id"):
        return obj.region_id
    community = getattr(obj, "community", None)
    return getattr(community, "region_id", None)


def _community_signal_rule(membership: Membership, action: Action, obj) -> bool:
    role = membership.role
    in_region = (
        role in _REGION_STAFF and obj is not None and membership.region_id == (_region_id_of(obj))
    )
    if action == Action.MANAGE_COMMUNITIES:
        return in_region
    if action == Action.LOG_MEETING:
        community = getattr(obj, "community", obj)
        organiser_id = getattr(community, "organiser_id", None)
        return in_region or (
            role == Role.PROVIDER_EDITOR
            and organiser_id is not None
            and membership.organisation_id == organiser_id
        )
    if action == Action.RAISE_SIGNAL:
        return in_region or role == Role.PROVIDER_EDITOR or role == Role.NATIONAL_ANALYST
    if action in (Action.VIEW_UNPUBLISHED_SIGNALS, Action.PUBLISH_SIGNAL):
        return role == Role.NATIONAL_ANALYST or in_region
    if action == Action.MANAGE_THREADS:
        return role == Role.NATIONAL_ANALYST
    if action == Action.ANSWER_THREAD:
        owner = getattr(obj, "owner", None)
        return (
            role == Role.PROVIDER_EDITOR
            and owner is not None
            and membership.organisation_id in {owner.pk, owner.parent_id}
        )
    return False


# --- The joint consistency test --------------------------------------------------------------
JOINT_REVIEW_ACTIONS = frozenset(
    {
        Action.COORDINATE_JOINT_REVIEW,
        Action.CONTRIBUTE_JOINT_REVIEW,
        Action.RESPOND_JOINT_REVIEW,
        Action.VIEW_JOINT_REVIEW,
    }
)


def _speaks_for(membership: Membership, organisation_id: int | None, parent_id=None) -> bool:
    """An editor speaks for the organisation, and for its branches through the one above."""
    return (
        membership.role == Role.PROVIDER_EDITOR
        and organisation_id is not None
        and membership.organisation_id in {organisation_id, parent_id} - {None}
    )


def _joint_review_rule(membership: Membership, action: Action, obj) -> bool:
    """The national analyst coordinates (opens, writes the joint advice, hands it back); each
    reviewing organisation gives its own view; the policy owner answers what it did; all of
    them, and nobody else, read the review: a department's plan is not public while it is
    being tested."""
    if membership.role == Role.NATIONAL_ANALYST:
        return action in (Action.COORDINATE_JOINT_REVIEW, Action.VIEW_JOINT_REVIEW)
    if action == Action.CONTRIBUTE_JOINT_REVIEW:
        organisation = getattr(obj, "organisation", None)
        return organisation is not None and _speaks_for(
            membership, organisation.pk, organisation.parent_id
        )
    if action in (Action.RESPOND_JOINT_REVIEW, Action.VIEW_JOINT_REVIEW):
        owner = getattr(obj, "policy_owner", None)
        if owner is not None and (
            _speaks_for(membership, owner.pk, owner.parent_id)
            or _province_staff_of(membership, owner)
        ):
            return True
    if action == Action.VIEW_JOINT_REVIEW and obj is not None:
        return membership.role == Role.PROVIDER_EDITOR and bool(
            {membership.organisation_id} & obj.participant_organisation_ids()
        )
    return False


def _province_staff_of(membership: Membership, organisation: Organisation) -> bool:
    """A province's staff speak for the province as an organisation (as policy owner)."""
    return (
        membership.role == Role.PROVINCE
        and organisation.kind == OrganisationKind.PROVINCIE
        and organisation.province_id is not None
        and membership.province_id == organisation.province_id
    )


def require_permission(user, action: Action, obj=None) -> None:
    if not has_permission(user, action, obj):
        raise PermissionDenied(f"{action} not allowed")


def editable_organisations(user):
    """Organisations whose offers this user may create and change."""
    if getattr(user, "is_superuser", False) or any(
        m.role == Role.ADMINISTRATOR for m in memberships(user)
    ):
        return Organisation.objects.all()
    ids = [m.organisation_id for m in memberships(user) if m.role == Role.PROVIDER_EDITOR]
    return Organisation.objects.filter(pk__in=ids)


def holds_role(user, *roles: Role) -> bool:
    """True when the user has one of these roles (a superuser holds every role)."""
    if user is not None and getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(m.role in roles for m in memberships(user))


def staffed_regions(user) -> list[int]:
    """Ids of the regions where this user is regional staff (director or schakelteam)."""
    return [m.region_id for m in memberships(user) if m.role in _REGION_STAFF]


def edited_organisations(user) -> list[int]:
    """Ids of the organisations for which this user is a provider's editor."""
    return [m.organisation_id for m in memberships(user) if m.role == Role.PROVIDER_EDITOR]


def directed_regions(user) -> list[int]:
    """Ids of the regions this user directs (regional director)."""
    return [m.region_id for m in memberships(user) if m.role == Role.REGIONAL_DIRECTOR]


def served_provinces(user) -> list[int]:
    """Ids of the provinces this user works for (province role)."""
    return [m.province_id for m in memberships(user) if m.role == Role.PROVINCE]


def runs_a_team(user) -> bool:
    """True when the user directs a region, edits for an organisation or works for a
    province: "Mijn team" (from the memberships already loaded, cheap enough for a menu)."""
    return bool(directed_regions(user) or edited_organisations(user) or served_provinces(user))


def manages_every_team(user) -> bool:
    """True for whoever may run any team and switch off accounts without a role ("Teams")."""
    return has_permission(user, Action.MANAGE_TEAM)
