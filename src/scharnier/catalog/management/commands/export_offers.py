"""`manage.py export_offers [--format csv|json] [--provider SLUG] [-o FILE]`."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser

from scharnier.catalog import fileformat
from scharnier.catalog.exporting import FORMATS, export_offers
from scharnier.catalog.models import VOCABULARIES, ScopeLevel
from scharnier.organisations.models import Organisation


def format_docs() -> str:
    """docs/import-format.md, generated from the column definitions and vocabularies."""
    vocabularies = {
        name: [(term.code, term.label) for term in model.objects.order_by("position", "code")]
        for name, model in VOCABULARIES.items()
    }
    vocabularies["scope_level"] = [(level.value, str(level.label)) for level in ScopeLevel]
    return fileformat.render_markdown(vocabularies)


class Command(BaseCommand):
    help = "Schrijft aanbod weg als CSV (voor Excel) of JSON, in het importformaat."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=FORMATS, default="csv")
        parser.add_argument("--provider", help="alleen aanbod van deze aanbieder (slug)")
        parser.add_argument(
            "--delimiter",
            choices=[";", ","],
            default=";",
            help="scheidingsteken in CSV (standaard ; voor Nederlandse Excel)",
        )
        parser.add_argument(
            "--include-archived", action="store_true", help="ook gearchiveerd aanbod"
        )
        parser.add_argument("-o", "--output", help="bestand (standaard: de uitvoer)")
        parser.add_argument(
            "--docs",
            action="store_true",
            help="schrijf de beschrijving van het bestandsformaat (Markdown) in plaats van aanbod",
        )

    def handle(self, *args, **options) -> None:
        if options["docs"]:
            content = format_docs().encode("utf-8")
        else:
            provider = None
            if options["provider"]:
                provider = Organisation.objects.filter(slug=options["provider"]).first()
                if provider is None:
                    raise CommandError(f"Onbekende aanbieder: {options['provider']}")
            content = export_offers(
                format=options["format"],
                provider=provider,
                delimiter=options["delimiter"],
                include_archived=options["include_archived"],
            )
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(f"Geschreven: {options['output']} ({len(content):,} bytes)")
        else:
            self.stdout.write(content.decode("utf-8"), ending="")
