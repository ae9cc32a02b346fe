"""`manage.py backfill_outcome_events`: outcome events for acts recorded before monitoring
counted them (casework steps, plans and hand-overs, meetings and their participants, signals
and answered threads). Safe to re-run: each act has a fixed source, so one already counted is
skipped. Ends with a full rollup rebuild."""

from django.core.management.base import BaseCommand
from django.db import transaction

from scharnier.casework import outcomes as casework_outcomes
from scharnier.casework.models import CaseEvent
from scharnier.communities import outcomes as community_outcomes
from scharnier.communities.models import Meeting, Participant
from scharnier.matching import outcomes as matching_outcomes
from scharnier.matching.models import Plan, PlanHandover
from scharnier.monitoring.models import OutcomeEvent
from scharnier.monitoring.services import ensure_metric_definitions, rebuild_rollups
from scharnier.signals import outcomes as signal_outcomes
from scharnier.signals.models import Signal, Thread


class Command(BaseCommand):
    help = (
        "Maak uitkomstgebeurtenissen uit bestaande vragen, doorverwijzingen, plannen, "
        "bijeenkomsten en signalen."
    )

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
            for meeting in Meeting.objects.select_related(
                "community__region", "municipality"
            ).order_by("date", "pk"):
                community_outcomes.meeting_held(meeting)
            for participant in Participant.objects.select_related(
                "meeting__community__region", "meeting__municipality"
            ).order_by("meeting__date", "pk"):
                community_outcomes.participated(participant)
            for signal in Signal.objects.select_related("municipality", "region").order_by(
                "created_at", "pk"
            ):
                signal_outcomes.signal_raised(signal)
            for thread in Thread.objects.exclude(answered_at=None).order_by("answered_at", "pk"):
                signal_outcomes.thread_answered(thread)
        result = rebuild_rollups()
        self.stdout.write(
            f"{OutcomeEvent.objects.count() - before} nieuwe gebeurtenissen; "
            f"{result['firms']} bedrijven, {result['rollups']} rollup-rijen."
        )
