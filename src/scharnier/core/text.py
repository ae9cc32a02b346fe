"""Plain Dutch text helpers shared by search (catalog) and need recognition (matching)."""

from __future__ import annotations

import re
import unicodedata

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


_SEARCH_WORD = re.compile(r"[\w-]+")
# Endings cut from a search word so that "besparen" finds "energiebesparing", "klanten" finds
# "klant" and "subsidie" finds "subsidies"; the stem keeps at least SEARCH_STEM_MIN letters.
SEARCH_SUFFIXES = ("ingen", "ing", "en", "es", "s", "e")
SEARCH_STEM_MIN = 5
_OPEN_SYLLABLE = re.compile(r"[^aeiou][aeou][^aeiouy]$")
_DOUBLED = re.compile(r"([^aeiouy])\1$")


def search_stems(text: str, limit: int = 10) -> list[str]:
    """The words of a search box, stop words left out, each cut to a stem for a contains-match."""
    stems = []
    # Accents stay: the database compares the stem with the texts as written ("financiële").
    for word in _SEARCH_WORD.findall(text.lower()):
        if fold(word) in STOP_WORDS or len(word) < 2:
            continue
        for suffix in SEARCH_SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= SEARCH_STEM_MIN:
                word = word[: -len(suffix)]
                if _OPEN_SYLLABLE.search(word) and len(word) > SEARCH_STEM_MIN:
                    # "bespar(en)" is written "bespaar": the stem without its last consonant
                    # finds both.
                    word = word[:-1]
                elif _DOUBLED.search(word) or (word[-1] in "vz" and len(word) > SEARCH_STEM_MIN):
                    word = word[:-1]  # "scann(en)" is written "scan", "bedrijv(en)" "bedrijf"
                break
        if word not in stems:
            stems.append(word)
    return stems[:limit]
