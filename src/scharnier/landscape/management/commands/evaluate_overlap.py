"""Precision, recall and F1 of the overlap detector and a plain TF-IDF baseline, side by side."""

from django.core.management.base import BaseCommand

from scharnier.landscape.evaluation import cross_validated, evaluate


class Command(BaseCommand):
    help = "Meet de overlapdetectie op de gelabelde paren (make eval)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--errors", action="store_true", help="Toon de fout beoordeelde paren.")

    def handle(self, *args, errors=False, **options) -> None:
        result = evaluate()
        self.stdout.write(
            f"Overlap evaluation: {result.pair_count} labelled pairs, {result.positives} overlaps; "
            f"embedding model {result.model_name}"
        )
        self.stdout.write(f"{'method':<42}{'threshold':>10}{'precision':>11}{'recall':>9}{'F1':>8}")
        for scores in (result.detector, result.baseline, result.text_only):
            self.stdout.write(
                f"{scores.name:<42}{scores.threshold:>10.3f}{scores.precision:>11.3f}"
                f"{scores.recall:>9.3f}{scores.f1:>8.3f}"
            )
        fold = cross_validated()
        self.stdout.write(
            f"{'detector, threshold tuned on other half':<42}{'2-fold':>10}"
            f"{fold.precision:>11.3f}{fold.recall:>9.3f}{fold.f1:>8.3f}"
        )
        self.stdout.write(
            "Baselines use the best threshold on this very set (optimistic for them); the "
            "detector uses its fixed threshold from scharnier.landscape.overlap."
        )
        if errors:
            for item in result.errors:
                self.stdout.write(str(item))
