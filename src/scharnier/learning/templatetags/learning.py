"""Template hooks for other apps' pages (the region page's learning section) and the report
document's static SVG charts."""

from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe

from .. import data_initiatives, development_plans, queries, reports, rollout
from ..models import INTERVENTIONS_AIMED_PER_YEAR

register = template.Library()


@register.inclusion_tag("learning/_region_visitations.html")
def region_visitations(region) -> dict:
    # Only the adopted plan: the region page is public (staff find a draft on the plan's page).
    plan = development_plans.current_plan(
        development_plans.plans_of(region, None), timezone.localdate().year
    )
    actions = development_plans.actions_of(plan) if plan else []
    (readiness,) = rollout.readiness_of([region])
    return {
        "readiness": readiness,
        "plan": plan,
        "plan_progress": development_plans.progress(actions),
        "region": region,
        "rows": queries.region_visitations(region),
        "reports": queries.published_reports(region=region),
        "interventions": queries.intervention_years(region)[0],
        "aim": INTERVENTIONS_AIMED_PER_YEAR,
    }


@register.inclusion_tag("learning/_organisation_data_initiatives.html")
def organisation_data_initiatives(organisation) -> dict:
    return {"items": data_initiatives.initiatives_of(organisation)}


@register.filter
def report_chart(chart: dict, key: str) -> str:
    # bar_chart_svg escapes every text it writes.
    return mark_safe(reports.bar_chart_svg(chart, f"grafiek-{key}"))  # noqa: S308
