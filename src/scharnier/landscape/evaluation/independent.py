"""The overlap detector and the consistency test on the independent set (issue 12).

Runs on the database into which `scharnier.matching.independent` imported the set's own
catalog (a separate, empty database: see `make eval`). Reported, never tuned on.

- Pairs (`independent/pairs.json`, keys "provider/kenmerk"): an offer pair is predicted to
  overlap when the analysis would compare it (both current on the reference date), it is
  structurally compatible and its score reaches the fixed threshold. Baseline: word TF-IDF
  cosine of the same texts with the best threshold on this very set (optimistic for it).
  Also measured as the analysis runs: a pair counts as predicted when
  `find_overlapping_pairs` over the whole current catalog reports it (blocking included).
- Proposals (`independent/proposals.json`): each goes through `clean_proposal` and
  `evaluate_proposal` like the API; recall@5 over all listed duplicates, and false alarms:
  genuinely new proposals for which the test reports any overlap.
"""

from __future__ import annotations

import datetime
import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from scharnier.catalog.models import Offer, OfferStatus

from .. import overlap
from ..features import cached_vectors, catalog_features, vector_model
from ..services import clean_proposal, evaluate_proposal
from . import Scores, best_threshold, confusion

FOLDER = Path(__file__).resolve().parent / "independent"
REFERENCE_DATE = datetime.date(2026, 11, 30)
RECALL_AT = 5


def _keys() -> dict[str, int]:
    return {
        f"{slug}/{ext}": pk
        for pk, slug, ext in Offer.objects.values_list("pk", "provider__slug", "external_id")
    }


@dataclass
class Reported:
    """What the analysis reports over the whole catalogue, against the labels: the F1 above
    counts labelled pairs only, so unlabelled reports are the part whose precision is unmeasured."""

    offers: int
    pairs: int
    labelled_overlap: int
    labelled_apart: int

    @property
    def unlabelled(self) -> int:
        return self.pairs - self.labelled_overlap - self.labelled_apart


@dataclass
class PairResult:
    detector: Scores
    baseline: Scores
    missing: int
    analysis: Scores | None = None
    reported: Reported | None = None


def evaluate_pairs(folder: Path = FOLDER, today: datetime.date = REFERENCE_DATE) -> PairResult:
    pairs = json.loads((folder / "pairs.json").read_text(encoding="utf-8"))
    keys = _keys()
    usable = [p for p in pairs if p["a"] in keys and p["b"] in keys]
    features = {f.key: f for f in catalog_features()}
    current = set(Offer.objects.with_status(OfferStatus.ACTIVE, today).values_list("pk", flat=True))
    left = [features[keys[p["a"]]] for p in usable]
    right = [features[keys[p["b"]]] for p in usable]
    unique = list({f.key: f for f in left + right}.values())
    row = {f.key: k for k, f in enumerate(unique)}
    stored = cached_vectors(unique)
    vectors = stored[[row[f.key] for f in left + right]]
    n = len(usable)
    scored = overlap.score_pairs(left, right, vectors[:n], vectors[n:])
    truth = [bool(p["overlap"]) for p in usable]
    predicted = [
        a.key in current and b.key in current and compatible and score >= overlap.PAIR_THRESHOLD
        for a, b, (score, _s, _t, compatible) in zip(left, right, scored, strict=True)
    ]
    detector = confusion("detector", overlap.PAIR_THRESHOLD, predicted, truth)
    matrix = TfidfVectorizer().fit_transform([f.text for f in left + right])
    cosine = np.asarray(matrix[:n].multiply(matrix[n:]).sum(axis=1)).ravel()
    baseline = best_threshold("tfidf-cosine", cosine, truth)
    analysis, reported = _as_analysed(left, right, truth, today)
    return PairResult(detector, baseline, len(pairs) - n, analysis, reported)


def _as_analysed(left, right, truth: list[bool], today: datetime.date) -> tuple[Scores, Reported]:
    """The labelled pairs that the analysis itself reports over the current catalog, and how
    many of all its reports carry a label."""
    features = catalog_features(today=today)
    found, _candidates = overlap.find_overlapping_pairs(features, cached_vectors(features))
    reported = {frozenset((features[p.a].key, features[p.b].key)) for p in found}
    labels = {frozenset((a.key, b.key)): t for a, b, t in zip(left, right, truth, strict=True)}
    predicted = [frozenset((a.key, b.key)) in reported for a, b in zip(left, right, strict=True)]
    counts = Reported(
        offers=len(features),
        pairs=len(reported),
        labelled_overlap=sum(1 for r in reported if labels.get(r) is True),
        labelled_apart=sum(1 for r in reported if labels.get(r) is False),
    )
    return (
        confusion("detector, as the analysis runs", overlap.PAIR_THRESHOLD, predicted, truth),
        counts,
    )


_FIELDS = {
    "titel": "title",
    "samenvatting": "summary",
    "beschrijving": "description",
    "soort": "offer_type",
    "themas": "themes",
    "fasen": "journey_phases",
    "grootteklassen": "size_classes",
    "sectoren": "sbi_sections",
    "gebied": "scope_level",
    "provincies": "provinces",
    "regios": "regions",
    "gemeenten": "municipalities",
    "min_medewerkers": "min_employees",
    "max_medewerkers": "max_employees",
    "min_bedrijfsleeftijd": "min_company_age_years",
    "geldig_vanaf": "valid_from",
    "geldig_tot": "valid_until",
}


def proposal_input(item: dict) -> dict:
    """A proposal in the import's column names -> the consistency test's input."""
    return {target: item[source] for source, target in _FIELDS.items() if source in item}


@dataclass
class ProposalResult:
    duplicates: int = 0
    found_at_5: int = 0
    new_proposals: int = 0
    false_alarms: int = 0
    hits_with_reasons: int = 0
    hits: int = 0
    misses: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found_at_5 / self.duplicates if self.duplicates else 0.0


def evaluate_proposals(
    folder: Path = FOLDER, today: datetime.date = REFERENCE_DATE, path: Path | None = None
) -> ProposalResult:
    """`path`: another proposals file in the same format (the dev sets against the demo catalog)."""
    path = path or folder / "proposals.json"
    proposals = json.loads(path.read_text(encoding="utf-8"))
    key_of = {
        str(public_id): f"{slug}/{ext}"
        for public_id, slug, ext in Offer.objects.values_list(
            "public_id", "provider__slug", "external_id"
        )
    }
    result = ProposalResult()
    for item in proposals:
        _verdict, found = evaluate_proposal(clean_proposal(proposal_input(item)), today)
        hits = found["overlaps"]
        result.hits += len(hits)
        result.hits_with_reasons += sum(1 for h in hits if h.get("reasons"))
        top = [key_of[h["offer"]] for h in hits[:RECALL_AT]]
        if item["duplicates"]:
            result.duplicates += len(item["duplicates"])
            found_here = sum(1 for d in item["duplicates"] if d in top)
            result.found_at_5 += found_here
            if found_here < len(item["duplicates"]):
                result.misses.append(item["voorstel"])
        else:
            result.new_proposals += 1
            if hits:
                result.false_alarms += 1
                result.alarms.append(item["voorstel"])
    return result


def model_name() -> str:
    return vector_model()
