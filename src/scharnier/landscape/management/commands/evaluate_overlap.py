"""Precision, recall and F1 of the overlap detector and a plain TF-IDF baseline, side by side."""

from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand

from scharnier.catalog.models import Offer
from scharnier.demo.services import load_demo_data
from scharnier.landscape.evaluation import (
    HARD_PAIRS_FILE,
    JARGON_PAIRS_FILE,
    PAIRS_FILE,
    PROPOSALS_DEV_FILES,
    THEME_PAIRS_FILE,
    WRITER_PAIRS_FILE,
    cross_validated,
    evaluate,
)
from scharnier.landscape.evaluation import independent as independent_set
from scharnier.matching.independent import load_independent_catalog


class Command(BaseCommand):
    help = "Meet de overlapdetectie op de gelabelde paren (make eval)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--errors", action="store_true", help="Toon de fout beoordeelde paren.")
        parser.add_argument(
            "--independent",
            help="Map met de onafhankelijke catalogus; draai dit op een aparte, lege database.",
        )
        parser.add_argument(
            "--labels",
            help="Met --independent: map met proposals.json (en pairs.json, als die er is) bij "
            "die catalogus (standaard de onafhankelijke set).",
        )
        parser.add_argument(
            "--title",
            default="onafhankelijke",
            help="Naam van de set in de uitvoer, bijvoorbeeld 'dev2'.",
        )
        parser.add_argument(
            "--dev-proposals",
            action="store_true",
            help="Meet de consistentietoets op de dev-voorstellen tegen de democatalogus "
            "(laadt de demodata; draai dit op een aparte database).",
        )

    def handle(self, *args, errors=False, **options) -> None:
        if options.get("independent"):
            labels = Path(options["labels"]) if options.get("labels") else independent_set.FOLDER
            self._independent(Path(options["independent"]), labels, options["title"])
            return
        if options.get("dev_proposals"):
            self._dev_proposals()
            return
        for label, path in (
            ("dev pairs", PAIRS_FILE),
            ("dev hard pairs (jargon, neighbouring types, copies)", HARD_PAIRS_FILE),
            ("dev theme pairs (other themes, level of detail)", THEME_PAIRS_FILE),
            ("dev jargon pairs (plain words vs jargon, same-block negatives)", JARGON_PAIRS_FILE),
            ("dev writer pairs (other type families, two writers, copies)", WRITER_PAIRS_FILE),
        ):
            result = evaluate(path)
            self.stdout.write(
                f"Overlap evaluation, {label}: {result.pair_count} labelled pairs, "
                f"{result.positives} overlaps; embedding model {result.model_name}"
            )
            self.stdout.write(
                f"{'method':<42}{'threshold':>10}{'precision':>11}{'recall':>9}{'F1':>8}"
            )
            for scores in (result.detector, result.baseline, result.text_only):
                self.stdout.write(
                    f"{scores.name:<42}{scores.threshold:>10.3f}{scores.precision:>11.3f}"
                    f"{scores.recall:>9.3f}{scores.f1:>8.3f}"
                )
            if errors:
                for item in result.errors:
                    self.stdout.write(str(item))
        fold = cross_validated()
        self.stdout.write(
            f"{'detector, threshold tuned on other half':<42}{'2-fold':>10}"
            f"{fold.precision:>11.3f}{fold.recall:>9.3f}{fold.f1:>8.3f}"
        )
        self.stdout.write(
            "Baselines use the best threshold on this very set (optimistic for them); the "
            "detector uses its fixed threshold from scharnier.landscape.overlap."
        )

    def _proposal_line(self, label: str, proposals) -> None:
        self.stdout.write(
            f"Consistentietoets, {label}: recall@{independent_set.RECALL_AT} "
            f"{proposals.recall:.3f} ({proposals.found_at_5}/{proposals.duplicates} duplicaten), "
            f"valse alarmen {proposals.false_alarms}/{proposals.new_proposals} nieuwe voorstellen "
            f"({10 * proposals.false_alarms / max(proposals.new_proposals, 1):.1f} per 10); "
            f"{proposals.hits_with_reasons}/{proposals.hits} treffers met uitleg."
        )
        if proposals.misses or proposals.alarms:
            self.stdout.write(
                f"  gemist: {', '.join(proposals.misses)}; alarm: {', '.join(proposals.alarms)}"
            )

    def _dev_proposals(self) -> None:
        """Dev proposals (tuned on) against the demo catalog, which is loaded when missing."""
        call_command("migrate", verbosity=0, interactive=False)
        if not Offer.objects.exists():
            load_demo_data()
        for path in PROPOSALS_DEV_FILES:
            proposals = independent_set.evaluate_proposals(path=path)
            self._proposal_line(f"dev {path.name}", proposals)

    def _independent(self, folder: Path, labels: Path, title: str) -> None:
        call_command("migrate", verbosity=0, interactive=False)
        self.stdout.write(f"Catalogus ({title}): {load_independent_catalog(folder)}")
        if (labels / "pairs.json").exists():
            self._pairs(labels, title)
        proposals = independent_set.evaluate_proposals(labels)
        self.stdout.write("")
        self._proposal_line(f"{title} voorstellen", proposals)
        # More proposal files beside it (dev2's second file, session 51), each on its own line.
        for path in sorted(labels.glob("proposals_*.json")):
            extra = independent_set.evaluate_proposals(labels, path=path)
            self._proposal_line(f"{title} {path.name}", extra)

    def _pairs(self, labels: Path, title: str) -> None:
        pairs = independent_set.evaluate_pairs(labels)
        self.stdout.write(
            f"\nOverlap, {title} paren ({pairs.detector.tp + pairs.detector.fn} overlap, "
            f"{pairs.detector.fp + pairs.detector.tn} geen; {pairs.missing} niet gevonden); "
            f"model {independent_set.model_name()}"
        )
        self.stdout.write(f"{'method':<42}{'threshold':>10}{'precision':>11}{'recall':>9}{'F1':>8}")
        for scores in (pairs.detector, pairs.analysis, pairs.baseline):
            if scores is None:
                continue
            self.stdout.write(
                f"{scores.name:<42}{scores.threshold:>10.3f}{scores.precision:>11.3f}"
                f"{scores.recall:>9.3f}{scores.f1:>8.3f}"
            )
        if pairs.reported is not None:
            counts = pairs.reported
            self.stdout.write(
                f"De analyse over de hele catalogus ({counts.offers} aanbiedingen) meldt "
                f"{counts.pairs} paren: {counts.labelled_overlap} gelabeld overlap, "
                f"{counts.labelled_apart} gelabeld geen overlap, {counts.unlabelled} zonder label "
                "(hun precisie telt in de F1 hierboven niet mee)."
            )
