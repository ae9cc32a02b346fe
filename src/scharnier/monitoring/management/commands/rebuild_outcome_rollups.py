"""`manage.py rebuild_outcome_rollups`: recompute every rollup from the outcome events."""

import time

from django.core.management.base import BaseCommand

from scharnier.monitoring.services import rebuild_rollups


class Command(BaseCommand):
    help = "Bereken alle opgetelde cijfers (rollups) opnieuw uit de uitkomstgebeurtenissen."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        result = rebuild_rollups(progress=lambda n: self.stdout.write(f"  {n} gebeurtenissen…"))
        self.stdout.write(
            f"Klaar in {time.perf_counter() - started:.1f} s: {result['events']} gebeurtenissen, "
            f"{result['firms']} bedrijven, {result['rollups']} rollup-rijen."
        )
