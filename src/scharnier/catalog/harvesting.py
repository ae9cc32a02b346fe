"""Uniform disclosure of government schemes (REQUIREMENTS A9/I3): the products for
entrepreneurs that a province or municipality already publishes in the Samenwerkende Catalogi,
held beside the register, so that nothing it offers firms is missing from Scharnier.

A harvest reads the organisation's SC 4.0 file, all of it or nothing: every product must be that
organisation's own. Its products for entrepreneurs become catalogue entries. An entry is in the
register (linked to an offer: found by address or title, chosen by an editor, or created from
the entry), not for the register (with the reason: a permit, a tax), or still to be judged.
Services and read queries; pages in web.views, the command `harvest_catalogue`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.core.validation import text_problem
from scharnier.geography.models import Province
from scharnier.organisations.models import Organisation, OrganisationKind
from scharnier.organisations.permissions import Action, require_permission

from .importing import ImportProblem, UnreadableFileError, max_problems
from .models import CatalogueDecision, CatalogueEntry, CatalogueHarvest, Offer
from .samenwerkende_catalogi import (
    CatalogueProduct,
    comparable_url,
    fold_name,
    is_home_page,
    read_products,
)

REASON_MIN_WORDS = 3


@dataclass
class HarvestReport:
    products: int = 0
    for_entrepreneurs: int = 0
    new: int = 0
    updated: int = 0
    withdrawn: int = 0
    linked: int = 0  # entries found in the register by address or title
    problems: list[ImportProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def organisation_names(organisation: Organisation) -> set[str]:
    """The names an authority in the catalogue may give for this organisation."""
    names = {fold_name(organisation.name)}
    if organisation.kind == OrganisationKind.PROVINCIE and organisation.province_id:
        names.add(fold_name(organisation.province.name))
    if organisation.kind == OrganisationKind.GEMEENTE and organisation.municipality_id:
        names.add(fold_name(organisation.municipality.name))
    return names


def _authority_problems(
    products: list[CatalogueProduct], organisation: Organisation
) -> list[ImportProblem]:
    ours = organisation_names(organisation)
    return [
        ImportProblem(
            p.number,
            "overheid:authority",
            _(
                "Dit product is van '%(authority)s', niet van %(organisation)s. Haal alleen de "
                "eigen catalogus op."
            )
            % {"authority": p.authority or p.authority_uri, "organisation": organisation.name},
        )
        for p in products
        if not (p.authority_names & ours)
    ]


def require_catalogue_permission(actor, organisation: Organisation) -> None:
    # Who may add the organisation's offers may read its catalogue; None is the command line.
    if actor is not None:
        require_permission(actor, Action.CREATE_OFFER, organisation)


def harvest_catalogue(
    *, actor, organisation: Organisation, data: bytes, source: str = ""
) -> HarvestReport:
    """Read the organisation's catalogue and bring its entries up to date, or change nothing
    and report the problems (in Dutch, per product)."""
    require_catalogue_permission(actor, organisation)
    report = HarvestReport()
    try:
        products, problems = read_products(data)
    except UnreadableFileError as error:
        report.problems = [error.problem]
        return report
    problems += _authority_problems(products, organisation)
    if problems:
        # As with an offer file: the first problems are enough to start mending the file.
        report.problems = sorted(problems, key=lambda p: p.row or 0)[: max_problems()]
        return report
    report.products = len(products)
    wanted = [p for p in products if p.for_entrepreneurs]
    report.for_entrepreneurs = len(wanted)
    now = timezone.now()
    with transaction.atomic():
        existing = {
            comparable_url(e.identifier): e
            for e in CatalogueEntry.objects.select_for_update().filter(organisation=organisation)
        }
        seen: set[int] = set()
        for product in wanted:
            entry = existing.get(comparable_url(product.identifier))
            if entry is None:
                entry = CatalogueEntry(
                    organisation=organisation, identifier=product.identifier, first_seen=now
                )
                report.new += 1
            elif not entry.in_catalogue or _changed(entry, product):
                report.updated += 1
            entry.title = product.title
            entry.abstract = product.abstract
            entry.uniform_name = product.uniform_name
            entry.uniform_name_uri = product.uniform_name_uri
            entry.request_url = product.request_url
            entry.modified = product.modified
            entry.last_seen = now
            entry.in_catalogue = True
            if entry.decision == CatalogueDecision.IN_REGISTER and entry.offer_id is None:
                entry.decision = CatalogueDecision.OPEN  # its offer was deleted
            entry.save()
            seen.add(entry.pk)
        gone = [e for e in existing.values() if e.pk not in seen and e.in_catalogue]
        for entry in gone:
            entry.in_catalogue = False
            entry.save(update_fields=["in_catalogue"])
        report.withdrawn = len(gone)
        report.linked = _link_by_address_or_title(organisation)
        CatalogueHarvest.objects.create(
            organisation=organisation,
            harvested_at=now,
            harvested_by=actor if getattr(actor, "pk", None) else None,
            source=source[:200],
            products=report.products,
            for_entrepreneurs=report.for_entrepreneurs,
            new=report.new,
            withdrawn=report.withdrawn,
        )
    return report


def _changed(entry: CatalogueEntry, product: CatalogueProduct) -> bool:
    return (entry.title, entry.abstract, entry.modified, entry.uniform_name) != (
        product.title,
        product.abstract,
        product.modified,
        product.uniform_name,
    )


def _link_by_address_or_title(organisation: Organisation) -> int:
    """Open entries whose product page or title an offer of the organisation already has."""
    offers = list(Offer.objects.filter(provider=organisation, is_archived=False))
    by_address = {comparable_url(o.url): o for o in offers if o.url and not is_home_page(o.url)}
    by_title = {fold_name(o.title): o for o in offers}
    linked = 0
    for entry in CatalogueEntry.objects.filter(
        organisation=organisation, decision=CatalogueDecision.OPEN
    ):
        offer = by_address.get(comparable_url(entry.identifier)) or by_title.get(
            fold_name(entry.title)
        )
        if offer is None and entry.request_url:
            offer = by_address.get(comparable_url(entry.request_url))
        if offer is not None:
            entry.decision = CatalogueDecision.IN_REGISTER
            entry.offer = offer
            entry.decided_at = timezone.now()
            entry.save(update_fields=["decision", "offer", "decided_at"])
            linked += 1
    return linked


def _decide(entry: CatalogueEntry, actor, decision: str, *, offer=None, reason="") -> None:
    entry.decision = decision
    entry.offer = offer
    entry.reason = reason
    entry.decided_by = actor if getattr(actor, "pk", None) else None
    entry.decided_at = timezone.now()
    entry.save(update_fields=["decision", "offer", "reason", "decided_by", "decided_at"])


def link_entry_to_offer(*, actor, entry: CatalogueEntry, offer: Offer) -> CatalogueEntry:
    """The entry is in the register as this offer (of the same organisation)."""
    require_catalogue_permission(actor, entry.organisation)
    if offer.provider_id != entry.organisation_id:
        raise ValidationError(
            {"offer": _("Kies aanbod van %(name)s zelf.") % {"name": entry.organisation.name}},
            code="other_provider",
        )
    _decide(entry, actor, CatalogueDecision.IN_REGISTER, offer=offer)
    return entry


def keep_out_of_register(*, actor, entry: CatalogueEntry, reason: str) -> CatalogueEntry:
    """The entry is no help for firms' questions (a permit, a tax): say why, for the check."""
    require_catalogue_permission(actor, entry.organisation)
    reason = " ".join(reason.split())
    problem = text_problem(reason, multiline=False) if reason else None
    if problem is None and len(reason.split()) < REASON_MIN_WORDS:
        problem = _(
            "Schrijf in een paar woorden waarom dit niet in het register hoort, bijvoorbeeld "
            "'een vergunning, geen hulp'."
        )
    if problem is None and len(reason) > 300:
        problem = _("De reden is te lang: hoogstens 300 tekens.")
    if problem:
        raise ValidationError({"reason": problem}, code="reason")
    _decide(entry, actor, CatalogueDecision.NOT_FOR_REGISTER, reason=reason)
    return entry


def reopen_entry(*, actor, entry: CatalogueEntry) -> CatalogueEntry:
    require_catalogue_permission(actor, entry.organisation)
    _decide(entry, actor, CatalogueDecision.OPEN)
    return entry


# --- Read queries ------------------------------------------------------------------------------
@dataclass
class Completeness:
    """How much of what an organisation publishes for entrepreneurs is in the register."""

    organisation: Organisation
    in_catalogue: int
    in_register: int
    not_for_register: int
    open: int
    last_harvest: CatalogueHarvest | None

    @property
    def share_in_register(self) -> int | None:
        """Percentage of the products that belong in the register and are there."""
        belongs = self.in_catalogue - self.not_for_register
        return round(100 * self.in_register / belongs) if belongs else None


def _counts(entries) -> dict:
    live = Q(in_catalogue=True)
    counts = entries.aggregate(
        n_live=Count("pk", filter=live),
        n_in=Count("pk", filter=live & Q(decision=CatalogueDecision.IN_REGISTER)),
        n_out=Count("pk", filter=live & Q(decision=CatalogueDecision.NOT_FOR_REGISTER)),
        n_open=Count("pk", filter=live & Q(decision=CatalogueDecision.OPEN)),
    )
    return {
        "in_catalogue": counts["n_live"],
        "in_register": counts["n_in"],
        "not_for_register": counts["n_out"],
        "open": counts["n_open"],
    }


def completeness(organisation: Organisation) -> Completeness | None:
    """None when the organisation's catalogue was never read."""
    last = organisation.catalogue_harvests.order_by("-harvested_at").first()
    if last is None:
        return None
    return Completeness(
        organisation, **_counts(organisation.catalogue_entries.all()), last_harvest=last
    )


def province_organisation(province: Province) -> Organisation | None:
    return Organisation.objects.filter(kind=OrganisationKind.PROVINCIE, province=province).first()


def entries_of(organisation: Organisation) -> dict[str, list[CatalogueEntry]]:
    """The entries in the catalogue by decision (open first), and the withdrawn ones."""
    groups: dict[str, list[CatalogueEntry]] = {
        "open": [],
        "in_register": [],
        "niet_in_register": [],
        "withdrawn": [],
    }
    for entry in organisation.catalogue_entries.select_related("offer").order_by("title"):
        groups[entry.decision if entry.in_catalogue else "withdrawn"].append(entry)
    return groups


def missing_from_register(organisation: Organisation, limit: int = 50) -> list[CatalogueEntry]:
    """Products for entrepreneurs in the catalogue that nobody has placed yet (public)."""
    return list(
        organisation.catalogue_entries.filter(
            in_catalogue=True, decision=CatalogueDecision.OPEN
        ).order_by("title")[:limit]
    )


def provinces_completeness() -> dict[int, Completeness]:
    """Per province id: its organisation's completeness, for the provinces list."""
    found = {}
    for organisation in Organisation.objects.filter(
        kind=OrganisationKind.PROVINCIE, province__isnull=False, catalogue_harvests__isnull=False
    ).distinct():
        found[organisation.province_id] = completeness(organisation)
    return found
