"""`manage.py import_offers FILE [--provider SLUG] [--dry-run]`: read a CSV/JSON file of offers."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scharnier.catalog.importing import import_offers
from scharnier.organisations.models import Organisation


class Command(BaseCommand):
    help = "Leest aanbod in uit een CSV- of JSON-bestand (alles of niets)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="CSV- of JSON-bestand met aanbod")
        parser.add_argument(
            "--provider",
            help="korte naam (slug) van de aanbieder: alle rijen horen bij deze organisatie",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="alleen controleren, niets opslaan"
        )

    def handle(self, *args, **options) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        provider = None
        if options["provider"]:
            provider = Organisation.objects.filter(slug=options["provider"]).first()
            if provider is None:
                raise CommandError(f"Onbekende aanbieder: {options['provider']}")

        def progress(done: int, total: int) -> None:
            self.stdout.write(f"{done} van {total} rijen gecontroleerd")
            self.stdout.flush()

        report = import_offers(
            content=path.read_bytes(),
            filename=path.name,
            actor=None,
            provider=provider,
            dry_run=options["dry_run"],
            progress=progress,
        )
        for problem in report.problems:
            where = []
            if problem.row is not None:
                where.append(f"rij {problem.row}")
            if problem.field:
                where.append(f"kolom {problem.field}")
            prefix = ", ".join(where) or "bestand"
            self.stderr.write(f"{prefix}: {problem.message}")
        if not report.ok:
            shown = (
                f" (de eerste {len(report.problems)} staan hierboven)"
                if report.more_problems
                else ""
            )
            raise CommandError(
                f"{report.problem_count} probleem/problemen gevonden{shown}. "
                "Er is niets opgeslagen."
            )
        summary = (
            f"nieuw: {report.created}, bijgewerkt: {report.updated}, "
            f"ongewijzigd: {report.unchanged}"
        )
        if report.dry_run:
            self.stdout.write(f"Alleen gecontroleerd, niets opgeslagen. Zou worden: {summary}")
        else:
            self.stdout.write(self.style.SUCCESS(f"Klaar. {summary}"))
