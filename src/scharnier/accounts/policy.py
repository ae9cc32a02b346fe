"""Who must use a second factor: everyone who can read entrepreneurs' personal data.

That is every role that handles or receives questions (schakelteam member, administrator of the
national queue, provider editor: see casework.permissions), the regional director (who gives
colleagues the schakelteam role in "Mijn team"), staff and superusers (the admin), and anyone who
has set up a device anyway.
"""

from django_otp import user_has_device

from scharnier.organisations.models import Membership, Role

# Roles whose holders can see an entrepreneur's name, contact details or question, or hand that
# access to a colleague.
SECOND_FACTOR_ROLES = (
    Role.SCHAKELTEAM_MEMBER,
    Role.ADMINISTRATOR,
    Role.PROVIDER_EDITOR,
    Role.REGIONAL_DIRECTOR,
)


def requires_second_factor(user) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    cached = getattr(user, "_requires_second_factor", None)
    if cached is None:
        cached = Membership.objects.filter(
            user=user, role__in=SECOND_FACTOR_ROLES
        ).exists() or user_has_device(user, confirmed=True)
        user._requires_second_factor = cached
    return cached


def is_verified(user) -> bool:
    checker = getattr(user, "is_verified", None)
    return bool(checker and checker())
