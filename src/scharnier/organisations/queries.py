"""Read queries on organisations and regional ecosystems."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import QuerySet

from scharnier.geography.models import Region

from .models import Membership, Organisation, RegionalRole, Role
from .permissions import directed_regions, edited_organisations

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


# --- Teams: who holds a role in a region or an organisation ---------------------------------
Team = Region | Organisation


def team_roles(team: Team) -> tuple[Role, ...]:
    """The roles a team hands out: a region's director(s) and schakelteam, an organisation's
    editors (the same scopes the Membership constraints require)."""
    if isinstance(team, Region):
        return (Role.REGIONAL_DIRECTOR, Role.SCHAKELTEAM_MEMBER)
    return (Role.PROVIDER_EDITOR,)


def team_scope(team: Team) -> dict:
    """The Membership field that holds the team, as keyword arguments."""
    return {"region": team} if isinstance(team, Region) else {"organisation": team}


def team_memberships(team: Team) -> QuerySet[Membership]:
    """The team's members with their role, by name."""
    return (
        Membership.objects.filter(role__in=team_roles(team), **team_scope(team))
        .select_related("user")
        .order_by("user__first_name", "user__last_name", "user__username", "role")
    )


def membership_team(membership: Membership) -> Team | None:
    """The team a membership belongs to, if it is a team role (not a national one)."""
    team = membership.region or membership.organisation
    if team is None or membership.role not in team_roles(team):
        return None
    return team


def managed_teams(user) -> list[Team]:
    """The teams this user runs (see `permissions.Action.MANAGE_TEAM`), regions first."""
    regions = list(Region.objects.filter(pk__in=directed_regions(user)).order_by("name"))
    organisations = Organisation.objects.filter(pk__in=edited_organisations(user))
    return [*regions, *organisations.order_by("name")]
