"""Retention job: blank the personal data of questions closed longer ago than the retention period.

Run it daily (cron / systemd timer). Only aggregates-relevant fields remain.
"""

from django.core.management.base import BaseCommand

from scharnier.casework.services import anonymise_closed_questions, retention_months


class Command(BaseCommand):
    help = "Anonimiseer afgesloten vragen na de bewaartermijn (standaard 24 maanden)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Bewaartermijn in maanden (standaard: CASEWORK_RETENTION_MONTHS).",
        )

    def handle(self, *args, months: int | None = None, **options) -> None:
        months = retention_months() if months is None else months
        if months < 0:
            self.stderr.write("--months moet 0 of meer zijn.")
            raise SystemExit(2)
        count = anonymise_closed_questions(months=months)
        self.stdout.write(f"{count} vraag/vragen geanonimiseerd (bewaartermijn {months} maanden).")
