"""Retention job: erase name, e-mail address and firm key of participants of meetings held
longer ago than the retention period.

Celery beat runs it nightly (`scharnier.erase_past_participants`); this is the same by hand.
"""

from django.core.management.base import BaseCommand

from scharnier.communities.retention import erase_past_participants, retention_months


class Command(BaseCommand):
    help = (
        "Wis naam, e-mailadres en bedrijfssleutel van deelnemers aan bijeenkomsten die langer "
        "geleden zijn dan de bewaartermijn (standaard 24 maanden)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Bewaartermijn in maanden (standaard: COMMUNITIES_PARTICIPANT_RETENTION_MONTHS).",
        )

    def handle(self, *args, months: int | None = None, **options) -> None:
        months = retention_months() if months is None else months
        if months < 0:
            self.stderr.write("--months moet 0 of meer zijn.")
            raise SystemExit(2)
        erased = erase_past_participants(months=months)
        self.stdout.write(f"{erased} deelnemer(s) gewist (bewaartermijn {months} maanden).")
