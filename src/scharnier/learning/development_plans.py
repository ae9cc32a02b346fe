"""Development plans per region (REQUIREMENTS G5) and the escalation route (G8).

Actieagenda kansenkaart 1: "De ontwikkelplannen worden ... gemaakt en de regionale
ontwikkelteams worden daarop afgestemd. Daarin zal duidelijk worden welke instrumentele of
andere ondersteuning nodig is"; §7: "Iedere regio richt een ontwikkelteam in vanuit de triple
helix organisaties ... Het accent ligt hierbij op de kansenskaarten 1, 2, 5 en 6"; kansenkaart 5:
"Een escalatieroute op bestuurlijk niveau".

A plan holds the region's ambition for a period and its actions, each under a kansenkaart with a
lead organisation and a date. "Afgestemd" is checked against the region's table (the parties in
organisations.RegionalRole): who leads an action without sitting at the table, who sits at the
table without an action, which accent kansenkaarten have no action. A stuck action can be put to
the steering group; the decision the national analyst links to it closes the escalation.

Escalating mails the national analysts; the answer mails the region's director and
schakelteam (a reference and a link, no personal data of entrepreneurs).

Services (write) and read queries; pages in learning.views.
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from scharnier.core import clock, mail
from scharnier.core.links import site_url
from scharnier.core.validation import bounded_text_problem
from scharnier.geography.models import Region
from scharnier.organisations.models import (
    Membership,
    Organisation,
    RegionalRole,
    RegionalRoleKind,
    Role,
)
from scharnier.organisations.queries import stakeholder_roles

from . import framework
from .models import (
    DevelopmentAction,
    DevelopmentActionChange,
    DevelopmentActionStatus,
    DevelopmentPlan,
    DevelopmentPlanStatus,
    GovernanceBody,
    GovernanceDecision,
    GovernanceMeeting,
    ObstacleKind,
)
from .permissions import Action, has_permission, require_permission

FIRST_PLAN_YEAR = 2023  # "De ontwikkelplannen worden in Q4 2023 gemaakt"
LONGEST_PERIOD_YEARS = 5
PLAN_TEXT_MAX = 4000
ACTION_TEXT_MAX = 300
NOTE_MAX = 500
ESCALATION_MIN_WORDS = 5
PLAN_FIELDS = ("first_year", "last_year", "ambition", "support_needed", "continuity")
ACTION_FIELDS = ("kansenkaart", "text", "lead", "due", "status", "progress", "obstacle")


def _today() -> datetime.date:
    """The day a write is recorded on (the demo sets the clock back)."""
    return timezone.localdate(clock.now())


def _text(data: Mapping[str, Any], name: str) -> str:
    return (data.get(name) or "").strip()


def _check_text(errors: dict, field: str, value: str, limit: int, *, multiline: bool) -> None:
    if problem := bounded_text_problem(value, limit, multiline=multiline):
        errors[field] = problem


# --- Services --------------------------------------------------------------------------------
@transaction.atomic
def save_plan(
    *, actor, region: Region, data: Mapping[str, Any], plan: DevelopmentPlan | None = None
) -> DevelopmentPlan:
    """Start or change a region's plan. An adopted plan's text only changes after its director
    sends it back to draft; its actions stay up to date all the time."""
    require_permission(actor, Action.EDIT_DEVELOPMENT_PLAN, region)
    if plan is not None and plan.region_id != region.pk:
        raise ValidationError(_("Dit plan hoort bij een andere regio."))
    if plan is not None and plan.is_adopted:
        raise ValidationError(
            _(
                "Dit plan is vastgesteld en verandert niet meer. De regisseur kan het terugzetten "
                "naar concept; daarna kunt u het aanpassen."
            )
        )
    errors: dict[str, str] = {}
    first, last = data.get("first_year"), data.get("last_year")
    this_year = _today().year
    if first is None:
        errors["first_year"] = _("Vul het eerste jaar van het plan in.")
    elif not FIRST_PLAN_YEAR <= first <= this_year + 2:
        errors["first_year"] = _("Kies een jaar van %(low)s tot en met %(high)s.") % {
            "low": FIRST_PLAN_YEAR,
            "high": this_year + 2,
        }
    if last is None:
        errors["last_year"] = _("Vul het laatste jaar van het plan in.")
    elif first is not None and "first_year" not in errors:
        if last < first:
            errors["last_year"] = _("Het laatste jaar ligt voor het eerste jaar.")
        elif last - first >= LONGEST_PERIOD_YEARS:
            errors["last_year"] = _("Een plan loopt hoogstens %(years)s jaar.") % {
                "years": LONGEST_PERIOD_YEARS
            }
    ambition = _text(data, "ambition")
    if not ambition:
        errors["ambition"] = _("Schrijf op wat de regio met dit plan wil bereiken.")
    texts = {name: _text(data, name) for name in ("ambition", "support_needed", "continuity")}
    for name, value in texts.items():
        if name not in errors:
            _check_text(errors, name, value, PLAN_TEXT_MAX, multiline=True)
    if not errors:
        overlapping = (
            DevelopmentPlan.objects.filter(
                region=region, first_year__lte=last, last_year__gte=first
            )
            .exclude(pk=getattr(plan, "pk", None))
            .first()
        )
        if overlapping is not None:
            errors["first_year"] = _(
                "De regio heeft al een plan voor %(period)s. Plannen van één regio overlappen "
                "elkaar niet; pas dat plan aan of kies andere jaren."
            ) % {"period": overlapping.period}
    if errors:
        raise ValidationError(errors)
    plan = plan or DevelopmentPlan(region=region, created_by=actor)
    plan.first_year, plan.last_year = first, last
    for name, value in texts.items():
        setattr(plan, name, value)
    plan.updated_at = clock.now()
    plan.save()
    return plan


def adopt_plan(*, actor, plan: DevelopmentPlan) -> DevelopmentPlan:
    """The director adopts the plan: from now on it is public."""
    require_permission(actor, Action.ADOPT_DEVELOPMENT_PLAN, plan.region)
    if plan.is_adopted:
        raise ValidationError(_("Dit plan is al vastgesteld."))
    if not plan.actions.exists():
        raise ValidationError(
            _("Een plan zonder acties stelt u niet vast. Zet eerst de acties van het team erin.")
        )
    plan.status = DevelopmentPlanStatus.ADOPTED
    plan.adopted_on = _today()
    plan.adopted_by = actor
    plan.save(update_fields=["status", "adopted_on", "adopted_by"])
    return plan


def reopen_plan(*, actor, plan: DevelopmentPlan) -> DevelopmentPlan:
    """Back to draft, to change the plan's text; it is no longer public until adopted again."""
    require_permission(actor, Action.ADOPT_DEVELOPMENT_PLAN, plan.region)
    if not plan.is_adopted:
        raise ValidationError(_("Dit plan is nog een concept."))
    plan.status = DevelopmentPlanStatus.DRAFT
    plan.adopted_on = None
    plan.adopted_by = None
    plan.save(update_fields=["status", "adopted_on", "adopted_by"])
    return plan


@transaction.atomic
def save_action(
    *,
    actor,
    plan: DevelopmentPlan,
    data: Mapping[str, Any],
    action: DevelopmentAction | None = None,
) -> DevelopmentAction:
    """Add an action to the plan or bring one up to date (also after adoption: the plan lives)."""
    require_permission(actor, Action.EDIT_DEVELOPMENT_PLAN, plan.region)
    if action is not None and action.plan_id != plan.pk:
        raise ValidationError(_("Deze actie hoort bij een ander plan."))
    errors: dict[str, str] = {}
    kansenkaart = data.get("kansenkaart") or ""
    if kansenkaart not in framework.kansenkaart_titles():
        errors["kansenkaart"] = _("Kies een kansenkaart uit de lijst.")
    text = " ".join(_text(data, "text").split())
    if not text:
        errors["text"] = _("Schrijf in één zin op wat het team gaat doen.")
    else:
        _check_text(errors, "text", text, ACTION_TEXT_MAX, multiline=False)
    lead = data.get("lead")
    if lead is not None and not isinstance(lead, Organisation):
        errors["lead"] = _("Kies een organisatie uit de lijst.")
    due = data.get("due")
    if due is None:
        errors["due"] = _("Vul in wanneer de actie klaar moet zijn.")
    elif not datetime.date(plan.first_year, 1, 1) <= due <= datetime.date(plan.last_year, 12, 31):
        errors["due"] = _("Kies een datum in de looptijd van het plan (%(period)s).") % {
            "period": plan.period
        }
    status = data.get("status") or DevelopmentActionStatus.PLANNED
    if status not in DevelopmentActionStatus.values:
        errors["status"] = _("Kies een stand van zaken uit de lijst.")
    progress = " ".join(_text(data, "progress").split())
    _check_text(errors, "progress", progress, NOTE_MAX, multiline=False)
    obstacle = data.get("obstacle") or ""
    if status == DevelopmentActionStatus.STUCK:
        if not obstacle:
            errors["obstacle"] = _("Kies waarop de actie is vastgelopen.")
        if not progress and "progress" not in errors:
            errors["progress"] = _("Schrijf kort op waarom de actie is vastgelopen.")
    elif action is not None and action.is_escalation_open:
        errors["status"] = _(
            "Deze actie ligt bij de stuurgroep. Wacht op het besluit voordat u de stand van "
            "zaken verandert."
        )
    if errors:
        raise ValidationError(errors)
    item = action or DevelopmentAction(plan=plan)
    before = (item.status, item.due, item.progress) if action is not None else None
    item.kansenkaart, item.text, item.lead, item.due = kansenkaart, text, lead, due
    item.status, item.progress = status, progress
    item.obstacle = obstacle if status == DevelopmentActionStatus.STUCK else ""
    if status == DevelopmentActionStatus.DONE:
        item.done_on = item.done_on or _today()
    else:
        item.done_on = None
    item.updated_at = clock.now()
    with transaction.atomic():
        item.save()
        if before != (item.status, item.due, item.progress):
            DevelopmentActionChange.objects.create(
                action=item,
                changed_at=item.updated_at,
                changed_by=actor,
                status=item.status,
                previous_status=before[0] if before else "",
                due=item.due,
                previous_due=before[1] if before else None,
                progress=item.progress,
            )
    return item


def remove_action(*, actor, action: DevelopmentAction) -> None:
    require_permission(actor, Action.EDIT_DEVELOPMENT_PLAN, action.plan.region)
    if action.escalated_on is not None:
        raise ValidationError(
            _("Deze actie is aan de stuurgroep voorgelegd en blijft daarom in het plan staan.")
        )
    action.delete()


def _staff_emails(roles: tuple[Role, ...], region_id: int | None = None) -> list[str]:
    memberships = Membership.objects.filter(role__in=roles, user__is_active=True)
    if region_id is not None:
        memberships = memberships.filter(region_id=region_id)
    return sorted({e for e in memberships.values_list("user__email", flat=True) if e})


def _mail(subject: str, body: str, recipients: list[str], kind: str) -> None:
    # After the commit: a refused or rolled-back write sends nothing.
    def send() -> None:
        for recipient in recipients:  # one message each: recipients never see each other
            mail.send(subject, body, recipient, kind=kind)

    transaction.on_commit(send)


def _mail_escalated(action: DevelopmentAction) -> None:
    """To the national coordination, who put it on the steering group's agenda."""
    region = action.plan.region
    body = _(
        "Goedendag,\n\n"
        "%(region)s legt een vastgelopen actie uit het ontwikkelplan voor aan de stuurgroep.\n\n"
        "Actie: %(action)s\n"
        "Knelpunt: %(obstacle)s\n"
        "Vraag aan de stuurgroep: %(question)s\n\n"
        "Koppel het besluit van de stuurgroep aan dit knelpunt als u het overleg vastlegt:\n"
        "%(url)s\n\n"
        "Met vriendelijke groet,\nScharnier\n"
    ) % {
        "region": region.name,
        "action": action.text,
        "obstacle": action.get_obstacle_display(),
        "question": action.escalation_question,
        "url": site_url(reverse("learning:governance") + "#knelpunten"),
    }
    subject = _("Knelpunt voor de stuurgroep uit %(region)s") % {"region": region.name}
    _mail(subject, body, _staff_emails((Role.NATIONAL_ANALYST,)), "learning escalated")


def _mail_answered(action: DevelopmentAction, decision: GovernanceDecision) -> None:
    """To the region's director and schakelteam: the steering group's answer."""
    plan = action.plan
    body = _(
        "Goedendag,\n\n"
        "De stuurgroep heeft op %(date)s besloten over het knelpunt dat u voorlegde.\n\n"
        "Actie: %(action)s\n"
        "Besluit: %(decision)s\n\n"
        "U ziet het besluit in het ontwikkelplan:\n%(url)s\n\n"
        "Met vriendelijke groet,\nScharnier\n"
    ) % {
        "date": date_format(decision.meeting.date, "j F Y"),
        "action": action.text,
        "decision": decision.text,
        "url": site_url(
            reverse("learning:development-plan", args=[plan.region.slug, plan.public_id])
        ),
    }
    recipients = _staff_emails(
        (Role.REGIONAL_DIRECTOR, Role.SCHAKELTEAM_MEMBER), region_id=plan.region_id
    )
    _mail(_("Besluit van de stuurgroep over uw knelpunt"), body, recipients, "learning answered")


def escalate_action(*, actor, action: DevelopmentAction, question: str) -> DevelopmentAction:
    """The director puts a stuck action to the steering group, with the question to decide."""
    require_permission(actor, Action.ESCALATE_ACTION, action.plan.region)
    question = " ".join((question or "").split())
    errors: dict[str, str] = {}
    if not action.plan.is_adopted:
        errors["question"] = _(
            "Het plan is nog een concept. De regisseur stelt het eerst vast; daarna kan een "
            "vastgelopen actie naar de stuurgroep."
        )
    elif action.status != DevelopmentActionStatus.STUCK:
        errors["question"] = _(
            "Alleen een vastgelopen actie gaat naar de stuurgroep. Zet eerst de stand van zaken "
            "op 'Vastgelopen' en schrijf op waarom."
        )
    elif action.is_escalation_open:
        errors["question"] = _("Deze actie ligt al bij de stuurgroep.")
    elif len(question.split()) < ESCALATION_MIN_WORDS:
        errors["question"] = _(
            "Schrijf in een zin of twee wat de stuurgroep moet besluiten of regelen."
        )
    else:
        _check_text(errors, "question", question, NOTE_MAX, multiline=False)
    if errors:
        raise ValidationError(errors)
    action.escalated_on = _today()
    action.escalation_question = question
    action.escalation_decision = None
    action.save(update_fields=["escalated_on", "escalation_question", "escalation_decision"])
    _mail_escalated(action)
    return action


def answer_escalation(
    *, actor, action: DevelopmentAction, decision: GovernanceDecision
) -> DevelopmentAction:
    """Link the steering group's decision that answers an escalated action."""
    require_permission(actor, Action.RECORD_GOVERNANCE)
    if not action.is_escalation_open:
        raise ValidationError({"escalation": _("Deze actie wacht niet op de stuurgroep.")})
    meeting = decision.meeting
    if meeting.body != GovernanceBody.STEERING_GROUP:
        raise ValidationError(
            {"escalation": _("Een voorgelegd knelpunt beantwoordt alleen de stuurgroep.")}
        )
    if meeting.date < action.escalated_on:
        raise ValidationError(
            {
                "escalation": _(
                    "Dit overleg was voordat het knelpunt werd voorgelegd. Kies een later overleg."
                )
            }
        )
    action.escalation_decision = decision
    action.save(update_fields=["escalation_decision"])
    _mail_answered(action, decision)
    return action


# --- Reminders (Celery beat, daily) ----------------------------------------------------------
# The analysts prepare the steering group's agenda: they hear what waits two weeks before.
ANNOUNCE_ESCALATIONS_DAYS_AHEAD = 14
# The steering group meets three times a year: an escalation that waited longer than one round
# without a planned meeting is raised once.
ESCALATION_WAIT_DAYS = 122


@dataclass
class Reminded:
    regions: int = 0
    late_actions: int = 0
    meetings: int = 0
    waiting_escalations: int = 0


def _plan_url(plan: DevelopmentPlan) -> str:
    return site_url(reverse("learning:development-plan", args=[plan.region.slug, plan.public_id]))


def _claim(queryset, **values) -> bool:
    """Claimed by the update, so that two runs at once remind once."""
    return bool(queryset.update(**values))


def _remind_late_actions(today: datetime.date, result: Reminded) -> None:
    late = (
        DevelopmentAction.objects.filter(plan__status=DevelopmentPlanStatus.ADOPTED, due__lt=today)
        .exclude(status=DevelopmentActionStatus.DONE)
        .filter(Q(late_reminded_for__isnull=True) | ~Q(late_reminded_for=F("due")))
        .select_related("plan__region")
        .order_by("plan__region__name", "due", "pk")
    )
    per_plan: dict[DevelopmentPlan, list[DevelopmentAction]] = {}
    for action in late:
        claimed = DevelopmentAction.objects.filter(pk=action.pk, due=action.due).filter(
            Q(late_reminded_for__isnull=True) | ~Q(late_reminded_for=F("due"))
        )
        if _claim(claimed, late_reminded_for=action.due):
            per_plan.setdefault(action.plan, []).append(action)
    for plan, actions in per_plan.items():
        region = plan.region
        lines = "\n".join(
            _("- %(action)s (klaar op %(due)s)")
            % {"action": a.text, "due": date_format(a.due, "j F Y")}
            for a in actions
        )
        body = _(
            "Goedendag,\n\n"
            "In het ontwikkelplan van %(region)s is de datum voorbij van deze acties, en ze zijn "
            "nog niet klaar:\n\n%(lines)s\n\n"
            "Zet de stand van zaken bij, of kies met de trekker een nieuwe datum. Loopt een actie "
            "vast, dan kunt u haar aan de stuurgroep voorleggen:\n%(url)s\n\n"
            "U krijgt dit bericht één keer per datum.\n\n"
            "Met vriendelijke groet,\nScharnier\n"
        ) % {"region": region.name, "lines": lines, "url": _plan_url(plan)}
        subject = _("Acties uit het ontwikkelplan van %(region)s zijn over hun datum") % {
            "region": region.name
        }
        recipients = _staff_emails((Role.REGIONAL_DIRECTOR,), region_id=region.pk)
        _mail(subject, body, recipients, "learning late actions")
        result.regions += 1
        result.late_actions += len(actions)


def _remind_escalations(today: datetime.date, result: Reminded) -> None:
    analysts = _staff_emails((Role.NATIONAL_ANALYST,))
    coming = GovernanceMeeting.objects.filter(
        body=GovernanceBody.STEERING_GROUP,
        date__gte=today,
        date__lte=today + datetime.timedelta(days=ANNOUNCE_ESCALATIONS_DAYS_AHEAD),
        escalations_announced_at__isnull=True,
    ).order_by("date", "pk")
    for meeting in coming:
        waiting = list(
            DevelopmentAction.objects.filter(
                escalated_on__isnull=False,
                escalated_on__lte=meeting.date,
                escalation_decision__isnull=True,
            )
            .select_related("plan__region")
            .order_by("escalated_on", "pk")
        )
        if not waiting:
            continue
        if not _claim(
            GovernanceMeeting.objects.filter(pk=meeting.pk, escalations_announced_at__isnull=True),
            escalations_announced_at=clock.now(),
        ):
            continue
        lines = "\n".join(
            _("- %(region)s: %(question)s (voorgelegd op %(date)s)")
            % {
                "region": a.plan.region.name,
                "question": a.escalation_question,
                "date": date_format(a.escalated_on, "j F Y"),
            }
            for a in waiting
        )
        body = _(
            "Goedendag,\n\n"
            "De stuurgroep komt op %(date)s bij elkaar. Deze knelpunten uit de ontwikkelplannen "
            "wachten op een besluit:\n\n%(lines)s\n\n"
            "Zet ze op de agenda. Koppel het besluit aan het knelpunt als u het overleg vastlegt:"
            "\n%(url)s\n\n"
            "Met vriendelijke groet,\nScharnier\n"
        ) % {
            "date": date_format(meeting.date, "j F Y"),
            "lines": lines,
            "url": site_url(reverse("learning:governance-meeting", args=[meeting.public_id])),
        }
        subject = _("Knelpunten voor de stuurgroep van %(date)s") % {
            "date": date_format(meeting.date, "j F Y")
        }
        _mail(subject, body, analysts, "learning escalations announced")
        result.meetings += 1
    # Waited a whole round with no steering group planned: raise it once.
    planned = GovernanceMeeting.objects.filter(
        body=GovernanceBody.STEERING_GROUP, date__gte=today
    ).exists()
    if planned:
        return
    overdue = DevelopmentAction.objects.filter(
        escalated_on__lte=today - datetime.timedelta(days=ESCALATION_WAIT_DAYS),
        escalation_decision__isnull=True,
        escalation_reminded_on__isnull=True,
    ).select_related("plan__region")
    for action in overdue:
        if not _claim(
            DevelopmentAction.objects.filter(pk=action.pk, escalation_reminded_on__isnull=True),
            escalation_reminded_on=today,
        ):
            continue
        body = _(
            "Goedendag,\n\n"
            "%(region)s legde op %(date)s een knelpunt voor aan de stuurgroep. Er is nog geen "
            "besluit, en er staat geen stuurgroep gepland.\n\n"
            "Vraag aan de stuurgroep: %(question)s\n\n"
            "Plan een overleg van de stuurgroep, of vraag de leden om een besluit tussendoor:\n"
            "%(url)s\n\n"
            "Met vriendelijke groet,\nScharnier\n"
        ) % {
            "region": action.plan.region.name,
            "date": date_format(action.escalated_on, "j F Y"),
            "question": action.escalation_question,
            "url": site_url(reverse("learning:governance") + "#knelpunten"),
        }
        subject = _("Knelpunt uit %(region)s wacht al lang op de stuurgroep") % {
            "region": action.plan.region.name
        }
        _mail(subject, body, analysts, "learning escalation waiting")
        result.waiting_escalations += 1


def send_reminders(*, today: datetime.date | None = None) -> Reminded:
    """Daily: the region's director hears once per due date which actions of an adopted plan
    are late; the analysts hear two weeks before a steering group what waits for it, and once
    about an escalation that waited a whole round with no steering group planned."""
    today = today or _today()
    result = Reminded()
    _remind_late_actions(today, result)
    _remind_escalations(today, result)
    return result


# --- Read queries ----------------------------------------------------------------------------
def changes_of(action: DevelopmentAction) -> list[DevelopmentActionChange]:
    return list(action.changes.select_related("changed_by"))


def plans_of(region: Region, user) -> list[DevelopmentPlan]:
    """The region's plans this user may read, newest period first."""
    plans = DevelopmentPlan.objects.filter(region=region).order_by("-first_year")
    if not has_permission(user, Action.SEE_DEVELOPMENT_PLAN_DRAFT, region):
        plans = plans.filter(status=DevelopmentPlanStatus.ADOPTED)
    return list(plans)


def current_plan(plans: list[DevelopmentPlan], year: int) -> DevelopmentPlan | None:
    """The plan whose period holds `year`, else the latest that started before, else the first."""
    for plan in plans:
        if plan.first_year <= year <= plan.last_year:
            return plan
    earlier = [p for p in plans if p.first_year <= year]
    return earlier[0] if earlier else (plans[-1] if plans else None)


def actions_of(plan: DevelopmentPlan) -> list[DevelopmentAction]:
    return list(
        plan.actions.select_related("lead", "escalation_decision__meeting").order_by(
            "kansenkaart", "due", "pk"
        )
    )


@dataclass
class Progress:
    total: int = 0
    per_status: Counter = field(default_factory=Counter)
    late: int = 0
    escalated_open: int = 0

    @property
    def done(self) -> int:
        return self.per_status[DevelopmentActionStatus.DONE]

    @property
    def stuck(self) -> int:
        return self.per_status[DevelopmentActionStatus.STUCK]


def is_late(action: DevelopmentAction, today: datetime.date) -> bool:
    return action.status != DevelopmentActionStatus.DONE and action.due < today


def progress(actions: list[DevelopmentAction]) -> Progress:
    today = timezone.localdate()
    result = Progress(total=len(actions))
    for action in actions:
        result.per_status[action.status] += 1
        result.late += is_late(action, today)
        result.escalated_open += action.is_escalation_open
    return result


@dataclass
class CardActions:
    code: str
    title: str
    accent: bool
    actions: list[DevelopmentAction]


def by_kansenkaart(actions: list[DevelopmentAction]) -> list[CardActions]:
    """Every kansenkaart in order, with its actions (also the empty ones: a gap is news)."""
    accent = set(framework.regional_accent())
    return [
        CardActions(code, title, code in accent, [a for a in actions if a.kansenkaart == code])
        for code, title in framework.kansenkaart_titles().items()
    ]


# Who sits at the table as part of the development team: everybody but a node, which reaches
# entrepreneurs without working on the plan.
_TEAM_ROLES = tuple(kind for kind in RegionalRoleKind if kind != RegionalRoleKind.NODE)


@dataclass
class TeamAlignment:
    """Is the development team aligned with the plan ("daarop afgestemd")?"""

    leads_not_at_table: list[Organisation]
    seats_without_action: list[RegionalRole]
    accent_without_action: list[tuple[str, str]]
    actions_without_lead: int

    @property
    def aligned(self) -> bool:
        return not (
            self.leads_not_at_table
            or self.seats_without_action
            or self.accent_without_action
            or self.actions_without_lead
        )


def team_alignment(
    plan: DevelopmentPlan,
    actions: list[DevelopmentAction],
    roles: list[RegionalRole] | None = None,
) -> TeamAlignment:
    """`roles`: the region's seats when the caller already has them (the overview)."""
    roles = stakeholder_roles(plan.region) if roles is None else roles
    seats = [r for r in roles if r.role in _TEAM_ROLES]
    at_table = {r.organisation_id for r in seats}
    leading = {a.lead_id for a in actions if a.lead_id is not None}
    leads_not_at_table = {
        a.lead.pk: a.lead for a in actions if a.lead_id is not None and a.lead_id not in at_table
    }
    covered = {a.kansenkaart for a in actions}
    titles = framework.kansenkaart_titles()
    return TeamAlignment(
        leads_not_at_table=sorted(leads_not_at_table.values(), key=lambda o: o.name),
        seats_without_action=[r for r in seats if r.organisation_id not in leading],
        accent_without_action=[
            (code, titles[code]) for code in framework.regional_accent() if code not in covered
        ],
        actions_without_lead=sum(1 for a in actions if a.lead_id is None),
    )


@dataclass
class LeadChoice:
    at_table: list[Organisation]
    others: list[Organisation]

    def __iter__(self):
        return iter(self.at_table + self.others)


def organisations_for_lead(region: Region) -> LeadChoice:
    """The choice of lead: the parties at the region's table, then every other one."""
    at_table = [r.organisation for r in stakeholder_roles(region) if r.role in _TEAM_ROLES]
    ids = {o.pk for o in at_table}
    others = Organisation.objects.exclude(pk__in=ids).order_by("name")
    return LeadChoice(sorted(at_table, key=lambda o: o.name), list(others))


@dataclass
class RegionPlanRow:
    region: Region
    plan: DevelopmentPlan | None
    progress: Progress | None
    alignment: TeamAlignment | None


def overview(year: int) -> list[RegionPlanRow]:
    """Every region with the adopted plan whose period holds `year` (public): four queries."""
    chosen = {
        plan.region_id: plan
        for plan in DevelopmentPlan.objects.filter(
            status=DevelopmentPlanStatus.ADOPTED, first_year__lte=year, last_year__gte=year
        )
    }
    actions: dict[int, list[DevelopmentAction]] = {}
    for action in DevelopmentAction.objects.filter(plan__in=list(chosen.values())):
        actions.setdefault(action.plan_id, []).append(action)
    roles: dict[int, list[RegionalRole]] = {}
    for role in RegionalRole.objects.filter(region_id__in=list(chosen)):
        roles.setdefault(role.region_id, []).append(role)
    rows = []
    for region in Region.objects.order_by("name"):
        plan = chosen.get(region.pk)
        if plan is None:
            rows.append(RegionPlanRow(region, None, None, None))
            continue
        plan_actions = actions.get(plan.pk, [])
        rows.append(
            RegionPlanRow(
                region,
                plan,
                progress(plan_actions),
                team_alignment(plan, plan_actions, roles.get(region.pk, [])),
            )
        )
    return rows


def open_escalations() -> list[DevelopmentAction]:
    """Stuck actions put to the steering group and not answered yet, the oldest first."""
    return list(
        DevelopmentAction.objects.filter(
            escalated_on__isnull=False, escalation_decision__isnull=True
        )
        .select_related("plan__region", "lead")
        .order_by("escalated_on", "pk")
    )


def answered_escalations(year: int) -> list[DevelopmentAction]:
    return list(
        DevelopmentAction.objects.filter(
            escalation_decision__isnull=False, escalation_decision__meeting__date__year=year
        )
        .select_related("plan__region", "escalation_decision__meeting")
        .order_by("escalation_decision__meeting__date", "pk")
    )


def escalations_by_obstacle() -> Counter:
    """How often each kind of obstacle was put to the steering group (all years)."""
    return Counter(
        DevelopmentAction.objects.filter(escalated_on__isnull=False).values_list(
            "obstacle", flat=True
        )
    )


def escalation_kinds() -> list[tuple[str, int]]:
    """(label, count) per kind of obstacle put to the steering group, the most frequent first:
    shows whether data sharing (kansenkaart 5) is where regions get stuck."""
    labels = dict(ObstacleKind.choices)
    counts = escalations_by_obstacle()
    return [(str(labels.get(code, code)), n) for code, n in counts.most_common() if code]


def plan_years() -> list[int]:
    this_year = timezone.localdate().year
    years = {this_year}
    for first, last in DevelopmentPlan.objects.filter(
        status=DevelopmentPlanStatus.ADOPTED
    ).values_list("first_year", "last_year"):
        years.update(range(first, last + 1))
    return sorted(years, reverse=True)


def escalations_for(meeting) -> tuple[list[DevelopmentAction], list[DevelopmentAction]]:
    """For a steering-group meeting: the open escalations put to it before its date (it may
    answer them) and those its decisions answered. Other bodies answer none."""
    if meeting is None or meeting.body != GovernanceBody.STEERING_GROUP:
        return [], []
    rows = list(
        DevelopmentAction.objects.filter(escalated_on__isnull=False)
        .filter(
            Q(escalation_decision__isnull=True, escalated_on__lte=meeting.date)
            | Q(escalation_decision__meeting=meeting)
        )
        .select_related("plan__region", "escalation_decision")
        .order_by("escalated_on", "pk")
    )
    return [a for a in rows if a.escalation_decision_id is None], [
        a for a in rows if a.escalation_decision_id is not None
    ]
