"""What the toekomstscan reports to monitoring: a plan made, a plan handed over.

The plan is the subject (one firm) of both, and of the question the hand-over creates.
Idempotent: each report has a fixed source.
"""

from scharnier.monitoring.models import OutcomeEventKind as Kind
from scharnier.monitoring.registry import sector_of, size_class_of
from scharnier.monitoring.services import record_outcome_event

from .models import Plan, PlanHandover


def plan_event_fields(plan: Plan, subject_plan: Plan | None = None) -> dict:
    """Where and what a plan's events are about; the subject is `subject_plan`'s when the plan
    redoes an earlier scan of the same firm (so that the firm counts once)."""
    return {
        "municipality": plan.municipality,
        "themes": [p["theme"] for p in plan.priorities or []],
        "size_class": size_class_of(plan.employees),
        "sector": sector_of(plan.sbi_section),
        "door": "scan",
        "subject": f"matching.plan:{(subject_plan or plan).token}",
    }


def plan_made(plan: Plan, subject_plan: Plan | None = None) -> None:
    record_outcome_event(
        kind=Kind.SCAN_COMPLETED,
        source=plan,
        occurred_at=plan.created_at,
        **plan_event_fields(plan, subject_plan),
    )


def plan_handed_over(handover: PlanHandover, kvk_number: str = "") -> None:
    record_outcome_event(
        kind=Kind.PLAN_HANDED_OVER,
        source=handover,
        occurred_at=handover.sent_at,
        region=handover.region,
        kvk_number=kvk_number,
        **plan_event_fields(handover.plan),
    )
