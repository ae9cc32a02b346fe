"""Read queries on organisations and regional ecosystems."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet
from django.utils.translation import gettext as _

from scharnier.geography.models import Province, Region

from .models import Membership, MembershipChange, Organisation, RegionalRole, Role
from .permissions import directed_regions, edited_organisations, served_provinces

_DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class RequiredStakeholder:
    """A party the vision wants at every regional table: by kind or by national organisation."""

    code: str
    label: str
    kinds: frozenset[str]
    organisations: frozenset[str]

    def is_met_by(self, organisation: Organisation) -> bool:
        return organisation.kind in self.kinds or bool(
            organisation.network_slugs & self.organisations
        )


@cache
def required_stakeholders() -> tuple[RequiredStakeholder, ...]:
    with (_DATA_DIR / "required_stakeholders.json").open(encoding="utf-8") as handle:
        return tuple(
            RequiredStakeholder(
                code=item["code"],
                label=item["label"],
                kinds=frozenset(item["kinds"]),
                organisations=frozenset(item["organisations"]),
            )
            for item in json.load(handle)
        )


@dataclass(frozen=True)
class StakeholderCheck:
    stakeholder: RequiredStakeholder
    organisations: tuple[Organisation, ...]

    @property
    def present(self) -> bool:
        return bool(self.organisations)


def stakeholder_roles(region: Region):
    return (
        RegionalRole.objects.filter(region=region)
        .select_related("organisation", "organisation__parent")
        .order_by("role", "organisation__name")
    )


def required_stakeholder_checks(
    region: Region, roles: Iterable[RegionalRole] | None = None
) -> list[StakeholderCheck]:
    """For each required stakeholder, which organisations at the region's table fill it.

    `roles`: the region's roles when the caller already has them (one query fewer per page).
    """
    roles = stakeholder_roles(region) if roles is None else roles
    organisations = [role.organisation for role in roles]
    return [
        StakeholderCheck(
            stakeholder=required,
            organisations=tuple(o for o in organisations if required.is_met_by(o)),
        )
        for required in required_stakeholders()
    ]


def organisations_with_places() -> QuerySet[Organisation]:
    """Organisations with what their pages and API rows show (parent, province, municipality)."""
    return Organisation.objects.select_related("parent", "province", "municipality")


def regional_roles_of(organisation: Organisation) -> QuerySet[RegionalRole]:
    """An organisation's roles in regions, by region name."""
    return (
        RegionalRole.objects.filter(organisation=organisation)
        .select_related("region")
        .order_by("region__name")
    )


# --- Teams: who holds a role in a region, an organisation or a province ----------------------
Team = Region | Organisation | Province

# A team's kind as its address names it (/account/team/<kind>/<key>/...) and the field that
# holds the team on a Membership; the roles it hands out are the roles scoped to that field.
TEAM_KINDS = {Region: "regio", Organisation: "organisatie", Province: "provincie"}
_TEAM_FIELDS = {Region: "region", Organisation: "organisation", Province: "province"}
_TEAM_ROLES = {
    Region: (Role.REGIONAL_DIRECTOR, Role.SCHAKELTEAM_MEMBER),
    Organisation: (Role.PROVIDER_EDITOR,),
    Province: (Role.PROVINCE,),
}


def team_roles(team: Team) -> tuple[Role, ...]:
    """The roles a team hands out: a region's director(s) and schakelteam, an organisation's
    editors, a province's staff (the same scopes the Membership constraints require)."""
    return _TEAM_ROLES[type(team)]


def team_scope(team: Team) -> dict:
    """The Membership field that holds the team, as keyword arguments."""
    return {_TEAM_FIELDS[type(team)]: team}


def team_key(team: Team) -> str:
    """How the team's address names it: a slug, or a province's CBS code."""
    return team.code.lower() if isinstance(team, Province) else team.slug


def team_name(team: Team) -> str:
    """The team's name as pages and mails say it ("Team van <name>")."""
    if isinstance(team, Province):
        return _("provincie %(name)s") % {"name": team.name}
    return str(team)


def team_by_address(kind: str, key: str) -> Team | None:
    """The team an address names, or None."""
    for model, name in TEAM_KINDS.items():
        if name == kind:
            lookup = {"code": key.upper()} if model is Province else {"slug": key}
            return model.objects.filter(**lookup).first()
    return None


def team_memberships(team: Team) -> QuerySet[Membership]:
    """The team's members with their role, by name."""
    return (
        Membership.objects.filter(role__in=team_roles(team), **team_scope(team))
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username", "role")
    )


def team_changes(team: Team, limit: int = 10) -> list[MembershipChange]:
    """The team's latest role changes, newest first."""
    changes = MembershipChange.objects.filter(role__in=team_roles(team), **team_scope(team))
    return list(changes.select_related("user", "actor")[:limit])


def membership_team(membership: Membership) -> Team | None:
    """The team a membership belongs to, if it is a team role (not a national one)."""
    team = membership.region or membership.organisation or membership.province
    if team is None or membership.role not in team_roles(team):
        return None
    return team


def managed_teams(user) -> list[Team]:
    """The teams this user runs (see `permissions.Action.MANAGE_TEAM`): regions, then
    organisations, then provinces, each by name."""
    return [
        *Region.objects.filter(pk__in=directed_regions(user)).order_by("name"),
        *Organisation.objects.filter(pk__in=edited_organisations(user)).order_by("name"),
        *Province.objects.filter(pk__in=served_provinces(user)).order_by("name"),
    ]


# --- Every team at once: the administrator's overview ("Teams en toegang") -------------------
def _member_counts(prefix: str, roles: Iterable[Role], idle_before: datetime) -> dict:
    """Count annotations over a team's memberships (`prefix` is the reverse relation): people
    per role whose account is on (a switched-off director runs nothing), and the people who
    have not chosen a password or not logged in since `idle_before` (the periodic access
    review of Mijn team)."""
    member = f"{prefix}__user"
    active = Q(**{f"{member}__is_active": True})
    idle = active & (
        Q(**{f"{member}__last_login__lt": idle_before})
        | Q(**{f"{member}__last_login__isnull": True, f"{member}__date_joined__lt": idle_before})
    )
    # Django marks an unusable password with a leading "!".
    no_password = active & Q(**{f"{member}__password__startswith": "!"})
    counts = {
        f"count_{role}": Count(
            member, distinct=True, filter=active & Q(**{f"{prefix}__role": role})
        )
        for role in roles
    }
    in_team = Q(**{f"{prefix}__role__in": list(roles)})
    counts["idle_count"] = Count(member, distinct=True, filter=in_team & idle)
    counts["no_password_count"] = Count(member, distinct=True, filter=in_team & no_password)
    return counts


def _with_counts(team: Team, roles: tuple[Role, ...]) -> Team:
    team.role_counts = [(role, getattr(team, f"count_{role}")) for role in roles]
    # The first of a team's roles runs it (director, editor, province): without one, only
    # the administrator can add colleagues there.
    team.without_runner = team.role_counts[0][1] == 0
    team.kind = TEAM_KINDS[type(team)]
    team.key = team_key(team)
    return team


def regions_overview(idle_before: datetime) -> list[Region]:
    """Every region with the size of its team; a region without a director has nobody who
    can add colleagues there but the administrator."""
    roles = _TEAM_ROLES[Region]
    regions = Region.objects.annotate(**_member_counts("memberships", roles, idle_before))
    return [_with_counts(region, roles) for region in regions.order_by("name")]


def provinces_overview(idle_before: datetime) -> list[Province]:
    """Every province with the size of its team."""
    roles = _TEAM_ROLES[Province]
    provinces = Province.objects.annotate(**_member_counts("memberships", roles, idle_before))
    return [_with_counts(province, roles) for province in provinces.order_by("name")]


def organisations_overview(
    idle_before: datetime, *, name: str = "", without_editor: bool = False
) -> QuerySet[Organisation]:
    """Organisations with editors or with offers that are not archived: those without an
    editor first (nobody there keeps their offers up to date), then by name. `name`: only
    those whose name holds it; `without_editor`: only those without an editor."""
    # The catalog's offers by app label: organisations sits below catalog and does not import it.
    offers = apps.get_model("catalog", "Offer").objects.filter(
        provider=OuterRef("pk"), is_archived=False
    )
    editors = Membership.objects.filter(
        organisation=OuterRef("pk"), role__in=_TEAM_ROLES[Organisation], user__is_active=True
    )
    overview = Organisation.objects.annotate(
        **_member_counts("memberships", _TEAM_ROLES[Organisation], idle_before),
        has_editor=Exists(editors),
        has_offers=Exists(offers),
    ).filter(Q(has_editor=True) | Q(has_offers=True))
    if name:
        overview = overview.filter(name__icontains=name)
    if without_editor:
        overview = overview.filter(has_editor=False)
    return overview.order_by("has_editor", "name")


def with_team_counts(organisations: Iterable[Organisation]) -> list[Organisation]:
    """A page of `organisations_overview` ready for the template."""
    return [_with_counts(organisation, _TEAM_ROLES[Organisation]) for organisation in organisations]


def accounts_without_a_role() -> QuerySet:
    """Accounts that are switched on but hold no role (their last role was taken away, or
    none was ever given): they can still log in. Accounts with access to the admin (staff,
    superusers) are left out: they need no role, and are switched off in the admin.
    Each carries `role_lost_at`: when its last role was taken away, if that was recorded."""
    return (
        get_user_model()
        .objects.filter(
            is_active=True, is_staff=False, is_superuser=False, memberships__isnull=True
        )
        .annotate(role_lost_at=Max("membership_changes__at"))
        .order_by("first_name", "last_name", "username")
    )


def _referral_receivers() -> QuerySet[Membership]:
    # An editor whose account is on gets a referral's mail and can answer it.
    return Membership.objects.filter(role=Role.PROVIDER_EDITOR, user__is_active=True)


def organisations_receiving_referrals(organisation_ids: Iterable[int]) -> set[int]:
    """Those of these organisations where someone receives referrals."""
    receivers = _referral_receivers().filter(organisation_id__in=list(organisation_ids))
    return set(receivers.values_list("organisation_id", flat=True))


def organisations_for_referral() -> QuerySet[Organisation]:
    """Every organisation by name, each with `receives_referrals`."""
    receivers = _referral_receivers().filter(organisation=OuterRef("pk"))
    return Organisation.objects.annotate(receives_referrals=Exists(receivers)).order_by("name")
