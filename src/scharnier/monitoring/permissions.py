"""Who may do what in monitoring (the matrix in tests/monitoring/test_agreements.py proves it).

Figures and result agreements are public. A region's result agreements are entered by its
regional director; an administrator (or superuser) may do so for every region. Metric
definitions and region targets stay with the national administrator (services.py).
"""

from enum import StrEnum

from scharnier.geography.models import Region
from scharnier.organisations.models import Role
from scharnier.organisations.permissions import memberships


class Action(StrEnum):
    MANAGE_AGREEMENTS = "manage_agreements"  # object: the Region


def _is_admin(user) -> bool:
    if user is not None and getattr(user, "is_superuser", False) and user.is_active:
        return True
    return any(m.role == Role.ADMINISTRATOR for m in memberships(user))


def has_permission(user, action: Action, obj=None) -> bool:
    if action == Action.MANAGE_AGREEMENTS and isinstance(obj, Region):
        return _is_admin(user) or any(
            m.role == Role.REGIONAL_DIRECTOR and m.region_id == obj.pk for m in memberships(user)
        )
    return False
