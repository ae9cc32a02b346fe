"""Write operations on organisations, regional roles and memberships."""

import datetime
import re

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.core.validation import text_problem
from scharnier.geography.models import Region

from .models import (
    DirectingOrganisation,
    Membership,
    MembershipChange,
    MembershipChangeKind,
    Organisation,
    RegionalRole,
    Role,
)
from .permissions import Action, require_permission
from .queries import Team, membership_team, team_roles, team_scope


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


MAX_REACH_ESTIMATE = 2_000_000  # more than the firms of any region: a typing slip


@transaction.atomic
def set_regional_role(
    *,
    actor=None,
    region: Region,
    organisation: Organisation,
    role: str,
    note: str = "",
    reach_estimate: int | None = None,
) -> RegionalRole:
    if actor is not None:
        require_permission(actor, Action.CHANGE_REGION, region)
    if reach_estimate is not None and not 0 <= reach_estimate <= MAX_REACH_ESTIMATE:
        raise ValidationError(
            {
                "reach_estimate": _("Vul een aantal ondernemers in van 0 tot %(max)s.")
                % {"max": f"{MAX_REACH_ESTIMATE:,}".replace(",", ".")}
            }
        )
    regional_role, _created = RegionalRole.objects.update_or_create(
        region=region,
        organisation=organisation,
        defaults={"role": role, "note": note, "reach_estimate": reach_estimate},
    )
    regional_role.full_clean()
    return regional_role


@transaction.atomic
def remove_regional_role(*, actor=None, region: Region, organisation: Organisation) -> None:
    if actor is not None:
        require_permission(actor, Action.CHANGE_REGION, region)
    RegionalRole.objects.filter(region=region, organisation=organisation).delete()
    # The regie is granted by the parties at the table: who leaves the table leaves it too.
    DirectingOrganisation.objects.filter(region=region, organisation=organisation).delete()


@transaction.atomic
def assign_directing_organisation(
    *,
    actor=None,
    region: Region,
    organisation: Organisation,
    granted_on: datetime.date,
    granted_by: str,
    programme_manager=None,
) -> DirectingOrganisation:
    """Record which organisation the region's stakeholders granted the regie, and its
    programme manager (someone of the region's team)."""
    if actor is not None:
        require_permission(actor, Action.CHANGE_REGION, region)
    errors: dict[str, str] = {}
    if not RegionalRole.objects.filter(region=region, organisation=organisation).exists():
        errors["organisation"] = _(
            "De regie wordt gegund door de partijen aan tafel. Zet %(name)s eerst aan tafel."
        ) % {"name": organisation.name}
    today = timezone.localdate()
    if granted_on > today:
        errors["granted_on"] = _(
            "Deze datum ligt in de toekomst. Vul de dag in dat de regie is gegund."
        )
    elif granted_on.year < 2020:
        errors["granted_on"] = _("Vul een datum in vanaf 2020.")
    granted_by = " ".join(granted_by.split())
    if not granted_by:
        errors["granted_by"] = _(
            "Schrijf door wie de regie is gegund, bijvoorbeeld: het regio-overleg van 12 maart."
        )
    elif len(granted_by) > 300:
        errors["granted_by"] = _("Schrijf dit in hoogstens 300 tekens.")
    elif problem := text_problem(granted_by, multiline=False):
        errors["granted_by"] = problem
    if (
        programme_manager is not None
        and not Membership.objects.filter(
            user=programme_manager,
            region=region,
            role__in=(Role.REGIONAL_DIRECTOR, Role.SCHAKELTEAM_MEMBER),
        ).exists()
    ):
        errors["programme_manager"] = _("Kies iemand uit het team van de regio.")
    if errors:
        raise ValidationError(errors)
    directing, _created = DirectingOrganisation.objects.update_or_create(
        region=region,
        defaults={
            "organisation": organisation,
            "granted_on": granted_on,
            "granted_by": granted_by,
            "programme_manager": programme_manager,
        },
    )
    return directing


@transaction.atomic
def grant_membership(
    *, user, role: str, organisation=None, region=None, province=None
) -> Membership:
    """Give a user a role; a role the user already holds for this scope is returned as it is."""
    scope = {"organisation": organisation, "region": region, "province": province}
    membership = Membership.objects.filter(user=user, role=role, **scope).first()
    if membership is None:
        membership = Membership(user=user, role=role, **scope)
        membership.full_clean()
        membership.save()
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


def _free_username(email: str) -> str:
    """A username from the address's part before the @, numbered when it is taken."""
    base = re.sub(r"[^a-z0-9._-]", "", email.split("@", 1)[0].lower())[:40] or "collega"
    taken = get_user_model().objects.filter(username__istartswith=base)
    names = {name.lower() for name in taken.values_list("username", flat=True)}
    candidate, number = base, 1
    while candidate in names:
        number += 1
        candidate = f"{base}-{number}"
    return candidate


@transaction.atomic
def add_team_member(
    *, actor, team: Team, role: str, email: str, first_name: str = "", last_name: str = ""
) -> tuple[Membership, bool]:
    """Give a colleague a role in a team: the account with this address, or a new one without
    a password (its owner chooses one through the invitation). Returns (membership, created).

    Refusals are ValidationErrors keyed by the form field they are about.
    """
    require_permission(actor, Action.MANAGE_TEAM, team)
    if role not in team_roles(team):
        raise ValidationError({"role": _("Kies een van de rollen van dit team.")})
    users = list(get_user_model().objects.filter(email__iexact=email.strip())[:2])
    if len(users) > 1:
        raise ValidationError(
            {
                "email": _(
                    "Bij dit e-mailadres horen meer accounts. Vraag de beheerder van Scharnier "
                    "om deze collega toe te voegen."
                )
            }
        )
    if users and not users[0].is_active:
        raise ValidationError(
            {
                "email": _(
                    "Het account met dit e-mailadres staat uit. Vraag de beheerder van "
                    "Scharnier om het weer aan te zetten."
                )
            }
        )
    created = not users
    if created:
        user = create_user(
            username=_free_username(email),
            password=None,
            email=email.strip(),
            first_name=first_name.strip(),
            last_name=last_name.strip(),
        )
    else:
        user = users[0]
        if Membership.objects.filter(user=user, role=role, **team_scope(team)).exists():
            raise ValidationError({"email": _("Deze collega heeft deze rol in dit team al.")})
    membership = grant_membership(user=user, role=role, **team_scope(team))
    record_membership_change(actor, membership, MembershipChangeKind.GRANTED)
    return membership, created


@transaction.atomic
def remove_team_member(*, actor, membership: Membership) -> None:
    """Take a colleague's role in a team away; the account stays (with any other roles)."""
    team = membership_team(membership)
    if team is None:
        raise PermissionDenied("not a team role")
    require_permission(actor, Action.MANAGE_TEAM, team)
    if membership.user_id == actor.pk:
        raise ValidationError(
            _(
                "U kunt uzelf niet uit het team halen. Vraag dat aan een collega die het team "
                "beheert, of aan de beheerder van Scharnier."
            )
        )
    record_membership_change(actor, membership, MembershipChangeKind.WITHDRAWN)
    membership.delete()
    membership.user.__dict__.pop("_scharnier_memberships", None)


@transaction.atomic
def switch_off_roleless_account(*, actor, user) -> None:
    """Switch off an account that holds no role any more, so that it can no longer log in
    (its sessions and API tokens stop working with it). Only whoever manages every team may;
    an account with a role is switched off in the admin, after its roles are looked at."""
    require_permission(actor, Action.MANAGE_TEAM)
    user = get_user_model().objects.select_for_update().get(pk=user.pk)
    if user.pk == actor.pk:
        raise ValidationError(_("U kunt uw eigen account niet uitzetten."))
    if user.is_staff or user.is_superuser:
        raise ValidationError(
            _("Dit account heeft toegang tot het beheer. Zet het daar uit, bij Gebruikers.")
        )
    if Membership.objects.filter(user=user).exists():
        raise ValidationError(
            _(
                "Dit account heeft een rol. Haal eerst de rollen weg, of zet het account uit "
                "in het beheer."
            )
        )
    if user.is_active:
        user.is_active = False
        user.save(update_fields=["is_active"])


def record_membership_change(actor, membership: Membership, kind: str) -> MembershipChange:
    """Write down who gave or took a role (Mijn team and the admin both call this)."""
    return MembershipChange.objects.create(
        user_id=membership.user_id,
        actor=actor if getattr(actor, "pk", None) else None,
        kind=kind,
        role=membership.role,
        organisation_id=membership.organisation_id,
        region_id=membership.region_id,
        province_id=membership.province_id,
    )
