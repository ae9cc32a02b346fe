"""Monitoring writes: outcome events (the one way other apps report a countable act), metric
definitions (a change is a new version) and targets with their locked baseline.

Recording an event refreshes the rollups in the same transaction (`rollups.apply_new_events`).
"""

import hashlib
import hmac
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.geography.models import Municipality, Region
from scharnier.organisations.models import kvk_number_validator

from . import rollups
from .models import MetricDefinition, OutcomeEvent, OutcomeEventKind, RegionTarget
from .registry import DEFAULT_METRICS


def firm_key(kvk_number: str) -> str:
    """Keyed hash of a KvK number: the same firm gives the same key, the key gives no number."""
    kvk_number = (kvk_number or "").strip()
    if not kvk_number:
        return ""
    kvk_number_validator(kvk_number)
    secret = settings.MONITORING_FIRM_KEY_SECRET.encode()
    return hmac.new(secret, kvk_number.encode(), hashlib.sha256).hexdigest()


def source_reference(source) -> tuple[str, str]:
    """(type, id) of a model instance or a (type, id) pair, e.g. ('communities.meeting', '12')."""
    if isinstance(source, tuple):
        return source[0], str(source[1])
    return source._meta.label_lower, str(source.pk)


def subject_reference(subject) -> str:
    """'type:id' of the unit that stands for one firm (a question, a plan, a participant)."""
    if isinstance(subject, str):
        return subject
    kind, pk = source_reference(subject)
    return f"{kind}:{pk}"


def record_outcome_event(
    *,
    kind: str,
    source,
    occurred_at: datetime | None = None,
    municipality: Municipality | None = None,
    region: Region | None = None,
    themes: Iterable[str] = (),
    size_class: str = "",
    sector: str = "",
    door: str = "",
    phase: str = "",
    subject=None,
    value: int | None = None,
    kvk_number: str = "",
    firm_key_value: str = "",
    quantity: int = 1,
) -> tuple[OutcomeEvent, bool]:
    """Append one event; calling again for the same source and kind returns the first one.

    `source` is a saved model instance or a ("type", "id") pair. `subject` (instance, pair or
    "type:id") is the unit that counts as one firm without a KvK number; default: the source.
    Pass either a KvK number (hashed here) or an already computed firm key; never store the
    number itself.
    """
    if kind not in OutcomeEventKind.values:
        raise ValidationError({"kind": f"unknown outcome event kind {kind!r}"})
    if quantity < 0:
        raise ValidationError({"quantity": "quantity must not be negative"})
    source_type, source_id = source_reference(source)
    if region is None and municipality is not None:
        region = municipality.regions.order_by("pk").first()
    existing = OutcomeEvent.objects.filter(
        source_type=source_type, source_id=source_id, kind=kind
    ).first()
    if existing is not None:
        return existing, False
    event = OutcomeEvent(
        kind=kind,
        occurred_at=occurred_at or timezone.now(),
        municipality=municipality,
        region=region,
        themes=sorted(set(themes)),
        size_class=size_class,
        sector=sector,
        door=door,
        phase=phase,
        subject=subject_reference(subject) if subject is not None else f"{source_type}:{source_id}",
        value=value,
        firm_key=firm_key_value or firm_key(kvk_number),
        quantity=quantity,
        source_type=source_type,
        source_id=source_id,
    )
    try:
        with transaction.atomic():
            event.save()
            rollups.apply_new_events([event])
    except IntegrityError:  # a concurrent call won the race: same answer as a repeat
        return OutcomeEvent.objects.get(
            source_type=source_type, source_id=source_id, kind=kind
        ), False
    return event, True


def record_outcome_events(events: list[OutcomeEvent], *, refresh: bool = True) -> int:
    """Append many prepared (unsaved) events at once; repeats of a source and kind are skipped.

    For imports and backfills: one insert, one rollup refresh (`refresh=False`: the caller
    rebuilds the rollups afterwards). Returns the number added.
    """
    fresh: dict[tuple[str, str, str], OutcomeEvent] = {}
    known = set(OutcomeEventKind.values)
    for event in events:
        if event.kind not in known:
            raise ValidationError({"kind": f"unknown outcome event kind {event.kind!r}"})
        event.subject = event.subject or f"{event.source_type}:{event.source_id}"
        fresh.setdefault((event.source_type, event.source_id, event.kind), event)
    if not fresh:
        return 0
    existing = set()
    for source_type in {key[0] for key in fresh}:
        ids = sorted({key[1] for key in fresh if key[0] == source_type})
        for start in range(0, len(ids), 900):
            existing |= set(
                OutcomeEvent.objects.filter(
                    source_type=source_type, source_id__in=ids[start : start + 900]
                ).values_list("source_type", "source_id", "kind")
            )
    new = [event for key, event in fresh.items() if key not in existing]
    with transaction.atomic():
        rollups.insert_objects(OutcomeEvent, new)
        if refresh:
            rollups.apply_new_events(new)
    return len(new)


def rebuild_rollups(progress=None) -> dict[str, int]:
    return rollups.rebuild(progress)


def ensure_metric_definitions() -> int:
    """Create version 1 of every default KPI that is not in the registry yet."""
    known = set(MetricDefinition.objects.values_list("code", flat=True))
    added = 0
    for spec in DEFAULT_METRICS:
        if spec["code"] not in known:
            MetricDefinition.objects.create(
                version=1, valid_from=datetime(2024, 1, 1).date(), **spec
            )
            added += 1
    return added


def _is_national_administrator(actor) -> bool:
    return bool(actor is not None and actor.is_active and actor.is_superuser)


@transaction.atomic
def revise_metric_definition(*, actor, code: str, valid_from=None, **changes) -> MetricDefinition:
    """A changed definition is a new version from `valid_from` (today by default).

    Only a national administrator may do this. A change to a funnel stage recomputes the
    rollups, since which events put a firm in a stage is part of the definition.
    """
    if not _is_national_administrator(actor):
        raise PermissionDenied(_("Alleen een landelijk beheerder mag definities wijzigen."))
    current = MetricDefinition.objects.select_for_update().filter(code=code).first()
    if current is None:
        raise ValidationError({"code": _("Dit kengetal bestaat niet.")})
    allowed = {"name", "definition", "unit", "computation", "period", "owner", "event_kinds"}
    unknown = set(changes) - allowed
    if unknown:
        raise ValidationError({sorted(unknown)[0]: _("Dit veld kan niet worden gewijzigd.")})
    if "event_kinds" in changes:
        bad = [k for k in changes["event_kinds"] if k not in OutcomeEventKind.values]
        if bad:
            raise ValidationError({"event_kinds": _("Onbekende soort gebeurtenis: %s") % bad[0]})
    values = {name: getattr(current, name) for name in allowed}
    values.update(changes)
    if values == {name: getattr(current, name) for name in allowed}:
        return current
    revised = MetricDefinition.objects.create(
        code=code,
        version=current.version + 1,
        valid_from=valid_from or timezone.localdate(),
        **values,
    )
    if values["event_kinds"] != current.event_kinds:
        rollups.rebuild()
    rollups.bump_version()
    return revised


def set_region_target(*, actor, region: Region, target: int) -> RegionTarget:
    if not _is_national_administrator(actor):
        raise PermissionDenied(_("Alleen een landelijk beheerder mag doelen zetten."))
    if target < 0:
        raise ValidationError({"target": _("Een doel is 0 of meer.")})
    row, _created = RegionTarget.objects.update_or_create(
        region=region, defaults={"target": target}
    )
    return row


@transaction.atomic
def lock_baseline(*, actor, region: Region, baseline: int, on=None) -> RegionTarget:
    """Set the region's baseline (nulmeting) once; it cannot be changed after that."""
    if not _is_national_administrator(actor):
        raise PermissionDenied(_("Alleen een landelijk beheerder mag de nulmeting zetten."))
    if baseline < 0:
        raise ValidationError({"baseline": _("Een nulmeting is 0 of meer.")})
    row = RegionTarget.objects.select_for_update().filter(region=region).first()
    if row is None:
        row = RegionTarget.objects.create(region=region, target=settings.MONITORING_REGION_TARGET)
    if row.baseline is not None:
        raise ValidationError({"baseline": _("De nulmeting is al vastgelegd en ligt vast.")})
    row.baseline = baseline
    row.baseline_on = on or timezone.localdate()
    row.save(update_fields=["baseline", "baseline_on"])
    return row
