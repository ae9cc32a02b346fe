"""Who may do what: every write service asks here first.

Rules are role x action x object; the test matrix in tests/organisations proves them.
"""

from enum import StrEnum

from django.core.exceptions import PermissionDenied

from scharnier.geography.models import Region

from .models import Membership, Organisation, Role


class Action(StrEnum):
    CREATE_OFFER = "create_offer"  # object: the providing Organisation
    CHANGE_OFFER = "change_offer"  # object: the Offer
    ARCHIVE_OFFER = "archive_offer"  # object: the Offer
    CHANGE_ORGANISATION = "change_organisation"  # object: the Organisation
    CHANGE_REGION = "change_region"  # object: the Region (details, stakeholder roles)
    VIEW_ANALYSIS = "view_analysis"  # object: None (national) or a Region


def _memberships(user) -> list[Membership]:
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
    memberships = _memberships(user)
    if user is not None and getattr(user, "is_superuser", False) and user.is_active:
        return True
    for membership in memberships:
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


def require_permission(user, action: Action, obj=None) -> None:
    if not has_permission(user, action, obj):
        raise PermissionDenied(f"{action} not allowed")


def editable_organisations(user):
    """Organisations whose offers this user may create and change."""
    if getattr(user, "is_superuser", False) or any(
        m.role == Role.ADMINISTRATOR for m in _memberships(user)
    ):
        return Organisation.objects.all()
    ids = [m.organisation_id for m in _memberships(user) if m.role == Role.PROVIDER_EDITOR]
    return Organisation.objects.filter(pk__in=ids)


def holds_role(user, *roles: Role) -> bool:
    """True when the user has one of these roles (a superuser holds every role)."""
    if user is not None and getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(m.role in roles for m in _memberships(user))


def directed_regions(user) -> list[int]:
    """Ids of the regions this user directs (regional director)."""
    return [m.region_id for m in _memberships(user) if m.role == Role.REGIONAL_DIRECTOR]
