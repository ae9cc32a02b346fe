"""Test data builders that go through the real service layer."""

import itertools
from typing import Any

from scharnier.catalog import services as catalog_services
from scharnier.catalog.models import JourneyPhase, OfferType, ScopeLevel, Theme
from scharnier.geography import services as geography_services
from scharnier.geography.models import Municipality, RegionStatus, RolloutWave
from scharnier.organisations import services as organisation_services
from scharnier.organisations.models import OrganisationKind

_counter = itertools.count(1)


def make_organisation(slug: str | None = None, kind: str = OrganisationKind.PRIVAAT, **fields):
    slug = slug or f"org-{next(_counter)}"
    return organisation_services.save_organisation(
        slug=slug, name=fields.pop("name", slug.replace("-", " ").title()), kind=kind, **fields
    )


def make_region(slug: str | None = None, municipality_codes=("GM0193",), **fields):
    slug = slug or f"regio-{next(_counter)}"
    return geography_services.save_region(
        slug=slug,
        name=fields.pop("name", slug.replace("-", " ").title()),
        municipalities=Municipality.objects.filter(code__in=municipality_codes),
        rollout_wave=fields.pop("rollout_wave", RolloutWave.FOCUS_2024),
        status=fields.pop("status", RegionStatus.ACTIVE),
        **fields,
    )


def make_user(
    role: str | None = None, *, organisation=None, region=None, province=None, username=None
):
    user = organisation_services.create_user(
        username=username or f"user{next(_counter)}", password="Geheim-wachtwoord-123"
    )
    if role:
        organisation_services.grant_membership(
            user=user, role=role, organisation=organisation, region=region, province=province
        )
    return user


def offer_data(**overrides: Any) -> dict[str, Any]:
    """Valid data for a national, active advice offer; override any field."""
    data: dict[str, Any] = {
        "title": f"Testaanbod {next(_counter)}",
        "summary": "Korte samenvatting van het aanbod.",
        "description": "Langere beschrijving.",
        "offer_type": OfferType.objects.get(code="advies"),
        "themes": [Theme.objects.get(code="digitalisering")],
        "journey_phases": [JourneyPhase.objects.get(code="weten")],
        "scope_level": ScopeLevel.NATIONAL,
    }
    data.update(overrides)
    return data


def make_offer(provider=None, actor=None, **overrides):
    provider = provider or make_organisation()
    return catalog_services.create_offer(
        actor=actor, provider=provider, data=offer_data(**overrides)
    )


def ensure_reference_data() -> None:
    """Put back the data that migrations load (CBS geography, vocabularies).

    A transactional test (live server, browser) ends by flushing every table, which also removes
    what data migrations loaded; the next transactional test would find no municipalities.
    """
    from scharnier.catalog.models import VOCABULARIES, Theme
    from scharnier.catalog.services import sync_vocabularies
    from scharnier.geography.loading import load_cbs_geography
    from scharnier.geography.models import (
        CoropArea,
        LabourMarketRegion,
        Municipality,
        Province,
    )
    from scharnier.monitoring.models import MetricDefinition
    from scharnier.monitoring.services import ensure_metric_definitions

    if not Municipality.objects.exists():
        load_cbs_geography(Province, CoropArea, LabourMarketRegion, Municipality)
    if not Theme.objects.exists():
        sync_vocabularies(VOCABULARIES)
    if not MetricDefinition.objects.exists():
        ensure_metric_definitions()
