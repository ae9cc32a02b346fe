"""HSDS 3.0 export: valid against the official schemas, complete, stable, no personal data."""

import copy
import json
import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scharnier.catalog.models import VOCABULARIES, OfferStatus, ScopeLevel
from scharnier.catalog.opendata import ids
from scharnier.catalog.opendata.hsds import build_hsds, iter_hsds_json
from scharnier.organisations.models import OrganisationKind
from tests.factories import make_offer, make_organisation
from tests.opendata.conftest import SECRETS

pytestmark = pytest.mark.django_db

LISTS = {
    "services": "service.json",
    "organizations": "organization.json",
    "taxonomies": "taxonomy.json",
    "taxonomy_terms": "taxonomy_term.json",
}


def schema_errors(document: dict, hsds_validator) -> list[str]:
    errors = []
    for key, schema in LISTS.items():
        validator = hsds_validator(schema)
        for index, item in enumerate(document[key]):
            for error in validator.iter_errors(item):
                path = "/".join(str(p) for p in error.absolute_path)
                errors.append(f"{key}[{index}]/{path}: {error.message}")
    return errors


def by_id(items: list[dict]) -> dict[str, dict]:
    return {item["id"]: item for item in items}


def service_of(document: dict, offer) -> dict:
    return by_id(document["services"])[str(offer.public_id)]


def test_export_is_valid_against_the_official_hsds_schemas(catalog, hsds_validator):
    document = build_hsds()

    assert schema_errors(document, hsds_validator) == []
    assert document["version"] == "3.0"
    assert len(document["services"]) == len(catalog.offers)
    # The catalog exercises every scope level and every optional part of a service.
    levels = {
        attribute["value"]
        for service in document["services"]
        for attribute in service["attributes"]
        if attribute["link_type"] == "scope_level"
    }
    assert levels == set(ScopeLevel.values)
    full = service_of(document, catalog.offers["national_full"])
    for field in (
        "organization_id",
        "url",
        "email",
        "fees_description",
        "eligibility_description",
        "assured_date",
        "last_modified",
        "phones",
        "schedules",
        "service_areas",
        "cost_options",
        "contacts",
        "attributes",
    ):
        assert field in full, field
    rvo = by_id(document["organizations"])[ids.organisation_id("rvo")]
    for field in ("email", "website", "phones", "organization_identifiers", "attributes"):
        assert field in rvo, field


def test_the_schema_check_finds_broken_records(catalog, hsds_validator):
    """The validation is real: a record that breaks the standard is reported."""
    document = build_hsds()
    broken = copy.deepcopy(document)
    service = broken["services"][0]
    del service["status"]
    service["id"] = "not-a-uuid"
    service["last_modified"] = "gisteren"
    broken["organizations"][0].pop("description")
    broken["taxonomy_terms"][0]["term_uri"] = "geen uri met spaties"

    errors = schema_errors(broken, hsds_validator)

    assert any("'status' is a required property" in e for e in errors)
    assert any("is not a 'uuid'" in e for e in errors)
    assert any("is not a 'date-time'" in e for e in errors)
    assert any("'description' is a required property" in e for e in errors)
    assert any("is not a 'uri'" in e for e in errors)


def test_fields_are_mapped_from_the_offer(catalog):
    document = build_hsds()
    offer = catalog.offers["national_full"]
    service = service_of(document, offer)

    assert service["name"] == "Subsidie digitaal ondernemen"
    assert service["description"].startswith("Geld voor digitaal werk.\n\nEen langere uitleg")
    assert service["organization_id"] == ids.organisation_id("rvo")
    assert service["url"] == "https://www.rvo.nl/subsidies/digitaal-ondernemen-%C3%A9"
    assert service["email"] == "loket@rvo.example"
    assert service["assured_date"] == offer.last_verified_on.isoformat()
    assert service["last_modified"].endswith("Z")
    assert service["phones"][0]["number"] == "088 042 42 42"
    [cost] = service["cost_options"]
    assert (cost["amount"], cost["currency"]) == (250.0, "EUR")
    assert cost["amount_description"] == "Eigen bijdrage per aanvraag."
    assert "250,00" in service["fees_description"]
    [schedule] = service["schedules"]
    assert schedule["valid_from"] == offer.valid_from.isoformat()
    assert schedule["valid_to"] == offer.valid_until.isoformat()
    assert schedule["notes"] == "Tijdelijk aanbod"
    assert "Van 2 tot en met 50 medewerkers." in service["eligibility_description"]
    assert "minstens 5 jaar" in service["eligibility_description"]
    linked = {(a["link_type"], a["value"]) for a in service["attributes"]}
    assert {
        ("offer_type", "subsidie"),
        ("theme", "digitalisering"),
        ("theme", "innovatie"),
        ("journey_phase", "willen"),
        ("journey_phase", "kunnen"),
        ("direction", "groeien"),
        ("size_class", "micro"),
        ("size_class", "klein"),
        ("sbi_section", "c"),
        ("sbi_section", "g"),
        ("channel", "online"),
        ("channel", "een-op-een"),
        ("offer_status", "actief"),
        ("scope_level", "nationaal"),
        ("min_employees", "2"),
        ("max_employees", "50"),
        ("min_company_age_years", "5"),
        ("budget_eur", "1000000.00"),
        ("has_impact_data", "true"),
        ("impact_note", "Evaluatie door het ministerie, 2025"),
    } <= linked
    # An offer without a measured effect publishes no impact attributes.
    other = service_of(document, catalog.offers["municipal"])
    assert not {a["link_type"] for a in other["attributes"]} & {"has_impact_data", "impact_note"}
    # A free offer has a cost option of 0, an offer without a known cost has none.
    planned = service_of(document, catalog.offers["province_planned"])
    assert planned["cost_options"][0]["amount"] == 0
    assert planned["fees_description"] == "Gratis"
    assert "cost_options" not in service_of(document, catalog.offers["municipal"])


def test_contacts_are_desks_never_people(catalog):
    document = build_hsds()
    [contact] = service_of(document, catalog.offers["national_full"])["contacts"]

    assert contact["email"] == "loket@rvo.example"
    assert contact["phones"][0]["number"] == "088 042 42 42"
    assert contact["department"] == "Rijksdienst voor Ondernemend Nederland"
    assert "name" not in contact and "title" not in contact
    assert "contacts" not in service_of(document, catalog.offers["private"])


def test_statuses_planned_and_expired_included_archived_left_out(catalog):
    document = build_hsds()
    status = {s["name"]: s["status"] for s in document["services"]}

    assert status == {
        "Subsidie digitaal ondernemen": "active",
        "Provinciale voucher": "inactive",
        "Regionaal programma": "defunct",
        "Ondernemersloket Zwolle": "active",
        "Adviesgesprek van een bureau": "active",
    }
    exact = {
        s["name"]: a["value"]
        for s in document["services"]
        for a in s["attributes"]
        if a["link_type"] == "offer_status"
    }
    assert exact["Provinciale voucher"] == OfferStatus.PLANNED
    assert exact["Regionaal programma"] == OfferStatus.EXPIRED


def test_service_areas_carry_cbs_codes(catalog):
    document = build_hsds()

    [national] = service_of(document, catalog.offers["national_full"])["service_areas"]
    assert national["uri"] == "http://publications.europa.eu/resource/authority/country/NLD"
    [province] = service_of(document, catalog.offers["province_planned"])["service_areas"]
    assert province["name"] == "Overijssel"
    assert province["uri"] == "https://identifier.overheid.nl/tooi/id/provincie/pv23"
    assert [a["value"] for a in province["attributes"]] == ["PV23"]
    [region] = service_of(document, catalog.offers["region_expired"])["service_areas"]
    assert region["name"] == "Regio Zwolle"
    assert region["uri"] == f"urn:uuid:{ids.region_id('regio-zwolle')}"
    assert sorted(a["value"] for a in region["attributes"]) == ["GM0166", "GM0193"]
    municipal = service_of(document, catalog.offers["municipal"])["service_areas"]
    assert [(a["name"], a["attributes"][0]["value"]) for a in municipal] == [
        ("Kampen", "GM0166"),
        ("Zwolle", "GM0193"),
    ]
    assert municipal[1]["uri"] == "https://identifier.overheid.nl/tooi/id/gemeente/gm0193"


def test_taxonomies_hold_every_vocabulary_term_and_links_resolve(catalog):
    document = build_hsds()
    taxonomies = by_id(document["taxonomies"])
    term_ids = by_id(document["taxonomy_terms"])
    organisation_ids = set(by_id(document["organizations"]))

    for name, model in VOCABULARIES.items():
        assert ids.taxonomy_id(name) in taxonomies
        exported = {t["code"] for t in term_ids.values() if t["taxonomy"] == name}
        assert exported == set(model.objects.values_list("code", flat=True))
    assert {t["taxonomy_id"] for t in term_ids.values()} <= set(taxonomies)
    for record in [*document["services"], *document["organizations"]]:
        for attribute in record["attributes"]:
            assert attribute["link_id"] == record["id"]
            if "taxonomy_term_id" in attribute:
                assert attribute["taxonomy_term_id"] in term_ids
    for service in document["services"]:
        assert service["organization_id"] in organisation_ids
    # The regional office points at its national organisation, which is exported too.
    kvk_oost = by_id(document["organizations"])[ids.organisation_id("kvk-oost")]
    assert kvk_oost["parent_organization_id"] == ids.organisation_id("kvk")
    assert ids.organisation_id("kvk") in organisation_ids


def test_ids_are_stable(catalog):
    first = build_hsds()
    offer = catalog.offers["municipal"]
    make_offer(title="Nieuw aanbod")  # the catalog grows in between
    second = build_hsds()

    assert str(offer.public_id) in by_id(second["services"])
    assert service_of(first, offer) == service_of(second, offer)
    assert by_id(first["taxonomy_terms"]) == by_id(second["taxonomy_terms"])
    # Name-based UUIDs: the same on every machine, for ever.
    assert ids.organisation_id("rvo") == str(
        uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, "urn:scharnier:open-data"), "organisation/rvo")
    )
    assert uuid.UUID(ids.term_id("theme", "digitalisering")).version == 5


def test_no_personal_or_archived_data(catalog):
    text = "".join(iter_hsds_json())

    for secret in SECRETS:
        assert secret not in text
    assert "Subsidie digitaal ondernemen" in text  # the check looks at the real export


def test_query_count_does_not_grow_with_the_catalog(catalog):
    with CaptureQueriesContext(connection) as small:
        build_hsds()
    provider = make_organisation("extra", OrganisationKind.PRIVAAT)
    for index in range(6):
        make_offer(provider=provider, title=f"Extra {index}")

    with CaptureQueriesContext(connection) as large:
        document = build_hsds()

    assert len(document["services"]) == len(catalog.offers) + 6
    assert len(large.captured_queries) == len(small.captured_queries)
    assert len(large.captured_queries) <= 25


def test_streamed_chunks_form_one_json_document(catalog):
    chunks = list(iter_hsds_json())

    assert len(chunks) > 3
    assert json.loads("".join(chunks))["services"]
