"""Retention job: erase reply addresses of signals whose thread was closed or rejected longer
ago than the retention period, and the texts and links of old replies to answers.

Celery beat runs it nightly (`scharnier.anonymise_closed_signals`); this is the same by hand.
"""

from django.core.management.base import BaseCommand

from scharnier.signals.retention import anonymise_closed_signals, retention_months


class Command(BaseCommand):
    help = (
        "Wis e-mailadressen van signalen in afgeronde of afgewezen rode draden en de toelichting "
        "bij oude reacties na de bewaartermijn (standaard 3 maanden)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--months",
            type=int,
            default=None,
            help="Bewaartermijn in maanden (standaard: SIGNALS_RETENTION_MONTHS).",
        )

    def handle(self, *args, months: int | None = None, **options) -> None:
        months = retention_months() if months is None else months
        if months < 0:
            self.stderr.write("--months moet 0 of meer zijn.")
            raise SystemExit(2)
        result = anonymise_closed_signals(months=months)
        self.stdout.write(
            f"{result.signals} e-mailadres(sen) van signalen en {result.feedback} reactie(s) "
            f"gewist (bewaartermijn {months} maanden)."
        )
