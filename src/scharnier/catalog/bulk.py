"""Bulk writes of offers: thousands of creates/updates in one transaction, fast.

Same rules and side effects as `services.create_offer`/`update_offer` (permission,
`validate_offer_data`, field checks, coverage index rows, one version per changed offer with
`offer_snapshot` semantics, `offers_changed` after commit), but with a handful of queries per
batch instead of ~20 per offer. The importer uses it; so can other apps and benchmarks that need
many offers:

    from scharnier.catalog.bulk import OfferInput, save_offers
    result = save_offers([OfferInput(provider=org, data={...create_offer data...}), ...])

Upsert: an input with `public_id` updates that offer; else one with a non-empty
`data["external_id"]` updates the provider's offer with that external id if it exists; anything
else is created. Fields absent from `data` keep their value (updates) or model default (creates).
An update that changes nothing is "unchanged": no write, no version.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.geography.models import NATIONAL_AREA_KEY, Municipality, area_key_for_region
from scharnier.organisations.models import Organisation
from scharnier.organisations.permissions import Action, has_permission

from .models import ChangeSource, Offer, OfferArea, OfferType, OfferVersion, ScopeLevel
from .services import (
    BLANK_TEXT_FIELDS,
    MANY_FIELDS,
    SCALAR_FIELDS,
    notify_offers_changed,
    plain_value,
    validate_offer_data,
)

_AREA_INPUT_FIELDS = ("scope_level", "provinces", "regions", "municipalities")
_CHUNK = 900  # stays under SQLite's bound-parameter limit
_BATCH = 1000


@dataclass
class OfferInput:
    """One offer to create or update. `data` has the shape `services.create_offer` takes."""

    provider: Organisation
    data: Mapping[str, Any]
    public_id: uuid.UUID | None = None


@dataclass
class BulkProblem:
    index: int  # position in the input sequence
    field: str | None  # Offer field name, "provider" or "public_id"
    message: str  # Dutch


@dataclass
class PlannedOffer:
    index: int
    provider: Organisation
    data: dict[str, Any]  # complete data after merging
    snapshot: dict[str, Any]
    offer: Offer | None = None  # the existing offer, for updates
    previous: dict[str, Any] | None = None  # its current data


@dataclass
class BulkPlan:
    creates: list[PlannedOffer] = field(default_factory=list)
    updates: list[PlannedOffer] = field(default_factory=list)
    unchanged: list[PlannedOffer] = field(default_factory=list)
    problems: list[BulkProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class BulkResult:
    created: list[int]
    updated: list[int]
    unchanged: list[int]


class BulkValidationError(ValidationError):
    """Raised by `save_offers` with every problem found; nothing was written."""

    def __init__(self, problems: list[BulkProblem]):
        self.problems = problems
        super().__init__([f"{p.index}: {p.field}: {p.message}" for p in problems])


def chunked(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class RelatedCache:
    """Every related object an offer can point to, loaded once (all small tables)."""

    def __init__(self) -> None:
        self.offer_types = {o.pk: o for o in OfferType.objects.all()}
        self.many: dict[str, tuple[Any, str, str, dict[int, Any]]] = {}
        for name in MANY_FIELDS:
            model_field = Offer._meta.get_field(name)
            through = model_field.remote_field.through
            source = through._meta.get_field(model_field.m2m_field_name()).attname
            target = through._meta.get_field(model_field.m2m_reverse_field_name()).attname
            related = model_field.related_model
            queryset = related.objects.all()
            if related is Municipality:
                queryset = queryset.select_related("province")
            self.many[name] = (through, source, target, {o.pk: o for o in queryset})

    def current_data(self, offers: Sequence[Offer]) -> dict[int, dict[str, Any]]:
        """The data of existing offers, like `services._current_data`, in a few queries."""
        result: dict[int, dict[str, Any]] = {}
        for offer in offers:
            data = {name: getattr(offer, name) for name in SCALAR_FIELDS if name != "offer_type"}
            data["offer_type"] = self.offer_types.get(offer.offer_type_id)
            for name in MANY_FIELDS:
                data[name] = []
            result[offer.pk] = data
        ids = [offer.pk for offer in offers]
        for name, (through, source, target, objects) in self.many.items():
            for chunk in chunked(ids):
                rows = through.objects.filter(**{f"{source}__in": chunk}).values_list(
                    source, target
                )
                for offer_id, target_id in rows:
                    result[offer_id][name].append(objects[target_id])
        return result


def model_defaults() -> dict[str, Any]:
    """What a new offer holds for fields the input leaves out."""
    defaults: dict[str, Any] = {}
    for name in SCALAR_FIELDS:
        model_field = Offer._meta.get_field(name)
        defaults[name] = None if model_field.is_relation else model_field.get_default()
    for name in MANY_FIELDS:
        defaults[name] = []
    return defaults


def _normal_scalar(name: str, value: Any) -> Any:
    if value is None and name in BLANK_TEXT_FIELDS:
        return ""
    return value


def snapshot_of(provider: Organisation, data: Mapping[str, Any], is_archived: bool) -> dict:
    """Exactly `services.offer_snapshot` of an offer holding `data`, without queries."""
    snapshot: dict[str, Any] = {
        "provider": provider.slug,
        **{name: plain_value(_normal_scalar(name, data.get(name))) for name in SCALAR_FIELDS},
        "is_archived": is_archived,
    }
    for name in MANY_FIELDS:
        snapshot[name] = sorted(plain_value(item) for item in data.get(name) or [])
    return snapshot


def area_keys_for_data(data: Mapping[str, Any]) -> set[str]:
    """Same keys as `services.area_keys_for_offer`, from data instead of saved relations."""
    level = data.get("scope_level") or ScopeLevel.NATIONAL
    if level == ScopeLevel.NATIONAL:
        return {NATIONAL_AREA_KEY}
    if level == ScopeLevel.PROVINCE:
        return {p.code for p in data.get("provinces") or []}
    if level == ScopeLevel.REGION:
        return {area_key_for_region(r.slug) for r in data.get("regions") or []}
    return {m.code for m in data.get("municipalities") or []}


# Django's field checks, minus those that query the database or that the input cannot touch.
_CLEAN_EXCLUDE = [
    f.name for f in Offer._meta.get_fields() if f.name not in SCALAR_FIELDS or f.is_relation
]


def _field_problems(index: int, provider: Organisation, data: Mapping[str, Any]) -> list:
    problems = []
    if data.get("offer_type") is None:
        problems.append(BulkProblem(index, "offer_type", _("Kies een soort aanbod.")))
    candidate = Offer(provider=provider)
    _assign(candidate, data)
    try:
        candidate.clean_fields(exclude=_CLEAN_EXCLUDE)
    except ValidationError as error:
        problems += _as_problems(index, error)
    return problems + _rule_problems(index, data)


def _as_problems(index: int, error: ValidationError) -> list[BulkProblem]:
    return [
        BulkProblem(index, name, str(message))
        for name, messages in error.message_dict.items()
        for message in messages
    ]


def _rule_problems(index: int, data: Mapping[str, Any]) -> list[BulkProblem]:
    """The cross-field rules of the catalog services, as problems of input `index`."""
    try:
        validate_offer_data(data)
    except ValidationError as error:
        return _as_problems(index, error)
    return []


def _assign(offer: Offer, data: Mapping[str, Any]) -> None:
    for name in SCALAR_FIELDS:
        if name in data:
            setattr(offer, name, _normal_scalar(name, data[name]))


def plan_offers(
    items: Sequence[OfferInput],
    *,
    actor=None,
    check_fields: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> BulkPlan:
    """Work out what saving `items` would do, and every problem, without writing anything.

    `actor=None` is a trusted system call; otherwise CREATE_OFFER/CHANGE_OFFER are checked per
    provider. `check_fields=False` skips Django's per-field checks (the importer has already
    done them with better messages); cross-field rules always run.
    """
    plan = BulkPlan()
    cache = RelatedCache()
    existing = _existing_offers(items, plan)
    current = cache.current_data(list({o.pk: o for o in existing.values()}.values()))
    defaults = model_defaults()
    allowed: dict[tuple[int, str], bool] = {}
    claimed: dict[int, int] = {}  # offer pk -> index of the input that updates it
    final_keys: dict[tuple[int, str], int] = {}  # (provider, external id) after saving
    total = len(items)
    for index, item in enumerate(items):
        offer = existing.get(index)
        if offer is not None:
            if offer.pk in claimed:
                plan.problems.append(
                    BulkProblem(
                        index,
                        "external_id",
                        _("Dit aanbod staat al eerder in de invoer (met hetzelfde id of kenmerk)."),
                    )
                )
                continue
            claimed[offer.pk] = index
            data = {**current[offer.pk], **item.data}
        else:
            data = {**defaults, **item.data}
        if actor is not None:
            action = Action.CHANGE_OFFER if offer is not None else Action.CREATE_OFFER
            key = (item.provider.pk, action)
            if key not in allowed:
                allowed[key] = has_permission(actor, action, offer or item.provider)
            if not allowed[key]:
                plan.problems.append(
                    BulkProblem(
                        index,
                        "provider",
                        _("U mag geen aanbod van %(provider)s invoeren of wijzigen.")
                        % {"provider": item.provider.name},
                    )
                )
                continue
        if check_fields:
            problems = _field_problems(index, item.provider, data)
        else:
            problems = _cross_field_problems(index, data)
        external_id = data.get("external_id") or ""
        if external_id:
            key = (item.provider.pk, external_id)
            if key in final_keys:
                problems.append(
                    BulkProblem(
                        index,
                        "external_id",
                        _("Het kenmerk '%(external_id)s' staat al eerder in de invoer.")
                        % {"external_id": external_id},
                    )
                )
            final_keys[key] = index
        if problems:
            plan.problems += problems
            continue
        is_archived = offer.is_archived if offer is not None else False
        planned = PlannedOffer(
            index=index,
            provider=item.provider,
            data=data,
            snapshot=snapshot_of(item.provider, data, is_archived),
            offer=offer,
            previous=current[offer.pk] if offer is not None else None,
        )
        if offer is None:
            plan.creates.append(planned)
        elif planned.snapshot == snapshot_of(offer.provider, planned.previous, is_archived):
            plan.unchanged.append(planned)
        else:
            plan.updates.append(planned)
        if progress and (index + 1) % 1000 == 0:
            progress(index + 1, total)
    return plan


def _cross_field_problems(index: int, data: Mapping[str, Any]) -> list[BulkProblem]:
    problems = []
    if data.get("offer_type") is None:
        problems.append(BulkProblem(index, "offer_type", _("Kies een soort aanbod.")))
    return problems + _rule_problems(index, data)


def _existing_offers(items: Sequence[OfferInput], plan: BulkPlan) -> dict[int, Offer]:
    """Input index -> the existing offer it updates; conflicts become problems in `plan`."""
    by_public_id: dict[uuid.UUID, Offer] = {}
    public_ids = [item.public_id for item in items if item.public_id]
    for chunk in chunked(public_ids):
        for offer in Offer.objects.filter(public_id__in=chunk).select_related("provider"):
            by_public_id[offer.public_id] = offer
    wanted: dict[int, set[str]] = defaultdict(set)
    providers: dict[int, Organisation] = {}
    for item in items:
        external_id = item.data.get("external_id") or ""
        if external_id:
            wanted[item.provider.pk].add(external_id)
            providers[item.provider.pk] = item.provider
    by_external_id: dict[tuple[int, str], Offer] = {}
    for provider_id, external_ids in wanted.items():
        for chunk in chunked(sorted(external_ids)):
            for offer in Offer.objects.filter(provider_id=provider_id, external_id__in=chunk):
                offer.provider = providers[provider_id]
                by_external_id[(provider_id, offer.external_id)] = offer
    found: dict[int, Offer] = {}
    for index, item in enumerate(items):
        external_id = item.data.get("external_id") or ""
        by_key = by_external_id.get((item.provider.pk, external_id)) if external_id else None
        if item.public_id:
            offer = by_public_id.get(item.public_id)
            if offer is None:
                plan.problems.append(
                    BulkProblem(
                        index,
                        "public_id",
                        _("Er is geen aanbod met id %(id)s.") % {"id": item.public_id},
                    )
                )
                continue
            if offer.provider_id != item.provider.pk:
                plan.problems.append(
                    BulkProblem(
                        index,
                        "public_id",
                        _("Het aanbod met id %(id)s hoort bij een andere aanbieder.")
                        % {"id": item.public_id},
                    )
                )
                continue
            if by_key is not None and by_key.pk != offer.pk:
                plan.problems.append(
                    BulkProblem(
                        index,
                        "external_id",
                        _("Het kenmerk '%(external_id)s' hoort al bij ander aanbod (id %(other)s).")
                        % {"external_id": external_id, "other": by_key.public_id},
                    )
                )
                continue
            found[index] = offer
        elif by_key is not None:
            found[index] = by_key
    return found


def _insert_rows(model, columns: Sequence[str], rows: list[tuple]) -> None:
    """Plain INSERTs of simple rows (ids and short strings) with executemany.

    Django's bulk_create spends most of its time building SQL per object; for link and
    coverage rows, which hold only integers and codes, one prepared statement is much faster.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - quoted model identifiers
        quote(model._meta.db_table),
        ", ".join(quote(column) for column in columns),
        ", ".join(["%s"] * len(columns)),
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 5000):
            cursor.executemany(sql, rows[start : start + 5000])


def _update_offers(offers: Sequence[Offer], names: Sequence[str]) -> None:
    """One prepared UPDATE per offer through executemany (bulk_update's CASE is far slower)."""
    if not offers:
        return
    fields = [Offer._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sql = "UPDATE {} SET {} WHERE {} = %s".format(  # noqa: S608 - quoted model identifiers
        quote(Offer._meta.db_table),
        ", ".join(f"{quote(field.column)} = %s" for field in fields),
        quote(Offer._meta.pk.column),
    )
    rows = [
        [field.get_db_prep_save(getattr(offer, field.attname), connection) for field in fields]
        + [offer.pk]
        for offer in offers
    ]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[start : start + 2000])


def _insert_relations(offers_with_data: Iterable[tuple[int, Mapping[str, Any]]], fields) -> None:
    cache = _relations()
    offers_with_data = list(offers_with_data)
    for name in fields:
        through, source, target, _objects = cache[name]
        rows = [
            (offer_id, pk)
            for offer_id, data in offers_with_data
            for pk in dict.fromkeys(obj.pk for obj in data.get(name) or [])
        ]
        # attname == column name in Django's auto-created through tables.
        _insert_rows(through, [source, target], rows)


def _insert_areas(offers_with_data: Iterable[tuple[int, Mapping[str, Any]]]) -> None:
    rows = [
        (offer_id, key)
        for offer_id, data in offers_with_data
        for key in sorted(area_keys_for_data(data))
    ]
    _insert_rows(OfferArea, ["offer_id", "key"], rows)


def _relations() -> dict[str, tuple[Any, str, str, None]]:
    result = {}
    for name in MANY_FIELDS:
        model_field = Offer._meta.get_field(name)
        through = model_field.remote_field.through
        source = through._meta.get_field(model_field.m2m_field_name()).attname
        target = through._meta.get_field(model_field.m2m_reverse_field_name()).attname
        result[name] = (through, source, target, None)
    return result


def apply_plan(plan: BulkPlan, *, actor=None, source: str = ChangeSource.IMPORT) -> BulkResult:
    """Write a problem-free plan. Call inside `transaction.atomic()` (save_offers does)."""
    if plan.problems:
        raise BulkValidationError(plan.problems)
    changed_by = actor if getattr(actor, "pk", None) else None
    now = timezone.now()

    # Creates: offers, then their relations, coverage and first version.
    new_offers = []
    for planned in plan.creates:
        offer = Offer(provider=planned.provider)
        _assign(offer, planned.data)
        new_offers.append(offer)
    Offer.objects.bulk_create(new_offers, batch_size=_BATCH)
    pairs = [
        (offer.pk, planned.data) for offer, planned in zip(new_offers, plan.creates, strict=True)
    ]
    _insert_relations(pairs, MANY_FIELDS)
    _insert_areas(pairs)
    versions = [
        OfferVersion(
            offer_id=offer.pk,
            number=1,
            changed_at=now,
            changed_by=changed_by,
            source=source,
            changed_fields=sorted(planned.snapshot),
            snapshot=planned.snapshot,
        )
        for offer, planned in zip(new_offers, plan.creates, strict=True)
    ]

    # Updates: scalar fields in bulk, then only the relations and coverage that changed.
    updated = []
    for planned in plan.updates:
        offer = planned.offer
        _assign(offer, planned.data)
        offer.updated_at = now
        updated.append(offer)
    _update_offers(updated, [*SCALAR_FIELDS, "updated_at"])
    relations = _relations()
    for name in MANY_FIELDS:
        changed = [
            (p.offer.pk, p.data)
            for p in plan.updates
            if {o.pk for o in p.data.get(name) or []} != {o.pk for o in p.previous.get(name) or []}
        ]
        if not changed:
            continue
        through, source_attname, _target, _none = relations[name]
        for chunk in chunked([offer_id for offer_id, _data in changed]):
            through.objects.filter(**{f"{source_attname}__in": chunk}).delete()
        _insert_relations(changed, [name])
    moved = [
        (p.offer.pk, p.data)
        for p in plan.updates
        if area_keys_for_data(p.data) != area_keys_for_data(p.previous)
    ]
    for chunk in chunked([offer_id for offer_id, _data in moved]):
        OfferArea.objects.filter(offer_id__in=chunk).delete()
    _insert_areas(moved)
    latest = _latest_versions([p.offer.pk for p in plan.updates])
    for planned in plan.updates:
        previous = latest.get(planned.offer.pk)
        if previous is None:
            number, changed_fields = 1, sorted(planned.snapshot)
        else:
            number = previous[0] + 1
            changed_fields = sorted(
                k for k in planned.snapshot if previous[1].get(k) != planned.snapshot[k]
            )
        versions.append(
            OfferVersion(
                offer_id=planned.offer.pk,
                number=number,
                changed_at=now,
                changed_by=changed_by,
                source=source,
                changed_fields=changed_fields,
                snapshot=planned.snapshot,
            )
        )
    OfferVersion.objects.bulk_create(versions, batch_size=_BATCH)

    result = BulkResult(
        created=[offer.pk for offer in new_offers],
        updated=[offer.pk for offer in updated],
        unchanged=[p.offer.pk for p in plan.unchanged],
    )
    notify_offers_changed([*result.created, *result.updated])
    if len(result.created) + len(result.updated) >= _ANALYZE_AFTER:
        _refresh_planner_statistics()
    return result


# After this many written offers PostgreSQL needs fresh planner statistics and a visibility
# map (for index-only scans on the coverage table) before autovacuum gets round to it; until
# then "offers available in X" reads are measurably slower.
_ANALYZE_AFTER = 1000


def _refresh_planner_statistics() -> None:
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(
        connection.ops.quote_name(table)
        for table in (
            Offer._meta.db_table,
            OfferArea._meta.db_table,
            *(getattr(Offer, name).through._meta.db_table for name in MANY_FIELDS),
        )
    )

    def vacuum() -> None:
        # VACUUM cannot run inside a transaction: it runs once the import has committed.
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {tables}")

    transaction.on_commit(vacuum)


def _latest_versions(offer_ids: Sequence[int]) -> dict[int, tuple[int, dict]]:
    """Offer id -> (number, snapshot) of its newest version."""
    newest = (
        OfferVersion.objects.filter(offer_id=OuterRef("offer_id"))
        .order_by("-number")
        .values("number")[:1]
    )
    result = {}
    for chunk in chunked(list(offer_ids)):
        rows = OfferVersion.objects.filter(offer_id__in=chunk, number=Subquery(newest))
        for offer_id, number, snapshot in rows.values_list("offer_id", "number", "snapshot"):
            result[offer_id] = (number, snapshot)
    return result


def save_offers(
    items: Sequence[OfferInput],
    *,
    actor=None,
    source: str = ChangeSource.IMPORT,
    check_fields: bool = True,
) -> BulkResult:
    """Create or update many offers at once, all or nothing.

    Raises `BulkValidationError` (a ValidationError carrying `.problems`) if any input is
    invalid or not allowed for `actor`; then nothing is written. `check_fields=False` skips
    Django's per-field checks (lengths, URL, e-mail) for trusted generated data; the
    cross-field rules of `validate_offer_data` always run.
    """
    with transaction.atomic():
        plan = plan_offers(items, actor=actor, check_fields=check_fields)
        return apply_plan(plan, actor=actor, source=source)


def offer_rows(offers: Sequence[Offer], cache: RelatedCache | None = None):
    """(offer, data) for existing offers, with relations loaded in bulk (for exports)."""
    cache = cache or RelatedCache()
    current = cache.current_data(offers)
    return [(offer, current[offer.pk]) for offer in offers]


__all__ = [
    "BulkPlan",
    "BulkProblem",
    "BulkResult",
    "BulkValidationError",
    "OfferInput",
    "RelatedCache",
    "apply_plan",
    "area_keys_for_data",
    "offer_rows",
    "plan_offers",
    "save_offers",
    "snapshot_of",
]
