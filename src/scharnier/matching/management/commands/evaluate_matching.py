"""`manage.py evaluate_matching`: nDCG@10, recall@10, MRR and eligibility violations.

Side by side in one run: our hybrid ranker, a PostgreSQL full-text-search baseline (`dutch`,
ts_rank) and plain BM25; on the development set (tuned on) and the held-out set (not tuned on).
Loads the demo catalog first when the labelled offers are missing from the database.
"""

import json
import os
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from scharnier.core import embeddings
from scharnier.matching import evaluation
from scharnier.matching.services import compute_offer_embeddings

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"


class Command(BaseCommand):
    help = "Meet de kwaliteit van het matchen op de gelabelde sets (ontwikkelset en toetsset)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--set",
            action="append",
            dest="sets",
            help="Pad naar een gelabelde set (standaard: ontwikkelset en toetsset).",
        )
        parser.add_argument(
            "--postgres",
            default=os.environ.get("SCHARNIER_EVAL_POSTGRES", DEFAULT_PG),
            help="PostgreSQL-server voor de full-text-search-baseline.",
        )
        parser.add_argument("--no-postgres", action="store_true")
        parser.add_argument("--json", help="Schrijf de cijfers ook naar dit bestand.")
        parser.add_argument("--verbose-cases", action="store_true")

    def handle(self, *args, **options):
        paths = [Path(p) for p in options["sets"] or []] or [
            evaluation.DEVSET_PATH,
            evaluation.HOLDOUT_PATH,
        ]
        # `make eval` may meet a fresh database: bring it up to date first (idempotent).
        call_command("migrate", verbosity=0, interactive=False)
        _, cases = evaluation.load_cases(paths[0])
        if sum(len(c.missing) for c in cases) > sum(len(c.relevant) for c in cases):
            self.stdout.write("Demo-aanbod ontbreekt; load_demo_data wordt uitgevoerd ...")
            with open(os.devnull, "w") as sink:
                call_command("load_demo_data", stdout=sink)
        started = time.perf_counter()
        computed = compute_offer_embeddings()
        self.stdout.write(
            f"Tekstkenmerken: {computed} aanbiedingen (her)berekend in "
            f"{time.perf_counter() - started:.1f} s; model {embeddings.MODEL_NAME}."
        )
        oracle = evaluation.EligibilityOracle()
        results = {}
        failed = False
        for path in paths:
            today, cases = evaluation.load_cases(path)
            reports = self._evaluate(path, today, cases, oracle, options)
            results[path.name] = [
                {k: v for k, v in vars(r).items() if k != "per_case"} for r in reports
            ]
            failed |= reports[0].ineligible > 0
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as handle:
                json.dump({"model": embeddings.MODEL_NAME, "sets": results}, handle, indent=2)
        if failed:
            raise CommandError("De ranker gaf aanbod terug dat het bedrijf niet mag gebruiken.")

    def _evaluate(self, path, today, cases, oracle, options):
        missing = [m for c in cases for m in c.missing]
        if missing:
            self.stderr.write(
                f"Let op: {len(missing)} gelabelde aanbiedingen staan niet in de database: "
                + ", ".join(missing[:10])
            )
        systems = [("scharnier-ranker", evaluation.ranker_system(today))]
        pg = None
        if not options["no_postgres"]:
            try:
                pg = evaluation.PostgresFtsBaseline(today, options["postgres"])
                systems.append(("postgres-fts (dutch, ts_rank)", pg))
            except Exception as error:  # noqa: BLE001 - report and go on without it
                self.stderr.write(f"PostgreSQL-baseline overgeslagen: {error}")
        systems.append(("bm25 (plain)", evaluation.Bm25Baseline(today)))
        reports = []
        for name, system in systems:
            started = time.perf_counter()
            report = evaluation.evaluate(name, system, cases, today, oracle)
            report.seconds = time.perf_counter() - started
            reports.append(report)
        if pg is not None:
            pg.close()
        labelled = sum(1 for c in cases if c.relevant)
        self.stdout.write(
            f"\n{path.name}: {len(cases)} vragen ({labelled} met passend aanbod), "
            f"peildatum {today}."
        )
        self.stdout.write(
            f"{'systeem':32} {'nDCG@10':>8} {'recall@10':>10} {'MRR':>6} "
            f"{'niet-toegestaan':>16} {'niets-past goed':>16} {'ms/vraag':>9}"
        )
        for r in reports:
            self.stdout.write(
                f"{r.name:32} {r.ndcg:8.3f} {r.recall:10.3f} {r.mrr:6.3f} {r.ineligible:16d} "
                f"{r.no_fit_correct:>9d}/{r.no_fit_total:<6d} {1000 * r.seconds / len(cases):9.1f}"
            )
        ours, baselines = reports[0], reports[1:]
        best = max(baselines, key=lambda r: r.ndcg)
        gain = (ours.ndcg / best.ndcg - 1) if best.ndcg else float("inf")
        self.stdout.write(
            f"Ranker t.o.v. beste baseline ({best.name}): {gain:+.1%} nDCG@10. "
            f"Doelen: nDCG@10 >= 0.75 ({'gehaald' if ours.ndcg >= 0.75 else 'NIET gehaald'}), "
            f">= +25% ({'gehaald' if gain >= 0.25 else 'NIET gehaald'}), "
            f"0 niet-toegestane ({'gehaald' if ours.ineligible == 0 else 'NIET gehaald'})."
        )
        if options["verbose_cases"]:
            by_id = {c.id: c for c in cases}
            for case_id, score in sorted(ours.per_case.items(), key=lambda kv: kv[1])[:15]:
                self.stdout.write(f"  {case_id} {score:.2f} {by_id[case_id].question}")
        return reports
