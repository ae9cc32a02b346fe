"""Write the public catalog as open data: HSDS 3.0 JSON or CPSV-AP 3.2.0 Turtle."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from scharnier.catalog.opendata.collect import load_catalog
from scharnier.catalog.opendata.cpsv import iter_cpsv_turtle, public_offers
from scharnier.catalog.opendata.hsds import iter_hsds_json

FORMATS = {"hsds": iter_hsds_json, "cpsv": iter_cpsv_turtle}


class Command(BaseCommand):
    help = _(
        "Exporteer het openbare aanbod als open data: HSDS 3.0 (JSON) of CPSV-AP 3.2.0 (Turtle)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--format",
            required=True,
            choices=sorted(FORMATS),
            help=_("hsds = Open Referral HSDS 3.0 JSON; cpsv = CPSV-AP 3.2.0 Turtle."),
        )
        parser.add_argument(
            "-o",
            "--output",
            required=True,
            help=_("Het bestand om te schrijven; '-' schrijft naar het scherm (stdout)."),
        )

    def handle(self, *args, **options) -> None:
        output = options["output"]
        to_stdout = output == "-"
        path = None if to_stdout else Path(output)
        if path is not None:
            if path.is_dir():
                raise CommandError(
                    _("'%(path)s' is een map. Geef een bestandsnaam.") % {"path": path}
                )
            if not path.parent.is_dir():
                raise CommandError(
                    _("De map '%(dir)s' bestaat niet. Maak de map eerst aan.")
                    % {"dir": path.parent}
                )
        snapshot = load_catalog()
        render = FORMATS[options["format"]]
        total = (
            len(public_offers(snapshot)) if options["format"] == "cpsv" else len(snapshot.offers)
        )
        # Progress goes to stderr, so that '-o -' still gives clean data on stdout.
        progress_stream = self.stderr if to_stdout else self.stdout

        def progress(count: int) -> None:
            progress_stream.write(
                _("Aanbod verwerkt: %(count)d van %(total)d") % {"count": count, "total": total}
            )

        # Write to a temporary file first, so a failed export never leaves half a file behind.
        if to_stdout:
            for chunk in render(snapshot, progress=progress):
                sys.stdout.write(chunk)
            sys.stdout.flush()
            return
        partial = path.with_name(path.name + ".partial")
        try:
            with partial.open("w", encoding="utf-8", newline="\n") as handle:
                for chunk in render(snapshot, progress=progress):
                    handle.write(chunk)
            partial.replace(path)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(
                _("Kon '%(path)s' niet schrijven: %(reason)s")
                % {"path": path, "reason": error.strerror or error}
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                _("%(count)d aanbod geëxporteerd naar %(path)s.") % {"count": total, "path": path}
            )
        )
