"""Monitoring writes: outcome events (the one way other apps report a countable act), metric
definitions (a change is a new version) and targets with their locked baseline.

Recording an event refreshes the rollups in the same transaction (`rollups.apply_new_events`),
unless tasks go to the queue: then the event is marked pending and the worker adds the cells of
all pending events in one batch (`apply_pending_events`), seconds later, off the request.
"""

import datetime as dt
import hashlib
import hmac
import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.celery import app as celery_app
from scharnier.core.tasks import queue_available
from scharnier.core.validation import text_problem
from scharnier.geography.models import Municipality, Region
from scharnier.organisations.models import Organisation, kvk_number_validator

from . import queries, rollups
from .models import (
    WITHDRAWAL_KINDS,
    AgreedTarget,
    MetricDefinition,
    OutcomeEvent,
    OutcomeEventKind,
    PendingOutcomeEvent,
    RegionTarget,
    ResultAgreement,
)
from .permissions import Action, has_permission
from .queries import source_reference
from .registry import add_missing_defaults, apply_default_revisions

logger = logging.getLogger(__name__)


def firm_key(kvk_number: str) -> str:
    """Keyed hash of a KvK number: the same firm gives the same key, the key gives no number."""
    kvk_number = (kvk_number or "").strip()
    if not kvk_number:
        return ""
    kvk_number_validator(kvk_number)
    secret = settings.MONITORING_FIRM_KEY_SECRET.encode()
    return hmac.new(secret, kvk_number.encode(), hashlib.sha256).hexdigest()


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
            if queue_available():
                PendingOutcomeEvent.objects.create(event=event)
                transaction.on_commit(schedule_pending_events)
            else:
                rollups.apply_new_events([event])
    except IntegrityError:  # a concurrent call won the race: same answer as a repeat
        return OutcomeEvent.objects.get(
            source_type=source_type, source_id=source_id, kind=kind
        ), False
    return event, True


# What a report says; a correction that changes none of these records nothing.
_REPORTED = ("occurred_at", "municipality", "region", "themes", "door", "quantity")


@transaction.atomic
def keep_report(*, kind: str, source, report: dict | None) -> bool:
    """Make the source's standing report of a correctable kind say `report` (the keyword
    arguments of `record_outcome_event`, or None: nothing counts). A changed report withdraws
    the standing one with a mirror event and records the new one as the next revision
    ("12/2"); no event is ever changed. Returns whether anything was recorded."""
    withdrawal = WITHDRAWAL_KINDS[kind]
    standing = queries.standing_report(kind, source)
    if report is not None:
        region = report.get("region")
        if region is None and report.get("municipality") is not None:
            region = report["municipality"].regions.order_by("pk").first()
        wanted = {**{name: report.get(name) for name in _REPORTED}, "region": region}
        wanted["themes"] = sorted(set(wanted["themes"] or ()))
        wanted["door"] = wanted["door"] or ""
        wanted["quantity"] = wanted["quantity"] if wanted["quantity"] is not None else 1
        if standing is not None and wanted == {n: getattr(standing, n) for n in _REPORTED}:
            return False
    elif standing is None:
        return False
    source_type, source_id = source_reference(source)
    if standing is not None:
        record_outcome_event(
            kind=withdrawal,
            source=(source_type, standing.source_id),
            subject=standing.subject,
            **{name: getattr(standing, name) for name in _REPORTED},
        )
    if report is not None:
        revisions = queries.report_count(kind, source)
        revision = source_id if revisions == 0 else f"{source_id}/{revisions + 1}"
        record_outcome_event(
            kind=kind,
            source=(source_type, revision),
            subject=f"{source_type}:{source_id}",
            **report,
        )
    return True


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


@transaction.atomic
def rebuild_rollups(progress=None) -> dict[str, int]:
    """Recompute every rollup from all events (see `rollups.rebuild`).

    Pending events are part of the rebuild, so their marks go; events recorded meanwhile wait
    for the lock and stay pending (PostgreSQL; SQLite has one writer at a time anyway).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {PendingOutcomeEvent._meta.db_table} IN EXCLUSIVE MODE")
    PendingOutcomeEvent.objects.all().delete()
    return rollups.rebuild(progress)


# At most one "apply pending events" task waits in the queue; events that arrive meanwhile are
# picked up by it. The short delay gathers a burst into one batch.
APPLY_PENDING_TASK = "scharnier.apply_pending_outcome_events"
_SCHEDULED_KEY = "monitoring:pending-events-scheduled"
_SCHEDULE_DELAY_SECONDS = 1
PENDING_BATCH = 5_000
# Serialises appliers on PostgreSQL (two batches of one firm must not interleave).
_APPLY_LOCK = 7_310_001


def schedule_pending_events() -> None:
    """Queue the task that adds the pending events' cells, unless one is waiting already."""
    try:
        if not cache.add(_SCHEDULED_KEY, 1, timeout=60):
            return
        celery_app.send_task(APPLY_PENDING_TASK, countdown=_SCHEDULE_DELAY_SECONDS)
    except Exception:  # noqa: BLE001 - the beat schedule catches up every minute
        logger.warning("could not queue the pending outcome events", exc_info=True)


def apply_pending_events(batch_size: int = PENDING_BATCH) -> int:
    """Add the rollup cells of every pending event, oldest first, in batches; returns how many.

    Run by the worker after events arrive and every minute by beat. Each batch is one
    transaction: its events are applied and unmarked together, so a crash repeats nothing.
    """
    cache.delete(_SCHEDULED_KEY)  # events from now on schedule a new run
    done = 0
    while True:
        with transaction.atomic():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_APPLY_LOCK])
            ids = list(
                PendingOutcomeEvent.objects.order_by("event_id").values_list("event_id", flat=True)[
                    :batch_size
                ]
            )
            if not ids:
                return done
            rollups.apply_new_events(list(OutcomeEvent.objects.filter(pk__in=ids)))
            PendingOutcomeEvent.objects.filter(event_id__in=ids).delete()
        done += len(ids)


def ensure_metric_definitions() -> int:
    """Create version 1 of every default KPI that is not in the registry yet, then the later
    default versions (`registry.DEFAULT_REVISIONS`)."""
    return add_missing_defaults(MetricDefinition) + apply_default_revisions(MetricDefinition)


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
        rebuild_rollups()
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
        row = RegionTarget.objects.create(
            region=region, target=queries.default_region_target(region)
        )
    if row.baseline is not None:
        raise ValidationError({"baseline": _("De nulmeting is al vastgelegd en ligt vast.")})
    row.baseline = baseline
    row.baseline_on = on or timezone.localdate()
    row.save(update_fields=["baseline", "baseline_on"])
    return row


# --- result agreements (resultaatafspraken) -------------------------------------------------


@dataclass(frozen=True)
class AgreedValues:
    """What was typed for one KPI: the target, and the baseline (kept when left empty once it
    is locked)."""

    target: int | None = None
    baseline: int | None = None
    baseline_on: dt.date | None = None


def agreement_years() -> range:
    """Years an agreement can be made for: from the trajectory's start to a few years past
    the target date."""
    return range(queries.trajectory_start().year, queries.target_date().year + 3)


def value_bounds(unit: str) -> tuple[int, int | None]:
    """The range of an agreed value in the metric's unit."""
    if unit == "procent":
        return 0, 100
    if unit.startswith("score"):
        return -100, 100
    return 0, None


def _bounds_problem(value: int, unit: str) -> str | None:
    low, high = value_bounds(unit)
    if high is not None and not low <= value <= high:
        return _("Vul een getal van %(low)s tot en met %(high)s in.") % {"low": low, "high": high}
    if value < low:
        return _("Vul een getal van %(low)s of meer in.") % {"low": low}
    return None


def _agreement_errors(
    year: int,
    targets: Mapping[str, AgreedValues],
    existing: dict[str, AgreedTarget],
    parties: list[Organisation],
    note: str,
) -> dict[str, list[str]]:
    """Every problem at once, keyed like the form's fields (`<code>-target`, ...)."""
    errors: dict[str, list[str]] = {}
    years = agreement_years()
    if year not in years:
        errors["year"] = [
            _("Kies een jaar van %(first)s tot en met %(last)s.")
            % {"first": years[0], "last": years[-1]}
        ]
    known = queries.definitions()
    unknown = sorted(set(targets) - set(known))
    if unknown:
        errors["targets"] = [_("Dit kengetal bestaat niet: %(code)s.") % {"code": unknown[0]}]
    today = timezone.localdate()
    for code, values in targets.items():
        if code not in known:
            continue
        name, unit = known[code].name, known[code].unit
        locked = existing.get(code) is not None and existing[code].baseline is not None
        if values.target is None:
            if locked:
                errors[f"{code}-target"] = [
                    _("De nulmeting van %(name)s ligt vast. Dit kengetal blijft in de afspraak; "
                      "vul een streefwaarde in.") % {"name": name}
                ]  # fmt: skip
            elif values.baseline is not None or values.baseline_on is not None:
                errors[f"{code}-target"] = [
                    _("Vul ook een streefwaarde in voor %(name)s, of laat de nulmeting leeg.")
                    % {"name": name}
                ]
            continue
        problem = _bounds_problem(values.target, unit)
        if problem:
            errors[f"{code}-target"] = [problem]
        if locked:
            row = existing[code]
            if (values.baseline is not None and values.baseline != row.baseline) or (
                values.baseline_on is not None and values.baseline_on != row.baseline_on
            ):
                errors[f"{code}-baseline"] = [
                    _("De nulmeting van %(name)s ligt vast en kan niet meer veranderen.")
                    % {"name": name}
                ]
            continue
        if values.baseline is None and values.baseline_on is not None:
            errors[f"{code}-baseline"] = [
                _("Vul de waarde van de nulmeting in, of laat de datum leeg.")
            ]
        if values.baseline is not None:
            problem = _bounds_problem(values.baseline, unit)
            if problem:
                errors[f"{code}-baseline"] = [problem]
            if values.baseline_on is None:
                errors[f"{code}-baseline_on"] = [_("Vul de datum van de nulmeting in.")]
            elif values.baseline_on > today:
                errors[f"{code}-baseline_on"] = [
                    _("De nulmeting is al gedaan: kies een datum tot en met vandaag.")
                ]
    if not any(values.target is not None for values in targets.values()) and "targets" not in (
        errors
    ):
        errors["targets"] = [_("Vul bij minstens één kengetal een streefwaarde in.")]
    if not parties:
        errors["parties"] = [_("Kies minstens één partij die de afspraak maakt.")]
    problem = text_problem(note or "")
    if problem:
        errors["note"] = [problem]
    elif len(note or "") > 2000:
        errors["note"] = [_("Houd de toelichting korter dan 2000 tekens.")]
    return errors


@transaction.atomic
def save_result_agreement(
    *,
    actor,
    region: Region,
    year: int,
    targets: Mapping[str, AgreedValues],
    parties: Iterable[Organisation],
    note: str = "",
) -> ResultAgreement:
    """Create or change the region's result agreement for a year.

    `targets` maps a metric code to what was typed and is the whole agreement: a KPI left out
    or without a target leaves it. A baseline (nulmeting) is locked once set: it can be left
    empty afterwards (it is kept) but not changed. Raises PermissionDenied, or
    ValidationError with Dutch messages keyed `year`, `targets`, `parties`, `note`,
    `<code>-target`, `<code>-baseline` and `<code>-baseline_on`.
    """
    if not has_permission(actor, Action.MANAGE_AGREEMENTS, region):
        raise PermissionDenied(
            _("Alleen de regionale regisseur van deze regio of een beheerder mag "
              "resultaatafspraken vastleggen.")
        )  # fmt: skip
    if year in agreement_years():
        # The row first, then its lock: two people saving the first agreement of a year at once
        # both find it (get_or_create re-reads after the other's insert) and take turns.
        agreement, _created = ResultAgreement.objects.get_or_create(region=region, year=year)
        agreement = ResultAgreement.objects.select_for_update().get(pk=agreement.pk)
    else:
        agreement = None  # refused below; no row for a year outside the range
    existing = {t.metric_code: t for t in agreement.targets.all()} if agreement else {}
    # `targets` is the whole agreement: a KPI left out leaves it (like one left empty).
    targets = {code: targets.get(code, AgreedValues()) for code in [*targets, *existing]}
    parties = list(parties)
    note = (note or "").strip()
    errors = _agreement_errors(year, targets, existing, parties, note)
    if errors:
        raise ValidationError(errors)
    agreement.note = note
    agreement.updated_at = timezone.now()
    agreement.save(update_fields=["note", "updated_at"])
    agreement.parties.set(parties)
    for code, values in targets.items():
        row = existing.get(code)
        if values.target is None:
            if row is not None:
                row.delete()
            continue
        if row is None:
            row = AgreedTarget(agreement=agreement, metric_code=code)
        row.target = values.target
        if row.baseline is None and values.baseline is not None:
            row.baseline, row.baseline_on = values.baseline, values.baseline_on
        row.save()
    return agreement
