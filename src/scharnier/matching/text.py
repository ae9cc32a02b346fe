"""Dutch text normalisation for lexical matching: lemmas, stop words, compound pieces.

Entrepreneurs write "energierekening", offers say "energiebesparing": lemmatisation
(simplemma) plus character n-grams of each lemma let such compounds meet.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import simplemma

_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")

# Function words and filler that carry no need; kept short on purpose (content words matter).
STOP_WORDS = frozenset(
    """
    aan al alle alles als altijd ander andere anders ben bij bijvoorbeeld boven da dan dat de
    deze die dit doch doen door dus een eens en er ge geen geweest haar had heb hebben heeft hem
    het hier hij hoe hun iemand iets ik in is ja je jij jou jouw kan kon kunnen kun laat maar me
    meer men met mij mijn moet moeten na naar niet niets nog nu of om omdat onder ons onze ook op
    over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat we wel welk welke
    werd wie wij wil willen word worden wordt zal ze zei zelf zich zij zijn zo zonder zou zullen
    graag hoi hallo beste vraag vragen eigenlijk ineens even echt heel erg weet weten misschien
    zitten gaan komen krijgen maken staan ding dingen iets wel
    """.split()
)


def fold(text: str) -> str:
    """Lower case without accents: 'financiële' -> 'financiele'."""
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=200_000)
def lemma(word: str) -> str:
    return fold(simplemma.lemmatize(word, lang="nl"))


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
