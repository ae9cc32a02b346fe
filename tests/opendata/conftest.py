"""A small catalog that uses every scope level and every exported field, built through services."""

import datetime
import json
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from scharnier.catalog import services as catalog_services
from scharnier.catalog.models import (
    Channel,
    Direction,
    JourneyPhase,
    Offer,
    OfferType,
    SbiSection,
    ScopeLevel,
    SizeClass,
    Theme,
)
from scharnier.geography.models import Municipality, Province
from scharnier.organisations import services as organisation_services
from scharnier.organisations.models import OrganisationKind, Role
from tests.factories import make_offer, make_organisation, make_region

STANDARDS = Path(__file__).resolve().parent.parent / "standards"
HSDS_SCHEMAS = STANDARDS / "hsds-3.0" / "schema"
CPSV_SHAPES = STANDARDS / "cpsv-ap-3.2.0" / "shacl" / "cpsv-ap-SHACL.ttl"
CPSV_EXAMPLES = STANDARDS / "cpsv-ap-3.2.0" / "examples"

# Strings that belong to people or to archived offers: they must never reach an export.
SECRETS = (
    "jan.jansen@prive-mail.nl",
    "Jantje Geheimnaam",
    "geheime-gebruiker",
    "Gearchiveerd geheim aanbod",
    "archief-kenmerk-123",
)


@pytest.fixture(autouse=True)
def _export_cache_dir(settings, tmp_path):
    """Every test gets its own folder for finished download files."""
    settings.SCHARNIER_OPEN_DATA_CACHE_DIR = tmp_path / "open-data-cache"
    return settings.SCHARNIER_OPEN_DATA_CACHE_DIR


@pytest.fixture(scope="session")
def hsds_registry() -> Registry:
    """The official HSDS 3.0 schemas, resolvable by their relative file names, offline."""
    resources = [
        (
            path.name,
            Resource.from_contents(
                json.loads(path.read_text(encoding="utf-8")),
                default_specification=DRAFT202012,
            ),
        )
        for path in HSDS_SCHEMAS.glob("*.json")
    ]
    assert len(resources) == 21
    return Registry().with_resources(resources)


@pytest.fixture(scope="session")
def hsds_validator(hsds_registry):
    """validator("service.json") -> a Draft 2020-12 validator with format checks."""

    def make(schema_name: str) -> Draft202012Validator:
        return Draft202012Validator(
            {"$ref": schema_name}, registry=hsds_registry, format_checker=FormatChecker()
        )

    return make


@pytest.fixture(scope="session")
def cpsv_shapes():
    from rdflib import Graph

    return Graph().parse(CPSV_SHAPES, format="turtle")


def terms(model, *codes):
    return list(model.objects.filter(code__in=codes))


@dataclass
class Catalog:
    offers: dict[str, Offer]
    providers: dict


@pytest.fixture
def catalog(db) -> Catalog:
    today = timezone.localdate()
    kvk = make_organisation("kvk", OrganisationKind.UITVOERINGSORGANISATIE, name="KvK")
    rvo = make_organisation(
        "rvo",
        OrganisationKind.UITVOERINGSORGANISATIE,
        name="Rijksdienst voor Ondernemend Nederland",
        description="Uitvoeringsorganisatie van het ministerie van EZ.",
        kvk_number="27378529",
        website="https://www.rvo.nl",
        email="info@rvo.example",
        phone="088 042 42 42",
    )
    kvk_oost = make_organisation(
        "kvk-oost",
        OrganisationKind.UITVOERINGSORGANISATIE,
        name="KvK Oost",
        parent=kvk,
        province=Province.objects.get(code="PV23"),
    )
    zwolle_org = make_organisation(
        "gemeente-zwolle",
        OrganisationKind.GEMEENTE,
        name="Gemeente Zwolle",
        municipality=Municipality.objects.get(code="GM0193"),
    )
    adviesbureau = make_organisation("adviesbureau", OrganisationKind.PRIVAAT, name="Adviesbureau")
    region = make_region(
        "regio-zwolle", municipality_codes=["GM0193", "GM0166"], name="Regio Zwolle"
    )

    offers = {
        "national_full": make_offer(
            provider=rvo,
            title="Subsidie digitaal ondernemen",
            summary="Geld voor een digitaliseringsproject.",
            description='Een langere uitleg met "aanhalingstekens" en een regel\nerbij.',
            offer_type=OfferType.objects.get(code="subsidie"),
            themes=terms(Theme, "digitalisering", "innovatie"),
            journey_phases=terms(JourneyPhase, "willen", "kunnen"),
            directions=terms(Direction, "groeien"),
            size_classes=terms(SizeClass, "micro", "klein"),
            sbi_sections=terms(SbiSection, "c", "g"),
            channels=terms(Channel, "online", "een-op-een"),
            min_employees=2,
            max_employees=50,
            min_company_age_years=5,
            cost_eur=Decimal("250.00"),
            cost_note="Eigen bijdrage per aanvraag.",
            valid_from=today - datetime.timedelta(days=30),
            valid_until=today + datetime.timedelta(days=300),
            is_structural=False,
            budget_eur=Decimal("1000000.00"),
            has_impact_data=True,
            impact_note="Evaluatie door het ministerie, 2025",
            url="https://www.rvo.nl/subsidies/digitaal-ondernemen-é",
            contact_email="loket@rvo.example",
            contact_phone="088 042 42 42",
            source="Website RVO",
            last_verified_on=today - datetime.timedelta(days=10),
            external_id="rvo-1",
        ),
        "province_planned": make_offer(
            provider=kvk_oost,
            title="Provinciale voucher",
            offer_type=OfferType.objects.get(code="voucher"),
            scope_level=ScopeLevel.PROVINCE,
            provinces=[Province.objects.get(code="PV23")],
            cost_eur=Decimal("0"),
            valid_from=today + datetime.timedelta(days=20),
        ),
        "region_expired": make_offer(
            provider=kvk_oost,
            title="Regionaal programma",
            scope_level=ScopeLevel.REGION,
            regions=[region],
            valid_from=today - datetime.timedelta(days=400),
            valid_until=today - datetime.timedelta(days=1),
        ),
        "municipal": make_offer(
            provider=zwolle_org,
            title="Ondernemersloket Zwolle",
            scope_level=ScopeLevel.MUNICIPALITY,
            municipalities=list(Municipality.objects.filter(code__in=["GM0193", "GM0166"])),
            contact_email="ondernemersloket@zwolle.example",
        ),
        "private": make_offer(provider=adviesbureau, title="Adviesgesprek van een bureau"),
    }
    archived = make_offer(
        provider=rvo, title="Gearchiveerd geheim aanbod", external_id="archief-kenmerk-123"
    )
    catalog_services.archive_offer(actor=None, offer=archived)

    # A person with a role and a version they wrote: none of this is open data.
    editor = organisation_services.create_user(
        username="geheime-gebruiker",
        password="Geheim-wachtwoord-123",
        email="jan.jansen@prive-mail.nl",
        first_name="Jantje",
        last_name="Geheimnaam",
    )
    organisation_services.grant_membership(user=editor, role=Role.PROVIDER_EDITOR, organisation=rvo)
    catalog_services.update_offer(
        actor=editor, offer=offers["national_full"], data={"summary": "Geld voor digitaal werk."}
    )
    offers["national_full"].refresh_from_db()
    providers = {
        "rvo": rvo,
        "kvk": kvk,
        "kvk_oost": kvk_oost,
        "zwolle": zwolle_org,
        "private": adviesbureau,
    }
    return Catalog(offers=offers, providers=providers)
