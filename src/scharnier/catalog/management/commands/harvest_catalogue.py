"""`manage.py harvest_catalogue SLUG FILE`: read an organisation's Samenwerkende Catalogi file."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scharnier.catalog.harvesting import harvest_catalogue
from scharnier.organisations.models import Organisation


class Command(BaseCommand):
    help = (
        "Leest de producten voor ondernemers uit een bestand van de Samenwerkende Catalogi "
        "(SC 4.0 XML) van een provincie of gemeente (alles of niets)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("organisation", help="korte naam (slug) van de organisatie")
        parser.add_argument("file", help="XML-bestand (SC 4.0 of een SRU-antwoord van KOOP)")

    def handle(self, *args, **options) -> None:
        organisation = Organisation.objects.filter(slug=options["organisation"]).first()
        if organisation is None:
            raise CommandError(f"Onbekende organisatie: {options['organisation']}")
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(f"Bestand niet gevonden: {path}")
        report = harvest_catalogue(
            actor=None, organisation=organisation, data=path.read_bytes(), source=path.name
        )
        for problem in report.problems:
            where = f"product {problem.row}" if problem.row is not None else "bestand"
            field = f", {problem.field}" if problem.field else ""
            self.stderr.write(f"{where}{field}: {problem.message}")
        if not report.ok:
            raise CommandError(f"{len(report.problems)} probleem/problemen. Niets opgeslagen.")
        self.stdout.write(
            self.style.SUCCESS(
                f"Klaar. {report.products} producten, {report.for_entrepreneurs} voor "
                f"ondernemers: nieuw {report.new}, gewijzigd {report.updated}, niet meer in de "
                f"catalogus {report.withdrawn}, gevonden in het register {report.linked}."
            )
        )
