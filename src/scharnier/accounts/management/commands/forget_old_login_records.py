"""Retention job: delete login records (django-axes) older than the retention period.

Celery beat runs it nightly (`scharnier.forget_old_login_records`); this is the same by hand.
"""

from django.core.management.base import BaseCommand

from scharnier.accounts.retention import forget_old_login_records, login_record_days


class Command(BaseCommand):
    help = (
        "Verwijder gegevens van inlogpogingen (gebruikersnaam, IP-adres, browser) die ouder zijn "
        "dan de bewaartermijn (standaard 180 dagen)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Bewaartermijn in dagen (standaard: SCHARNIER_LOGIN_RECORD_DAYS).",
        )

    def handle(self, *args, days: int | None = None, **options) -> None:
        days = login_record_days() if days is None else days
        if days < 0:
            self.stderr.write("--days moet 0 of meer zijn.")
            raise SystemExit(2)
        deleted = forget_old_login_records(days=days)
        self.stdout.write(f"{deleted} inlogrecord(s) verwijderd (bewaartermijn {days} dagen).")
