"""Write operations on organisations, regional roles and memberships."""

from django.contrib.auth import get_user_model
from django.db import transaction

from scharnier.geography.models import Region

from .models import Membership, Organisation, RegionalRole
from .permissions import Action, require_permission


@transaction.atomic
def save_organisation(*, actor=None, slug: str, **fields) -> Organisation:
    """Create or update an organisation by slug. `actor=None` is a trusted system call."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if actor is not None:
        if organisation is None:
            require_permission(actor, Action.CHANGE_ORGANISATION, None)
        else:
            require_permission(actor, Action.CHANGE_ORGANISATION, organisation)
    if organisation is None:
        organisation = Organisation(slug=slug)
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def set_regional_role(
    *, actor=None, region: Region, organisation: Organisation, role: str, note: str = ""
) -> RegionalRole:
    if actor is not None:
        require_permission(actor, Action.CHANGE_REGION, region)
    regional_role, _ = RegionalRole.objects.update_or_create(
        region=region, organisation=organisation, defaults={"role": role, "note": note}
    )
    regional_role.full_clean()
    return regional_role


@transaction.atomic
def remove_regional_role(*, actor=None, region: Region, organisation: Organisation) -> None:
    if actor is not None:
        require_permission(actor, Action.CHANGE_REGION, region)
    RegionalRole.objects.filter(region=region, organisation=organisation).delete()


@transaction.atomic
def grant_membership(
    *, user, role: str, organisation=None, region=None, province=None
) -> Membership:
    membership = Membership(
        user=user, role=role, organisation=organisation, region=region, province=province
    )
    membership.full_clean(validate_unique=False)
    membership, _ = Membership.objects.get_or_create(
        user=user, role=role, organisation=organisation, region=region, province=province
    )
    user.__dict__.pop("_scharnier_memberships", None)
    return membership


def change_user_email(user, email: str) -> None:
    """A user's own address (for mail and a forgotten password); checked like the admin does."""
    user.email = email
    user.full_clean(validate_unique=False)
    user.save(update_fields=["email"])


def create_user(*, username: str, password: str | None, email: str = "", **names):
    """Create a user account (password None leaves it unusable)."""
    user_model = get_user_model()
    user = user_model(username=username, email=email, **names)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    return user
