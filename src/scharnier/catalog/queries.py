"""Read queries on the catalog, shared by pages, API and exports."""

import datetime
import math
from dataclasses import dataclass, field, replace

from django.db.models import (
    Case,
    Count,
    Exists,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from scharnier.core.text import search_stems
from scharnier.geography.models import Municipality, Region, area_key_for_region
from scharnier.geography.queries import area_keys_for_municipality

from .models import (
    MANY_FIELDS,
    Offer,
    OfferArea,
    OfferStatus,
    check_due_before,
    live_condition,
    status_condition,
    unchecked,
)


def offers_available_in(municipality: Municipality) -> QuerySet[Offer]:
    """Offers that reach a firm in `municipality`: national, its province, its regions, itself.

    One query on the indexed coverage table (the area keys are looked up first).
    """
    keys = area_keys_for_municipality(municipality)
    return Offer.objects.filter(pk__in=OfferArea.objects.filter(key__in=keys).values("offer_id"))


def offers_available_in_region(region: Region) -> QuerySet[Offer]:
    """Offers that reach a firm anywhere in the region (national + provinces + region + munis)."""
    return Offer.objects.filter(
        pk__in=OfferArea.objects.filter(key__in=region_area_keys(region)).values("offer_id")
    )


def region_area_keys(region: Region) -> set[str]:
    """Area keys whose offers reach a firm somewhere in the region."""
    municipalities = list(region.municipalities.select_related("province"))
    keys = {"NL", area_key_for_region(region.slug)}
    keys |= {m.province.code for m in municipalities}
    keys |= {m.code for m in municipalities}
    return keys


@dataclass
class OfferFilters:
    """Catalog search parameters; empty means no filter. Codes refer to the vocabularies."""

    text: str = ""
    themes: list[str] = field(default_factory=list)
    journey_phases: list[str] = field(default_factory=list)
    offer_types: list[str] = field(default_factory=list)
    municipality: Municipality | None = None
    size_class: str = ""
    sbi_section: str = ""
    statuses: list[str] = field(default_factory=lambda: [OfferStatus.ACTIVE])
    provider_slug: str = ""
    region: Region | None = None
    scope_levels: list[str] = field(default_factory=list)
    today: datetime.date | None = None


def with_related(queryset: QuerySet[Offer]) -> QuerySet[Offer]:
    return queryset.select_related("provider", "offer_type").prefetch_related(
        "themes", "journey_phases", Prefetch("provinces"), "regions", "municipalities"
    )


def with_every_relation(queryset: QuerySet[Offer]) -> QuerySet[Offer]:
    """Offers with every relation one offer's full view shows (API detail, after a write)."""
    return queryset.select_related("provider", "offer_type").prefetch_related(*MANY_FIELDS)


def search_offers(filters: OfferFilters) -> QuerySet[Offer]:
    today = filters.today or timezone.localdate()
    themes_filtered = False
    keys = None
    if filters.municipality is not None:
        keys = area_keys_for_municipality(filters.municipality)
    elif filters.region is not None:
        keys = region_area_keys(filters.region)
    if keys is not None:
        covered = OfferArea.objects.filter(key__in=keys)
        if filters.themes:
            # Intersect coverage and theme first: both are indexed and small, so PostgreSQL
            # no longer probes the coverage table once per offer of the theme.
            covered = covered.filter(offer_id__in=_term_rows("themes", "theme", filters.themes))
            themes_filtered = True
        queryset = Offer.objects.filter(pk__in=covered.values("offer_id"))
    else:
        queryset = Offer.objects.all()
    if filters.statuses:
        condition = Q()
        for status in filters.statuses:
            condition |= status_condition(status, today)
        queryset = queryset.filter(condition)
    for word in search_stems(filters.text):
        queryset = queryset.filter(_holds_word(word))
    # Many-to-many filters as subqueries: no join fan-out, so no DISTINCT over every column
    # (which made PostgreSQL sort the whole candidate set).
    if filters.themes and not themes_filtered:
        queryset = queryset.filter(pk__in=_term_rows("themes", "theme", filters.themes))
    if filters.journey_phases:
        queryset = queryset.filter(
            pk__in=_term_rows("journey_phases", "journeyphase", filters.journey_phases)
        )
    if filters.offer_types:
        queryset = queryset.filter(offer_type__code__in=filters.offer_types)
    if filters.scope_levels:
        queryset = queryset.filter(scope_level__in=filters.scope_levels)
    # An offer without size classes or sectors is open to every size or sector.
    if filters.size_class:
        queryset = queryset.filter(
            _has_term("size_classes", "sizeclass", [filters.size_class])
            | ~_has_term("size_classes")
        )
    if filters.sbi_section:
        queryset = queryset.filter(
            _has_term("sbi_sections", "sbisection", [filters.sbi_section])
            | ~_has_term("sbi_sections")
        )
    if filters.provider_slug:
        queryset = queryset.filter(provider__slug=filters.provider_slug)
    return queryset.order_by("title", "pk")


def _holds_word(word: str) -> Q:
    return (
        Q(title__icontains=word)
        | Q(summary__icontains=word)
        | Q(description__icontains=word)
        | Q(provider__name__icontains=word)
    )


# A search word in an offer's title counts this many times its weight in the text.
TITLE_WORD_WEIGHT = 1.5


def search_offers_with_some_words(filters: OfferFilters) -> QuerySet[Offer] | None:
    """Offers that hold some of the search words, for when none holds them all.

    Visitors type several words ("personeel vinden bakkerij") and the catalog search wants every
    one; rather than nothing, show the offers with part of them, by the weight of the words they
    hold: each word its inverse document frequency over the filtered offers, half as much again
    in the title. So an offer with "bakkerij" comes before one with only "vinden", and a word
    that most offers hold ("hulp") in a title does not push aside a rare one ("export") in the
    text. None for fewer than two words, where the plain search already said all there is.
    """
    words = search_stems(filters.text)
    if len(words) < 2:
        return None
    without_text = search_offers(replace(filters, text=""))
    # One pass over the offers counts them all and those holding each word.
    counts = without_text.order_by().aggregate(
        total=Count("pk"),
        **{f"word_{i}": Count("pk", filter=_holds_word(word)) for i, word in enumerate(words)},
    )
    matched = Value(0)
    score = Value(0.0, output_field=FloatField())
    any_word = Q()
    for i, word in enumerate(words):
        holding = counts[f"word_{i}"]
        if holding == 0:
            continue
        weight = math.log((counts["total"] + 1) / holding)
        matched = matched + Case(When(_holds_word(word), then=Value(1)), default=Value(0))
        score = score + Case(
            When(title__icontains=word, then=Value(weight * TITLE_WORD_WEIGHT)),
            When(_holds_word(word), then=Value(weight)),
            default=Value(0.0),
            output_field=FloatField(),
        )
        any_word |= _holds_word(word)
    if not any_word:
        return Offer.objects.none()
    return (
        without_text.filter(any_word)
        .annotate(words_matched=matched, word_score=score)
        .order_by("-word_score", "-words_matched", "title", "pk")
    )


def _term_rows(relation: str, term: str, codes: list[str]) -> QuerySet:
    """Ids of offers with one of `codes` in their `relation` (a subquery)."""
    through = getattr(Offer, relation).through
    return through.objects.filter(**{f"{term}__code__in": codes}).values("offer_id")


def _has_term(relation: str, term: str | None = None, codes: list[str] | None = None) -> Exists:
    """EXISTS a row in the offer's `relation` through table (with one of `codes`, if given)."""
    rows = getattr(Offer, relation).through.objects.filter(offer_id=OuterRef("pk"))
    if codes is not None:
        rows = rows.filter(**{f"{term}__code__in": codes})
    return Exists(rows)


# Many-to-many relations of an offer, with the columns of the related row that lists show:
# vocabulary terms by code and label, areas by code (or slug) and name.
_LISTED_RELATIONS: dict[str, tuple[str, str]] = {
    "themes": ("code", "label"),
    "journey_phases": ("code", "label"),
    "directions": ("code", "label"),
    "size_classes": ("code", "label"),
    "sbi_sections": ("code", "label"),
    "channels": ("code", "label"),
    "provinces": ("code", "name"),
    "regions": ("slug", "name"),
    "municipalities": ("code", "name"),
}


def prefetch_listed_relations(offers: list[Offer]) -> None:
    """Fill every many-to-many relation of `offers` in ONE query instead of one per relation.

    The related objects carry only their key, code (or slug) and name (or label): enough for
    lists and API representations, not for further queries. Offers get plain lists in their
    prefetch cache, so `offer.themes.all()` reads them without touching the database.
    """
    if not offers:
        return
    ids = [offer.pk for offer in offers]
    queries = []
    for index, (name, (key, text)) in enumerate(_LISTED_RELATIONS.items()):
        field = Offer._meta.get_field(name)
        target = field.m2m_reverse_field_name()
        is_term = hasattr(field.related_model, "position")
        queries.append(
            field.remote_field.through.objects.filter(offer_id__in=ids).values_list(
                Value(index),
                "offer_id",
                f"{target}_id",
                f"{target}__{key}",
                f"{target}__{text}",
                f"{target}__position" if is_term else Value(0),
            )
        )
    rows = queries[0].union(*queries[1:], all=True)
    names = list(_LISTED_RELATIONS)
    related: dict[tuple[int, int], list] = {}
    for index, offer_id, pk, key_value, text_value, position in rows:
        name = names[index]
        key, text = _LISTED_RELATIONS[name]
        model = Offer._meta.get_field(name).related_model
        related.setdefault((offer_id, index), []).append(
            (position, text_value, model(pk=pk, **{key: key_value, text: text_value}))
        )
    for offer in offers:
        cache = offer.__dict__.setdefault("_prefetched_objects_cache", {})
        for index, name in enumerate(names):
            # The models' own ordering: vocabulary position, then label or name.
            items = sorted(related.get((offer.pk, index), []), key=lambda row: row[:2])
            cache[name] = [item for _, _, item in items]


@dataclass(frozen=True)
class Freshness:
    """How many of a provider's running (or planned) offers were checked in the last six
    months: the freshness shown on its page."""

    checked: int
    live: int

    @property
    def share(self) -> float | None:
        return self.checked / self.live if self.live else None


def provider_freshness(provider, today: datetime.date | None = None) -> Freshness:
    today = today or timezone.localdate()
    counts = Offer.objects.filter(live_condition(today), provider=provider).aggregate(
        live=Count("pk"),
        checked=Count("pk", filter=Q(last_verified_on__gte=check_due_before(today))),
    )
    return Freshness(checked=counts["checked"], live=counts["live"])


def _attention_aggregates(today: datetime.date) -> dict[str, Count]:
    return {
        "expired": Count("pk", filter=status_condition(OfferStatus.EXPIRED, today)),
        "unchecked": Count("pk", filter=live_condition(today) & unchecked(today)),
    }


def attention_counts(offers: QuerySet[Offer], today: datetime.date | None = None) -> dict[str, int]:
    """Of `offers`, how many are expired (not archived) and how many running or planned ones
    were not checked for six months (`Offer.attention_on`), and both together."""
    counts = offers.aggregate(**_attention_aggregates(today or timezone.localdate()))
    return {**counts, "total": counts["expired"] + counts["unchecked"]}


def attention_counts_per_provider(today: datetime.date | None = None) -> list[dict[str, int]]:
    """`attention_counts` per provider ("provider": its pk) that has offers needing a look."""
    today = today or timezone.localdate()
    rows = (
        Offer.objects.needing_attention(today)
        .values("provider")
        .annotate(**_attention_aggregates(today))
        .order_by("provider")
    )
    return [{**row, "total": row["expired"] + row["unchecked"]} for row in rows]
