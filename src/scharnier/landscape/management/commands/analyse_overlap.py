"""Run the overlap analysis over the whole catalog, with progress on stderr."""

import time

from django.core.management.base import BaseCommand

from scharnier.landscape.services import run_overlap_analysis

STAGES = {
    "features": "Aanbod gelezen",
    "embeddings": "Teksten omgezet naar betekenis",
    "blocks": "Groepen vergeleken",
    "stored": "Clusters opgeslagen",
}


class Command(BaseCommand):
    help = "Zoek overlap in het hele aanbod en bewaar paren en clusters."

    def handle(self, *args, **options) -> None:
        start = time.perf_counter()
        last = {"stage": "", "at": 0.0}

        def progress(stage: str, done: int, total: int) -> None:
            now = time.perf_counter()
            # At most a few lines per second, and always the last line of a stage.
            if stage == last["stage"] and done < total and now - last["at"] < 0.5:
                return
            last.update(stage=stage, at=now)
            self.stderr.write(f"{STAGES.get(stage, stage)}: {done}/{total}")

        analysis = run_overlap_analysis(progress=progress)
        self.stdout.write(
            f"Klaar in {time.perf_counter() - start:.1f} s: {analysis.offer_count} aanbiedingen, "
            f"{analysis.candidate_count} paren vergeleken, {analysis.pair_count} overlappende "
            f"paren in {analysis.cluster_count} clusters."
        )
