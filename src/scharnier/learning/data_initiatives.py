"""The data ecosystem (REQUIREMENTS I2): the concrete initiatives to share data between the
organisations of the system, and where each agreement stands.

Actieagenda kansenkaart 5: "Uitwerken data-ecosysteem als fundament voor het stelsel"; "Voor 2024
mikken we op de definitie van het data-ecosysteem en 3 tot 6 concrete initiatieven vanuit de
kansenkaarten"; "Datagedreven werken vraagt in veel gevallen dat data ook tussen organisaties wordt
gedeeld. Hierbij speelt wet- en regelgeving zoals AVG een rol"; "Technologische en juridische
beperkingen aanpakken".

An initiative names its parties, what they share, whether personal data is involved and on which
legal ground, and where the agreement stands. Data flows only under a signed agreement, and
personal data only after a DPIA: the service refuses a status that says otherwise. What stands in
the way is kept per initiative, so the steering group sees the knots in one list.

Services (write) and read queries; pages in learning.views.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.core import clock
from scharnier.core.validation import URL_INVALID, bounded_text_problem
from scharnier.organisations.models import Organisation

from . import framework
from .models import (
    AGREED_STATUSES,
    DataCategory,
    DataInitiative,
    DataInitiativeStatus,
    LegalBasis,
    PersonalDataKind,
)
from .permissions import Action, require_permission

# "3 tot 6 concrete initiatieven" (kansenkaart 5).
AIMED_INITIATIVES = (3, 6)
TITLE_MAX = 200
PURPOSE_MAX = 2000
NOTE_MAX = 500
MIN_PARTIES = 2  # sharing takes two
FIELDS = (
    "title",
    "kansenkaart",
    "purpose",
    "lead",
    "parties",
    "regions",
    "data_categories",
    "personal_data",
    "legal_basis",
    "dpia_on",
    "status",
    "agreement_signed_on",
    "agreement_url",
    "obstacle",
    "stopped_reason",
)
_HTTPS = URLValidator(schemes=["https"])


def _today() -> datetime.date:
    return timezone.localdate(clock.now())


def _line(data: Mapping[str, Any], name: str) -> str:
    return " ".join(str(data.get(name) or "").split())


def _check(errors: dict, field: str, value: str, limit: int, *, multiline: bool) -> None:
    if problem := bounded_text_problem(value, limit, multiline=multiline):
        errors[field] = problem


def _check_date(errors: dict, name: str, value: datetime.date | None, today: datetime.date):
    if value is not None and value > today:
        errors[name] = _("Deze datum ligt in de toekomst. Vul de dag in dat het gebeurde.")


@transaction.atomic
def save_initiative(
    *, actor, data: Mapping[str, Any], initiative: DataInitiative | None = None
) -> DataInitiative:
    """Record an initiative or bring it up to date; everything is checked before anything is
    saved."""
    require_permission(actor, Action.MANAGE_DATA_INITIATIVES)
    errors: dict[str, str] = {}
    today = _today()
    title = _line(data, "title")
    if not title:
        errors["title"] = _("Geef het initiatief een naam.")
    else:
        _check(errors, "title", title, TITLE_MAX, multiline=False)
    kansenkaart = data.get("kansenkaart") or ""
    if kansenkaart not in framework.kansenkaart_titles():
        errors["kansenkaart"] = _("Kies een kansenkaart uit de lijst.")
    purpose = str(data.get("purpose") or "").strip()
    if not purpose:
        errors["purpose"] = _("Schrijf op wat de partijen met de gegevens willen bereiken.")
    else:
        _check(errors, "purpose", purpose, PURPOSE_MAX, multiline=True)
    lead = data.get("lead")
    if not isinstance(lead, Organisation):
        errors["lead"] = _("Kies de organisatie die het initiatief trekt.")
    parties = {o.pk: o for o in data.get("parties") or [] if isinstance(o, Organisation)}
    if isinstance(lead, Organisation):
        parties.setdefault(lead.pk, lead)  # the lead always takes part
    if len(parties) < MIN_PARTIES:
        errors["parties"] = _(
            "Kies minstens twee partijen: gegevens delen doet u met een andere organisatie."
        )
    categories = list(dict.fromkeys(data.get("data_categories") or []))
    if not categories:
        errors["data_categories"] = _("Kies welke gegevens de partijen delen.")
    elif any(code not in DataCategory.values for code in categories):
        errors["data_categories"] = _("Kies gegevens uit de lijst.")
    personal = data.get("personal_data") or ""
    if personal not in PersonalDataKind.values:
        errors["personal_data"] = _("Kies of er persoonsgegevens worden gedeeld.")
    legal_basis = data.get("legal_basis") or ""
    with_people = personal in (PersonalDataKind.PSEUDONYMISED, PersonalDataKind.PERSONAL)
    if legal_basis and legal_basis not in LegalBasis.values:
        errors["legal_basis"] = _("Kies een grondslag uit de lijst.")
    elif with_people and not legal_basis:
        errors["legal_basis"] = _(
            "Bij persoonsgegevens is een grondslag uit de AVG nodig. Kies de grondslag."
        )
    dpia_on = data.get("dpia_on")
    _check_date(errors, "dpia_on", dpia_on, today)
    status = data.get("status") or DataInitiativeStatus.IDEA
    if status not in DataInitiativeStatus.values:
        errors["status"] = _("Kies een stand van zaken uit de lijst.")
    signed_on = data.get("agreement_signed_on")
    _check_date(errors, "agreement_signed_on", signed_on, today)
    if status in AGREED_STATUSES:
        if signed_on is None and "agreement_signed_on" not in errors:
            errors["agreement_signed_on"] = _(
                "Gegevens gaan pas over onder een getekende afspraak. Vul in wanneer de partijen "
                "tekenden."
            )
        if with_people and dpia_on is None and "dpia_on" not in errors:
            errors["dpia_on"] = _(
                "Voordat persoonsgegevens worden gedeeld, is een DPIA nodig. Vul in wanneer die "
                "is afgerond."
            )
    url = str(data.get("agreement_url") or "").strip()
    if url:
        try:
            _HTTPS(url)
        except ValidationError:
            errors["agreement_url"] = URL_INVALID
    obstacle = _line(data, "obstacle")
    _check(errors, "obstacle", obstacle, NOTE_MAX, multiline=False)
    stopped_reason = _line(data, "stopped_reason")
    if status == DataInitiativeStatus.STOPPED and not stopped_reason:
        errors["stopped_reason"] = _("Schrijf kort op waarom het initiatief is gestopt.")
    else:
        _check(errors, "stopped_reason", stopped_reason, NOTE_MAX, multiline=False)
    if errors:
        raise ValidationError(errors)
    item = initiative or DataInitiative()
    item.title, item.kansenkaart, item.purpose, item.lead = title, kansenkaart, purpose, lead
    item.data_categories = categories
    item.personal_data = personal
    item.legal_basis = legal_basis if with_people else ""
    item.dpia_on = dpia_on if with_people else None
    item.status = status
    item.agreement_signed_on = signed_on
    item.agreement_url = url
    item.obstacle = obstacle if status != DataInitiativeStatus.STOPPED else ""
    item.stopped_reason = stopped_reason if status == DataInitiativeStatus.STOPPED else ""
    item.updated_at = clock.now()
    item.updated_by = actor
    item.save()
    item.parties.set(parties.values())
    item.regions.set(list(data.get("regions") or []))
    return item


def remove_initiative(*, actor, initiative: DataInitiative) -> None:
    """Take out an initiative that never got going; one with an agreement is stopped instead."""
    require_permission(actor, Action.MANAGE_DATA_INITIATIVES)
    if initiative.agreement_signed_on is not None:
        raise ValidationError(
            _(
                "Voor dit initiatief is een afspraak getekend. Zet de stand van zaken op "
                "'Gestopt' en schrijf op waarom; zo blijft zichtbaar wat er is afgesproken."
            )
        )
    initiative.delete()


# --- Read queries ----------------------------------------------------------------------------
def initiatives(*, status: str = "", kansenkaart: str = "") -> list[DataInitiative]:
    queryset = DataInitiative.objects.select_related("lead").prefetch_related("parties", "regions")
    if status:
        queryset = queryset.filter(status=status)
    if kansenkaart:
        queryset = queryset.filter(kansenkaart=kansenkaart)
    return list(queryset)


@dataclass
class Summary:
    total: int
    agreed: int
    in_use: int
    by_status: list[tuple[str, str, int]]
    aimed: tuple[int, int]
    obstacles: list[DataInitiative]
    with_personal_data: int
    without_dpia: int

    @property
    def aim_reached(self) -> bool:
        return self.agreed >= self.aimed[0]


def summary(items: Iterable[DataInitiative]) -> Summary:
    """How far the data ecosystem is: agreements against the aim of 3 to 6, and the knots."""
    items = list(items)
    counts = Counter(i.status for i in items)
    live = [i for i in items if i.status != DataInitiativeStatus.STOPPED]
    with_people = [i for i in live if i.personal_data != PersonalDataKind.NONE]
    return Summary(
        total=len(items),
        agreed=sum(1 for i in items if i.is_agreed),
        in_use=counts[DataInitiativeStatus.IN_USE],
        by_status=[
            (code, str(label), counts[code]) for code, label in DataInitiativeStatus.choices
        ],
        aimed=AIMED_INITIATIVES,
        obstacles=[i for i in live if i.obstacle],
        with_personal_data=len(with_people),
        without_dpia=sum(1 for i in with_people if i.dpia_on is None),
    )


def initiatives_of(organisation: Organisation) -> list[DataInitiative]:
    return list(
        organisation.data_initiatives.exclude(status=DataInitiativeStatus.STOPPED).order_by("title")
    )
