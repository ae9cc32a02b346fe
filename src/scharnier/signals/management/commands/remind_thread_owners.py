"""Reminders to thread owners: before the deadline and once it has passed, once per deadline.

Celery beat runs it daily (`scharnier.remind_thread_owners`); this is the same by hand.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from scharnier.signals.notifications import remind_owners


class Command(BaseCommand):
    help = (
        "Herinner eigenaars van rode draden zonder antwoord: vlak voor de uiterste datum en "
        "als die voorbij is (eenmaal per datum)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Dagen voor de uiterste datum (standaard: SIGNALS_REMINDER_DAYS).",
        )

    def handle(self, *args, days: int | None = None, **options) -> None:
        days = settings.SIGNALS_REMINDER_DAYS if days is None else days
        if days < 0:
            self.stderr.write("--days moet 0 of meer zijn.")
            raise SystemExit(2)
        result = remind_owners(days_before=days)
        self.stdout.write(
            f"{result.reminded} herinnering(en) en {result.overdue} bericht(en) over een "
            f"verstreken termijn gestuurd."
        )
