"""Demo activity: questions in several inboxes and states, referrals, feedback and a finished
overlap analysis, so that every screen has content after `make run`.

The questions arrive over the past weeks (`days_ago`), and each step happens the given number
of working days after its question arrived (`day`), recorded at that moment through
`core.clock`: the inbox then shows questions of different ages, one past its term and one
referral that its provider left unanswered, as a region's inbox would.

Everything goes through the apps' service functions, acting as the demo accounts. Running it
again changes nothing: a question whose text already exists is skipped, and the overlap
analysis only runs when there is no finished one.
"""

import datetime
import json
import random
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from scharnier.casework import queries as casework_queries
from scharnier.casework import services as casework
from scharnier.casework.consent import CURRENT_CONSENT_VERSION
from scharnier.casework.models import ConsentPurpose, Door, Question
from scharnier.core import clock
from scharnier.core.workdays import add_working_days
from scharnier.demo.reviews import load_demo_reviews
from scharnier.demo.services import demo_member
from scharnier.geography.models import Municipality, Region
from scharnier.landscape import queries as landscape_queries
from scharnier.landscape import services as landscape
from scharnier.landscape.models import DecisionKind, OverlapDecision
from scharnier.landscape.services import run_overlap_analysis, snapshot_landscape
from scharnier.matching import scan
from scharnier.matching.models import Plan
from scharnier.matching.queries import Profile
from scharnier.matching.services import create_plan
from scharnier.organisations.models import Organisation, Role

DATA = Path(__file__).resolve().parent / "data" / "casework.json"


@dataclass
class ActivitySummary:
    questions_created: int = 0
    questions_existing: int = 0
    analysis_run: bool = False
    notes: list[str] = field(default_factory=list)


def _handler(question: Question):
    """The demo account that handles this question: the region's schakelteam, else beheerder."""
    if question.region_id is not None:
        return demo_member(Role.SCHAKELTEAM_MEMBER, region_id=question.region_id)
    return demo_member(Role.ADMINISTRATOR)


def _provider_editor(slug: str):
    return demo_member(Role.PROVIDER_EDITOR, organisation__slug=slug)


def _moment(submitted: datetime.datetime, step_number: int, day: int) -> datetime.datetime:
    """`day` working days after arrival, a quarter of an hour per step; never in the future."""
    moment = add_working_days(submitted, day) + datetime.timedelta(minutes=15 * step_number)
    return min(moment, timezone.now() - datetime.timedelta(minutes=5))


def _arrival(days_ago: int) -> datetime.datetime:
    """`days_ago` days back, at half past nine in the morning (not in the future)."""
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    return min(moment, timezone.now() - datetime.timedelta(hours=1))


def _apply(question: Question, kind: str, spec: Any) -> None:
    question.refresh_from_db()
    staff = _handler(question)
    if kind == "triage":
        casework.triage_question(
            actor=staff, question=question, theme_codes=spec["themes"], urgency=spec["urgency"]
        )
    elif kind == "intake":
        casework.record_intake(
            actor=staff,
            question=question,
            underlying_theme_codes=spec["underlying_themes"],
            underlying_need=spec.get("underlying_need", ""),
            direction=spec["direction"],
            employees=spec["employees"],
            sbi_section=spec["sbi_section"],
            company_age_years=spec["company_age_years"],
        )
    elif kind == "note":
        casework.add_note(actor=staff, question=question, text=spec)
    elif kind == "refer":
        casework.refer_question(
            actor=staff,
            question=question,
            organisation=Organisation.objects.get(slug=spec["organisation"]),
            message=spec["message"],
        )
    elif kind == "provider":
        referral = question.referrals.get(organisation__slug=spec["organisation"])
        casework.transition_referral(
            actor=_provider_editor(spec["organisation"]),
            referral=referral,
            action=spec["action"],
            reason=spec.get("reason", ""),
            result=spec.get("result", ""),
        )
    elif kind == "close":
        casework.close_question(actor=staff, question=question, outcome=spec)
    elif kind == "feedback":
        casework.give_feedback(question=question, score=spec["score"], comment=spec["comment"])
    else:  # pragma: no cover - a typo in the data file
        raise ValueError(f"unknown demo step {kind!r}")


def load_demo_activity(*, with_analysis: bool = True) -> ActivitySummary:
    summary = ActivitySummary()
    specs = json.loads(DATA.read_text(encoding="utf-8"))["questions"]
    for spec in specs:
        if Question.objects.filter(text=spec["text"]).exists():
            summary.questions_existing += 1
            continue
        purposes = [ConsentPurpose.HANDLING]
        if spec.get("feedback_consent"):
            purposes.append(ConsentPurpose.FEEDBACK)
        arrived = _arrival(spec.get("days_ago", 0))
        with transaction.atomic():
            with clock.set_to(arrived):
                submitted = casework.submit_question(
                    door=Door.SITE,
                    municipality=Municipality.objects.get(code=spec["municipality"]),
                    text=spec["text"],
                    contact_name=spec.get("contact_name", ""),
                    company_name=spec.get("company_name", ""),
                    email=spec.get("email", ""),
                    phone=spec.get("phone", ""),
                    consent_purposes=purposes,
                    consent_version=CURRENT_CONSENT_VERSION,
                )
            day = 0
            for number, step in enumerate(spec["steps"], start=1):
                step = dict(step)
                day = step.pop("day", day)
                ((kind, step_spec),) = step.items()
                with clock.set_to(_moment(arrived, number, day)):
                    _apply(submitted.question, kind, step_spec)
        summary.questions_created += 1
    _load_christmas_closure()
    _load_provider_closure()
    if with_analysis and landscape_queries.latest_analysis() is None:
        run_overlap_analysis()
        summary.analysis_run = True
    _load_scan_plans()
    if with_analysis:
        _load_cleanup_decisions()
        load_demo_reviews()
    if with_analysis and not landscape_queries.snapshot_table()[0]:
        # The clean-up page's monthly counts: the last six months, as the monthly job would
        # have stored them (the state at each month's end by the offers' own dates).
        month = timezone.localdate().replace(day=1)
        for _step in range(DEMO_SNAPSHOT_MONTHS):
            snapshot_landscape(month)
            month = (month - datetime.timedelta(days=1)).replace(day=1)
    return summary


DEMO_SNAPSHOT_MONTHS = 6

# Toekomstscans of made-up firms in Regio Zwolle, so that a new plan there is compared with
# similar firms ("Vergelijkbare bedrijven"). A fixed seed: the same plans every load.
DEMO_PLANS = 90
DEMO_PLAN_SECTORS = ("f", "g", "i", "c", "m", "q", "a", "h")
DEMO_DIRECTIONS = ("groeien", "groeien", "versnellen", "vernieuwen", "hervormen", "stoppen")


def _load_scan_plans() -> None:
    region = Region.objects.filter(slug="regio-zwolle").first()
    if region is None or Plan.objects.exists():
        return
    rng = random.Random(2026)
    places = list(region.municipalities.order_by("code"))
    questions = [q["code"] for q in scan.framework()["theme_questions"]]
    for number in range(DEMO_PLANS):
        employees = rng.choice((2, 3, 4, 6, 8)) if number % 3 else rng.choice((12, 18, 25, 40))
        answers = {code: rng.choices((0, 1, 2, 3), weights=(3, 3, 3, 1))[0] for code in questions}
        answers[scan.DIRECTION_QUESTION] = rng.choice(DEMO_DIRECTIONS)
        create_plan(
            profile=Profile(
                municipality=rng.choice(places),
                employees=employees,
                sbi_section=DEMO_PLAN_SECTORS[number % len(DEMO_PLAN_SECTORS)],
                company_age_years=rng.choice((1, 4, 8, 15, 30)),
            ),
            answers=answers,
        )


# Decisions a national analyst took on clusters of the demo analysis, with the money they free
# for a region's demand activation (clean-up page, "Vrijgespeeld budget"). A cluster is found by
# the titles of its offers; one that a changed analysis no longer finds is left out.
DEMO_DECISIONS: list[dict[str, Any]] = [
    {
        "titles": {"Brabantse voucher digitalisering", "Voucher digitale groei Regio Breda"},
        "decision": DecisionKind.MERGE,
        "note": "Regio Breda bouwt de eigen voucher af; ondernemers gaan naar de Brabantse.",
        "days_ago": 40,
        "budgets": [(0, "250000", "regio-breda"), (1, "250000", "")],
    },
    {
        "titles": {"Energiescan voor horecazaken", "Gratis energiescan voor Zwolse bedrijven"},
        "decision": DecisionKind.ALIGN,
        "note": "Zwolle verwijst horecazaken naar de scan van KHN en houdt de eigen scan kleiner.",
        "days_ago": 25,
        "budgets": [(0, "40000", "regio-zwolle")],
    },
    {
        "titles": {
            "Energie-investeringsaftrek (EIA)",
            "MIA en Vamil: belastingvoordeel voor milieuvriendelijke investeringen",
        },
        "decision": DecisionKind.KEEP,
        "note": "Twee fiscale regelingen met een eigen doel; ze vullen elkaar aan.",
        "days_ago": 12,
        "budgets": [],
    },
]


def _load_cleanup_decisions() -> None:
    """The demo decisions and freed budget, once (skipped when any decision exists)."""
    analyst = demo_member(Role.NATIONAL_ANALYST)
    analysis = landscape_queries.latest_analysis()
    if analyst is None or analysis is None or OverlapDecision.objects.exists():
        return
    clusters = list(analysis.clusters.prefetch_related("offers"))
    this_year = timezone.localdate().year
    for spec in DEMO_DECISIONS:
        cluster = next(
            (c for c in clusters if {o.title for o in c.offers.all()} == spec["titles"]), None
        )
        if cluster is None:
            continue
        with clock.set_to(timezone.now() - datetime.timedelta(days=spec["days_ago"])):
            decision = landscape.record_decision(
                actor=analyst, cluster=cluster, decision=spec["decision"], note=spec["note"]
            )
            for years_ahead, amount, region_slug in spec["budgets"]:
                landscape.record_freed_budget(
                    actor=analyst,
                    decision=decision,
                    amount_eur=Decimal(amount),
                    year=this_year + years_ahead,
                    region=Region.objects.filter(slug=region_slug).first(),
                )


CLOSED_REGION = "regio-zwolle"


def _load_christmas_closure() -> None:
    """Regio Zwolle's schakelteam is closed between Christmas and New Year (the coming one,
    or the one going on), so the region's page and inbox show a closure and new questions
    get a term without those days."""
    region = Region.objects.filter(slug=CLOSED_REGION).first()
    if region is None or casework_queries.closures_ahead(region):
        return
    today = timezone.localdate()
    year = today.year - 1 if today.month == 1 and today.day == 1 else today.year
    casework.add_region_closure(
        actor=None,
        region=region,
        starts_on=datetime.date(year, 12, 24),
        ends_on=datetime.date(year + 1, 1, 1),
        reason="kerstvakantie",
    )


CLOSED_PROVIDER = "oost-nl"
PROVIDER_CLOSURE_AHEAD = datetime.timedelta(days=7)


def _load_provider_closure() -> None:
    """Oost NL has a team day in a week's time, so the schakelteam's referral form names it
    and a referral to Oost NL gets a term without that day."""
    organisation = Organisation.objects.filter(slug=CLOSED_PROVIDER).first()
    if organisation is None or casework_queries.provider_closures_ahead(organisation):
        return
    day = timezone.localdate() + PROVIDER_CLOSURE_AHEAD
    while day.weekday() >= 5:  # a team day falls on a working day
        day += datetime.timedelta(days=1)
    casework.add_provider_closure(
        actor=None, organisation=organisation, starts_on=day, ends_on=day, reason="teamdag"
    )
