"""Dutch text normalisation for lexical matching: lemmas, stop words, compound pieces.

Entrepreneurs write "energierekening", offers say "energiebesparing": lemmatisation
(simplemma) plus character n-grams of each lemma let such compounds meet.
"""

from __future__ import annotations

import re
from functools import lru_cache

import simplemma

from scharnier.core.text import STOP_WORDS, fold

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

__all__ = [
    "STOP_WORDS",
    "analysed",
    "fold",
    "is_dutch_word",
    "lemma",
    "lemmas",
    "looks_english",
    "words",
]


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    return fold(simplemma.lemmatize(word, lang="nl"))


@lru_cache(maxsize=200_000)
def is_dutch_word(word: str) -> bool:
    """The word is in simplemma's Dutch dictionary: written as meant, so no typo of another."""
    return simplemma.is_known(word, lang="nl")


def words(text: str) -> list[str]:
    return _WORD.findall(fold(text))


def lemmas(text: str) -> list[str]:
    """Content lemmas of a text, in order, stop words removed; hyphenated words split too."""
    out: list[str] = []
    for word in words(text):
        parts = [word, *word.split("-")] if "-" in word else [word]
        for part in parts:
            if part in STOP_WORDS or (len(part) < 2 and not part.isdigit()):
                continue
            base = lemma(part)
            if base not in STOP_WORDS:
                out.append(base)
    return out


def analysed(text: str) -> str:
    """The lemma string stored per offer and fed to the lexical index."""
    return " ".join(lemmas(text))


# Short English function words that are not Dutch words too ("in", "is", "do" are left out).
ENGLISH_WORDS = frozenset(
    "the and my our i want need how can could should would to for with of business company "
    "start help what where which please you your this that".split()
)


def looks_english(text: str) -> bool:
    """The question is written in English ("I want to start a business in the Netherlands")."""
    tokens = words(text)
    english = sum(token in ENGLISH_WORDS for token in tokens)
    return english >= 3 and english >= len(tokens) / 3
