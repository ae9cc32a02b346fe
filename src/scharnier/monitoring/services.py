"""The one way other apps report a countable act: `record_outcome_event`."""

import hashlib
import hmac
from collections.abc import Iterable
from datetime import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from scharnier.geography.models import Municipality, Region
from scharnier.organisations.models import kvk_number_validator

from .models import OutcomeEvent, OutcomeEventKind


def firm_key(kvk_number: str) -> str:
    """Keyed hash of a KvK number: the same firm gives the same key, the key gives no number."""
    kvk_number = (kvk_number or "").strip()
    if not kvk_number:
        return ""
    kvk_number_validator(kvk_number)
    secret = settings.MONITORING_FIRM_KEY_SECRET.encode()
    return hmac.new(secret, kvk_number.encode(), hashlib.sha256).hexdigest()


def source_reference(source) -> tuple[str, str]:
    """(type, id) of a model instance, e.g. ('communities.meeting', '12')."""
    return source._meta.label_lower, str(source.pk)


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
    kvk_number: str = "",
    firm_key_value: str = "",
    quantity: int = 1,
) -> tuple[OutcomeEvent, bool]:
    """Append one event; calling again for the same source and kind returns the first one.

    `source` is a saved model instance or a ("type", "id") pair. Pass either a KvK number (hashed
    here) or an already computed firm key; never store the number itself.
    """
    if kind not in OutcomeEventKind.values:
        raise ValidationError({"kind": f"unknown outcome event kind {kind!r}"})
    if quantity < 0:
        raise ValidationError({"quantity": "quantity must not be negative"})
    source_type, source_id = source if isinstance(source, tuple) else source_reference(source)
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
        firm_key=firm_key_value or firm_key(kvk_number),
        quantity=quantity,
        source_type=source_type,
        source_id=source_id,
    )
    try:
        with transaction.atomic():
            event.save()
    except IntegrityError:  # a concurrent call won the race: same answer as a repeat
        return OutcomeEvent.objects.get(
            source_type=source_type, source_id=source_id, kind=kind
        ), False
    return event, True
