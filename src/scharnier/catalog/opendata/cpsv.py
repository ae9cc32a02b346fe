"""The public catalog as EU CPSV-AP 3.2.0 RDF in Turtle.

Terms are rdflib terms (so IRIs and literals are escaped by rdflib), but the Turtle is written
subject by subject instead of through an in-memory rdflib Graph: a 25,000-offer catalog is
about a million triples, which rdflib's own serialiser needs minutes and gigabytes for.

Mapping decisions (also explained on the open-data page):
- One cpsv:PublicService per offer whose provider is a public-sector body (see
  `collect.PUBLIC_ORGANISATION_KINDS`); that provider is its cv:hasCompetentAuthority, a
  cv:PublicOrganisation. Offers of private parties and associations are not public services
  in the sense of CPSV-AP (which demands a public competent authority); they are in the HSDS
  export only.
- IRIs are `urn:uuid:` with the same UUIDs as the HSDS export (offer public id, uuid5 for the
  rest), so the two datasets join on id and the IRIs do not depend on a host name.
- Areas (dct:spatial) are dct:Location nodes: the Netherlands from the EU country table,
  provinces and municipalities by their TOOI URI (with their CBS code as dct:identifier),
  regions as our own nodes with dct:hasPart for their municipalities.
- Every vocabulary is a skos:ConceptScheme of our own; its terms are skos:Concepts.
  Themes -> cv:thematicArea, offer type -> dct:type, journey phases and development directions
  -> cv:isClassifiedBy, SBI sections -> cv:sector, size classes -> dct:audience, channels ->
  cv:hasChannel, status on the export date -> adms:status.
- The shapes check sh:class against rdf:type in the data, so every node we point at is typed.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from functools import lru_cache

from django.utils.encoding import iri_to_uri
from django.utils.translation import gettext as _
from rdflib import Literal, Namespace, URIRef
from rdflib.namespace import DCAT as _DCAT
from rdflib.namespace import DCTERMS as _DCTERMS
from rdflib.namespace import FOAF as _FOAF
from rdflib.namespace import ORG as _ORG
from rdflib.namespace import RDF as _RDF
from rdflib.namespace import SKOS as _SKOS
from rdflib.namespace import XSD as _XSD

from scharnier.catalog.models import Offer, ScopeLevel
from scharnier.organisations.models import Organisation

from . import ids
from .collect import (
    NATIONAL_AREA,
    PUBLIC_ORGANISATION_KINDS,
    Area,
    CatalogSnapshot,
    Term,
    load_catalog,
)
from .hsds import (
    COUNTRY_URI,
    LICENSE_URL,
    eligibility_text,
    fees_text,
    offer_description,
    texts,
    tooi_uri,
)


class _Terms:
    """A namespace whose terms are plain attributes after first use.

    rdflib resolves `DCTERMS.title` through a slow `__getattr__` on every access; the export
    does that millions of times.
    """

    def __init__(self, namespace: Namespace | type) -> None:
        self._namespace = namespace
        self._base = str(namespace)

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("_"):
            raise AttributeError(name)
        term = URIRef(self._base + name)
        setattr(self, name, term)
        return term

    def __str__(self) -> str:
        return self._base


CPSV = _Terms(Namespace("http://purl.org/vocab/cpsv#"))
CV = _Terms(Namespace("http://data.europa.eu/m8g/"))
ADMS = _Terms(Namespace("http://www.w3.org/ns/adms#"))
DCAT, DCTERMS, FOAF, ORG, RDF, SKOS, XSD = (
    _Terms(ns) for ns in (_DCAT, _DCTERMS, _FOAF, _ORG, _RDF, _SKOS, _XSD)
)

PREFIXES = {
    "adms": str(ADMS),
    "cpsv": str(CPSV),
    "cv": str(CV),
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "foaf": str(FOAF),
    "org": str(ORG),
    "rdf": str(RDF),
    "skos": str(SKOS),
    "xsd": str(XSD),
}

LANG = "nl"
COUNTRY = URIRef(COUNTRY_URI)
LANGUAGE_NL = URIRef("http://publications.europa.eu/resource/authority/language/NLD")
CURRENCY_EUR = URIRef("http://publications.europa.eu/resource/authority/currency/EUR")
LICENSE = URIRef(LICENSE_URL)

# Which CPSV-AP property carries which vocabulary.
VOCABULARY_PROPERTIES = (
    ("offer_type", DCTERMS.type),
    ("theme", CV.thematicArea),
    ("journey_phase", CV.isClassifiedBy),
    ("direction", CV.isClassifiedBy),
    ("sbi_section", CV.sector),
    ("size_class", DCTERMS.audience),
)

Object = URIRef | Literal


def iri(uuid: str) -> URIRef:
    return URIRef(f"urn:uuid:{uuid}")


@lru_cache(maxsize=1024)
def concept_iri(vocabulary: str, code: str) -> URIRef:
    return iri(ids.term_id(vocabulary, code))


def scheme_iri(vocabulary: str) -> URIRef:
    return iri(ids.taxonomy_id(vocabulary))


def organisation_iri(organisation: Organisation) -> URIRef:
    return iri(ids.organisation_id(organisation.slug))


@lru_cache(maxsize=64)
def channel_iri(code: str) -> URIRef:
    return iri(ids.stable_uuid("channel", code))


DATASET = iri(ids.stable_uuid("dataset", "cpsv-ap"))
PUBLISHER = iri(ids.stable_uuid("publisher", "scharnier"))


def text(value: str) -> Literal:
    return Literal(value, lang=LANG)


def web_iri(url: str) -> URIRef | None:
    """A provider's web address as an IRI, or None if rdflib would refuse it."""
    candidate = URIRef(iri_to_uri(url))
    try:
        candidate.n3()
    except Exception:  # rdflib raises a bare Exception for IRIs it cannot write
        return None
    return candidate


def is_public(organisation: Organisation) -> bool:
    return organisation.kind in PUBLIC_ORGANISATION_KINDS


class TurtleWriter:
    """Writes one subject with all its statements at a time."""

    def __init__(self) -> None:
        self.prefixes = sorted(PREFIXES.items(), key=lambda item: -len(item[1]))
        self._names: dict[URIRef, str] = {}  # vocabulary IRIs -> prefixed names

    def header(self) -> str:
        return "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in sorted(PREFIXES.items())) + "\n"

    def term(self, value: Object) -> str:
        if not isinstance(value, URIRef):
            return value.n3()
        name = self._names.get(value)
        if name is not None:
            return name
        text = str(value)
        if text.startswith("urn:uuid:"):  # our own ids: nothing to escape, never prefixed
            return f"<{text}>"
        for prefix, namespace in self.prefixes:
            local = text[len(namespace) :]
            if text.startswith(namespace) and local.isidentifier():
                self._names[value] = name = f"{prefix}:{local}"
                return name
        return value.n3()

    def subject(self, subject: URIRef, statements: Iterable[tuple[URIRef, Object]]) -> str:
        grouped: dict[URIRef, list[Object]] = {}
        for predicate, obj in statements:
            grouped.setdefault(predicate, []).append(obj)
        lines = []
        for predicate, objects in grouped.items():
            name = "a" if predicate == RDF.type else self.term(predicate)
            lines.append(f"    {name} " + ", ".join(self.term(o) for o in objects))
        return f"{self.term(subject)}\n" + " ;\n".join(lines) + " .\n\n"


# --- nodes ------------------------------------------------------------------------------------


def location_iri(area: Area) -> URIRef:
    if area.level == ScopeLevel.NATIONAL:
        return COUNTRY
    if area.level == ScopeLevel.REGION:
        return iri(ids.region_id(area.code))
    return URIRef(tooi_uri(area))


def location_statements(area: Area) -> list[tuple[URIRef, Object]]:
    statements: list[tuple[URIRef, Object]] = [
        (RDF.type, DCTERMS.Location),
        (SKOS.prefLabel, text(area.name)),
        (DCTERMS.identifier, Literal(area.code)),
    ]
    for code in area.member_codes:
        statements.append((DCTERMS.hasPart, location_iri(_municipality(code))))
    return statements


def _municipality(code: str, name: str = "") -> Area:
    return Area(level=ScopeLevel.MUNICIPALITY, code=code, name=name or code)


def organisation_location(organisation: Organisation) -> Area:
    """Where a provider works: its municipality, else its province, else the Netherlands."""
    if organisation.municipality_id:
        m = organisation.municipality
        return Area(ScopeLevel.MUNICIPALITY, m.code, m.name)
    if organisation.province_id:
        p = organisation.province
        return Area(ScopeLevel.PROVINCE, p.code, p.name)
    return NATIONAL_AREA


def organisation_statements(
    organisation: Organisation, snapshot: CatalogSnapshot
) -> list[tuple[URIRef, Object]]:
    statements: list[tuple[URIRef, Object]] = [
        (RDF.type, CV.PublicOrganisation),
        (RDF.type, ORG.Organization),
        (SKOS.prefLabel, text(organisation.name)),
        (DCTERMS.identifier, Literal(organisation.slug)),
        (DCTERMS.spatial, location_iri(organisation_location(organisation))),
        (ORG.classification, concept_iri("organisation_kind", organisation.kind)),
    ]
    if organisation.description:
        statements.append((DCTERMS.description, text(organisation.description)))
    if organisation.website and (homepage := web_iri(organisation.website)):
        statements.append((FOAF.homepage, homepage))
    parent = snapshot.organisations.get(organisation.parent_id)
    if parent is not None and is_public(parent):
        statements.append((ORG.subOrganizationOf, organisation_iri(parent)))
    return statements


def concept_statements(term: Term) -> list[tuple[URIRef, Object]]:
    statements: list[tuple[URIRef, Object]] = [
        (RDF.type, SKOS.Concept),
        (SKOS.prefLabel, text(term.label)),
        (SKOS.notation, Literal(term.code)),
        (SKOS.inScheme, scheme_iri(term.vocabulary)),
        (SKOS.topConceptOf, scheme_iri(term.vocabulary)),
    ]
    if term.description:
        statements.append((SKOS.definition, text(term.description)))
    return statements


def scheme_statements(vocabulary: str, snapshot: CatalogSnapshot) -> list[tuple[URIRef, Object]]:
    name, description = snapshot.taxonomy_labels[vocabulary]
    return [
        (RDF.type, SKOS.ConceptScheme),
        (SKOS.prefLabel, text(name)),
        (DCTERMS.title, text(name)),
        (DCTERMS.description, text(description)),
        (DCTERMS.identifier, Literal(vocabulary)),
    ]


def _date(value: datetime.date) -> Literal:
    return Literal(value.isoformat(), datatype=XSD.date)


def service_nodes(
    offer: Offer, snapshot: CatalogSnapshot
) -> Iterator[tuple[URIRef, list[tuple[URIRef, Object]]]]:
    """The offer as a PublicService, plus the nodes that belong to it alone."""
    service_id = str(offer.public_id)
    subject = iri(service_id)
    provider = snapshot.provider(offer)
    statements: list[tuple[URIRef, Object]] = [
        (RDF.type, CPSV.PublicService),
        (DCTERMS.identifier, Literal(service_id)),
        (DCTERMS.title, text(offer.title)),
        (DCTERMS.description, text(offer_description(offer))),
        (CV.hasCompetentAuthority, organisation_iri(provider)),
        (DCTERMS.language, LANGUAGE_NL),
        (DCTERMS.isPartOf, DATASET),
        (ADMS.status, concept_iri("offer_status", offer.status_on(snapshot.today))),
        (
            DCTERMS.modified,
            Literal(offer.updated_at.astimezone(datetime.UTC).isoformat(), datatype=XSD.dateTime),
        ),
    ]
    for area in snapshot.offer_areas.get(offer.pk, []):
        statements.append((DCTERMS.spatial, location_iri(area)))
    for vocabulary, predicate in VOCABULARY_PROPERTIES:
        for term in snapshot.terms_of(offer, vocabulary):
            statements.append((predicate, concept_iri(vocabulary, term.code)))
    for term in snapshot.terms_of(offer, "channel"):
        statements.append((CV.hasChannel, channel_iri(term.code)))
    if offer.url and (page := web_iri(offer.url)):
        statements.append((FOAF.page, page))
    extra: list[tuple[URIRef, list[tuple[URIRef, Object]]]] = []

    # Who it is for, as one requirement with a plain-language description.
    requirement = iri(ids.part_id(service_id, "requirement"))
    statements.append((CV.holdsRequirement, requirement))
    extra.append(
        (
            requirement,
            [
                (RDF.type, CV.Requirement),
                (DCTERMS.identifier, Literal(f"{service_id}-doelgroep")),
                (DCTERMS.title, text(texts(snapshot)["for_whom"])),
                (DCTERMS.description, text(eligibility_text(offer, snapshot))),
            ],
        )
    )
    if offer.cost_eur is not None:
        cost = iri(ids.part_id(service_id, "cost"))
        statements.append((CV.hasCost, cost))
        cost_statements: list[tuple[URIRef, Object]] = [
            (RDF.type, CV.Cost),
            (DCTERMS.identifier, Literal(f"{service_id}-kosten")),
            (CV.hasValue, Literal(float(offer.cost_eur), datatype=XSD.double)),
            (CV.currency, CURRENCY_EUR),
            (CV.isDefinedBy, organisation_iri(provider)),
        ]
        if fees := fees_text(offer, snapshot):
            cost_statements.append((DCTERMS.description, text(fees)))
        extra.append((cost, cost_statements))
    for part, predicate, rdf_type, values in (
        (
            "contact",
            CV.contactPoint,
            CV.ContactPoint,
            [
                (CV.email, Literal(offer.contact_email) if offer.contact_email else None),
                (CV.telephone, Literal(offer.contact_phone) if offer.contact_phone else None),
            ],
        ),
        (
            "period",
            DCTERMS.temporal,
            DCTERMS.PeriodOfTime,
            [
                (DCAT.startDate, _date(offer.valid_from) if offer.valid_from else None),
                (DCAT.endDate, _date(offer.valid_until) if offer.valid_until else None),
            ],
        ),
    ):
        # A node only when at least one of its values is set, holding just those.
        present = [(p, value) for p, value in values if value is not None]
        if present:
            node = iri(ids.part_id(service_id, part))
            statements.append((predicate, node))
            extra.append((node, [(RDF.type, rdf_type), *present]))
    yield subject, statements
    yield from extra


def _fixed_nodes(snapshot: CatalogSnapshot) -> Iterator[tuple[URIRef, list]]:
    yield (
        DATASET,
        [
            (RDF.type, DCAT.Dataset),
            (DCTERMS.title, text(_("Aanbod voor ondernemers: publieke diensten (Scharnier)"))),
            (
                DCTERMS.description,
                text(
                    _(
                        "Ondersteuning voor mkb-ondernemers door overheden en publieke "
                        "organisaties, uit het register van Scharnier, in CPSV-AP 3.2.0."
                    )
                ),
            ),
            (DCTERMS.publisher, PUBLISHER),
            (DCTERMS.license, LICENSE),
            (
                DCTERMS.modified,
                Literal(
                    snapshot.generated_at.astimezone(datetime.UTC).isoformat(),
                    datatype=XSD.dateTime,
                ),
            ),
        ],
    )
    yield (
        PUBLISHER,
        [
            (RDF.type, FOAF.Agent),
            (DCTERMS.identifier, Literal("scharnier")),
            (DCTERMS.title, text("Scharnier")),
        ],
    )
    yield LICENSE, [(RDF.type, DCTERMS.LicenseDocument)]
    yield LANGUAGE_NL, [(RDF.type, DCTERMS.LinguisticSystem)]
    yield CURRENCY_EUR, [(RDF.type, SKOS.Concept), (SKOS.notation, Literal("EUR"))]
    for vocabulary, terms in snapshot.terms.items():
        yield scheme_iri(vocabulary), scheme_statements(vocabulary, snapshot)
        for term in terms:
            yield concept_iri(vocabulary, term.code), concept_statements(term)
    for term in snapshot.terms["channel"]:
        yield (
            channel_iri(term.code),
            [
                (RDF.type, CV.Channel),
                (DCTERMS.identifier, Literal(term.code)),
                (DCTERMS.type, concept_iri("channel", term.code)),
                (DCTERMS.description, text(term.label)),
            ],
        )


def public_offers(snapshot: CatalogSnapshot) -> list[Offer]:
    """The offers that are public services: their provider is a public-sector body."""
    return [o for o in snapshot.offers if is_public(snapshot.provider(o))]


def iter_cpsv_turtle(
    snapshot: CatalogSnapshot | None = None, progress: Callable[[int], None] | None = None
) -> Iterator[str]:
    """The CPSV-AP Turtle document as text chunks."""
    snapshot = snapshot or load_catalog()
    writer = TurtleWriter()
    yield writer.header()
    yield "".join(writer.subject(s, st) for s, st in _fixed_nodes(snapshot))
    offers = public_offers(snapshot)
    authorities: dict[int, Organisation] = {}
    locations: dict[URIRef, Area] = {}
    chunk: list[str] = []
    for count, offer in enumerate(offers, start=1):
        provider = snapshot.provider(offer)
        authorities[provider.pk] = provider
        for area in snapshot.offer_areas.get(offer.pk, []):
            locations[location_iri(area)] = area
        chunk.extend(writer.subject(s, st) for s, st in service_nodes(offer, snapshot))
        if count % 500 == 0:
            yield "".join(chunk)
            chunk = []
            if progress:
                progress(count)
    yield "".join(chunk)
    if progress:
        progress(len(offers))
    # Parents of providers are public organisations too when they are referenced.
    for organisation in list(authorities.values()):
        parent = snapshot.organisations.get(organisation.parent_id)
        while parent is not None and is_public(parent):
            authorities[parent.pk] = parent
            parent = snapshot.organisations.get(parent.parent_id)
    chunk = []
    for organisation in sorted(authorities.values(), key=lambda o: o.slug):
        area = organisation_location(organisation)
        locations.setdefault(location_iri(area), area)
        chunk.append(
            writer.subject(
                organisation_iri(organisation), organisation_statements(organisation, snapshot)
            )
        )
    # Municipalities that are only named as part of a region still need their type.
    for area in list(locations.values()):
        for code in area.member_codes:
            locations.setdefault(location_iri(_municipality(code)), _municipality(code))
    names = snapshot.municipality_names
    for subject, area in sorted(locations.items()):
        if area.name == area.code and area.code in names:
            area = Area(area.level, area.code, names[area.code], area.member_codes)
        chunk.append(writer.subject(subject, location_statements(area)))
    yield "".join(chunk)


def build_cpsv_turtle(snapshot: CatalogSnapshot | None = None) -> str:
    return "".join(iter_cpsv_turtle(snapshot))
