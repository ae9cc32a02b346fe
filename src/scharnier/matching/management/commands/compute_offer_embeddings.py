"""`manage.py compute_offer_embeddings`: (re)compute the stored text features of offers.

Normally not needed: the catalog's `offers_changed` signal keeps them current. Use it after
changing the embedding model or the thesaurus-independent text analysis, or to fill a database
that was loaded without signals.
"""

import sys
import time

from django.core.management.base import BaseCommand

from scharnier.core import embeddings
from scharnier.matching.services import compute_offer_embeddings


class Command(BaseCommand):
    help = "Bereken de tekstkenmerken (embeddings en lemma's) van het aanbod opnieuw."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Ook aanbod waarvan de tekst niet veranderde."
        )

    def handle(self, *args, **options):
        started = time.perf_counter()

        def progress(done: int, total: int) -> None:
            sys.stderr.write(f"\r{done}/{total} aanbiedingen")
            sys.stderr.flush()

        count = compute_offer_embeddings(force=options["force"], progress=progress)
        sys.stderr.write("\n")
        self.stdout.write(
            f"{count} aanbiedingen (her)berekend met {embeddings.MODEL_NAME} in "
            f"{time.perf_counter() - started:.1f} s."
        )
