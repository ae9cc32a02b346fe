"""Store this month's (or a given month's) count of active offers per level and theme."""

import datetime

from django.core.management.base import BaseCommand, CommandError

from scharnier.landscape.services import snapshot_landscape


class Command(BaseCommand):
    help = "Bewaar het aantal actieve aanbiedingen per gebiedsniveau en thema voor een maand."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--month", help="Maand als JJJJ-MM; standaard de huidige maand.")

    def handle(self, *args, month=None, **options) -> None:
        day = None
        if month:
            try:
                day = datetime.date.fromisoformat(f"{month}-01")
            except ValueError as error:
                raise CommandError("Geef de maand als JJJJ-MM, bijvoorbeeld 2026-11.") from error
        count = snapshot_landscape(day)
        self.stdout.write(f"{count} tellingen bewaard.")
