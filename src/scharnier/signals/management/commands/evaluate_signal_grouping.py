"""Pairwise F1 and adjusted Rand index of the grouping vs a TF-IDF baseline, per split."""

import json

from django.core.management.base import BaseCommand

from scharnier.signals.evaluation import metrics


class Command(BaseCommand):
    help = "Meet de kwaliteit van de groepering in rode draden op de gelabelde set."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--tune", action="store_true", help="zoek parameters op dev")
        parser.add_argument(
            "--tune-incremental", action="store_true", help="zoek parameters per binnenkomst op dev"
        )
        parser.add_argument(
            "--seed-spread",
            action="store_true",
            help="ruis op dev: kruisvalidatie per seed van de projectie",
        )
        parser.add_argument("--json", action="store_true", help="uitvoer als JSON")
        parser.add_argument(
            "--split", choices=metrics.SPLITS, action="append", help="alleen deze split(s)"
        )

    def handle(self, *args, **options) -> None:
        if options["tune"]:
            self.stdout.write(json.dumps(metrics.tune(), indent=2, default=str))
            return
        if options["seed_spread"]:
            self.stdout.write(json.dumps(metrics.seed_spread(), indent=2, default=str))
            return
        if options["tune_incremental"]:
            self.stdout.write(json.dumps(metrics.tune_incremental(), indent=2, default=str))
            return
        report = metrics.evaluate(tuple(options["split"] or metrics.SPLITS))
        if options["json"]:
            self.stdout.write(json.dumps(report | {"environment": metrics.environment()}, indent=2))
            return
        environment = metrics.environment()
        self.stdout.write("omgeving: " + "; ".join(f"{k} {v}" for k, v in environment.items()))
        for split, result in report.items():
            prints = result["fingerprint"]
            self.stdout.write(
                f"{split}: {result['signals']} signalen, {result['threads']} rode draden "
                f"(vingerafdruk e5 {prints['e5']}, vectoren {prints['vectors']})"
            )
            for name in (
                "project",
                "project_incremental",
                "incremental_after_regroup",
                "baseline",
            ):
                s = result[name]
                self.stdout.write(
                    f"  {name:26s} pairwise F1 {s['f1']:.3f} (P {s['precision']:.3f}, "
                    f"R {s['recall']:.3f})  ARI {s['ari']:.3f}  groepen {s['groups']}"
                )
            gain = result["project"]["f1"] / max(result["baseline"]["f1"], 1e-9) - 1
            self.stdout.write(f"  verschil met baseline: {gain:+.0%}")
            first = result["analysts_first_half"]
            self.stdout.write(
                f"  eerste helft door analist geplaatst, tweede helft gegroepeerd: pairwise F1 "
                f"{first['learned']['f1']:.3f} met geleerde richtingen, "
                f"{first['shipped']['f1']:.3f} met de meegeleverde"
            )
            r = result["review"]
            self.stdout.write(
                f"  nakijklijst: {r['groups_to_merge']} groepen horen samen, partner eerst "
                f"{r['merge_first_right']:.0%}, in de lijst {r['merge_in_list']:.0%}; "
                f"verplaatsen P {r['move_precision']:.2f} R {r['move_recall']:.2f} "
                f"({r['flagged']} gemarkeerd, {r['misplaced']} verkeerd); splitsen: "
                f"{r['groups_to_split']} groepen met twee draden, {r['split_right']} van "
                f"{r['seams_shown']} voorstellen juist; analist die alleen "
                f"juiste suggesties volgt ({r['read']} gelezen): F1 {r['assisted']['f1']:.3f}"
            )
