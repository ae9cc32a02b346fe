"""Place names in free text: taken out where a text is compared by meaning, not by area."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from .loading import _rows

# Words that are too common to be read as a place name.
_NOT_PLACES = frozenset(
    {"regio", "hart", "land", "midden", "noord", "zuid", "oost", "west", "over"}
)
_TOKEN = re.compile(r"[^\W\d_][\w'-]*|\d+")
_YEAR = re.compile(r"20\d\d")
_GONE = "\x00"
_PREPOSITION_GONE = re.compile(
    r"\b(?:in|uit|naar|bij|rond|rondom|nabij|te|richting)\s+\x00", re.IGNORECASE
)
_SPACE_BEFORE_MARK = re.compile(r"\s+([?.!,;:])")
# Texts one stripper keeps stripped: every current offer of a 25,000-offer catalogue, so a
# consistency test does not strip the same candidates again on each check.
TEXTS_KEPT = 32_768


class PlaceNameStripper:
    """Takes place names and years out of a text.

    Where area and period are compared through fields (an offer's area, the entrepreneur's
    municipality), a name in the text would count them a second time or stand for something it
    is not. Only capitalised words are read as places ("buren" stays, "Buren" goes); adjectives
    are matched on the name's stem ("Gelderse" for Gelderland, "Zwolse" for Zwolle).
    """

    def __init__(self, names: Iterable[str]) -> None:
        words: set[str] = set()
        for name in names:
            for word in re.split(r"[\s/()]+", name.lower()):
                word = word.strip(".,")
                if len(word) >= 4 and word not in _NOT_PLACES:
                    words.add(word)
        self.words = words
        self.stems = {w[: max(4, len(w) - 4)] for w in words if len(w) >= 6}
        self.short = {w[:4] for w in words if len(w) <= 7}
        self._stripped = functools.lru_cache(maxsize=TEXTS_KEPT)(self._strip)

    def is_place(self, token: str) -> bool:
        if not token[:1].isupper():
            return False
        low = token.lower().strip("'-")
        if low in self.words or any(part in self.words for part in low.split("-")):
            return True
        if re.search(r"(se|sche|ers|er)$", low):
            return any(low.startswith(stem) for stem in self.stems) or low[:4] in self.short
        return False

    def __call__(self, text: str, *, with_preposition: bool = False) -> str:
        """`with_preposition`: "in Zwolle" goes as a whole, so that no lone "in" is left."""
        return self._stripped(text, with_preposition)

    def _strip(self, text: str, with_preposition: bool) -> str:
        def keep(match: re.Match) -> str:
            token = match.group()
            return _GONE if _YEAR.fullmatch(token) or self.is_place(token) else token

        bare = _TOKEN.sub(keep, text)
        if with_preposition:
            bare = _PREPOSITION_GONE.sub(_GONE, bare)
            bare = _SPACE_BEFORE_MARK.sub(r"\1", bare.replace(_GONE, ""))
        return re.sub(r"\s+", " ", bare.replace(_GONE, "")).strip()


@functools.cache
def shipped_place_names() -> PlaceNameStripper:
    """A stripper for the CBS names shipped with the project (municipalities, provinces,
    labour-market regions): the same in a trained model's build script as at run time, without
    a database."""
    return PlaceNameStripper(
        [
            *(row["gm_naam"] for row in _rows("gemeenten_2023_2026.csv")),
            *(row["naam"] for row in _rows("provincies.csv")),
            *(row["naam"] for row in _rows("arbeidsmarktregios.csv")),
        ]
    )
