"""Questions that are not about a business at all ("wat wordt het weer morgen", "tandarts zwolle").

Before, "nothing fits" rested on the best cosine to an offer and the best BM25 score alone; any
everyday sentence that shares a word or a mood with some offer passed them (NOTES.md, session 37:
holdout 0/2). This is a logistic regression on the shared sentence model's vector of the question,
trained offline by `data/outside/build.py` on entrepreneurs' own problems (the knelpunten
examples) against everyday sentences written for the project (`everyday_a.json`). The other files
in that folder (`everyday_b.json`, `business_lookalike.json`) are for measuring only.

The ranker asks it only when the question names no theme of the thesaurus: a recognised theme
keeps the question a business question, so the detector can never hide offers from one.

It reads only the words (`detector_text`), in training as at run time: no place names or years,
no capitals, no punctuation. The training texts differ in exactly those ways for no reason that
has to do with business: three in four entrepreneurs' examples end with a full stop and one in
six names a place, against almost none of the everyday sentences. Read as written, the detector
had learnt that: a question mark or a place name made a private question a business one
(NOTES.md, session 39).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from scharnier.core import embeddings
from scharnier.geography.text import shipped_place_names

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


def without_places(text: str) -> str:
    """A question as the detector reads it: without place names and years. The entrepreneur's
    place is in the profile and decides which offers apply; in the words a place name is no
    evidence that the question is about a business. The ranker reads the question as written:
    a region named in it helps the regional offer (NOTES.md, session 39)."""
    return shipped_place_names()(text, with_preposition=True)


_NOT_A_WORD = re.compile(r"[^\w\s'-]+")


def detector_text(text: str) -> str:
    """What the detector reads of a text: its words, without places, years, capitals or marks."""
    words = _NOT_A_WORD.sub(" ", without_places(text)).lower()
    return re.sub(r"\s+", " ", words).strip()


def detector_vectors(texts: list[str]) -> np.ndarray:
    return embeddings.embed_queries([detector_text(text) for text in texts])


def is_everyday(question: str) -> bool:
    """True when the question reads as not about a business.

    Embeds the question once more (lower case, without places): the ranker asks only when no
    theme is named, and the shared sentence model takes a few milliseconds."""
    found = detector()
    return found is not None and found.probability(detector_vectors([question])[0]) >= (
        found.threshold
    )
