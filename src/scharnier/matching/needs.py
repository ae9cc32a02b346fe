"""Recognise needs in an entrepreneur's own words: themes, journey phase, direction.

Uses the curated thesaurus in `data/thesaurus.json` (data, not code).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .text import fold, is_dutch_word, lemma, lemmas, words

THESAURUS_PATH = Path(__file__).resolve().parent / "data" / "thesaurus.json"
# Shorter stems only match whole words or lemmas; longer ones also inside compounds.
COMPOUND_MIN = 5
# The first part of a compound has at least this many letters ("ver-duurzamen", "co2-cijfer").
COMPOUND_PART_MIN = 3
DEFAULT_PHASE = "weten"


@dataclass
class Needs:
    themes: list[str] = field(default_factory=list)  # theme codes, strongest first
    theme_weights: dict[str, float] = field(default_factory=dict)
    journey_phase: str = DEFAULT_PHASE
    directions: list[str] = field(default_factory=list)
    offer_types: dict[str, float] = field(default_factory=dict)  # OfferType code -> 1.0
    matched_words: dict[str, list[str]] = field(default_factory=dict)  # theme -> words
    situations: list[str] = field(default_factory=list)  # e.g. "starter", "cash_flow"
    expansion: list[str] = field(default_factory=list)  # extra lexical query words
    # Themes named only by a place ("Spanje"): they weigh, but do not make the question ours.
    place_only: list[str] = field(default_factory=list)
    # The question speaks of the firm itself ("mijn lunchroom", "personeel") or names a theme or
    # situation by a word that is not also everyday language (thesaurus part `weak`).
    names_firm: bool = False
    names_business: bool = False


@lru_cache(maxsize=1)
def thesaurus() -> dict:
    data = json.loads(THESAURUS_PATH.read_text(encoding="utf-8"))
    result = {
        part: {code: [fold(s) for s in stems] for code, stems in data[part].items()}
        for part in ("themes", "phases", "directions", "offer_types")
    }
    result["places"] = {
        code: [fold(s) for s in stems]
        for code, stems in data.get("places", {}).items()
        if not code.startswith("_")
    }
    result["situations"] = {
        code: {
            "when": [fold(s) for s in item["when"]],
            "themes": item["themes"],
            "expansion": [fold(s) for s in item["expansion"]],
        }
        for code, item in data.get("situations", {}).items()
        if not code.startswith("_")
    }
    result["weak"] = {fold(s) for s in data["weak"]["words"]}
    sold = data["sold_abroad"]
    result["sold_abroad"] = {
        "from": sold["from"],
        "to": sold["to"],
        "words": [fold(w) for w in sold["words"]],
        "abroad": [fold(w) for w in sold["abroad"]],
        "expansion": sold["expansion"],
    }
    result["false_friends"] = {
        fold(stem): tuple(fold(w) for w in others)
        for stem, others in data.get("false_friends", {}).get("words", {}).items()
    }
    owned, sold = _any_of(data["firm"]["owned"]), _any_of(data["firm"]["sold"])
    # "mijn installatiebedrijf over een paar jaar verkopen": the firm, then within
    # FIRM_SALE_GAP words a word for selling it.
    # Not after a preposition ("via mijn webshop meer verkopen") nor with "meer/beter" before
    # the verb: then the firm is where something is sold, not what is sold.
    # The firm as mine, also as the last part of a compound ("mijn fietsenwinkel",
    # "onze installatiebedrijf"), after at most one word ("mijn kleine kapsalon").
    owned_firm = rf"\b(?:mijn|ons|onze) (?:\S+ )?\S*(?:{owned}|bedrijf|zaak|onderneming)\b"
    result["firm_owned"] = re.compile(owned_firm)
    result["firm_sale"] = re.compile(
        rf"(?<!via )(?<!in )(?<!met )(?<!op )(?<!uit )(?<!bij )(?<!voor )(?<!vanuit )"
        rf"{owned_firm}"
        rf"(?: \S+){{0,{FIRM_SALE_GAP}}}"
        rf"(?<! meer)(?<! minder)(?<! beter)(?<! online)(?<! laten) (?:{sold})\b"
    )
    result["firm"] = [fold(s) for s in data["firm"]["words"]]
    begin = data["where_to_begin"]
    result["where_to_begin"] = {"pattern": re.compile("|".join(begin["patterns"]))}
    goods = data["merchandise"]
    verbs, stops = _any_of(goods["verbs"]), _any_of(goods["stops"])
    # The object after "we verkopen (en installeren)", or between "onze" and the verb; at
    # most MERCHANDISE_WORDS words, ended by punctuation or a stop word.
    thing = rf"(?:(?!(?:{stops}|{verbs})\b)[\w'-]+ ?){{1,{MERCHANDISE_WORDS}}}"
    result["merchandise"] = re.compile(
        rf"\b(?:we|wij|ik) (?:{verbs})(?: en (?:{verbs}))? (?P<after>{thing})"
        rf"|\b(?:onze|ons|mijn) (?P<before>{thing})(?:gaan )?(?:{verbs})\b"
    )
    rent = data["unpaid_rent"]
    rent_words, paying = _any_of(rent["rent"]), _any_of(rent["paying"])
    # Rent and paying in one sentence, in either order.
    result["unpaid_rent"] = {
        "pattern": re.compile(
            rf"\b(?:{rent_words})\b[^.?!]{{0,60}}?\b(?:{paying})\b"
            rf"|\b(?:{paying})\b[^.?!]{{0,30}}?\b(?:{rent_words})\b"
        ),
        "words": {fold(w) for w in rent["rent"]},
        "from": rent["from"],
        "situation": rent["situation"],
    }
    acts = data["customer_acts"]
    customers, verbs = _any_of(acts["customers"]), _any_of(acts["verbs"])
    result["customer_acts"] = {
        "pattern": re.compile(
            rf"\b(?:{customers})\b(?! die\b| dat\b)(?: \S+){{0,{CUSTOMER_GAP}}} (?:{verbs})\b"
        ),
        "words": {fold(w) for w in acts["customers"]},
        "from": acts["from"],
    }
    return result


def _any_of(words: list[str]) -> str:
    """A regular-expression alternation of the folded words."""
    return "|".join(re.escape(fold(w)) for w in words)


# Theme codes (catalog vocabulary `theme`) the sale of the firm moves between.
SUCCESSION, SALES = "bedrijfsopvolging", "marketing"
STARTER = "starter"
# Development direction (vocabulary `direction`) of a firm that changes hands.
STOPPING = "stoppen"
# Words allowed between the firm and the word for selling it ("mijn zaak over vijf jaar verkopen").
FIRM_SALE_GAP = 6
# Words allowed between a customer and what the customer does ("onze grootste klant wil").
CUSTOMER_GAP = 4
# Words a firm's goods may take ("onze elektrische bakfietsen verkopen").
MERCHANDISE_WORDS = 3

# Typos: a long stem also matches a long word with one swapped or one missing letter
# ("energeirekening" -> "energierekening"), unless that word is a Dutch word itself: "juist"
# is not "jurist" misspelt, nor "prijs" "Parijs".
TYPO_MIN = 6


def _in_compound(stem: str, among: str) -> bool:
    """The stem at the start of a word or after a first part of COMPOUND_PART_MIN letters or
    more: "energierekening" holds "rekening", "schuren" does not hold "huren". Not when the
    word is better read as other parts: "werkplaatsinrichting" is a workshop's fitting-out
    ("inrichting"), not a direction ("richting")."""
    at = among.find(stem)
    while at != -1:
        start = among.rfind(" ", 0, at) + 1
        if at == start:
            return True
        if at - start >= COMPOUND_PART_MIN:
            end = among.find(" ", at)
            if not _parts_around(among[start : end if end != -1 else None], at - start):
                return True
        at = among.find(stem, at + 1)
    return False


@lru_cache(maxsize=8192)
def _parts_around(word: str, cut: int) -> bool:
    """The compound splits into two Dutch words earlier than `cut`, so that the second part
    holds the letters at `cut` inside it, not at its start."""
    for split in range(COMPOUND_PART_MIN, cut):
        head, tail = word[:split], word[split:]
        if len(tail) > len(word) - cut and is_dutch_word(tail) and _is_head(head):
            return True
    return False


def _is_head(part: str) -> bool:
    """A first part of a compound: a word, maybe with a linking s ("werkplaats-", "bedrijfs-")."""
    return is_dutch_word(part) or (part.endswith("s") and is_dutch_word(part[:-1]))


@lru_cache(maxsize=4096)
def _deletions(stem: str) -> tuple[str, ...]:
    """The stem with one letter left out: matches words where the writer missed a letter."""
    return tuple({stem[:i] + stem[i + 1 :] for i in range(1, len(stem))})


@lru_cache(maxsize=4096)
def _misspelt(among: str) -> str:
    """The words of `among` (" " + words joined by spaces) that are no Dutch word."""
    return " " + " ".join(w for w in among.split() if not is_dutch_word(w))


def _missed_letter(stem: str, misspelt: str) -> bool:
    """A word of `misspelt` starts with the stem less one letter."""
    return any(" " + v in misspelt for v in _deletions(stem))


def _typo_hit(stem: str, typos: str, among: str) -> bool:
    """A typo variant holds the stem where a word would: at its start or as a compound part.
    Only where the words as written do not hold it at all, else those decide: one letter
    left out of "werkplaatsinrichting" does not make "richting" a part of it."""
    return stem not in among and (" " + stem in typos or _in_compound(stem, typos))


def _typo_variants(tokens: set[str]) -> str:
    variants = []
    for tok in tokens:
        if len(tok) < TYPO_MIN or is_dutch_word(tok):
            continue
        variants += [tok[:i] + tok[i + 1] + tok[i] + tok[i + 2 :] for i in range(len(tok) - 1)]
        variants += [tok[:i] + tok[i + 1 :] for i in range(len(tok))]
    return " " + " ".join(variants)


# People put a word inside a set phrase: "het gaat niet zo goed", "de omzet die daalt".
PHRASE_GAP = 1


@lru_cache(maxsize=4096)
def _gapped(phrase: str) -> re.Pattern[str]:
    """The phrase with up to PHRASE_GAP extra words between each two of its words."""
    gap = rf"(?: \S+){{0,{PHRASE_GAP}}} "
    return re.compile(gap.join(re.escape(part) for part in phrase.split()))


def _hits(
    stems: list[str],
    text: str,
    tokens: set[str],
    joined: str,
    typos: str = "",
    false_friends: dict[str, tuple[str, ...]] | None = None,
) -> list[str]:
    """Stems found: phrases in the text, whole tokens, prefixes, and (long ones) in compounds.

    `joined` is " " + the tokens joined by spaces, so substring tests run in C.
    `false_friends`: per short stem, words that hold it but mean something else ("regel" in
    "regeling", "regelmatig"); a stem holding such a short stem does not match them either
    (nor does "regels" through its typo "regel").
    """
    found = []
    for stem in stems:
        if " " in stem:
            if stem in text or (PHRASE_GAP and _gapped(stem).search(text)):
                found.append(stem)
            continue
        seen, among = tokens, joined
        unlike = [
            w
            for short, words in (false_friends or {}).items()
            if short in stem
            for w in words
            if w not in stem  # "kleineondernemersregeling" is a stem itself
        ]
        if unlike:
            seen = {t for t in tokens if not any(w in t for w in unlike)}
            among = " " + " ".join(sorted(seen))
        if (
            stem in seen
            or (len(stem) >= COMPOUND_MIN and _in_compound(stem, among))
            or (len(stem) >= 4 and " " + stem in among)
            or (len(stem) >= TYPO_MIN and _typo_hit(stem, typos, among))
            # A missed letter at the start of a word: inside one, a shorter stem is a word of
            # its own ("sparen" in "besparen" is not "sparren" misspelt).
            or (len(stem) >= TYPO_MIN and _missed_letter(stem, _misspelt(among)))
        ):
            found.append(stem)
    return found


def _sell_abroad(needs: Needs, sold: dict, places: list[str], weak: set[str], found: tuple) -> None:
    """Customers or selling beside a place abroad is trade abroad, not marketing at home.

    `found` is (text, tokens, joined) as `_hits` takes them.
    """
    source, target = sold["from"], sold["to"]
    abroad = _hits(sold["abroad"], *found) or _hits(places, *found)
    moved = _hits(sold["words"], *found) if abroad else []
    if not moved:
        return
    _move_out(needs, source, set(moved))
    needs.theme_weights[target] = needs.theme_weights.get(target, 0.0) + len(moved)
    needs.matched_words[target] = needs.matched_words.get(target, []) + moved
    needs.expansion += sold["expansion"]
    if any(w not in weak for w in moved):
        needs.names_business = True
        if target in needs.place_only:
            needs.place_only.remove(target)


def _distinct(hits: list[str]) -> list[str]:
    """One word of the question counts once: of "klant" and "klanten", both found in
    "klantenservice", only the longer stays (and a stem found twice once)."""
    unique = list(dict.fromkeys(hits))
    return [h for h in unique if not any(h != other and h in other for other in unique)]


def _drop_subsumed(needs: Needs) -> None:
    """A word inside another theme's phrase or longer word is that one's, not its own: in
    "omzet daalt" and in "omzetdaling" (hard times) "omzet" does not also ask for marketing,
    nor "prijs" in "energieprijs". The longest match wins, as in a gazetteer."""
    longer = {code: [hit.split() for hit in hits] for code, hits in needs.matched_words.items()}
    for code, hits in list(needs.matched_words.items()):
        inside = {
            hit
            for hit in hits
            if " " not in hit
            and any(
                any(word.startswith(hit) for word in found)
                if len(found) > 1
                else hit in found[0] and hit != found[0]
                for other, phrases in longer.items()
                if other != code
                for found in phrases
            )
        }
        if inside:
            _move_out(needs, code, inside)


def _move_out(needs: Needs, code: str, moved: set[str]) -> None:
    """Take `moved` words out of a theme's hits; a theme left without hits goes."""
    kept = [w for w in needs.matched_words.get(code, []) if w not in moved]
    if kept:
        needs.theme_weights[code] = float(len(kept))
        needs.matched_words[code] = kept
    elif code in needs.theme_weights:
        del needs.theme_weights[code], needs.matched_words[code]


def _drop_merchandise(needs: Needs, pattern: re.Pattern[str], question: str) -> None:
    """Leave out a theme named only by the firm's own goods, when another theme is named."""
    folded = fold(question)
    goods = " ".join(m.group("after") or m.group("before") or "" for m in pattern.finditer(folded))
    if not goods:
        return
    rest = pattern.sub(" ", folded)
    only_goods = [
        code
        for code, hits in needs.matched_words.items()
        if all(h in goods and h not in rest for h in hits)
    ]
    if only_goods and len(only_goods) < len(needs.theme_weights):
        for code in only_goods:
            del needs.theme_weights[code], needs.matched_words[code]
            if code in needs.place_only:
                needs.place_only.remove(code)


def _tokens(question: str, friends: dict[str, tuple[str, ...]]) -> set[str]:
    """The question's words and their lemmas, but not the lemma of a false friend: "we merken
    dat" (we notice) is no brand ("merk"), "omzetten naar een bv" no turnover ("omzet")."""
    written = words(question)
    unlike = {word for group in friends.values() for word in group}
    shadowed = {lemma(w) for w in written if any(u in w for u in unlike)} - set(written)
    return (set(written) | set(lemmas(question))) - shadowed


def recognise(question: str, company_age_years: int | None = None) -> Needs:
    """Themes, phase, directions, offer types and situations named in the question.

    A company age of 0 makes the firm a starter whatever the words say.
    """
    text = " ".join(words(question))
    data = thesaurus()
    friends = data["false_friends"]
    tokens = _tokens(question, friends)
    joined = " " + " ".join(sorted(tokens))
    typos = _typo_variants(tokens)
    needs = Needs()
    for code, stems in data["themes"].items():
        hits = _distinct(_hits(stems, text, tokens, joined, typos, friends))
        if hits:
            needs.theme_weights[code] = float(len(hits))
            needs.matched_words[code] = hits
            needs.names_business |= any(hit not in data["weak"] for hit in hits)
    for code, stems in data["places"].items():
        hits = _hits(stems, text, tokens, joined, typos)
        if not hits:
            continue
        if code not in needs.theme_weights:
            needs.place_only.append(code)
        needs.theme_weights[code] = needs.theme_weights.get(code, 0.0) + len(hits)
        needs.matched_words[code] = needs.matched_words.get(code, []) + hits
    _drop_subsumed(needs)
    sold = data["sold_abroad"]
    _sell_abroad(
        needs, sold, data["places"].get(sold["to"], []), data["weak"], (text, tokens, joined)
    )
    _drop_merchandise(needs, data["merchandise"], question)
    acts = data["customer_acts"]
    if acts["pattern"].search(text):
        _move_out(needs, acts["from"], acts["words"])
    firm_sold = bool(data["firm_sale"].search(text))
    if firm_sold:
        # The firm itself changes hands: succession, and "verkopen" is not about sales.
        needs.theme_weights[SUCCESSION] = needs.theme_weights.get(SUCCESSION, 0.0) + 1.0
        needs.matched_words.setdefault(SUCCESSION, []).append("bedrijf verkopen")
        sales = [w for w in needs.matched_words.get(SALES, []) if w not in ("verkoop", "verkopen")]
        if SALES in needs.theme_weights and not sales:
            del needs.theme_weights[SALES], needs.matched_words[SALES]
        needs.names_business = True
    needs.themes = sorted(needs.theme_weights, key=lambda c: -needs.theme_weights[c])
    phase_scores = {
        code: len(_hits(stems, text, tokens, joined, false_friends=friends))
        for code, stems in data["phases"].items()
    }
    best = max(phase_scores.values(), default=0)
    if best:
        # Ties go to the earliest phase in the journey: help understand before acting.
        needs.journey_phase = next(c for c, s in phase_scores.items() if s == best)
    dir_scores = {
        code: len(_hits(stems, text, tokens, joined, false_friends=friends))
        for code, stems in data["directions"].items()
    }
    for code, stems in data["offer_types"].items():
        if _hits(stems, text, tokens, joined, false_friends=friends):
            needs.offer_types[code] = 1.0
    if firm_sold:
        dir_scores[STOPPING] = dir_scores.get(STOPPING, 0) + 1
    needs.directions = [c for c, s in sorted(dir_scores.items(), key=lambda kv: -kv[1]) if s]
    named_themes = bool(needs.theme_weights)
    rent = data["unpaid_rent"]
    rent_unpaid = bool(rent["pattern"].search(fold(question)))
    if rent_unpaid:
        _move_out(needs, rent["from"], rent["words"])
    for code, item in data["situations"].items():
        hits = _hits(item["when"], text, tokens, joined, false_friends=friends)
        if code == STARTER and hits and data["where_to_begin"]["pattern"].search(text):
            # Read the starter words again without "waar moet ik beginnen" and the like.
            rest = data["where_to_begin"]["pattern"].sub(" ", text)
            rest_tokens = _tokens(rest, friends)
            rest_joined = " " + " ".join(sorted(rest_tokens))
            hits = _hits(item["when"], rest, rest_tokens, rest_joined, false_friends=friends)
        starter = code == STARTER and company_age_years == 0
        if not (hits or starter or (rent_unpaid and code == rent["situation"])):
            continue
        needs.names_business |= not hits or any(h not in data["weak"] for h in hits)
        needs.situations.append(code)
        needs.expansion += item["expansion"]
        if starter and not hits and named_themes:
            # A starter by the profile alone who names a need ("een bakkerij overnemen"):
            # the general starter help must not weigh as much as what was asked.
            continue
        for theme, weight in item["themes"].items():
            needs.theme_weights[theme] = needs.theme_weights.get(theme, 0.0) + weight
    needs.themes = sorted(needs.theme_weights, key=lambda c: -needs.theme_weights[c])
    needs.names_firm = bool(
        _hits(data["firm"], text, tokens, joined) or data["firm_owned"].search(text)
    )
    needs.names_business |= needs.names_firm
    return needs
