"""What the toekomstscan reports to monitoring: a plan made, a plan handed over.

The plan is the subject (one firm) of both, and of the question the hand-over creates.
Idempotent: each report has a fixed source.
"""

from scharnier.monitoring.models import OutcomeEventKind as Kind
from scharnier.monitoring.registry import sector_of, size_class_of
from scharnier.monitoring.services import record_outcome_event

from .models import Plan, PlanHandover


def _common(plan: Plan) -> dict:
    return {
        "municipality": plan.municipality,
        "themes": [p["theme"] for p in plan.priorities or []],
        "size_class": size_class_of(plan.employees),
        "sector": sector_of(plan.sbi_section),
        "door": "scan",
        "subject": f"matching.plan:{plan.token}",
    }


def plan_made(plan: Plan) -> None:
    record_outcome_event(
        kind=Kind.SCAN_COMPLETED, source=plan, occurred_at=plan.created_at, **_common(plan)
    )


def plan_handed_over(handover: PlanHandover, kvk_number: str = "") -> None:
    record_outcome_event(
        kind=Kind.PLAN_HANDED_OVER,
        source=handover,
        occurred_at=handover.sent_at,
        region=handover.region,
        kvk_number=kvk_number,
        **_common(handover.plan),
    )
