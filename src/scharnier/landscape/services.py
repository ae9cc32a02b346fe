"""Write operations of the landscape analysis: overlap runs, decisions, consistency checks,
monthly snapshots. Views, the API and commands call these."""

from __future__ import annotations

import dataclasses
import datetime
import hashlib
import logging
import math
from collections.abc import Callable, Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import numpy as np
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from scharnier.catalog.models import (
    JourneyPhase,
    Offer,
    OfferStatus,
    OfferType,
    SbiSection,
    ScopeLevel,
    SizeClass,
    Theme,
)
from scharnier.catalog.services import validate_offer_data
from scharnier.core import clock
from scharnier.core.validation import text_problem, too_short_to_understand, whole_number
from scharnier.geography.models import Municipality, Province, Region, area_key_for_region
from scharnier.geography.queries import place_name_stripper
from scharnier.geography.text import PlaceNameStripper
from scharnier.jobs.models import JobKind
from scharnier.jobs.services import start_job
from scharnier.matching import ranker
from scharnier.organisations.permissions import Action, has_permission

from . import overlap
from .features import (
    AreaExpander,
    cached_vectors,
    catalog_features,
    embed_texts,
    offer_text,
    store_vectors,
    vector_model,
)
from .models import (
    ALL_THEMES,
    FREEING_DECISIONS,
    ConsistencyCheck,
    DecisionKind,
    FreedBudget,
    LandscapeSnapshot,
    OverlapAnalysis,
    OverlapCluster,
    OverlapDecision,
    OverlapPair,
    Verdict,
)
from .queries import Area, resolve_area, white_spot_matrix

logger = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]


def cluster_key(offer_ids) -> str:
    joined = ",".join(str(i) for i in sorted(offer_ids)).encode()
    return hashlib.sha1(joined, usedforsecurity=False).hexdigest()


def run_overlap_analysis(progress: Progress | None = None) -> OverlapAnalysis:
    """Detect overlap over the whole live catalog and store pairs and clusters.

    Earlier runs are replaced; decisions survive because they refer to cluster keys.
    """
    started = timezone.now()
    report = progress or (lambda stage, done, total: None)
    # Only offers current today are compared (expired ones: `overlap_history`).
    features = catalog_features(today=timezone.localdate())
    report("features", len(features), len(features))
    vectors = cached_vectors(features, progress=lambda d, t: report("embeddings", d, t))
    found, candidates = overlap.find_overlapping_pairs(
        features, vectors, progress=lambda d, t: report("blocks", d, t)
    )
    groups = clusters_with_all_pairs(features, found)
    with transaction.atomic():
        OverlapAnalysis.objects.all().delete()
        analysis = OverlapAnalysis.objects.create(
            started_at=started,
            offer_count=len(features),
            candidate_count=candidates,
            pair_count=len(found),
            cluster_count=len(groups),
            model_name=vector_model(),
        )
        _store_clusters(analysis, features, found, groups)
        analysis.finished_at = timezone.now()
        analysis.save(update_fields=["finished_at"])
    report("stored", len(groups), len(groups))
    return analysis


def clusters_with_all_pairs(features, found) -> list[list[int]]:
    """Clusters derived from the pairs; a pair whose offers ended up in no common cluster
    (a national scheme next to two regional copies that never meet) is a cluster of its own,
    so no overlapping pair is dropped and no cluster joins offers that cannot meet."""

    def can_meet(a: int, b: int) -> bool:
        return overlap.areas_meet(features[a], features[b]) and overlap.periods_meet(
            features[a], features[b]
        )

    groups = overlap.clusters_from_pairs(((p.a, p.b, p.score) for p in found), can_meet)
    member_of = {i: number for number, members in enumerate(groups) for i in members}
    for pair in found:
        if member_of.get(pair.a, -1) != member_of.get(pair.b, -2):
            groups.append([pair.a, pair.b])
    return groups


def _pair_clusters(groups, found) -> dict[tuple[int, int], int]:
    """The cluster each pair belongs to: the shared main cluster, else its own pair cluster."""
    main: dict[int, int] = {}
    own: dict[tuple[int, int], int] = {}
    for number, members in enumerate(groups):
        if len(members) == 2:
            own.setdefault((min(members), max(members)), number)
        for i in members:
            main.setdefault(i, number)
    result = {}
    for pair in found:
        number = main.get(pair.a)
        result[(pair.a, pair.b)] = number if number == main.get(pair.b) else own[(pair.a, pair.b)]
    return result


def _store_clusters(analysis, features, found, groups) -> None:
    clusters: list[OverlapCluster] = []
    best: dict[int, float] = {}
    pair_cluster = _pair_clusters(groups, found)
    for pair in found:
        number = pair_cluster[(pair.a, pair.b)]
        best[number] = max(best.get(number, 0.0), pair.score)
    for number, members in enumerate(groups):
        items = [features[i] for i in members]
        clusters.append(
            OverlapCluster(
                analysis=analysis,
                key=cluster_key(f.key for f in items),
                size=len(items),
                max_score=round(best[number], 4),
                suggested_action=overlap.suggest_action(
                    (f.scope_level for f in items), best[number]
                ),
                theme_codes=sorted(set.intersection(*(set(f.themes) for f in items))),
                phase_codes=sorted(set.intersection(*(set(f.phases) for f in items))),
            )
        )
    OverlapCluster.objects.bulk_create(clusters, batch_size=1000)
    # SQLite and PostgreSQL both return primary keys from bulk_create.
    through = OverlapCluster.offers.through
    through.objects.bulk_create(
        [
            through(overlapcluster_id=clusters[number].pk, offer_id=features[i].key)
            for number, members in enumerate(groups)
            for i in members
        ],
        batch_size=2000,
    )
    OverlapPair.objects.bulk_create(
        [
            OverlapPair(
                cluster_id=clusters[pair_cluster[(p.a, p.b)]].pk,
                offer_a_id=features[p.a].key,
                offer_b_id=features[p.b].key,
                score=round(p.score, 4),
                semantic_similarity=round(p.semantic, 4),
                text_similarity=round(p.text, 4),
                shared_themes=sorted(features[p.a].themes & features[p.b].themes),
                shared_phases=sorted(features[p.a].phases & features[p.b].phases),
                same_offer_type=features[p.a].offer_type == features[p.b].offer_type,
                same_scope_level=features[p.a].scope_level == features[p.b].scope_level,
                shared_area_size=(
                    None
                    if (area := overlap.shared_area(features[p.a], features[p.b])) is None
                    else len(area)
                ),
            )
            for p in found
        ],
        batch_size=2000,
    )


def overlap_history(today: datetime.date | None = None) -> list[tuple[Any, Any, float]]:
    """Expired offers that overlapped with others while both were valid: (features, features,
    score), strongest first. Kept apart from the current analysis, which compares only offers
    that are current."""
    today = today or timezone.localdate()
    expired = catalog_features(today=today, status=OfferStatus.EXPIRED)
    if not expired:
        return []
    features = expired + catalog_features(today=today)
    vectors = cached_vectors(features)
    found, _candidates = overlap.find_overlapping_pairs(features, vectors)
    first_current = len(expired)
    return sorted(
        (
            (features[p.a], features[p.b], p.score)
            for p in found
            if p.a < first_current or p.b < first_current
        ),
        key=lambda item: -item[2],
    )


def mark_analysis_stale(offer_ids) -> None:
    """Receiver of catalog.signals.offers_changed: the stored result no longer matches."""
    OverlapAnalysis.objects.filter(stale_since__isnull=True).update(stale_since=timezone.now())


def compute_offer_vectors(offer_ids: Iterable[int] | None = None, progress=None) -> int:
    """Embed the texts of the given offers (every non-archived one when None) that changed
    since they were last embedded; returns how many. The analysis and the consistency test
    then find them ready instead of embedding thousands of texts themselves."""
    if offer_ids is None:
        return store_vectors(catalog_features(), progress=progress)
    ids = sorted(set(offer_ids))
    embedded = 0
    # In parts: an import of 50,000 offers would pass SQLite's limit of bound parameters.
    for start in range(0, len(ids), VECTOR_CHUNK):
        embedded += store_vectors(catalog_features(ids[start : start + VECTOR_CHUNK]))
        if progress:
            progress(min(start + VECTOR_CHUNK, len(ids)), len(ids))
    return embedded


VECTOR_CHUNK = 2000


# Up to this many changed offers are embedded right after the commit (e5 costs ~45 ms per
# text on one core); more (bulk imports) become a background job.
SYNC_VECTOR_LIMIT = 100


def keep_vectors_current(offer_ids: list[int]) -> None:
    """Receiver of catalog.signals.offers_changed: the changed offers' vectors are computed
    now, so that a nightly analysis of 25,000 offers does not embed them all at once."""
    limit = getattr(settings, "LANDSCAPE_SYNC_VECTOR_LIMIT", SYNC_VECTOR_LIMIT)
    try:  # never break the catalog write that triggered us: the analysis embeds what is left
        if len(offer_ids) <= limit:
            compute_offer_vectors(offer_ids)
        else:
            start_job(JobKind.COMPUTE_OVERLAP_VECTORS, parameters={"offer_ids": sorted(offer_ids)})
    except Exception:
        logger.exception("keeping overlap vectors current failed for %d offers", len(offer_ids))


# --- review -------------------------------------------------------------------------------


def cluster_regions(cluster: OverlapCluster) -> list[Region]:
    """Regions in which at least one offer of the cluster is available."""
    return offer_regions(cluster.offers.all())


def offer_regions(offers) -> list[Region]:
    """Regions in which at least one of the offers is available."""
    keys = set(offers.values_list("areas__key", flat=True))
    regions = list(Region.objects.prefetch_related("municipalities__province"))
    if "NL" in keys:
        return regions
    result = []
    for region in regions:
        municipalities = list(region.municipalities.all())
        region_keys = {area_key_for_region(region.slug)}
        region_keys |= {m.code for m in municipalities} | {m.province.code for m in municipalities}
        if region_keys & keys:
            result.append(region)
    return result


def can_review(user, cluster: OverlapCluster) -> bool:
    """National analysts and administrators; a regional director where the cluster reaches."""
    if has_permission(user, Action.VIEW_ANALYSIS, None):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    return any(has_permission(user, Action.VIEW_ANALYSIS, r) for r in cluster_regions(cluster))


def record_decision(
    *, actor, cluster: OverlapCluster, decision: str, note: str = ""
) -> OverlapDecision:
    if not can_review(actor, cluster):
        raise PermissionDenied("review_overlap not allowed")
    if decision not in DecisionKind.values:
        raise ValidationError({"decision": [_("Kies een besluit uit de lijst.")]})
    note = (note or "").strip()
    if len(note) > 2000:
        raise ValidationError({"note": [_("De toelichting is te lang: maximaal 2000 tekens.")]})
    return OverlapDecision.objects.create(
        cluster_key=cluster.key,
        offer_ids=sorted(cluster.offers.values_list("pk", flat=True)),
        decision=decision,
        note=note,
        decided_by=actor,
        decided_at=clock.now(),
    )


def can_record_budget(user, decision: OverlapDecision) -> bool:
    """Who may review the decision's offers may record or remove the money it frees."""
    if has_permission(user, Action.VIEW_ANALYSIS, None):
        return True
    if not getattr(user, "is_authenticated", False):
        return False
    regions = offer_regions(Offer.objects.filter(pk__in=decision.offer_ids))
    return any(has_permission(user, Action.VIEW_ANALYSIS, r) for r in regions)


FIRST_BUDGET_YEAR = 2020  # the Actieagenda started in 2023; older savings are not this stelsel's
MAX_BUDGET_YEARS_AHEAD = 10
MAX_AMOUNT_EUR = Decimal("999999999999.99")  # what the column holds (14 digits, 2 decimals)


def record_freed_budget(
    *,
    actor,
    decision: OverlapDecision,
    amount_eur: Decimal,
    year: int,
    region: Region | None = None,
    note: str = "",
) -> FreedBudget:
    """Record money a merge or alignment frees in a year, and the region it goes to."""
    if not can_record_budget(actor, decision):
        raise PermissionDenied("record_freed_budget not allowed")
    errors: dict[str, list[str]] = {}
    if decision.decision not in FREEING_DECISIONS:
        errors["decision"] = [
            _("Bij het besluit '%(decision)s' stopt geen aanbod, dus komt er geen geld vrij.")
            % {"decision": decision.get_decision_display()}
        ]
    if not isinstance(amount_eur, Decimal) or not amount_eur.is_finite() or amount_eur <= 0:
        errors["amount_eur"] = [_("Vul een bedrag groter dan 0 in.")]
    elif amount_eur > MAX_AMOUNT_EUR:
        errors["amount_eur"] = [_("Dit bedrag is te groot. Kijk of u niet een nul te veel typte.")]
    last_year = timezone.localdate().year + MAX_BUDGET_YEARS_AHEAD
    if not isinstance(year, int) or not FIRST_BUDGET_YEAR <= year <= last_year:
        errors["year"] = [
            _("Vul een jaar in van %(first)d tot en met %(last)d.")
            % {"first": FIRST_BUDGET_YEAR, "last": last_year}
        ]
    note = (note or "").strip()
    if problem := text_problem(note, multiline=False):
        errors["note"] = [str(problem)]
    elif len(note) > 500:
        errors["note"] = [_("De toelichting is te lang: maximaal 500 tekens.")]
    if errors:
        raise ValidationError(errors)
    return FreedBudget.objects.create(
        decision=decision,
        amount_eur=amount_eur.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        year=year,
        region=region,
        note=note,
        recorded_by=actor,
        recorded_at=clock.now(),
    )


def remove_freed_budget(*, actor, entry: FreedBudget) -> None:
    """Take back an entry typed in error; the same people who may record it."""
    if not can_record_budget(actor, entry.decision):
        raise PermissionDenied("remove_freed_budget not allowed")
    entry.delete()


# --- consistency test ---------------------------------------------------------------------

PROPOSAL_LISTS = {
    "themes": Theme,
    "journey_phases": JourneyPhase,
    "size_classes": SizeClass,
    "sbi_sections": SbiSection,
}


# "qqq" or "!!!" gives the comparison nothing to work with: it would report "no overlap" for a
# text that says nothing. The API's schema states the same rule (ProposalSerializer.summary).
PROPOSAL_SUMMARY_TOO_SHORT = gettext_lazy(
    "Beschrijf in een paar woorden wat de regeling doet, zodat er iets te vergelijken is."
)


def clean_proposal(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Check a proposed scheme (codes, like an offer); raises ValidationError in Dutch."""
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, message: str, code: str = "invalid") -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    def text(field: str, limit: int, required: bool) -> str:
        value = raw.get(field, "")
        if value is None:
            value = ""
        if not isinstance(value, str):
            add(field, _("Vul hier tekst in."))
            return ""
        value = value.strip()
        if required and not value:
            add(field, _("Vul dit veld in."))
        problem = text_problem(value, multiline=field != "title")
        if problem:
            add(field, problem)
        if len(value) > limit:
            add(field, _("Maak de tekst korter: hoogstens %(limit)s tekens.") % {"limit": limit})
        return value

    def codes(field: str) -> list[str]:
        value = raw.get(field) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            add(field, _("Geef een lijst met codes."))
            return []
        return sorted(set(value))

    data: dict[str, Any] = {
        "title": text("title", 200, True),
        "summary": text("summary", 400, True),
        "description": text("description", 5000, False),
    }
    if too_short_to_understand(data["summary"]) and "summary" not in errors:
        add("summary", str(PROPOSAL_SUMMARY_TOO_SHORT), "too_short")
    for field, model in PROPOSAL_LISTS.items():
        values = codes(field)
        known = set(model.objects.filter(code__in=values).values_list("code", flat=True))
        unknown = sorted(set(values) - known)
        if unknown:
            add(
                field,
                _("Onbekende code: %(codes)s.") % {"codes": ", ".join(unknown)},
                "unknown_code",
            )
        data[field] = values
    offer_type = raw.get("offer_type") or ""
    if not isinstance(offer_type, str) or not OfferType.objects.filter(code=offer_type).exists():
        add("offer_type", _("Kies een soort aanbod uit de lijst."), "unknown_code")
    data["offer_type"] = offer_type if isinstance(offer_type, str) else ""
    data["scope_level"] = raw.get("scope_level") or ScopeLevel.NATIONAL
    area_models = {
        "provinces": (Province, "code"),
        "regions": (Region, "slug"),
        "municipalities": (Municipality, "code"),
    }
    for field, (model, attr) in area_models.items():
        values = codes(field)
        known = set(model.objects.filter(**{f"{attr}__in": values}).values_list(attr, flat=True))
        unknown = sorted(set(values) - known)
        if unknown:
            add(
                field,
                _("Onbekend gebied: %(codes)s.") % {"codes": ", ".join(unknown)},
                "unknown_code",
            )
        data[field] = values
    for field in ("min_employees", "max_employees"):
        value = raw.get(field)
        if value in (None, ""):
            data[field] = None
            continue
        try:
            data[field] = whole_number(value, min_value=0, max_value=10_000_000)
        except ValidationError as error:
            add(field, error.messages[0])
            data[field] = None
    # Target group and period of the proposal (issue 12): company age and validity.
    age = raw.get("min_company_age_years")
    data["min_company_age_years"] = None
    if age not in (None, ""):
        try:
            data["min_company_age_years"] = whole_number(age, min_value=0, max_value=200)
        except ValidationError as error:
            add("min_company_age_years", error.messages[0])
    for field in ("valid_from", "valid_until"):
        value = raw.get(field)
        data[field] = None
        if value in (None, ""):
            continue
        try:
            data[field] = datetime.date.fromisoformat(str(value))
        except ValueError:
            add(field, _("Vul een datum in als JJJJ-MM-DD."))
    try:
        validate_offer_data(data)
    except ValidationError as error:
        for field, items in error.error_dict.items():
            for item in items:
                for message in item.messages:
                    add(field, message, item.code or "invalid")
    if errors:
        raise ValidationError(errors)
    return data


def _proposal_features(data: Mapping[str, Any]) -> overlap.OfferFeatures:
    expander = AreaExpander()
    level = data["scope_level"]
    if level == ScopeLevel.NATIONAL:
        keys = ["NL"]
    elif level == ScopeLevel.PROVINCE:
        keys = list(data["provinces"])
    elif level == ScopeLevel.REGION:
        keys = [area_key_for_region(s) for s in data["regions"]]
    else:
        keys = list(data["municipalities"])
    text = offer_text(data["title"], data["summary"])
    return overlap.OfferFeatures(
        key="proposal",
        text=text,
        themes=frozenset(data["themes"]),
        phases=frozenset(data["journey_phases"]),
        offer_type=data["offer_type"],
        scope_level=level,
        coverage=expander.coverage(keys),
        size_classes=frozenset(data["size_classes"]),
        # A sector left open but named in the text ("voor horecazaken") is that sector.
        sbi_sections=frozenset(data["sbi_sections"]) or overlap.sectors_named(text),
        min_employees=data["min_employees"],
        max_employees=data["max_employees"],
        min_company_age=data.get("min_company_age_years") or overlap.min_age_named(text),
        valid_from=data.get("valid_from"),
        valid_until=data.get("valid_until"),
    )


def _proposal_areas(data: Mapping[str, Any]) -> list[Area]:
    level = data["scope_level"]
    if level == ScopeLevel.PROVINCE:
        codes = data["provinces"]
    elif level == ScopeLevel.REGION:
        codes = [area_key_for_region(s) for s in data["regions"]]
    elif level == ScopeLevel.MUNICIPALITY:
        # A municipal scheme is judged in each region and province the municipality is in.
        municipalities = Municipality.objects.filter(code__in=data["municipalities"])
        codes = sorted(
            {m.province.code for m in municipalities.select_related("province")}
            | {
                area_key_for_region(s)
                for s in Region.objects.filter(municipalities__in=municipalities).values_list(
                    "slug", flat=True
                )
            }
        )
    else:
        codes = ["NL"]
    return [area for area in (resolve_area(code) for code in codes) if area is not None]


MAX_OVERLAPS_SHOWN = 25


def size_bounds() -> dict[str, overlap.EmployeeRange]:
    """Employee bounds of each size class of the vocabulary (inf: no upper bound)."""
    return {
        code: (low, math.inf if high is None else high)
        for code, low, high in SizeClass.objects.values_list(
            "code", "min_employees", "max_employees"
        )
    }


def _target_limits(proposal: overlap.OfferFeatures, item: overlap.OfferFeatures, offer) -> str:
    """Which limits of the existing offer leave part of the proposal's firms out, in B1 Dutch."""
    limits = []
    if item.size_classes and not (
        proposal.size_classes and proposal.size_classes <= item.size_classes
    ):
        labels = [s.label for s in offer.size_classes.all()]
        limits.append(_("alleen voor %(sizes)s") % {"sizes": ", ".join(labels)})
    if item.sbi_sections and not (
        proposal.sbi_sections and proposal.sbi_sections <= item.sbi_sections
    ):
        labels = [s.label for s in offer.sbi_sections.all()]
        limits.append(_("alleen voor de sector %(sectors)s") % {"sectors": ", ".join(labels)})
    employees = _employee_limit(proposal, item)
    if employees:
        limits.append(employees)
    if (item.min_company_age or 0) > (proposal.min_company_age or 0):
        limits.append(
            _("alleen voor bedrijven van minstens %(years)s jaar oud")
            % {"years": item.min_company_age}
        )
    if item.max_company_age is not None and proposal.max_company_age is None:
        limits.append(_("alleen voor starters"))
    return "; ".join(limits)


def _employee_limit(proposal: overlap.OfferFeatures, item: overlap.OfferFeatures) -> str:
    """The existing offer's own employee limits, when they are narrower than the proposal's."""
    low, high = item.min_employees or 0, item.max_employees
    narrower_low = low > (proposal.min_employees or 0)
    narrower_high = high is not None and (
        proposal.max_employees is None or high < proposal.max_employees
    )
    if narrower_low and narrower_high:
        return _("alleen voor bedrijven met %(low)s tot en met %(high)s medewerkers") % {
            "low": low,
            "high": high,
        }
    if narrower_low:
        return _("alleen voor bedrijven met minstens %(low)s medewerkers") % {"low": low}
    if narrower_high:
        return _("alleen voor bedrijven met hoogstens %(high)s medewerkers") % {"high": high}
    return ""


# From this share on, the reach lowers a hit's score too little to say "telt minder zwaar".
NEARLY_ALL = 0.9


def _share_phrase(share: float) -> str:
    """A share below one in words: never "0%" for a little, nor "100%" for nearly all."""
    percent = round(100 * share)
    if percent < 1:
        return _("minder dan 1%")
    if percent >= 100:
        return _("bijna 100%")
    return _("ongeveer %(percent)s%%") % {"percent": percent}


def _hit_reasons(
    proposal: overlap.OfferFeatures,
    item: overlap.OfferFeatures,
    offer,
    target_reach: float = 1.0,
    area_reach: float = 1.0,
    score: float | None = None,
) -> list[str]:
    """Why this offer counts as overlapping, in B1 Dutch: one line per piece of evidence."""
    reasons = []
    if score is not None:
        if score >= overlap.MERGE_THRESHOLD:
            reasons.append(
                _("Lijkt sterk op uw voorstel: bijna hetzelfde doel en dezelfde aanpak.")
            )
        else:
            reasons.append(_("Lijkt op uw voorstel: een vergelijkbaar doel, in eigen woorden."))
    labels = {t.code: t.label for t in offer.themes.all()}
    themes = [labels.get(code, code) for code in sorted(proposal.themes & item.themes)]
    if themes:
        reasons.append(_("Zelfde thema: %(themes)s.") % {"themes": ", ".join(themes)})
        if overlap.themes_part(proposal, item):
            other = ", ".join(labels.get(c, c) for c in sorted(item.themes - proposal.themes))
            reasons.append(
                _(
                    "Het bestaande aanbod gaat ook over %(themes)s, uw voorstel niet: "
                    "telt minder zwaar."
                )
                % {"themes": other}
            )
    else:
        reasons.append(
            _("Staat onder een ander thema (%(themes)s), maar de tekst lijkt sterk op uw voorstel.")
            % {"themes": ", ".join(sorted(labels.values()))}
        )
    relation = overlap.families_relation(proposal.offer_type, item.offer_type)
    if relation == "other":
        reasons.append(
            _("Een andere soort aanbod (%(type)s), maar de tekst lijkt sterk op uw voorstel.")
            % {"type": offer.offer_type.label}
        )
    elif item.offer_type == proposal.offer_type:
        reasons.append(_("Zelfde soort aanbod (%(type)s).") % {"type": offer.offer_type.label})
    elif overlap.guarantee_against_loan(proposal, item):
        reasons.append(
            _(
                "Vergelijkbaar instrument (%(type)s), maar een garantie is geen lening: "
                "telt minder zwaar."
            )
            % {"type": offer.offer_type.label}
        )
    elif relation == "same":
        reasons.append(_("Vergelijkbaar instrument (%(type)s).") % {"type": offer.offer_type.label})
    else:
        reasons.append(
            _("Verwante soort aanbod (%(type)s): telt minder zwaar.")
            % {"type": offer.offer_type.label}
        )
    if not proposal.phases & item.phases:
        reasons.append(_("Voor een andere fase van de ondernemer: telt minder zwaar."))
    area = overlap.shared_area(proposal, item)
    if area is None:
        reasons.append(_("Beide in heel Nederland."))
    else:
        reasons.append(
            ngettext(
                "Gebieden overlappen: %(n)s gemeente samen.",
                "Gebieden overlappen: %(n)s gemeenten samen.",
                len(area),
            )
            % {"n": len(area)}
        )
    if NEARLY_ALL <= area_reach < 1:
        reasons.append(
            _("Het bestaande aanbod bereikt %(share)s van uw gebied.")
            % {"share": _share_phrase(area_reach)}
        )
    elif area_reach < 1:
        reasons.append(
            _("Het bestaande aanbod bereikt %(share)s van uw gebied: telt minder zwaar.")
            % {"share": _share_phrase(area_reach)}
        )
    if item.valid_until:
        reasons.append(
            _("Loopt in dezelfde periode als uw voorstel (tot %(date)s).")
            % {"date": item.valid_until.strftime("%d-%m-%Y")}
        )
    if target_reach >= 1:
        reasons.append(_("Zelfde doelgroep (grootte, sector, leeftijd van het bedrijf past)."))
    elif target_reach >= NEARLY_ALL:
        reasons.append(
            _(
                "Bijna dezelfde doelgroep: het bestaande aanbod bereikt %(share)s van uw "
                "doelgroep (%(limits)s)."
            )
            % {
                "share": _share_phrase(target_reach),
                "limits": _target_limits(proposal, item, offer)
                or _("grootte, sector, leeftijd van het bedrijf"),
            }
        )
    else:
        limits = _target_limits(proposal, item, offer)
        reasons.append(
            _(
                "Doelgroep deels gelijk: het bestaande aanbod bereikt %(share)s van uw "
                "doelgroep (%(limits)s): telt minder zwaar."
            )
            % {
                "share": _share_phrase(target_reach),
                "limits": limits or _("grootte, sector, leeftijd van het bedrijf"),
            }
        )
    return reasons


def evaluate_proposal(
    data: Mapping[str, Any], today: datetime.date | None = None
) -> tuple[str, dict[str, Any]]:
    """Overlapping offers, white spots filled and a verdict for a cleaned proposal.

    Compared with offers valid in the proposal's period (current or planned, never expired),
    on the same theme and the same or a neighbouring instrument; target group, area and period
    must meet (a different target group is not a duplicate). Each hit says why.
    """
    today = today or timezone.localdate()
    proposal = _proposal_features(data)
    group = overlap.instrument_group(proposal.offer_type)
    group_types = [
        code for code in overlap.INSTRUMENT_FAMILIES if overlap.instrument_group(code) == group
    ] or [proposal.offer_type]
    start = max(proposal.valid_from or today, today)
    candidate_ids = (
        Offer.objects.filter(is_archived=False)
        .exclude(valid_until__lt=start)
        .filter(themes__code__in=data["themes"], offer_type__code__in=group_types)
        .values("pk")
    )
    candidates = [
        f for f in catalog_features(candidate_ids) if overlap.structurally_compatible(proposal, f)
    ]
    # Place names and years are left out of the texts compared (the fields compare area and
    # period); the offers' cached vectors keep their full text, the proposal's does not.
    strip = place_name_stripper()
    bare = dataclasses.replace(proposal, text=strip(proposal.text))
    # Theme and instrument are the providers' coding, and two providers code the same help
    # differently: an offer coded apart still counts when its text is this close.
    coded_apart = _coded_apart(proposal, bare.text, start, {f.key for f in candidates})
    overlaps = []
    if candidates or coded_apart:
        proposal_vector = embed_texts([bare.text])
        for group, threshold in (
            (candidates, overlap.OVERLAP_THRESHOLD),
            (coded_apart, overlap.CODED_APART_THRESHOLD),
        ):
            overlaps += _hits(proposal, bare, proposal_vector, group, threshold, strip)
        overlaps.sort(key=lambda o: -o["score"])
    white_spots = []
    for area in _proposal_areas(data):
        matrix = white_spot_matrix(area)
        for theme in data["themes"]:
            for phase in data["journey_phases"]:
                if matrix.count(theme, phase) == 0:
                    white_spots.append(
                        {"area": area.code, "area_name": area.name, "theme": theme, "phase": phase}
                    )
    if overlaps and overlaps[0]["score"] >= overlap.MERGE_THRESHOLD:
        verdict = Verdict.STOP
    elif overlaps:
        verdict = Verdict.ALIGN
    else:
        verdict = Verdict.GO
    result = {
        "overlap_count": len(overlaps),
        "overlaps": overlaps[:MAX_OVERLAPS_SHOWN],
        "white_spots_filled": white_spots,
        "compared_offers": len(candidates) + len(coded_apart),
        "read_from_text": _read_from_text(data, proposal),
    }
    return verdict, result


def _read_from_text(data: Mapping[str, Any], proposal: overlap.OfferFeatures) -> dict[str, Any]:
    """The target group the proposal's text names where its fields were left open, and the
    side of a subject it is for, so the result can say what it compared with."""
    read: dict[str, Any] = {}
    if not data["sbi_sections"] and proposal.sbi_sections:
        read["sbi_sections"] = sorted(proposal.sbi_sections)
    if not data.get("min_company_age_years") and proposal.min_company_age:
        read["min_company_age_years"] = proposal.min_company_age
    # The side of a subject the text is for (the buyers of a firm): always from the text.
    sides = {
        dimension: next(iter(named))
        for dimension, named in overlap.sides_named(proposal.text).items()
        if len(named) == 1
    }
    if sides:
        read["sides"] = sides
    # The kind of help, which decides what counts as a copy (`overlap.open_against_one_subject`,
    # `overlap.one_off_against_standing`).
    if overlap.open_help(proposal.text):
        read["open_help"] = True
    if overlap.one_off_event(proposal):
        read["one_off_event"] = True
    return read


def _coded_apart(
    proposal: overlap.OfferFeatures, text: str, start: datetime.date, compared: set[int]
) -> list[overlap.OfferFeatures]:
    """Offers coded under another theme or instrument whose text lies close to the proposal's,
    with an area, target group and period that meet it (the nearest few from the matcher's
    index, so the look-up costs one vector product however large the catalog)."""
    nearest = ranker.nearest_offer_ids(text, overlap.CODED_APART_POOL, exclude=compared)
    live = (
        Offer.objects.filter(pk__in=nearest, is_archived=False)
        .exclude(valid_until__lt=start)
        .values("pk")
    )
    return [
        f
        for f in catalog_features(live)
        if overlap.areas_meet(proposal, f)
        and overlap.targets_meet(proposal, f)
        and overlap.periods_meet(proposal, f)
    ]


def _hits(
    proposal: overlap.OfferFeatures,
    bare: overlap.OfferFeatures,
    proposal_vector: np.ndarray,
    candidates: list[overlap.OfferFeatures],
    threshold: float,
    strip: PlaceNameStripper,
) -> list[dict[str, Any]]:
    """The candidates that overlap the proposal (`bare`: its text without place names), each
    with its score after weighing target group and area, and why."""
    if not candidates:
        return []
    scored = overlap.score_against(
        bare,
        [dataclasses.replace(f, text=strip(f.text)) for f in candidates],
        proposal_vector,
        cached_vectors(candidates),
    )
    totals = (size_bounds(), SbiSection.objects.count())
    municipality_total = Municipality.objects.count()
    kept = []
    for item, (score, semantic, text, _compatible) in zip(candidates, scored, strict=True):
        # Another target group or subject, read from the texts, is no duplicate at all.
        if (
            overlap.for_another_sector(proposal, item, totals[1])
            or overlap.for_another_workforce(proposal, item)
            or overlap.about_other_measures(proposal, item)
            or overlap.for_another_side(proposal, item)
            or overlap.helps_apply_for(proposal, item)
            or overlap.one_off_against_standing(proposal, item)
            or overlap.personal_help_against_a_page(proposal, item)
            or overlap.open_against_one_subject(proposal, item)
            or overlap.another_scheme(proposal, item)
        ):
            continue
        # Weigh target group and area: an offer that reaches only part of the proposal's
        # firms or places is less of a duplicate.
        target_reach = overlap.target_share(proposal, item, *totals)
        area_reach = overlap.area_share(proposal, item, municipality_total)
        score -= overlap.reach_penalty(target_reach, area_reach)
        if overlap.themes_part(proposal, item):
            score -= overlap.THEMES_PART_PENALTY
        if overlap.guarantee_against_loan(proposal, item):
            score -= overlap.GUARANTEE_PENALTY
        if score >= threshold:
            kept.append((item, score, semantic, text, target_reach, area_reach))
    # Read only the hits from the database: a proposal may have thousands of candidates.
    offers = (
        Offer.objects.select_related("provider", "offer_type")
        .prefetch_related("size_classes", "sbi_sections", "themes")
        .in_bulk([entry[0].key for entry in kept])
    )
    hits = []
    for item, score, semantic, text, target_reach, area_reach in kept:
        offer = offers[item.key]
        hits.append(
            {
                "offer": str(offer.public_id),
                "title": offer.title,
                "provider": offer.provider.name,
                "scope_level": offer.scope_level,
                "score": round(score, 3),
                "semantic_similarity": round(semantic, 3),
                "text_similarity": round(text, 3),
                "shared_themes": sorted(item.themes & proposal.themes),
                "shared_phases": sorted(item.phases & proposal.phases),
                "same_offer_type": item.offer_type == proposal.offer_type,
                "reasons": _hit_reasons(proposal, item, offer, target_reach, area_reach, score),
            }
        )
    return hits


def run_consistency_check(*, actor, raw: Mapping[str, Any]) -> ConsistencyCheck:
    """Clean, evaluate and save a consistency test; anyone may run one (public offers only)."""
    data = clean_proposal(raw)
    verdict, result = evaluate_proposal(data)
    return ConsistencyCheck.objects.create(
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
        proposal={k: v.isoformat() if isinstance(v, datetime.date) else v for k, v in data.items()},
        verdict=verdict,
        result=result,
    )


# --- clean-up tracking --------------------------------------------------------------------


def snapshot_landscape(month: datetime.date | None = None) -> int:
    """Store active offers (and of them the schemes) per scope level, once over all themes and
    per theme, for the month; replaces that month."""
    today = timezone.localdate()
    month = (month or today).replace(day=1)
    # Count the state at the end of the month (or today for the running month).
    next_month = (month + datetime.timedelta(days=32)).replace(day=1)
    moment = min(today, next_month - datetime.timedelta(days=1))
    active = Offer.objects.with_status(OfferStatus.ACTIVE, moment)
    counts = {
        "n": Count("pk", distinct=True),
        "schemes": Count("pk", distinct=True, filter=Q(offer_type__is_financial=True)),
    }
    per_theme = active.values("scope_level", "themes__code").annotate(**counts).order_by()
    per_level = active.values("scope_level").annotate(**counts).order_by()
    snapshots = [
        LandscapeSnapshot(
            month=month,
            scope_level=row["scope_level"],
            theme_code=row.get("themes__code", ALL_THEMES),
            active_offers=row["n"],
            active_schemes=row["schemes"],
        )
        for row in [*per_level, *per_theme]
        if row.get("themes__code", ALL_THEMES) is not None
    ]
    with transaction.atomic():
        LandscapeSnapshot.objects.filter(month=month).delete()
        LandscapeSnapshot.objects.bulk_create(snapshots)
    return len(snapshots)
