"""`manage.py backfill_outcome_events`: outcome events for steps recorded before monitoring
counted them (casework steps, plans and hand-overs). Safe to re-run: each step has a fixed
source, so a step already counted is skipped. Ends with a full rollup rebuild."""

from django.core.management.base import BaseCommand
from django.db import transaction

from scharnier.casework import outcomes as casework_outcomes
from scharnier.casework.models import CaseEvent
from scharnier.matching import outcomes as matching_outcomes
from scharnier.matching.models import Plan, PlanHandover
from scharnier.monitoring.models import OutcomeEvent
from scharnier.monitoring.services import ensure_metric_definitions, rebuild_rollups


class Command(BaseCommand):
    help = "Maak uitkomstgebeurtenissen uit bestaande vragen, doorverwijzingen en plannen."

    def handle(self, *args, **options) -> None:
        before = OutcomeEvent.objects.count()
        ensure_metric_definitions()
        with transaction.atomic():
            for event in CaseEvent.objects.select_related(
                "question__municipality", "question__region", "referral__offer"
            ).order_by("at", "pk"):
                casework_outcomes.report(event, event.question, event.referral)
            for plan in Plan.objects.select_related("municipality").order_by("pk"):
                matching_outcomes.plan_made(plan)
            for handover in PlanHandover.objects.select_related("plan__municipality"):
                matching_outcomes.plan_handed_over(handover)
        result = rebuild_rollups()
        self.stdout.write(
            f"{OutcomeEvent.objects.count() - before} nieuwe gebeurtenissen; "
            f"{result['firms']} bedrijven, {result['rollups']} rollup-rijen."
        )
