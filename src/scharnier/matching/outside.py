"""Questions that are not about a business at all ("wat wordt het weer morgen", "tandarts zwolle").

Before, "nothing fits" rested on the best cosine to an offer and the best BM25 score alone; any
everyday sentence that shares a word or a mood with some offer passed them (NOTES.md, session 37:
holdout 0/2). This is a logistic regression on the shared sentence model's vector of the question,
trained offline by `data/outside/build.py` on entrepreneurs' own problems (the knelpunten
examples) against everyday sentences written for the project (`everyday_a.json`). The other files
in that folder (`everyday_b.json`, `business_lookalike.json`) are for measuring only.

The ranker asks it only when the question names no theme of the thesaurus: a recognised theme
keeps the question a business question, so the detector can never hide offers from one.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scharnier.core import embeddings

MODEL_PATH = Path(__file__).resolve().parent / "data" / "outside" / "detector.npz"


@dataclass(frozen=True)
class Detector:
    model_name: str
    coef: np.ndarray
    intercept: float
    threshold: float

    def probability(self, vector: np.ndarray) -> float:
        """How likely the question is about private life or anything but a business (0-1)."""
        logit = float(np.asarray(vector, dtype=np.float32) @ self.coef) + self.intercept
        return float(1.0 / (1.0 + np.exp(-logit)))


@functools.cache
def detector() -> Detector | None:
    """The trained detector, or None when it was trained on another sentence model."""
    if not MODEL_PATH.exists():
        return None
    with np.load(MODEL_PATH) as data:
        model_name = str(data["model_name"])
        if model_name != embeddings.MODEL_NAME:
            return None
        return Detector(
            model_name=model_name,
            coef=data["coef"].astype(np.float32),
            intercept=float(data["intercept"]),
            threshold=float(data["threshold"]),
        )


def is_everyday(vector: np.ndarray) -> bool:
    """True when the question's sentence vector reads as not about a business."""
    found = detector()
    return found is not None and found.probability(vector) >= found.threshold
