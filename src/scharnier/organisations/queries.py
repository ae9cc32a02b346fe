"""Read queries on organisations and regional ecosystems."""

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.db.models import QuerySet

from scharnier.geography.models import Region

from .models import Organisation, RegionalRole

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
