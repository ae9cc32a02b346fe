"""The programme's governance rhythm (REQUIREMENTS G3; Actieagenda §7): the steering group meets
three times a year, the project manager reports to it twice a year, the regions' leads meet at
least four times a year. The national coordination records each meeting, who was there and what
was decided; the public page shows whether the rhythm is kept, which regions' leads took part,
and which actions are open or late.

Services (write) and read queries; pages in learning.views.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from scharnier.core.validation import text_problem
from scharnier.geography.models import Region

from . import development_plans
from .models import (
    MEETINGS_PER_YEAR,
    REPORTS_TO_STEERING_GROUP_PER_YEAR,
    DevelopmentAction,
    GovernanceBody,
    GovernanceDecision,
    GovernanceMeeting,
)
from .permissions import Action, require_permission

SUMMARY_MAX = 4000
DECISION_MAX = 300


def _check_date(date: datetime.date) -> str | None:
    today = timezone.localdate()
    if date.year < 2023:
        return _("Vul een datum in vanaf 2023, toen de Actieagenda begon.")
    if date > today + datetime.timedelta(days=366):
        return _("Plan een overleg hoogstens een jaar vooruit.")
    return None


@transaction.atomic
def record_meeting(
    *, actor, data: dict, meeting: GovernanceMeeting | None = None
) -> GovernanceMeeting:
    """Record (or correct) a meeting: body, date, summary, who was there, the report shown."""
    require_permission(actor, Action.RECORD_GOVERNANCE)
    errors: dict[str, str] = {}
    body = data.get("body", "")
    if body not in GovernanceBody.values:
        errors["body"] = _("Kies een overleg uit de lijst.")
    date = data.get("date")
    if date is None:
        errors["date"] = _("Vul de datum van het overleg in.")
    elif problem := _check_date(date):
        errors["date"] = problem
    summary = (data.get("summary") or "").strip()
    if len(summary) > SUMMARY_MAX:
        errors["summary"] = _("Schrijf dit in hoogstens 4.000 tekens.")
    elif summary and (problem := text_problem(summary)):
        errors["summary"] = problem
    report = data.get("report")
    if report is not None and body != GovernanceBody.STEERING_GROUP:
        errors["report"] = _("Een halfjaarrapportage bespreekt de stuurgroep.")
    if errors:
        raise ValidationError(errors)
    meeting = meeting or GovernanceMeeting(recorded_by=actor)
    meeting.body, meeting.date, meeting.summary, meeting.report = body, date, summary, report
    meeting.save()
    meeting.organisations_present.set(data.get("organisations_present", []))
    meeting.regions_present.set(data.get("regions_present", []))
    return meeting


@transaction.atomic
def add_decision(
    *,
    actor,
    meeting: GovernanceMeeting,
    text: str,
    owner=None,
    due: datetime.date | None = None,
    answers: DevelopmentAction | None = None,
) -> GovernanceDecision:
    """A decision of the meeting; with an owner or a date it is an action to follow. `answers`:
    the escalated action from a region's development plan this decision answers."""
    require_permission(actor, Action.RECORD_GOVERNANCE)
    text = " ".join(text.split())
    errors: dict[str, str] = {}
    if not text:
        errors["text"] = _("Schrijf het besluit of de actie op.")
    elif len(text) > DECISION_MAX:
        errors["text"] = _("Schrijf dit in hoogstens 300 tekens.")
    elif problem := text_problem(text, multiline=False):
        errors["text"] = problem
    if due is not None and due < meeting.date:
        errors["due"] = _("Deze datum ligt voor het overleg. Kies een latere datum.")
    if errors:
        raise ValidationError(errors)
    decision = GovernanceDecision.objects.create(meeting=meeting, text=text, owner=owner, due=due)
    if answers is not None:
        try:
            development_plans.answer_escalation(actor=actor, action=answers, decision=decision)
        except ValidationError as error:
            raise ValidationError({"answers": error.messages}) from error
    return decision


def mark_done(*, actor, decision: GovernanceDecision, done_on: datetime.date | None = None):
    require_permission(actor, Action.RECORD_GOVERNANCE)
    decision.done_on = done_on or timezone.localdate()
    decision.save(update_fields=["done_on"])
    return decision


# --- Read queries ------------------------------------------------------------------------------
@dataclass
class BodyRhythm:
    body: str
    label: str
    held: int
    planned: int
    required: int | None

    @property
    def kept(self) -> bool | None:
        return None if self.required is None else self.held >= self.required


@dataclass
class Rhythm:
    year: int
    bodies: list[BodyRhythm]
    reports_presented: int
    reports_required: int
    # Per region (every one, also those whose lead never came): leads' meetings attended.
    attendance: list[tuple[Region, int]]
    leads_held: int


def rhythm(year: int) -> Rhythm:
    today = timezone.localdate()
    in_year = GovernanceMeeting.objects.filter(date__year=year)
    counts = {
        row["body"]: row
        for row in in_year.values("body").annotate(
            held=Count("pk", filter=Q(date__lte=today)),
            planned=Count("pk", filter=Q(date__gt=today)),
        )
    }
    bodies = [
        BodyRhythm(
            body=body.value,
            label=body.label,
            held=counts.get(body.value, {}).get("held", 0),
            planned=counts.get(body.value, {}).get("planned", 0),
            required=MEETINGS_PER_YEAR.get(body),
        )
        for body in GovernanceBody
    ]
    reports = (
        in_year.filter(body=GovernanceBody.STEERING_GROUP, date__lte=today, report__isnull=False)
        .values("report__period")
        .distinct()
        .count()
    )
    held_leads = in_year.filter(body=GovernanceBody.LEADS, date__lte=today)
    # Every region, also those whose lead never came: that is what the rhythm is for.
    per_region = Counter(
        held_leads.filter(regions_present__isnull=False).values_list("regions_present", flat=True)
    )
    attendance = [(r, per_region.get(r.pk, 0)) for r in Region.objects.order_by("name")]
    return Rhythm(
        year=year,
        bodies=bodies,
        reports_presented=reports,
        reports_required=REPORTS_TO_STEERING_GROUP_PER_YEAR,
        attendance=attendance,
        leads_held=held_leads.count(),
    )


def meetings_in(year: int) -> list[GovernanceMeeting]:
    return list(
        GovernanceMeeting.objects.filter(date__year=year)
        .select_related("report")
        .prefetch_related("decisions__owner", "organisations_present", "regions_present")
    )


def open_actions() -> list[GovernanceDecision]:
    """Actions not done yet, the most overdue first (all years: an action does not expire)."""
    return list(
        GovernanceDecision.objects.filter(done_on__isnull=True)
        .filter(Q(owner__isnull=False) | Q(due__isnull=False))
        .select_related("owner", "meeting")
        .order_by(F("due").asc(nulls_last=True), "meeting__date", "pk")
    )


def years_with_meetings() -> list[int]:
    this_year = timezone.localdate().year
    years = {d.year for d in GovernanceMeeting.objects.dates("date", "year")} | {this_year}
    return sorted(years, reverse=True)
