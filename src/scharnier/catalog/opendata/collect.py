"""Load the public catalog for export in a fixed, small number of queries.

25,000 offers with their terms and areas are read in about fifteen queries whatever the size
of the catalog: offers in chunks, and every many-to-many link straight from its link table
(one query per link table, no per-offer queries and no huge `IN (...)` lists).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.catalog.models import VOCABULARIES, Offer, OfferStatus, ScopeLevel
from scharnier.geography.models import Municipality, Province, Region
from scharnier.organisations.models import Organisation, OrganisationKind

# Vocabulary name (as in catalog.models.VOCABULARIES) -> the Offer field that links to it.
VOCABULARY_FIELDS: dict[str, str] = {
    "theme": "themes",
    "journey_phase": "journey_phases",
    "offer_type": "offer_type",
    "direction": "directions",
    "size_class": "size_classes",
    "sbi_section": "sbi_sections",
    "channel": "channels",
}

# Code lists that live as choices in code rather than as vocabulary tables. They are published
# as taxonomies too, so that every coded value in the exports is explained.
CHOICE_VOCABULARIES = ("offer_status", "scope_level", "organisation_kind")

# Organisation kinds that are public-sector bodies in the sense of CPSV-AP's PublicOrganisation
# ("part of the public sector by a legal framework"): government, agencies, publicly owned
# development companies (ROM), regional public partnerships, public education and the EU.
# Offers of the other kinds (private parties, branch and business associations) are not public
# services; the CPSV-AP export leaves them out (the HSDS export has the whole catalog).
PUBLIC_ORGANISATION_KINDS = frozenset(
    {
        OrganisationKind.RIJK,
        OrganisationKind.UITVOERINGSORGANISATIE,
        OrganisationKind.ROM,
        OrganisationKind.PROVINCIE,
        OrganisationKind.GEMEENTE,
        OrganisationKind.HUB,
        OrganisationKind.ONDERWIJS,
        OrganisationKind.EU,
    }
)

OFFER_CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Term:
    vocabulary: str
    code: str
    label: str
    description: str
    position: int


@dataclass(frozen=True)
class Area:
    """One geographic scope an offer is available in; codes are CBS codes or a region slug."""

    level: str  # a ScopeLevel value
    code: str
    name: str
    member_codes: tuple[str, ...] = ()  # regions: the CBS codes of their municipalities


NATIONAL_AREA = Area(level=ScopeLevel.NATIONAL, code="NL", name="Nederland")


@dataclass
class CatalogSnapshot:
    """Everything the exports need, read once."""

    today: datetime.date
    generated_at: datetime.datetime
    offers: list[Offer]
    terms: dict[str, list[Term]]
    offer_terms: dict[str, dict[int, list[Term]]]
    offer_areas: dict[int, list[Area]]
    organisations: dict[int, Organisation]
    taxonomy_labels: dict[str, tuple[str, str]] = field(default_factory=dict)
    municipality_names: dict[str, str] = field(default_factory=dict)  # CBS code -> name
    cache: dict[str, Any] = field(default_factory=dict, repr=False)  # per-export memo
    _term_index: dict[tuple[str, str], Term] = field(default_factory=dict, repr=False)

    def terms_of(self, offer: Offer, vocabulary: str) -> list[Term]:
        return self.offer_terms[vocabulary].get(offer.pk, [])

    def term(self, vocabulary: str, code: str) -> Term:
        if not self._term_index:
            self._term_index = {
                (t.vocabulary, t.code): t for terms in self.terms.values() for t in terms
            }
        return self._term_index[(vocabulary, code)]

    def provider(self, offer: Offer) -> Organisation:
        return self.organisations[offer.provider_id]


def taxonomy_labels() -> dict[str, tuple[str, str]]:
    """Dutch name and description of every published taxonomy (code list)."""
    return {
        "theme": (_("Thema's"), _("Onderwerpen waar het aanbod over gaat.")),
        "journey_phase": (
            _("Klantreisfasen"),
            _("Fasen van de klantreis van de ondernemer: ontmoeten, weten, willen, kunnen."),
        ),
        "offer_type": (_("Soorten aanbod"), _("Wat voor hulp het aanbod is.")),
        "direction": (
            _("Ontwikkelrichtingen"),
            _("Richting waarin het bedrijf zich ontwikkelt (MKB Diagnosetool)."),
        ),
        "size_class": (
            _("Grootteklassen"),
            _("Grootte van het bedrijf volgens de EU-definitie (aanbeveling 2003/361)."),
        ),
        "sbi_section": (
            _("SBI-secties"),
            _("Sectoren volgens de Standaard Bedrijfsindeling (SBI) van het CBS."),
        ),
        "channel": (_("Kanalen"), _("Hoe de ondernemer het aanbod krijgt.")),
        "offer_status": (
            _("Status van aanbod"),
            _("Of het aanbod op de exportdatum gepland, actief of verlopen is."),
        ),
        "scope_level": (
            _("Gebiedsindeling"),
            _("Voor welk soort gebied het aanbod geldt: landelijk, provincie, regio of gemeenten."),
        ),
        "organisation_kind": (
            _("Soorten organisaties"),
            _("Wat voor organisatie de aanbieder is."),
        ),
    }


def _choice_terms(name: str, choices: Iterable[tuple[str, str]]) -> list[Term]:
    return [
        Term(vocabulary=name, code=str(code), label=str(label), description="", position=i)
        for i, (code, label) in enumerate(choices)
    ]


def _load_vocabularies() -> tuple[dict[str, list[Term]], dict[str, dict[int, Term]]]:
    """Every vocabulary's terms in order, and per vocabulary its terms by primary key."""
    terms: dict[str, list[Term]] = {}
    by_pk: dict[str, dict[int, Term]] = {}
    for name, model in VOCABULARIES.items():
        rows = model.objects.order_by("position", "code").values_list(
            "pk", "code", "label", "description", "position"
        )
        by_pk[name] = {
            pk: Term(
                vocabulary=name,
                code=code,
                label=label,
                description=description,
                position=position,
            )
            for pk, code, label, description, position in rows
        }
        terms[name] = list(by_pk[name].values())
    live_statuses = [(s.value, s.label) for s in OfferStatus if s != OfferStatus.ARCHIVED]
    terms["offer_status"] = _choice_terms("offer_status", live_statuses)
    terms["scope_level"] = _choice_terms("scope_level", ScopeLevel.choices)
    terms["organisation_kind"] = _choice_terms("organisation_kind", OrganisationKind.choices)
    return terms, by_pk


def load_terms() -> dict[str, list[Term]]:
    """Every published code list: the vocabulary tables and the code-defined choices."""
    return _load_vocabularies()[0]


def _links(field_name: str) -> list[tuple[int, int]]:
    """(offer id, target id) pairs of a many-to-many field of live offers, in one query."""
    m2m = Offer._meta.get_field(field_name)
    through = m2m.remote_field.through
    source, target = m2m.m2m_field_name(), m2m.m2m_reverse_field_name()
    return list(
        through.objects.filter(**{f"{source}__is_archived": False}).values_list(
            f"{source}_id", f"{target}_id"
        )
    )


def _load_offer_terms(
    offers: list[Offer], terms_by_pk: dict[str, dict[int, Term]]
) -> dict[str, dict[int, list[Term]]]:
    result: dict[str, dict[int, list[Term]]] = {}
    for vocabulary, field_name in VOCABULARY_FIELDS.items():
        by_pk = terms_by_pk[vocabulary]
        linked: dict[int, list[Term]] = defaultdict(list)
        if isinstance(Offer._meta.get_field(field_name), models.ForeignKey):
            for offer in offers:
                linked[offer.pk].append(by_pk[getattr(offer, f"{field_name}_id")])
        else:
            for offer_id, term_pk in _links(field_name):
                if term_pk in by_pk:  # else: a term added while we were reading
                    linked[offer_id].append(by_pk[term_pk])
            for items in linked.values():
                items.sort(key=lambda t: (t.position, t.code))
        result[vocabulary] = dict(linked)
    return result


def _load_offer_areas(
    offers: list[Offer], municipalities: dict[int, Municipality]
) -> dict[int, list[Area]]:
    provinces = {p.pk: p for p in Province.objects.all()}
    members: dict[int, list[str]] = defaultdict(list)
    through = Region.municipalities.through
    for region_id, municipality_id in through.objects.values_list("region_id", "municipality_id"):
        members[region_id].append(municipalities[municipality_id].code)
    regions = {
        r.pk: Area(
            level=ScopeLevel.REGION,
            code=r.slug,
            name=r.name,
            member_codes=tuple(sorted(members[r.pk])),
        )
        for r in Region.objects.all()
    }
    by_field = {
        "provinces": lambda pk: Area(ScopeLevel.PROVINCE, provinces[pk].code, provinces[pk].name),
        "regions": lambda pk: regions[pk],
        "municipalities": lambda pk: Area(
            ScopeLevel.MUNICIPALITY, municipalities[pk].code, municipalities[pk].name
        ),
    }
    linked: dict[tuple[str, int], list[Area]] = defaultdict(list)
    for field_name, make in by_field.items():
        for offer_id, target_pk in _links(field_name):
            try:
                linked[(field_name, offer_id)].append(make(target_pk))
            except KeyError:  # an area added while we were reading
                continue
    level_field = {
        ScopeLevel.PROVINCE: "provinces",
        ScopeLevel.REGION: "regions",
        ScopeLevel.MUNICIPALITY: "municipalities",
    }
    areas: dict[int, list[Area]] = {}
    for offer in offers:
        if offer.scope_level == ScopeLevel.NATIONAL:
            areas[offer.pk] = [NATIONAL_AREA]
        else:
            found = linked.get((level_field[offer.scope_level], offer.pk), [])
            areas[offer.pk] = sorted(found, key=lambda a: a.code)
    return areas


def _load_organisations(provider_ids: set[int]) -> dict[int, Organisation]:
    """The providers of the exported offers and the national organisations they belong to."""
    providers = Offer.objects.publicly_listed().values("provider_id")
    organisations = {
        o.pk: o
        for o in Organisation.objects.filter(pk__in=providers).select_related(
            "province", "municipality"
        )
    }
    # Parents, and providers of offers created while we were reading.
    wanted = {o.parent_id for o in organisations.values() if o.parent_id} | provider_ids
    wanted -= organisations.keys()
    while wanted:  # parents of parents; a handful of rows
        found = list(
            Organisation.objects.filter(pk__in=sorted(wanted)).select_related(
                "province", "municipality"
            )
        )
        organisations.update((o.pk, o) for o in found)
        wanted = {o.parent_id for o in found if o.parent_id} - organisations.keys()
    return organisations


def load_catalog(today: datetime.date | None = None) -> CatalogSnapshot:
    """The public catalog: every offer that is not archived (planned and expired included)."""
    today = today or timezone.localdate()
    offers = list(
        Offer.objects.publicly_listed().order_by("pk").iterator(chunk_size=OFFER_CHUNK_SIZE)
    )
    terms, terms_by_pk = _load_vocabularies()
    municipalities = {m.pk: m for m in Municipality.objects.all()}
    return CatalogSnapshot(
        today=today,
        generated_at=timezone.now(),
        offers=offers,
        terms=terms,
        offer_terms=_load_offer_terms(offers, terms_by_pk),
        offer_areas=_load_offer_areas(offers, municipalities),
        organisations=_load_organisations({o.provider_id for o in offers}),
        taxonomy_labels=taxonomy_labels(),
        municipality_names={m.code: m.name for m in municipalities.values()},
    )
