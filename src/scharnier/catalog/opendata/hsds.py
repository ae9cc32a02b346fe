"""The public catalog as Open Referral HSDS 3.0 JSON.

One JSON document with four lists of HSDS 3.0 objects, each valid against the official schema
of its kind: `taxonomies` (taxonomy.json), `taxonomy_terms` (taxonomy_term.json),
`organizations` (organization.json) and `services` (service.json, one per offer).

Mapping decisions (also explained on the open-data page):
- Every offer that is not archived is included. Planned offers have status "inactive",
  expired offers "defunct"; the exact Scharnier status is an attribute (taxonomy
  "offer_status") and the validity dates are in the service's schedule.
- Vocabularies (themes, journey phases, ...) are HSDS taxonomies; an offer links to its terms
  through `attributes` (link_type = vocabulary name, link_entity = "service").
- Geographic scope is a list of `service_areas`; provinces and municipalities carry their CBS
  code as an attribute (link_type "cbs_code") and a TOOI URI, a region lists the CBS codes of
  its municipalities.
- Contacts are the offer's desk e-mail address and phone number only: never a person.
"""

import datetime
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

from django.utils.encoding import iri_to_uri
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from scharnier.catalog.models import Offer, OfferStatus, ScopeLevel
from scharnier.organisations.models import Organisation, OrganisationKind

from . import ids
from .collect import Area, CatalogSnapshot, Term, load_catalog

HSDS_VERSION = "3.0"
LANGUAGE = "nld"  # ISO 639-2, as in the HSDS examples
CURRENCY = "EUR"
LICENSE_URL = "https://creativecommons.org/publicdomain/zero/1.0/"
KVK_SCHEME = "NL-KVK"  # org-id.guide code for the Dutch chamber of commerce register
COUNTRY_URI = "http://publications.europa.eu/resource/authority/country/NLD"

# Our derived offer status -> the HSDS service status.
HSDS_STATUS = {
    OfferStatus.ACTIVE: "active",
    OfferStatus.PLANNED: "inactive",
    OfferStatus.EXPIRED: "defunct",
}

# Vocabularies linked to a service through attributes, in the order they are written.
SERVICE_VOCABULARIES = (
    "offer_type",
    "theme",
    "journey_phase",
    "direction",
    "size_class",
    "sbi_section",
    "channel",
)


def tooi_uri(area: Area) -> str:
    """Persistent URI of a province or municipality in TOOI, the government's own thesaurus."""
    kind = "provincie" if area.level == ScopeLevel.PROVINCE else "gemeente"
    return f"https://identifier.overheid.nl/tooi/id/{kind}/{area.code.lower()}"


def timestamp(value: datetime.datetime) -> str:
    """UTC with millisecond accuracy, as HSDS asks for last_modified."""
    value = value.astimezone(datetime.UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}Z"


def safe_uri(value: str) -> str:
    """A URL as a plain ASCII URI (non-ASCII characters percent-encoded)."""
    return iri_to_uri(value)


def euro(amount: Decimal) -> str:
    text = f"{amount:,.2f}".replace(",", "_").replace(".", ",").replace("_", ".")
    return f"€ {text}"


def _date(value: datetime.date) -> str:
    return date_format(value, "j F Y")


# --- taxonomies -------------------------------------------------------------------------------


def taxonomy_records(snapshot: CatalogSnapshot) -> list[dict[str, Any]]:
    records = []
    for vocabulary in snapshot.terms:
        name, description = snapshot.taxonomy_labels[vocabulary]
        records.append(
            {
                "id": ids.taxonomy_id(vocabulary),
                "name": name,
                "description": description,
                "version": "1",
            }
        )
    return records


def term_record(term: Term, snapshot: CatalogSnapshot) -> dict[str, Any]:
    return {
        "id": ids.term_id(term.vocabulary, term.code),
        "code": term.code,
        "name": term.label,
        # HSDS requires a description; many of our terms are self-explanatory labels.
        "description": term.description or term.label,
        "taxonomy": term.vocabulary,
        "taxonomy_id": ids.taxonomy_id(term.vocabulary),
        "language": LANGUAGE,
    }


def term_records(snapshot: CatalogSnapshot) -> list[dict[str, Any]]:
    return [term_record(t, snapshot) for terms in snapshot.terms.values() for t in terms]


def _term_attribute(link_id: str, entity: str, term: Term) -> dict[str, Any]:
    return {
        "id": ids.part_id(link_id, "attribute", term.vocabulary, term.code),
        "link_id": link_id,
        "link_type": term.vocabulary,
        "link_entity": entity,
        "taxonomy_term_id": ids.term_id(term.vocabulary, term.code),
        "value": term.code,
    }


def _value_attribute(link_id: str, entity: str, link_type: str, value: object) -> dict[str, Any]:
    return {
        "id": ids.part_id(link_id, "attribute", link_type, value),
        "link_id": link_id,
        "link_type": link_type,
        "link_entity": entity,
        "value": str(value),
    }


# --- organisations ----------------------------------------------------------------------------


def organisation_record(organisation: Organisation, snapshot: CatalogSnapshot) -> dict[str, Any]:
    org_id = ids.organisation_id(organisation.slug)
    kind = snapshot.term("organisation_kind", organisation.kind)
    record: dict[str, Any] = {
        "id": org_id,
        "name": organisation.name,
        # Required by HSDS; fall back on the kind of organisation.
        "description": organisation.description or str(OrganisationKind(organisation.kind).label),
    }
    if organisation.email:
        record["email"] = organisation.email
    if organisation.website:
        record["website"] = safe_uri(organisation.website)
    if organisation.parent_id and organisation.parent_id in snapshot.organisations:
        record["parent_organization_id"] = ids.organisation_id(
            snapshot.organisations[organisation.parent_id].slug
        )
    if organisation.kvk_number:
        record["organization_identifiers"] = [
            {
                "id": ids.stable_uuid("organisation", organisation.slug, "kvk"),
                "organization_id": org_id,
                "identifier_scheme": KVK_SCHEME,
                "identifier_type": _("KvK-nummer"),
                "identifier": organisation.kvk_number,
            }
        ]
    if organisation.phone:
        record["phones"] = [
            {
                "id": ids.stable_uuid("organisation", organisation.slug, "phone"),
                "organization_id": org_id,
                "number": organisation.phone,
                "type": "voice",
            }
        ]
    record["attributes"] = [_term_attribute(org_id, "organization", kind)]
    return record


# --- services ---------------------------------------------------------------------------------


def offer_description(offer: Offer) -> str:
    if offer.description:
        return f"{offer.summary}\n\n{offer.description}"
    return offer.summary


def texts(snapshot: CatalogSnapshot) -> dict[str, str]:
    """The Dutch phrases of the export, translated once per export instead of once per offer."""
    if "texts" not in snapshot.cache:
        snapshot.cache["texts"] = {
            "sizes": _("Grootte: %(sizes)s."),
            "employees_between": _("Van %(low)d tot en met %(high)d medewerkers."),
            "employees_min": _("Minstens %(low)d medewerkers."),
            "employees_max": _("Hoogstens %(high)d medewerkers."),
            "sectors": _("Sectoren: %(list)s."),
            "company_age": _("Het bedrijf bestaat minstens %(years)d jaar."),
            "everyone": _("Voor alle ondernemers."),
            "free": _("Gratis"),
            "valid_between": _("Geldig van %(start)s tot en met %(end)s."),
            "valid_from": _("Geldig vanaf %(start)s."),
            "valid_until": _("Geldig tot en met %(end)s."),
            "no_end": _("Geen einddatum bekend."),
            "structural": _("Structureel aanbod"),
            "temporary": _("Tijdelijk aanbod"),
            "cost_option": _("Kosten voor de ondernemer"),
            "whole_country": _("Heel Nederland"),
            "region": _("Regio met %(count)d gemeenten (CBS-codes: %(codes)s)"),
            "area": _("%(kind)s %(name)s (CBS-code %(code)s)"),
            "province": _("Provincie"),
            "municipality": _("Gemeente"),
            "for_whom": _("Voor wie"),
        }
    return snapshot.cache["texts"]


def eligibility_text(offer: Offer, snapshot: CatalogSnapshot) -> str:
    t = texts(snapshot)
    parts = []
    sizes = snapshot.terms_of(offer, "size_class")
    if sizes:
        parts.append(t["sizes"] % {"sizes": ", ".join(term.label for term in sizes)})
    low, high = offer.min_employees, offer.max_employees
    if low is not None and high is not None:
        parts.append(t["employees_between"] % {"low": low, "high": high})
    elif low is not None:
        parts.append(t["employees_min"] % {"low": low})
    elif high is not None:
        parts.append(t["employees_max"] % {"high": high})
    sectors = snapshot.terms_of(offer, "sbi_section")
    if sectors:
        parts.append(t["sectors"] % {"list": ", ".join(term.label for term in sectors)})
    if offer.min_company_age_years is not None:
        parts.append(t["company_age"] % {"years": offer.min_company_age_years})
    return " ".join(parts) or t["everyone"]


def fees_text(offer: Offer, snapshot: CatalogSnapshot) -> str | None:
    if offer.cost_eur is None:
        return offer.cost_note or None
    price = texts(snapshot)["free"] if offer.cost_eur == 0 else euro(offer.cost_eur)
    return f"{price}. {offer.cost_note}" if offer.cost_note else price


def _validity(offer: Offer, t: dict[str, str]) -> str:
    if offer.valid_from and offer.valid_until:
        return t["valid_between"] % {
            "start": _date(offer.valid_from),
            "end": _date(offer.valid_until),
        }
    if offer.valid_from:
        return t["valid_from"] % {"start": _date(offer.valid_from)}
    if offer.valid_until:
        return t["valid_until"] % {"end": _date(offer.valid_until)}
    return t["no_end"]


def _service_area(service_id: str, area: Area, t: dict[str, str]) -> dict[str, Any]:
    area_id = ids.part_id(service_id, "area", area.level, area.code)
    record: dict[str, Any] = {"id": area_id, "service_id": service_id, "name": area.name}
    if area.level == ScopeLevel.NATIONAL:
        record["description"] = t["whole_country"]
        record["uri"] = COUNTRY_URI
        return record
    if area.level == ScopeLevel.REGION:
        record["description"] = t["region"] % {
            "count": len(area.member_codes),
            "codes": ", ".join(area.member_codes),
        }
        record["uri"] = f"urn:uuid:{ids.region_id(area.code)}"
        codes = area.member_codes
    else:
        kind = t["province"] if area.level == ScopeLevel.PROVINCE else t["municipality"]
        record["description"] = t["area"] % {"kind": kind, "name": area.name, "code": area.code}
        record["uri"] = tooi_uri(area)
        codes = (area.code,)
    record["attributes"] = [
        _value_attribute(area_id, "service_area", "cbs_code", code) for code in codes
    ]
    return record


def service_record(offer: Offer, snapshot: CatalogSnapshot) -> dict[str, Any]:
    service_id = str(offer.public_id)
    provider = snapshot.provider(offer)
    status = offer.status_on(snapshot.today)
    record: dict[str, Any] = {
        "id": service_id,
        "organization_id": ids.organisation_id(provider.slug),
        "name": offer.title,
        "description": offer_description(offer),
        "status": HSDS_STATUS[status],
    }
    if offer.url:
        record["url"] = safe_uri(offer.url)
    if offer.contact_email:
        record["email"] = offer.contact_email
    t = texts(snapshot)
    fees = fees_text(offer, snapshot)
    if fees:
        record["fees_description"] = fees
    record["eligibility_description"] = eligibility_text(offer, snapshot)
    if offer.last_verified_on:
        record["assured_date"] = offer.last_verified_on.isoformat()
    record["last_modified"] = timestamp(offer.updated_at)

    phones = []
    if offer.contact_phone:
        phones.append(
            {
                "id": ids.part_id(service_id, "phone"),
                "service_id": service_id,
                "number": offer.contact_phone,
                "type": "voice",
            }
        )
        record["phones"] = phones
    schedule: dict[str, Any] = {
        "id": ids.part_id(service_id, "schedule"),
        "service_id": service_id,
        "description": _validity(offer, t),
        "notes": t["structural"] if offer.is_structural else t["temporary"],
    }
    if offer.valid_from:
        schedule["valid_from"] = offer.valid_from.isoformat()
    if offer.valid_until:
        schedule["valid_to"] = offer.valid_until.isoformat()
    record["schedules"] = [schedule]
    record["service_areas"] = [
        _service_area(service_id, area, t) for area in snapshot.offer_areas.get(offer.pk, [])
    ]
    if offer.cost_eur is not None:
        cost: dict[str, Any] = {
            "id": ids.part_id(service_id, "cost"),
            "service_id": service_id,
            "option": t["cost_option"],
            "currency": CURRENCY,
            "amount": float(offer.cost_eur),
        }
        if offer.cost_note:
            cost["amount_description"] = offer.cost_note
        if offer.valid_from:
            cost["valid_from"] = offer.valid_from.isoformat()
        if offer.valid_until:
            cost["valid_to"] = offer.valid_until.isoformat()
        record["cost_options"] = [cost]
    if offer.contact_email or offer.contact_phone:
        # The desk of the provider, never a named person.
        contact: dict[str, Any] = {
            "id": ids.part_id(service_id, "contact"),
            "service_id": service_id,
            "department": provider.name,
        }
        if offer.contact_email:
            contact["email"] = offer.contact_email
        if phones:
            contact["phones"] = [
                {
                    "id": ids.part_id(service_id, "contact", "phone"),
                    "contact_id": contact["id"],
                    "number": offer.contact_phone,
                    "type": "voice",
                }
            ]
        record["contacts"] = [contact]

    attributes = [
        _term_attribute(service_id, "service", term)
        for vocabulary in SERVICE_VOCABULARIES
        for term in snapshot.terms_of(offer, vocabulary)
    ]
    attributes.append(_term_attribute(service_id, "service", snapshot.term("offer_status", status)))
    attributes.append(
        _term_attribute(service_id, "service", snapshot.term("scope_level", offer.scope_level))
    )
    for link_type in ("min_employees", "max_employees", "min_company_age_years", "budget_eur"):
        value = getattr(offer, link_type)
        if value is not None:
            attributes.append(_value_attribute(service_id, "service", link_type, value))
    # Only a measured effect is a fact worth publishing; False means "not measured or unknown".
    if offer.has_impact_data:
        attributes.append(_value_attribute(service_id, "service", "has_impact_data", "true"))
        if offer.impact_note:
            attributes.append(
                _value_attribute(service_id, "service", "impact_note", offer.impact_note)
            )
    record["attributes"] = attributes
    return record


# --- the document -----------------------------------------------------------------------------


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def iter_hsds_json(
    snapshot: CatalogSnapshot | None = None, progress: Callable[[int], None] | None = None
) -> Iterator[str]:
    """The HSDS document as text chunks, so a large catalog streams instead of piling up."""
    snapshot = snapshot or load_catalog()
    header = {
        "version": HSDS_VERSION,
        "title": _("Aanbod voor ondernemers in Nederland (Scharnier)"),
        "description": _(
            "Alle niet-gearchiveerde ondersteuning voor mkb-ondernemers uit het register "
            "van Scharnier, in Open Referral HSDS 3.0."
        ),
        "license": LICENSE_URL,
        "generated_at": timestamp(snapshot.generated_at),
        "status_date": snapshot.today.isoformat(),
    }
    yield _dumps(header)[:-1]
    yield ',"taxonomies":' + _dumps(taxonomy_records(snapshot))
    yield ',"taxonomy_terms":' + _dumps(term_records(snapshot))
    organisations = sorted(snapshot.organisations.values(), key=lambda o: o.slug)
    yield ',"organizations":' + _dumps([organisation_record(o, snapshot) for o in organisations])
    yield ',"services":['
    batch: list[str] = []
    for count, offer in enumerate(snapshot.offers, start=1):
        batch.append(_dumps(service_record(offer, snapshot)))
        if len(batch) == 500:
            yield ("," if count > 500 else "") + ",".join(batch)
            batch = []
            if progress:
                progress(count)
    if batch:
        yield ("," if len(snapshot.offers) > len(batch) else "") + ",".join(batch)
    if progress:
        progress(len(snapshot.offers))
    yield "]}\n"


def build_hsds(snapshot: CatalogSnapshot | None = None) -> dict[str, Any]:
    """The whole HSDS document as a dict (for tests and small catalogs)."""
    return json.loads("".join(iter_hsds_json(snapshot)))
