"""Write operations on offers. Forms, the API, the importer, the admin and commands call these.

Every write checks permission, validates the whole offer, rebuilds its coverage index and
records a version, in one transaction.
"""

import datetime
import json
import threading
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.core.validation import phone_problem, plausible_date, text_problem
from scharnier.geography.models import NATIONAL_AREA_KEY, area_key_for_region
from scharnier.organisations.models import Organisation
from scharnier.organisations.permissions import Action, require_permission

from . import notifications
from .models import (
    MANY_FIELDS,
    SCALAR_FIELDS,
    VOCABULARIES,
    ChangeSource,
    EditorReminder,
    Offer,
    OfferArea,
    OfferVersion,
    ScopeLevel,
)
from .queries import attention_counts_per_provider
from .signals import offers_changed

DATA_DIR = Path(__file__).resolve().parent / "data"

AREA_FIELDS = {
    ScopeLevel.PROVINCE: "provinces",
    ScopeLevel.REGION: "regions",
    ScopeLevel.MUNICIPALITY: "municipalities",
}


def sync_vocabularies(models_by_name: Mapping[str, Any] | None = None) -> int:
    """Create or update every vocabulary term from data/vocabularies.json.

    `models_by_name` lets a data migration pass its historical models.
    """
    models_by_name = models_by_name or VOCABULARIES
    with (DATA_DIR / "vocabularies.json").open(encoding="utf-8") as handle:
        data = json.load(handle)
    count = 0
    for name, terms in data.items():
        model = models_by_name[name]
        # A migration's historical model may not have a field the data gained later.
        known = {f.name for f in model._meta.concrete_fields}
        for position, term in enumerate(terms):
            defaults = {k: v for k, v in term.items() if k != "code" and k in known}
            model.objects.update_or_create(
                code=term["code"], defaults={**defaults, "position": position}
            )
            count += 1
    return count


# Free-text fields of an offer and whether they may hold line breaks (core.validation rule).
OFFER_TEXT_FIELDS: dict[str, bool] = {
    "external_id": False,
    "title": False,
    "summary": True,
    "description": True,
    "cost_note": True,
    "impact_note": True,
    "contact_phone": False,
    "source": True,
}


OFFER_DATE_FIELDS = ("valid_from", "valid_until", "last_verified_on")


def validate_offer_data(data: Mapping[str, Any]) -> None:
    """Check the rules that span fields; raises ValidationError keyed by field, in Dutch."""
    errors: dict[str, list[ValidationError]] = {}

    def add(field: str, message: str, code: str = "invalid") -> None:
        errors.setdefault(field, []).append(ValidationError(message, code=code))

    for field, multiline in OFFER_TEXT_FIELDS.items():
        value = data.get(field)
        problem = text_problem(value, multiline=multiline) if isinstance(value, str) else None
        if problem:
            add(field, problem, "plain_text")
    phone = data.get("contact_phone")
    if (
        isinstance(phone, str)
        and "contact_phone" not in errors
        and (problem := phone_problem(phone))
    ):
        add("contact_phone", problem, "phone")
    if not data.get("themes"):
        add("themes", _("Kies minstens één thema."), "required")
    if not data.get("journey_phases"):
        add("journey_phases", _("Kies minstens één klantreisfase."), "required")
    level = data.get("scope_level") or ScopeLevel.NATIONAL
    if level not in ScopeLevel.values:
        add("scope_level", _("Kies een gebied: landelijk, provincie, regio of gemeente(n)."))
    else:
        wanted = AREA_FIELDS.get(level)
        labels = {
            "provinces": _("Kies minstens één provincie."),
            "regions": _("Kies minstens één regio."),
            "municipalities": _("Kies minstens één gemeente."),
        }
        for field in AREA_FIELDS.values():
            if field == wanted and not data.get(field):
                add(field, labels[field], "scope_mismatch")
            elif field != wanted and data.get(field):
                add(
                    field,
                    _("Dit gebied past niet bij de gekozen gebiedsindeling '%(level)s'.")
                    % {"level": ScopeLevel(level).label},
                    "scope_mismatch",
                )
    for field in OFFER_DATE_FIELDS:
        try:
            plausible_date(data.get(field) if isinstance(data.get(field), datetime.date) else None)
        except ValidationError as error:
            errors.setdefault(field, []).append(error)
    valid_from, valid_until = data.get("valid_from"), data.get("valid_until")
    if valid_from and valid_until and valid_until < valid_from:
        add("valid_until", _("De einddatum ligt voor de begindatum."), "range")
    low, high = data.get("min_employees"), data.get("max_employees")
    if low is not None and high is not None and high < low:
        add(
            "max_employees",
            _("Het maximum aantal medewerkers is kleiner dan het minimum."),
            "range",
        )
    if errors:
        raise ValidationError(errors)


def area_keys_for_offer(offer: Offer) -> set[str]:
    if offer.scope_level == ScopeLevel.NATIONAL:
        return {NATIONAL_AREA_KEY}
    if offer.scope_level == ScopeLevel.PROVINCE:
        return {p.code for p in offer.provinces.all()}
    if offer.scope_level == ScopeLevel.REGION:
        return {area_key_for_region(r.slug) for r in offer.regions.all()}
    return {m.code for m in offer.municipalities.all()}


def rebuild_offer_areas(offer: Offer) -> None:
    OfferArea.objects.filter(offer=offer).delete()
    OfferArea.objects.bulk_create(
        [OfferArea(offer=offer, key=key) for key in sorted(area_keys_for_offer(offer))]
    )


def plain_value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "code"):
        return value.code
    if hasattr(value, "slug"):
        return value.slug
    return value


def offer_snapshot(offer: Offer) -> dict[str, Any]:
    """The offer's content as plain JSON: codes for terms and areas, ISO dates."""
    snapshot: dict[str, Any] = {
        "provider": offer.provider.slug,
        **{field: plain_value(getattr(offer, field)) for field in SCALAR_FIELDS},
        "is_archived": offer.is_archived,
    }
    for field in MANY_FIELDS:
        snapshot[field] = sorted(plain_value(item) for item in getattr(offer, field).all())
    return snapshot


# Offer ids changed in the current transaction, per thread: subscribers get one signal per
# commit (embedding 150 offers one by one is far slower than in one batch).
_pending = threading.local()


def _send_pending_offer_changes() -> None:
    ids = sorted(getattr(_pending, "ids", ()))
    _pending.ids = set()
    if ids:
        offers_changed.send(sender=Offer, offer_ids=ids)


def notify_offers_changed(offer_ids: Iterable[int]) -> None:
    """Tell subscribers, once after the transaction commits, that these offers changed.

    Ids from a rolled-back savepoint may be included: receivers recompute from the current
    state, so a spurious id costs a little work and never shows stale data.
    """
    ids = set(offer_ids)
    if not ids:
        return
    if not hasattr(_pending, "ids") or not transaction.get_connection().run_on_commit:
        # Nothing is waiting to run on commit: ids left over belong to a rolled-back transaction.
        _pending.ids = set()
    _pending.ids |= ids
    # Every call registers the flush (a savepoint rollback discards its own callbacks);
    # the first flush after commit sends everything, the later ones find nothing left.
    transaction.on_commit(_send_pending_offer_changes)


def _record_version(offer: Offer, actor, source: str) -> OfferVersion:
    notify_offers_changed([offer.pk])
    snapshot = offer_snapshot(offer)
    previous = offer.versions.order_by("-number").first()
    if previous is None:
        changed = sorted(snapshot)
        number = 1
    else:
        changed = sorted(k for k in snapshot if previous.snapshot.get(k) != snapshot[k])
        number = previous.number + 1
    return OfferVersion.objects.create(
        offer=offer,
        number=number,
        changed_by=actor if getattr(actor, "pk", None) else None,
        source=source,
        changed_fields=changed,
        snapshot=snapshot,
    )


# Text fields where None means "" (the bulk import applies the same rule).
BLANK_TEXT_FIELDS = frozenset(
    {
        "external_id",
        "description",
        "cost_note",
        "impact_note",
        "url",
        "contact_email",
        "contact_phone",
        "source",
    }
)


def _apply(offer: Offer, data: Mapping[str, Any]) -> None:
    for field in SCALAR_FIELDS:
        if field in data:
            value = data[field]
            if value is None and field in BLANK_TEXT_FIELDS:
                value = ""
            setattr(offer, field, value)


def _set_many(offer: Offer, data: Mapping[str, Any]) -> None:
    for field in MANY_FIELDS:
        if field in data:
            getattr(offer, field).set(list(data[field] or []))


def _full_clean(offer: Offer) -> None:
    offer.full_clean(exclude=["provider"] if offer.provider_id else None)


@transaction.atomic
def create_offer(
    *, actor, provider, data: Mapping[str, Any], source: str = ChangeSource.FORM
) -> Offer:
    """Create an offer for `provider`. `actor=None` is a trusted system call (demo data)."""
    if actor is not None:
        require_permission(actor, Action.CREATE_OFFER, provider)
    validate_offer_data(data)
    return _save(Offer(provider=provider), data, actor, source)


def _current_data(offer: Offer) -> dict[str, Any]:
    data: dict[str, Any] = {field: getattr(offer, field) for field in SCALAR_FIELDS}
    for field in MANY_FIELDS:
        data[field] = list(getattr(offer, field).all())
    return data


@transaction.atomic
def update_offer(
    *, actor, offer: Offer, data: Mapping[str, Any], source: str = ChangeSource.FORM
) -> Offer:
    """Change an offer. Fields absent from `data` keep their value."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if actor is not None:
        require_permission(actor, Action.CHANGE_OFFER, offer)
    merged = {**_current_data(offer), **data}
    validate_offer_data(merged)
    return _save(offer, data, actor, source)


def _save(offer: Offer, data: Mapping[str, Any], actor, source: str) -> Offer:
    """Write checked `data` onto a new or existing offer, with its areas and a version."""
    _apply(offer, data)
    _full_clean(offer)
    offer.save()
    _set_many(offer, data)
    rebuild_offer_areas(offer)
    _record_version(offer, actor, source)
    return offer


def confirm_offer_checked(
    *, actor, offer: Offer, today: datetime.date | None = None, source: str = ChangeSource.FORM
) -> Offer:
    """The editor has checked the offer and it is still right: only its check date changes
    (with a version, like any change). Raises ValidationError when the offer as it stands
    no longer passes the checks; then it has to be edited instead."""
    return update_offer(
        actor=actor,
        offer=offer,
        data={"last_verified_on": today or timezone.localdate()},
        source=source,
    )


@transaction.atomic
def archive_offer(*, actor, offer: Offer, source: str = ChangeSource.FORM) -> Offer:
    return _set_archived(actor, offer, source, archived=True)


@transaction.atomic
def restore_offer(*, actor, offer: Offer, source: str = ChangeSource.FORM) -> Offer:
    return _set_archived(actor, offer, source, archived=False)


def _set_archived(actor, offer: Offer, source: str, *, archived: bool) -> Offer:
    """Archive or restore; a version is recorded only when the state really changes."""
    offer = Offer.objects.select_for_update().get(pk=offer.pk)
    if actor is not None:
        require_permission(actor, Action.ARCHIVE_OFFER, offer)
    if offer.is_archived != archived:
        offer.is_archived = archived
        offer.archived_at = timezone.now() if archived else None
        offer.save(update_fields=["is_archived", "archived_at", "updated_at"])
        _record_version(offer, actor, source)
    return offer


def terms_by_code(vocabulary: str, codes: Iterable[str]) -> list:
    model = VOCABULARIES[vocabulary]
    return list(model.objects.filter(code__in=list(codes)))


def remind_editors_of_offers_needing_attention(today: datetime.date | None = None) -> int:
    """Once a month per provider: mail its editors how many of its offers expired or were not
    checked for six months (Celery beat runs this monthly). Returns the providers reminded."""
    today = today or timezone.localdate()
    month = today.replace(day=1)
    per_provider = attention_counts_per_provider(today)
    providers = Organisation.objects.in_bulk([row["provider"] for row in per_provider])
    reminded = 0
    for row in per_provider:
        provider = providers[row["provider"]]
        if not notifications.editor_emails(provider):
            continue  # no editor yet: nobody to tell, and a later editor still hears of it
        try:
            # Claimed by the insert, so that two runs in one month remind once.
            with transaction.atomic():
                EditorReminder.objects.create(
                    provider=provider,
                    month=month,
                    expired=row["expired"],
                    unchecked=row["unchecked"],
                )
        except IntegrityError:
            continue
        notifications.attention_reminder(
            provider, expired=row["expired"], unchecked=row["unchecked"]
        )
        reminded += 1
    return reminded
