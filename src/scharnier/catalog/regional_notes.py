"""The regional translation of offers (REQUIREMENTS A11): what a region adds to an offer that
reaches its entrepreneurs, such as a national scheme of RVO or a tool of KvK.

Visie op het ecosysteem, pijler 2: "Deze functie zorgt ervoor dat landelijke informatie,
regelingen en tools niet blijven rondzweven, maar doelgericht worden vertaald naar de context van
mkb-ondernemers in de regio." A region's staff add who helps with the offer here and how to reach
them, an example from the region, and a meeting where it is explained. The offer itself stays the
provider's: a note never changes it, nor what the matcher reads of it.

Services (write) and read queries; the pages are in web.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.core.validation import URL_INVALID, bounded_text_problem
from scharnier.geography.models import Region
from scharnier.organisations.models import Organisation, Role
from scharnier.organisations.permissions import Action, memberships, require_permission

from .models import Offer, RegionalOfferNote
from .queries import offers_available_in_region
from .signals import regional_notes_changed

CONTACT_MAX = 300
EXAMPLE_MAX = 1500
EVENT_TITLE_MAX = 200
FIELDS = ("contact_organisation", "contact", "example", "event_title", "event_date", "event_url")
_HTTPS = URLValidator(schemes=["https"])


def _line(data: Mapping[str, Any], name: str) -> str:
    return " ".join(str(data.get(name) or "").split())


def _check(errors: dict, field: str, value: str, limit: int, *, multiline: bool) -> None:
    if problem := bounded_text_problem(value, limit, multiline=multiline):
        errors[field] = problem


def _announce(offer: Offer) -> None:
    transaction.on_commit(
        lambda: regional_notes_changed.send(sender=RegionalOfferNote, offer_ids=[offer.pk])
    )


@transaction.atomic
def save_note(*, actor, offer: Offer, region: Region, data: Mapping[str, Any]) -> RegionalOfferNote:
    """Add or change the region's note on an offer that reaches its entrepreneurs."""
    require_permission(actor, Action.TRANSLATE_OFFER, region)
    errors: dict[str, str] = {}
    if offer.is_archived or not offers_available_in_region(region).filter(pk=offer.pk).exists():
        raise ValidationError(
            _(
                "Dit aanbod is er niet voor ondernemers in %(region)s. Vul alleen aan wat in de "
                "regio te krijgen is."
            )
            % {"region": region.name}
        )
    organisation = data.get("contact_organisation")
    if organisation is not None and not isinstance(organisation, Organisation):
        errors["contact_organisation"] = _("Kies een organisatie uit de lijst.")
    contact = _line(data, "contact")
    _check(errors, "contact", contact, CONTACT_MAX, multiline=False)
    example = str(data.get("example") or "").strip()
    _check(errors, "example", example, EXAMPLE_MAX, multiline=True)
    event_title = _line(data, "event_title")
    _check(errors, "event_title", event_title, EVENT_TITLE_MAX, multiline=False)
    event_date: datetime.date | None = data.get("event_date")
    event_url = str(data.get("event_url") or "").strip()
    if (event_date or event_url) and not event_title:
        errors["event_title"] = _("Geef de bijeenkomst een naam.")
    if event_title and event_date is None:
        errors["event_date"] = _("Vul de datum van de bijeenkomst in.")
    elif event_date is not None and event_date < timezone.localdate():
        errors["event_date"] = _("Deze datum is voorbij. Vul een bijeenkomst in die nog komt.")
    if event_url:
        try:
            _HTTPS(event_url)
        except ValidationError:
            errors["event_url"] = URL_INVALID
    if not errors and not (organisation or contact or example or event_title):
        raise ValidationError(
            _(
                "Vul minstens één ding in: wie hier helpt, een voorbeeld uit de regio of een "
                "bijeenkomst."
            )
        )
    if errors:
        raise ValidationError(errors)
    note, _created = RegionalOfferNote.objects.update_or_create(
        offer=offer,
        region=region,
        defaults={
            "contact_organisation": organisation,
            "contact": contact,
            "example": example,
            "event_title": event_title,
            "event_date": event_date,
            "event_url": event_url,
            "updated_at": timezone.now(),
            "updated_by": actor,
        },
    )
    _announce(offer)
    return note


def remove_note(*, actor, note: RegionalOfferNote) -> None:
    require_permission(actor, Action.TRANSLATE_OFFER, note.region)
    offer = note.offer
    note.delete()
    _announce(offer)


# --- Read queries ----------------------------------------------------------------------------
def notes_for_offer(offer: Offer) -> list[RegionalOfferNote]:
    return list(
        RegionalOfferNote.objects.filter(offer=offer).select_related(
            "region", "contact_organisation"
        )
    )


def notes_of_region(region: Region) -> list[RegionalOfferNote]:
    """The region's notes on offers still running (an archived offer is gone from the pages)."""
    return list(
        RegionalOfferNote.objects.filter(region=region, offer__archived_at__isnull=True)
        .select_related("offer__provider", "contact_organisation")
        .order_by("offer__title")
    )


def notes_in_regions(offer_ids, regions: list[Region]) -> dict[int, RegionalOfferNote]:
    """Per offer, the note of one of these regions (the first by name): what an entrepreneur in
    them sees beside a matched offer. One query."""
    found: dict[int, RegionalOfferNote] = {}
    if not regions:
        return found
    for note in (
        RegionalOfferNote.objects.filter(offer_id__in=set(offer_ids), region__in=regions)
        .select_related("region", "contact_organisation")
        .order_by("region__name")
    ):
        found.setdefault(note.offer_id, note)
    return found


def regions_to_translate(user, offer: Offer) -> list[Region]:
    """The regions whose staff this user is (director, schakelteam) and whose entrepreneurs the
    offer reaches: where the offer's page offers to add the region's note."""
    ids = {
        m.region_id
        for m in memberships(user)
        if m.role in (Role.REGIONAL_DIRECTOR, Role.SCHAKELTEAM_MEMBER)
    }
    if offer.is_archived or not ids:
        return []
    return [
        region
        for region in Region.objects.filter(pk__in=ids).order_by("name")
        if offers_available_in_region(region).filter(pk=offer.pk).exists()
    ]
