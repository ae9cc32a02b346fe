"""Evaluation of the overlap detector on the labelled pairs (pairs.json, from concepts.json).

The pairs are self-contained (texts and fields written for this purpose), so the measurement does
not depend on the demo catalog. Areas are CBS codes, expanded with the geography tables.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from ..features import AreaExpander, embed_texts, offer_text, vector_model
from ..overlap import PAIR_THRESHOLD, OfferFeatures, score_pairs

PAIRS_FILE = Path(__file__).resolve().parent / "pairs.json"
# Harder dev pairs (issue 12): jargon, neighbouring offer types, national scheme vs regional
# copies, and negatives in the same block. Part of the dev set: tuned on, like pairs.json.
HARD_PAIRS_FILE = Path(__file__).resolve().parent / "hard_pairs.json"
# Dev pairs of session 17 (issue 12): the same help coded under other themes or written at
# another level of detail, and negatives of the same instrument under other themes. Dev too.
THEME_PAIRS_FILE = Path(__file__).resolve().parent / "hard_pairs_2.json"
# Dev pairs of session 19 (issue 12): 12 jargon overlaps (plain words vs the trade's terms) and
# 12 negatives with the same theme and instrument but another purpose. Dev too.
JARGON_PAIRS_FILE = Path(__file__).resolve().parent / "hard_pairs_3.json"
# Dev pairs of session 20 (issue 12): the same help coded with offer types of other families
# (workshop vs course, self-test vs checklist page), the same service written by two providers
# independently, and national schemes with a regional copy in other words; with negatives of
# each kind. Dev too.
WRITER_PAIRS_FILE = Path(__file__).resolve().parent / "hard_pairs_4.json"

# Dev proposals for the consistency test, against the demo catalog (`load_demo_data`): the
# first set (session 19), a harder one (session 20: duplicates further from the original
# wording or coded under a neighbouring theme, new proposals that share theme and area) and a
# larger third one (session 22, 95 proposals) so that one proposal no longer decides a rule.
PROPOSALS_DEV_FILES = (
    Path(__file__).resolve().parent / "proposals_dev.json",
    Path(__file__).resolve().parent / "proposals_dev_2.json",
    Path(__file__).resolve().parent / "proposals_dev_3.json",
    Path(__file__).resolve().parent / "proposals_dev_4.json",
)


def load_pairs(path: Path = PAIRS_FILE) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def features_of(item: dict, expander: AreaExpander, key: str) -> OfferFeatures:
    return OfferFeatures(
        key=key,
        text=offer_text(item["title"], item["summary"]),
        themes=frozenset(item["themes"]),
        phases=frozenset(item["journey_phases"]),
        offer_type=item["offer_type"],
        scope_level="nationaal" if item["area"] == "NL" else "gebied",
        coverage=expander.coverage([item["area"]]),
        size_classes=frozenset(item.get("size_classes", [])),
        sbi_sections=frozenset(item.get("sbi_sections", [])),
        min_employees=item.get("min_employees"),
        max_employees=item.get("max_employees"),
        min_company_age=item.get("min_company_age"),
        valid_from=_date(item.get("valid_from")),
        valid_until=_date(item.get("valid_until")),
    )


@dataclass(frozen=True)
class Scores:
    name: str
    threshold: float
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def confusion(name: str, threshold: float, predicted: list[bool], truth: list[bool]) -> Scores:
    pairs = list(zip(predicted, truth, strict=True))
    return Scores(
        name=name,
        threshold=threshold,
        tp=sum(p and t for p, t in pairs),
        fp=sum(p and not t for p, t in pairs),
        fn=sum(t and not p for p, t in pairs),
        tn=sum(not p and not t for p, t in pairs),
    )


def best_threshold(name: str, values: np.ndarray, truth: list[bool]) -> Scores:
    """The threshold with the best F1 on the set itself (an optimistic, oracle baseline)."""
    best: Scores | None = None
    for threshold in sorted(set(np.round(values, 4))):
        scores = confusion(name, float(threshold), list(values >= threshold), truth)
        if best is None or scores.f1 > best.f1:
            best = scores
    assert best is not None
    return best


@dataclass
class Evaluation:
    detector: Scores
    baseline: Scores
    text_only: Scores
    errors: list[dict]
    pair_count: int
    positives: int
    model_name: str


@cache
def _scored_pairs(path: Path = PAIRS_FILE):
    pairs = load_pairs(path)
    expander = AreaExpander()
    left = [features_of(p["a"], expander, f"{p['id']}-a") for p in pairs]
    right = [features_of(p["b"], expander, f"{p['id']}-b") for p in pairs]
    vectors = embed_texts([f.text for f in left + right])
    n = len(pairs)
    return pairs, left, right, score_pairs(left, right, vectors[:n], vectors[n:])


def cross_validated() -> Scores:
    """2-fold check that the threshold is not fitted to the set: concepts split odd/even,
    the threshold tuned on one half and applied to the other."""
    pairs, _left, _right, scored = _scored_pairs()
    fold = [int(p["id"][1:3]) % 2 for p in pairs]
    truth = [bool(p["overlap"]) for p in pairs]
    gated = np.array([score if compatible else -1.0 for score, _, _, compatible in scored])
    totals = {"tp": 0, "fp": 0, "fn": 0, "tn": 0}
    for held_out in (0, 1):
        train = [i for i, f in enumerate(fold) if f != held_out]
        test = [i for i, f in enumerate(fold) if f == held_out]
        tuned = best_threshold("fold", gated[train], [truth[i] for i in train])
        result = confusion(
            "fold", tuned.threshold, list(gated[test] >= tuned.threshold), [truth[i] for i in test]
        )
        for name in totals:
            totals[name] += getattr(result, name)
    return Scores(name="detector-2-fold", threshold=float("nan"), **totals)


def evaluate(path: Path = PAIRS_FILE) -> Evaluation:
    pairs, left, right, scored = _scored_pairs(path)
    truth = [bool(p["overlap"]) for p in pairs]
    n = len(pairs)
    predicted = [compatible and score >= PAIR_THRESHOLD for score, _, _, compatible in scored]
    detector = confusion("detector", PAIR_THRESHOLD, predicted, truth)
    # Plain TF-IDF cosine on words, fitted on all texts of the set.
    texts = [f.text for f in left + right]
    matrix = TfidfVectorizer().fit_transform(texts)
    cosine = np.asarray(matrix[:n].multiply(matrix[n:]).sum(axis=1)).ravel()
    baseline = best_threshold("tfidf-cosine", cosine, truth)
    blended = np.array([score for score, _, _, _ in scored])
    text_only = best_threshold("blended-text-without-structure", blended, truth)
    errors = [
        {
            "id": p["id"],
            "kind": p["kind"],
            "overlap": p["overlap"],
            "score": round(s[0], 3),
            "compatible": s[3],
        }
        for p, s, guess in zip(pairs, scored, predicted, strict=True)
        if guess != p["overlap"]
    ]
    return Evaluation(
        detector=detector,
        baseline=baseline,
        text_only=text_only,
        errors=errors,
        pair_count=n,
        positives=sum(truth),
        model_name=vector_model(),
    )
