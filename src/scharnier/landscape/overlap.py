"""The overlap detector: pure functions over offer features, no database access.

Two offers overlap when a firm could use both for the same purpose at the same time: they are
valid in a common period, share a theme, are the same or a neighbouring kind of instrument,
reach a common area and a common target group (size, sector, employees, company age: the
structured compatibility), and say the same thing, even in other words (semantic similarity of
the shared embedding model, with multilingual-e5 when it is on, blended with character n-gram
TF-IDF). Neighbouring offer types
(scan/advies, training/begeleiding, begeleiding/advies: providers code the same help either
way) and a journey phase not shared are soft evidence: they lower the score, they do not block.
Candidate pairs come from blocking on theme x instrument group; similarities are computed per
block with matrix products, never in an all-pairs Python loop.
"""

from __future__ import annotations

import datetime
import functools
import heapq
import json
import math
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from scharnier.core import embeddings

from .models import SuggestedAction

# Offer types that are the same instrument for a firm (codes of the offer_type vocabulary).
# A subsidy and a voucher both hand out a grant; advice and guidance are both a coach's time.
INSTRUMENT_FAMILIES: dict[str, str] = {
    "subsidie": "grant",
    "voucher": "grant",
    "lening": "credit",
    "garantie": "credit",
    "fiscaal": "fiscal",
    "informatie": "information",
    "advies": "guidance",
    "begeleiding": "guidance",
    "community": "network",
    "evenement": "network",
    "training": "training",
    "scan": "scan",
}

# Weights and thresholds; chosen on the labelled dev sets (see evaluation/README.md). Meaning
# weighs more than shared character n-grams: providers describe the same service in their
# own jargon (issue 12; dev hard pairs recall 0.80 -> 0.91 at 0.8, both dev sets together flat).
SEMANTIC_WEIGHT = 0.8
# Consistency test: a proposal's hit counts from this score (services.evaluate_proposal).
OVERLAP_THRESHOLD = 0.25
# Landscape analysis: a pair of offers is reported from this score. Lower than the consistency
# threshold: 0.25 was chosen on dev pairs with hard negatives and easy positives; over all five
# dev files, 0.20 is the lowest threshold whose F1 is not below that at 0.25 (0.767 vs 0.765)
# and finds more of the same help in other words (dev recall 0.770 -> 0.836; issue 12).
PAIR_THRESHOLD = 0.20
MERGE_THRESHOLD = 0.5
# An offer reported next to 80 others tells an analyst nothing: each offer keeps its strongest
# partners, and a pair stays when it is among them for either side, so a national scheme keeps
# every regional copy (each copy counts the scheme among its own few). Real catalogues stay
# far below it (dev2 and demo: at most 16 partners); a catalogue of templated texts reached 87
# per offer and 2.2 million pairs (session 47).
PARTNERS_PER_OFFER = 20
# Consistency test: an offer coded under another theme or instrument than the proposal is still
# a hit at this score (its text says the same help; providers code alike help differently).
# Chosen on the four dev proposal files (dev 1-3, dev2): session 23 in the evaluation README.
CODED_APART_THRESHOLD = 0.45
# How many of the catalog's nearest offers (sentence vectors) are checked for that.
CODED_APART_POOL = 50
# Share of offer pairs between two clusters that must overlap before they merge.
CLUSTER_DENSITY = 0.5
# Jargon-robust meaning: when the offer vectors carry a multilingual-e5 part after the shared
# model's columns (`features.embed_texts`), the semantic similarity is the mean of both models'
# cosines, e5 put on the shared model's scale first: e5 cosines of unrelated Dutch offer texts
# sit near E5_OFFSET (calibrated on the score distribution of the dev pairs, not on labels;
# with the symmetric query prefix the mean over unrelated dev texts is 0.829, so it stays).
E5_WEIGHT = 0.5
E5_OFFSET = 0.83
# Above this many offers a block is compared in row chunks to bound memory.
CHUNK_ROWS = 2048
LOCAL_CHUNK_ROWS = 256


# Families that providers mix up for the same help: compared, with a lower score.
NEIGHBOUR_FAMILIES: frozenset[frozenset[str]] = frozenset(
    {
        frozenset({"scan", "guidance"}),
        frozenset({"training", "guidance"}),
        frozenset({"information", "guidance"}),
    }
)
# Score taken off for soft differences (product knowledge, not fitted to a set).
NEIGHBOUR_PENALTY = 0.05
PHASE_PENALTY = 0.05
# Offers that say they are for starters reach firms younger than this (years).
STARTER_MAX_AGE = 3
_STARTER_WORDS = ("starter", "startende ondernemer", "beginnende ondernemer", "net gestart")


GUIDANCE_FAMILY = INSTRUMENT_FAMILIES["advies"]
INFORMATION_FAMILY = INSTRUMENT_FAMILIES["informatie"]
GUARANTEE_TYPE = "garantie"
EVENT_TYPE = "evenement"


def instrument_family(offer_type: str) -> str:
    return INSTRUMENT_FAMILIES.get(offer_type, offer_type)


def instrument_group(offer_type: str) -> str:
    """Blocking key: families that neighbour each other share one group."""
    family = instrument_family(offer_type)
    if any(family in pair for pair in NEIGHBOUR_FAMILIES):
        return "guidance-like"
    return family


def families_relation(a: str, b: str) -> str:
    """'same', 'neighbour' or 'other' for two offer types."""
    fa, fb = instrument_family(a), instrument_family(b)
    if fa == fb:
        return "same"
    if frozenset({fa, fb}) in NEIGHBOUR_FAMILIES:
        return "neighbour"
    return "other"


# "jonge (Brabantse) bedrijven": young firms are starters too; "jonge ondernemers" are young
# people, who may run an old firm.
_YOUNG_FIRMS = re.compile(
    r"\bjonge (?:\w+ )?(?:bedrijf|bedrijven|onderneming|ondernemingen)\b"
    # "beginnende zzp'ers", "startende (creatieve) zelfstandigen", "voor hun start".
    r"|\b(?:beginnende|startende) (?:\w+ )?(?:zzp'?ers?|zelfstandigen?|eenmanszaken|bedrijven"
    r"|ondernemingen|ondernemers)\b"
    r"|\b(?:voor|bij) (?:hun|uw|je) start\b|\b(?:net|pas) (?:begonnen|gestart)\b"
)
_NUMBER_WORDS = {
    "een": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
    "negen": 9, "tien": 10, "vijftien": 15, "twintig": 20,
}  # fmt: skip
_AT_LEAST = r"(?:minstens|minimaal|ten minste|al|langer dan|meer dan)"
_YEARS = r"(\d{1,3}|" + "|".join(_NUMBER_WORDS) + r") jaar"
# "Bestaat uw bedrijf minstens tien jaar", "bedrijven die al 5 jaar bestaan", "minimaal drie
# jaar ingeschreven bij de KvK".
_MIN_AGE = re.compile(
    rf"\bbesta(?:at|an)\b[^.?!]{{0,30}}?{_AT_LEAST} {_YEARS}"
    rf"|{_AT_LEAST} {_YEARS} (?:oud|bestaa?t|bestaan|ingeschreven)\b"
)


def for_starters(text: str) -> bool:
    """The offer's own words say it is for starters (a target group the fields cannot hold)."""
    lowered = text.lower()
    return any(word in lowered for word in _STARTER_WORDS) or bool(_YOUNG_FIRMS.search(lowered))


# The self-employed without staff, named as the target group, and no word for firms with
# staff beside it ("van zzp naar werkgever", "zzp'ers die hun eerste werknemer aannemen" are
# not for the self-employed only).
_SELF_EMPLOYED = re.compile(r"\b(?:zzp|zzp'ers?|zelfstandigen?|eenmanszaak|eenmanszaken)\b")
# "Zelfstandigen zonder personeel" names the self-employed, not staff.
_STAFF = re.compile(
    r"\b(?:werkgevers?|werknemers?|medewerkers?|(?<!zonder )personeel|mkb|bedrijven"
    r"|ondernemingen)\b"
)
# An offer whose help goes to a firm's employees ("ontwikkeladvies voor uw medewerkers").
# Also help for employers as employers ("Digitale RI&E voor kleine werkgevers"): about staff that
# the self-employed do not have.
_FOR_EMPLOYEES = re.compile(
    r"\b(?:voor|van) (?:uw|je|hun) (?:medewerkers|werknemers|personeel)\b"
    r"|^(?:[^.]*\. )?(?:medewerkers|werknemers) (?:kunnen|krijgen|leren)\b"
    r"|\b(?:voor|van) (?:\w+ )?werkgevers\b|\bals werkgever\b"
)


def for_self_employed(text: str) -> bool:
    """The text is for the self-employed without staff (zzp'ers), and for no one else."""
    lowered = text.lower()
    return bool(_SELF_EMPLOYED.search(lowered)) and not _STAFF.search(lowered)


def for_employees(text: str) -> bool:
    """The text's help goes to a firm's employees, or to its owner as their employer."""
    return bool(_FOR_EMPLOYEES.search(text.lower()))


def for_another_workforce(proposal: OfferFeatures, other: OfferFeatures) -> bool:
    """One is for the self-employed without staff, the other for a firm's employees."""
    return (for_self_employed(proposal.text) and for_employees(other.text)) or (
        for_employees(proposal.text) and for_self_employed(other.text)
    )


# Help with an application ("hulp bij het schrijven van uw aanvraag voor de WBSO"): a service
# about a scheme, not the scheme.
_APPLICATION_HELP = re.compile(
    r"\b(?:hulp|helpen|helpt|ondersteuning|begeleiding|advies|adviseur)\b[^.?!]{0,40}?"
    r"\b(?:aanvra(?:ag|gen)|aanvraagt|aan te vragen)\b"
    r"|\baanvraag(?:begeleiding|hulp|ondersteuning)\b|\bsubsidieadvi"
)
# The instruments a firm applies for; a service helping with that is of another family.
SCHEME_FAMILIES = frozenset({"grant", "credit", "fiscal"})


def helps_apply_for(proposal: OfferFeatures, other: OfferFeatures) -> bool:
    """One is help with applying for a scheme, the other a scheme itself (the subsidy, loan
    or tax rule): the help is no copy of the scheme, even when both name it."""

    def applying(item: OfferFeatures) -> bool:
        return item.family not in SCHEME_FAMILIES and bool(
            _APPLICATION_HELP.search(item.text.lower())
        )

    return (applying(proposal) and other.family in SCHEME_FAMILIES) or (
        applying(other) and proposal.family in SCHEME_FAMILIES
    )


# An event that runs at most this many days (a day, a week, a fair, a month of open days) is
# one occasion, not a standing service (product knowledge, not fitted to a set).
ONE_OFF_DAYS = 31


def one_off_event(item: OfferFeatures) -> bool:
    """An event with a start and an end at most ONE_OFF_DAYS apart."""
    return (
        item.offer_type == EVENT_TYPE
        and item.valid_from is not None
        and item.valid_until is not None
        and (item.valid_until - item.valid_from).days <= ONE_OFF_DAYS
    )


def one_off_against_standing(proposal: OfferFeatures, other: OfferFeatures) -> bool:
    """One is a single event (a succession evening, a fair) and the other no event at all (an
    entrepreneurs' café, a programme, an information page): the occasion is no copy of the
    standing service, even on the same subject. Another event may be (this year's fair)."""
    return (one_off_event(proposal) and other.offer_type != EVENT_TYPE) or (
        one_off_event(other) and proposal.offer_type != EVENT_TYPE
    )


def personal_help_against_a_page(proposal: OfferFeatures, other: OfferFeatures) -> bool:
    """The proposal is personal help (advice, guidance) and the existing offer an information
    page: reading a page is not talking to someone, so the page is no copy of the help. Not the
    other way round: a proposed page may repeat what an adviser already tells."""
    return proposal.family == GUIDANCE_FAMILY and other.family == INFORMATION_FAMILY


def guarantee_against_loan(proposal: OfferFeatures, other: OfferFeatures) -> bool:
    """One is a guarantee, the other a loan: both credit, but a guarantee lends nothing (the
    firm still needs the bank's loan)."""
    types = {proposal.offer_type, other.offer_type}
    return GUARANTEE_TYPE in types and len(types) == 2 and proposal.family == other.family


def another_scheme(proposal: OfferFeatures, other: OfferFeatures) -> bool:
    """Two schemes of different families (a subsidy, a loan, a tax rule): another instrument
    for the same investment, even when the texts say the same (money you keep, borrow or
    deduct)."""
    families = {proposal.family, other.family}
    return len(families) == 2 and families <= SCHEME_FAMILIES


def min_age_named(text: str) -> int | None:
    """The least company age (years) the text asks for ("bestaat uw bedrijf minstens tien
    jaar"), or None."""
    match = _MIN_AGE.search(text.lower())
    if not match:
        return None
    number = match.group(1) or match.group(2)
    return int(number) if number.isdigit() else _NUMBER_WORDS[number]


DATA_FOLDER = Path(__file__).parent / "data"
_WORD = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class WordList:
    """Words that name a code in a text: exact words, prefixes ('horeca*') and phrases with a
    space in them ('groen dak'), each for one code."""

    exact: dict[str, str]
    # Per prefix length, prefix -> (place in the list, code): a word is looked up once per
    # length instead of tried against every prefix; the first listed prefix wins.
    prefixes_by_length: tuple[tuple[int, dict[str, tuple[int, str]]], ...]
    phrases: tuple[tuple[str, str], ...]

    @classmethod
    def from_groups(cls, groups: Mapping[str, Iterable[str]]) -> WordList:
        exact: dict[str, str] = {}
        by_length: dict[int, dict[str, tuple[int, str]]] = {}
        phrases = []
        place = 0
        for code, words in groups.items():
            for word in words:
                if " " in word:
                    phrases.append((word, code))
                elif word.endswith("*"):
                    prefix = word[:-1]
                    by_length.setdefault(len(prefix), {}).setdefault(prefix, (place, code))
                    place += 1
                else:
                    exact[word] = code
        return cls(exact, tuple(sorted(by_length.items())), tuple(phrases))

    def _prefix_code(self, word: str) -> str | None:
        best = None
        for length, prefixes in self.prefixes_by_length:
            if length > len(word):
                break
            entry = prefixes.get(word[:length])
            if entry and (best is None or entry[0] < best[0]):
                best = entry
        return best[1] if best else None

    def codes(self, text: str) -> frozenset[str]:
        lowered = text.lower()
        found = {code for phrase, code in self.phrases if phrase in lowered}
        for word in _WORD.findall(lowered):
            code = self.exact.get(word) or self._prefix_code(word)
            if code:
                found.add(code)
        return frozenset(found)


@functools.cache
def _lexicon(name: str) -> dict:
    return json.loads((DATA_FOLDER / f"{name}.json").read_text(encoding="utf-8"))


@functools.cache
def _word_list(name: str, key: str) -> WordList:
    return WordList.from_groups(_lexicon(name)[key])


# The consistency test reads the same proposal and offer texts for every candidate, and one
# check at 25,000 offers meets up to ~10,000 of them: the readings keep that many and more
# (a 4,096-text cache was emptied within every check; 45 checks 50.0 s -> 41.6 s).
TEXT_READINGS_KEPT = 65536


@functools.lru_cache(maxsize=TEXT_READINGS_KEPT)
def sectors_named(text: str) -> frozenset[str]:
    """The SBI sections an offer's own words say it is for ('Energiescan voor horecazaken':
    the horeca); empty when it names none or says it is for every sector."""
    lowered = text.lower()
    if any(phrase in lowered for phrase in _lexicon("sector_words")["everyone"]):
        return frozenset()
    return _word_list("sector_words", "sections").codes(lowered)


@functools.lru_cache(maxsize=TEXT_READINGS_KEPT)
def measures_named(text: str) -> frozenset[str]:
    """The concrete measures a text is about (a heat pump, solar panels, a green roof), from
    `data/measures.json`; empty when it names none."""
    return _word_list("measures", "measures").codes(text)


@functools.cache
def _side_patterns() -> dict[str, dict[str, re.Pattern]]:
    return {
        dimension: {side: re.compile("|".join(patterns)) for side, patterns in sides.items()}
        for dimension, sides in _lexicon("target_sides")["dimensions"].items()
    }


@functools.lru_cache(maxsize=TEXT_READINGS_KEPT)
def sides_named(text: str) -> dict[str, frozenset[str]]:
    """Per dimension of `data/target_sides.json`, the sides a text says it is for (the buyer or
    the seller of a firm, first-time or experienced exporters); dimensions it names no side
    of are left out."""
    lowered = text.lower()
    named = {}
    for dimension, sides in _side_patterns().items():
        found = frozenset(side for side, pattern in sides.items() if pattern.search(lowered))
        if found:
            named[dimension] = found
    return named


def for_another_side(proposal: OfferFeatures, other: OfferFeatures) -> bool:
    """The proposal is for one side only (the buyers of a firm) and the offer for the other
    only (its sellers): another target group under the same subject."""
    theirs = sides_named(other.text)
    return any(
        len(sides) == 1 and len(theirs.get(dimension, ())) == 1 and sides != theirs[dimension]
        for dimension, sides in sides_named(proposal.text).items()
    )


@functools.cache
def _open_help_pattern() -> re.Pattern:
    return re.compile("|".join(_lexicon("open_help")["patterns"]))


@functools.lru_cache(maxsize=TEXT_READINGS_KEPT)
def open_help(text: str) -> bool:
    """The text offers help with any question (a front door, an advice line, a sounding board,
    an entrepreneurs' café), from `data/open_help.json`."""
    return bool(_open_help_pattern().search(text.lower()))


def open_against_one_subject(proposal: OfferFeatures, other: OfferFeatures) -> bool:
    """One offers help with any question, the other help on one subject: neither is a copy of
    the other (a desk for all questions also hears about succession, but a succession
    consultation hour is not that desk). Two kinds of open help can be."""
    return open_help(proposal.text) != open_help(other.text)


def title_of(text: str) -> str:
    """The title part of an offer text (`features.offer_text`: title, then '. ', summary)."""
    return text.split(". ", 1)[0]


def about_other_measures(proposal: OfferFeatures, other: OfferFeatures) -> bool:
    """Both titles name concrete measures and none of them the same: the same theme, another
    subject (a subsidy for a green roof is no copy of one for a heat pump). Titles only: a
    title states the subject, a summary's examples may use jargon the list lacks."""
    mine = measures_named(title_of(proposal.text))
    theirs = measures_named(title_of(other.text))
    return bool(mine) and bool(theirs) and not (mine & theirs)


@dataclass(frozen=True)
class OfferFeatures:
    """What the detector knows of one offer. Empty target sets mean 'everyone'."""

    key: object
    text: str
    themes: frozenset[str]
    phases: frozenset[str]
    offer_type: str
    scope_level: str
    # None: the whole country; otherwise the municipality codes the offer reaches.
    coverage: frozenset[str] | None
    size_classes: frozenset[str] = field(default_factory=frozenset)
    sbi_sections: frozenset[str] = field(default_factory=frozenset)
    min_employees: int | None = None
    max_employees: int | None = None
    min_company_age: int | None = None
    # Validity; None is open-ended.
    valid_from: datetime.date | None = None
    valid_until: datetime.date | None = None

    @property
    def family(self) -> str:
        return instrument_family(self.offer_type)

    @property
    def max_company_age(self) -> int | None:
        return STARTER_MAX_AGE if for_starters(self.text) else None


def _sets_meet(a: frozenset[str], b: frozenset[str]) -> bool:
    return not a or not b or bool(a & b)


def areas_meet(a: OfferFeatures, b: OfferFeatures) -> bool:
    if a.coverage is None or b.coverage is None:
        return True
    return bool(a.coverage & b.coverage)


def _ranges_meet(lows, highs) -> bool:
    low = max(v or 0 for v in lows)
    bounded = [h for h in highs if h is not None]
    return not bounded or low <= min(bounded)


def targets_meet(a: OfferFeatures, b: OfferFeatures) -> bool:
    """Every target-group field: size classes, sectors, employees, company age."""
    if not (_sets_meet(a.size_classes, b.size_classes)):
        return False
    if not (_sets_meet(a.sbi_sections, b.sbi_sections)):
        return False
    if not _ranges_meet((a.min_employees, b.min_employees), (a.max_employees, b.max_employees)):
        return False
    return _ranges_meet(
        (a.min_company_age, b.min_company_age), (a.max_company_age, b.max_company_age)
    )


def periods_meet(a: OfferFeatures, b: OfferFeatures) -> bool:
    start = max((d for d in (a.valid_from, b.valid_from) if d), default=None)
    end = min((d for d in (a.valid_until, b.valid_until) if d), default=None)
    return start is None or end is None or start <= end


def structurally_compatible(a: OfferFeatures, b: OfferFeatures) -> bool:
    return (
        bool(a.themes & b.themes)
        and families_relation(a.offer_type, b.offer_type) != "other"
        and areas_meet(a, b)
        and targets_meet(a, b)
        and periods_meet(a, b)
    )


def themes_part(proposal: OfferFeatures, offer: OfferFeatures) -> bool:
    """They share a theme, and each is also coded under a theme the other is not."""
    return bool(
        proposal.themes & offer.themes
        and proposal.themes - offer.themes
        and offer.themes - proposal.themes
    )


def soft_penalty(a: OfferFeatures, b: OfferFeatures) -> float:
    """Score taken off for neighbouring offer types and for no shared journey phase."""
    penalty = 0.0
    if families_relation(a.offer_type, b.offer_type) == "neighbour":
        penalty += NEIGHBOUR_PENALTY
    if not (a.phases & b.phases):
        penalty += PHASE_PENALTY
    return penalty


# Consistency test: how much of a proposal's target group and area an existing offer reaches.
# A hit's score loses up to these amounts when the offer reaches only part of them (product
# knowledge, not fitted to a set): a scheme for part of the firms is a neighbour, not a copy.
TARGET_WEIGHT = 0.15
AREA_WEIGHT = 0.1
# An existing offer written for less than half of the proposal's sectors serves another target
# group: not a hit at all (an energy scan for the horeca is no copy of one for every firm).
SECTOR_MIN_SHARE = 0.5
# Consistency test: the proposal and the offer share a theme, but each is also about a theme
# the other is not (a loan to buy premises against a loan to make them sustainable): the same
# kind of help for another subject weighs less. Chosen on the four dev proposal files (0.05
# changed nothing, 0.10 cleared one false alarm and lost no duplicate; session 50).
THEMES_PART_PENALTY = 0.1
# Consistency test: a guarantee against a loan, both credit (`guarantee_against_loan`). Chosen
# on the five dev proposal files (session 51): 0.1 cleared two false alarms (a municipal loan
# for the self-employed against the national guarantee on bank credit), no duplicate lost.
GUARANTEE_PENALTY = 0.1
# Company ages (years) over which age limits are compared.
AGE_HORIZON = 10


# Size is weighed by the firms it holds, not by counting size classes as one of four. Firms
# by working persons (CBS StatLine 81588NED, 2024 Q2, all activities): 18.4% of the 2.3 million
# firms have two or more, and above two the share with at least n falls as 1/n (Zipf's law of
# firm sizes; CBS's own counts with 50+ and 250+ persons, 0.68% and 0.16%, lie within 10% of
# it). So "micro and small" reaches nearly every firm of a proposal for everyone, "medium and
# large" almost none of them (issue 12, session 20), and an employee range such as 10-19 about
# two thirds of the firms of 10-49 (session 22: employee ranges used to be a gate only).
FIRMS_WITH_TWO_OR_MORE = 0.184
EmployeeRange = tuple[float, float]  # inclusive bounds; inf: no upper bound


def firms_at_least(employees: float) -> float:
    """Share of Dutch firms with at least this many working persons (the owner counts)."""
    if employees <= 1:
        return 1.0
    return FIRMS_WITH_TWO_OR_MORE * 2 / employees


def employee_ranges(
    features: OfferFeatures, size_bounds: Mapping[str, EmployeeRange]
) -> list[EmployeeRange]:
    """The employee counts an offer is for: its size classes (all when none), cut by its own
    minimum and maximum number of employees."""
    known = [size_bounds[c] for c in features.size_classes if c in size_bounds]
    low = features.min_employees or 0
    high = math.inf if features.max_employees is None else features.max_employees
    ranges = sorted(known) if known else [(0, math.inf)]
    return [(max(a, low), min(b, high)) for a, b in ranges if max(a, low) <= min(b, high)]


def _firms(ranges: Iterable[EmployeeRange]) -> float:
    # Zero employees is a firm of one (its owner); a range holds the firms from its low to its
    # high end, both included.
    return sum(firms_at_least(max(a, 1)) - firms_at_least(max(b, 1) + 1) for a, b in ranges)


def size_share(
    proposal: OfferFeatures, other: OfferFeatures, size_bounds: Mapping[str, EmployeeRange]
) -> float:
    """Share of the proposal's firms (by size) that the other offer's size limits let in."""
    wanted = employee_ranges(proposal, size_bounds)
    total = _firms(wanted)
    if total <= 0:
        return 1.0
    offered = employee_ranges(other, size_bounds)
    shared = [
        (max(a, c), min(b, d)) for a, b in wanted for c, d in offered if max(a, c) <= min(b, d)
    ]
    return min(_firms(shared) / total, 1.0)


def _set_share(proposal: frozenset[str], other: frozenset[str], total: int) -> float:
    """Share of the proposal's codes (empty: all `total`) that the other offer also serves."""
    if not other:
        return 1.0
    if not proposal:
        return min(len(other) / max(total, 1), 1.0)
    return len(proposal & other) / len(proposal)


def _range_share(low_a, high_a, low_b, high_b, horizon: float) -> float:
    """Share of range a (None: open) that range b covers, ranges cut off at `horizon`."""
    a0, a1 = low_a or 0, min(high_a if high_a is not None else horizon, horizon)
    b0, b1 = low_b or 0, min(high_b if high_b is not None else horizon, horizon)
    if a1 <= a0:
        return 1.0 if b0 <= a0 <= b1 else 0.0
    return max(0.0, min(a1, b1) - max(a0, b0)) / (a1 - a0)


def target_share(
    proposal: OfferFeatures,
    other: OfferFeatures,
    size_bounds: Mapping[str, EmployeeRange],
    sector_total: int,
) -> float:
    """How much of the proposal's target group (size, sector, company age) the offer reaches.

    `size_bounds`: employee bounds per size class code (the catalog's vocabulary)."""
    return (
        size_share(proposal, other, size_bounds)
        * _set_share(proposal.sbi_sections, other.sbi_sections, sector_total)
        * _range_share(
            proposal.min_company_age,
            proposal.max_company_age,
            other.min_company_age,
            other.max_company_age,
            AGE_HORIZON,
        )
    )


def sector_share(proposal: OfferFeatures, other: OfferFeatures, sector_total: int) -> float:
    """Share of the proposal's sectors (empty: all `sector_total`) the other offer serves."""
    return _set_share(proposal.sbi_sections, other.sbi_sections, sector_total)


def for_another_sector(proposal: OfferFeatures, other: OfferFeatures, sector_total: int) -> bool:
    """The other offer is written for a sector (its own text names it, not only its coding)
    that covers less than half of the proposal's sectors: another target group, not a copy.
    Sector coding without such words is often the provider's list of likely sectors, which a
    proposal that names none may well share."""
    return bool(sectors_named(other.text)) and (
        sector_share(proposal, other, sector_total) < SECTOR_MIN_SHARE
    )


def area_share(proposal: OfferFeatures, other: OfferFeatures, municipality_total: int) -> float:
    """How much of the proposal's area (in municipalities) the offer reaches."""
    if other.coverage is None:
        return 1.0
    if proposal.coverage is None:
        return min(len(other.coverage) / max(municipality_total, 1), 1.0)
    if not proposal.coverage:
        return 0.0
    return len(proposal.coverage & other.coverage) / len(proposal.coverage)


def reach_penalty(target: float, area: float) -> float:
    """Score taken off a consistency hit that reaches only part of the proposal's firms."""
    return TARGET_WEIGHT * (1 - target) + AREA_WEIGHT * (1 - area)


def shared_area(a: OfferFeatures, b: OfferFeatures) -> frozenset[str] | None:
    """The municipalities both reach (None: the whole country)."""
    if a.coverage is None:
        return b.coverage
    if b.coverage is None:
        return a.coverage
    return a.coverage & b.coverage


_CHAR_NGRAMS = {
    "analyzer": "char_wb",
    "ngram_range": (3, 5),
    "sublinear_tf": True,
    "lowercase": True,
}


def char_tfidf(texts: Sequence[str]) -> sparse.csr_matrix:
    """Character n-gram TF-IDF, rows L2-normalised: robust to inflection and compounds."""
    vectorizer = TfidfVectorizer(**_CHAR_NGRAMS, min_df=1)
    return vectorizer.fit_transform([t or "-" for t in texts]).tocsr()


def char_similarity_to_one(text: str, others: Sequence[str]) -> np.ndarray:
    """The character similarity of `text` to each of `others`, equal to fitting `char_tfidf`
    on n copies of `text` followed by the n others, without reading the copies: they only
    add n to the document frequency of the n-grams of `text`."""
    n = len(others)
    if n == 0:
        return np.zeros(0, dtype=np.float32)
    counts = TfidfVectorizer(**_CHAR_NGRAMS, use_idf=False, norm=None)
    tf = counts.fit_transform([text or "-"] + [t or "-" for t in others]).tocsr()
    frequency = np.bincount(tf[1:].indices, minlength=tf.shape[1]).astype(np.float64)
    frequency += n * (tf[0].toarray().ravel() > 0)
    # The smoothed IDF of TfidfVectorizer over 2n documents.
    idf = np.log((1 + 2 * n) / (1 + frequency)) + 1
    weighted = normalize(tf.multiply(idf).tocsr())
    return np.asarray((weighted[1:] @ weighted[0].T).todense()).ravel().astype(np.float32)


def semantic_similarity(left: np.ndarray, right: np.ndarray, pairwise: bool = False) -> np.ndarray:
    """Cosine of the shared model, mixed with calibrated e5 when the vectors carry it.

    `pairwise`: row i of left with row i of right (a vector); else every row with every row.
    """

    def cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
        return np.einsum("ij,ij->i", a, b) if pairwise else a @ b.T

    dim = embeddings.DIM
    shared = cosine(left[:, :dim], right[:, :dim])
    if left.shape[1] <= dim:
        return shared
    e5 = (cosine(left[:, dim:], right[:, dim:]) - E5_OFFSET) / (1 - E5_OFFSET)
    return (1 - E5_WEIGHT) * shared + E5_WEIGHT * e5


def blend(semantic: np.ndarray, text: np.ndarray) -> np.ndarray:
    return SEMANTIC_WEIGHT * semantic + (1 - SEMANTIC_WEIGHT) * text


def row_dot(matrix: sparse.csr_matrix, rows_a: np.ndarray, rows_b: np.ndarray) -> np.ndarray:
    """Cosine of row pairs (rows are unit vectors), vectorised."""
    if len(rows_a) == 0:
        return np.zeros(0, dtype=np.float32)
    product = matrix[rows_a].multiply(matrix[rows_b])
    return np.asarray(product.sum(axis=1)).ravel().astype(np.float32)


@dataclass(frozen=True)
class ScoredPair:
    a: int  # index into the features list, a < b
    b: int
    score: float
    semantic: float
    text: float


def blocks(features: Sequence[OfferFeatures]) -> dict[tuple[str, str], list[int]]:
    """Offer indices per theme x instrument group."""
    result: dict[tuple[str, str], list[int]] = {}
    for index, item in enumerate(features):
        for theme in item.themes:
            result.setdefault((theme, instrument_group(item.offer_type)), []).append(index)
    return result


class _Gates:
    """Area and target compatibility of all offers as arrays, for whole-block checks."""

    def __init__(self, features: Sequence[OfferFeatures]) -> None:
        n = len(features)
        self.national = np.array([f.coverage is None for f in features], dtype=bool)
        codes = sorted({c for f in features if f.coverage for c in f.coverage})
        column = {c: i for i, c in enumerate(codes)}
        rows = [i for i, f in enumerate(features) if f.coverage for _ in f.coverage]
        cols = [column[c] for f in features if f.coverage for c in f.coverage]
        self.coverage = sparse.csr_matrix(
            (np.ones(len(rows), dtype=np.float32), (rows, cols)), shape=(n, max(len(codes), 1))
        )
        self.sizes = self._bits([f.size_classes for f in features])
        self.sbis = self._bits([f.sbi_sections for f in features])
        self.low = np.array([f.min_employees or 0 for f in features], dtype=np.float64)
        self.high = np.array(
            [np.inf if f.max_employees is None else f.max_employees for f in features]
        )
        self.age_low = np.array([f.min_company_age or 0 for f in features], dtype=np.float64)
        self.age_high = np.array(
            [np.inf if f.max_company_age is None else f.max_company_age for f in features]
        )
        self.start = np.array(
            [f.valid_from.toordinal() if f.valid_from else -np.inf for f in features]
        )
        self.end = np.array(
            [f.valid_until.toordinal() if f.valid_until else np.inf for f in features]
        )
        families = sorted({f.family for f in features})
        self.family_codes = families
        self.family = np.array([families.index(f.family) for f in features], dtype=np.int64)
        relation = np.full((len(families), len(families)), 2, dtype=np.int8)  # 2: other
        for i, fa in enumerate(families):
            for j, fb in enumerate(families):
                if fa == fb:
                    relation[i, j] = 0
                elif frozenset({fa, fb}) in NEIGHBOUR_FAMILIES:
                    relation[i, j] = 1
        self.relation = relation
        self.phases = self._bits([f.phases for f in features])

    @staticmethod
    def _bits(sets: list[frozenset[str]]) -> np.ndarray:
        """One bit per code; an empty set (everyone) has every bit set."""
        codes = sorted({c for s in sets for c in s})
        bit = {c: 1 << i for i, c in enumerate(codes)}
        everyone = (1 << len(codes)) - 1 if codes else 1
        return np.array(
            [sum(bit[c] for c in s) if s else everyone for s in sets], dtype=object
        ).astype(np.int64 if len(codes) < 63 else object)

    def meet(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """(len(rows), len(cols)) booleans: area and target groups meet."""
        shared = (self.coverage[rows] @ self.coverage[cols].T).toarray() > 0
        area = shared | self.national[rows][:, None] | self.national[cols][None, :]
        sizes = (self.sizes[rows][:, None] & self.sizes[cols][None, :]) != 0
        sbis = (self.sbis[rows][:, None] & self.sbis[cols][None, :]) != 0
        employees = np.maximum(self.low[rows][:, None], self.low[cols][None, :]) <= np.minimum(
            self.high[rows][:, None], self.high[cols][None, :]
        )
        ages = np.maximum(self.age_low[rows][:, None], self.age_low[cols][None, :]) <= np.minimum(
            self.age_high[rows][:, None], self.age_high[cols][None, :]
        )
        periods = np.maximum(self.start[rows][:, None], self.start[cols][None, :]) <= np.minimum(
            self.end[rows][:, None], self.end[cols][None, :]
        )
        kinds = self.relation[self.family[rows][:, None], self.family[cols][None, :]] < 2
        return area & sizes & sbis & employees & ages & periods & kinds

    def penalty(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Soft evidence against: neighbouring offer types, no journey phase in common."""
        neighbour = self.relation[self.family[rows][:, None], self.family[cols][None, :]] == 1
        no_phase = (self.phases[rows][:, None] & self.phases[cols][None, :]) == 0
        return NEIGHBOUR_PENALTY * neighbour + PHASE_PENALTY * no_phase


def find_overlapping_pairs(
    features: Sequence[OfferFeatures],
    vectors: np.ndarray,
    tfidf: sparse.csr_matrix | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[list[ScoredPair], int]:
    """All overlapping pairs; returns them with the number of candidate pairs compared.

    Per block (theme x phase x instrument family) everything is a matrix operation: semantic
    and text similarity, area and target gates. Python only sees the pairs that overlap.
    The character similarity, the costliest part, is computed only for pairs that can still
    reach the threshold with it and whose area and target group meet: a block is read with
    its wide offers first and its local ones by place, so that a chunk of local offers needs
    only the few columns of its own places (most pairs of municipal copies never meet).
    """
    tfidf = tfidf if tfidf is not None else char_tfidf([f.text for f in features])
    gates = _Gates(features)
    seen: set[tuple[int, int]] = set()
    found: list[ScoredPair] = []
    candidates = 0
    # In the order of their keys, so that every process reports the pairs in the same order.
    block_list = [idx for _key, idx in sorted(blocks(features).items()) if len(idx) > 1]
    for done, members in enumerate(block_list, start=1):
        candidates += len(members) * (len(members) - 1) // 2
        # Pairs are reported in the order of `members`, whatever order they are computed in.
        for first, second, score, semantic, text in sorted(
            _block_pairs(features, vectors, tfidf, gates, members)
        ):
            a, b = members[first], members[second]
            pair = (a, b) if a < b else (b, a)
            if pair in seen:
                continue
            seen.add(pair)
            found.append(ScoredPair(pair[0], pair[1], score, semantic, text))
        if progress:
            progress(done, len(block_list))
    return strongest_per_offer(found, PARTNERS_PER_OFFER), candidates


def _area_order(
    features: Sequence[OfferFeatures], members: Sequence[int]
) -> tuple[np.ndarray, int, np.ndarray]:
    """Positions in `members`: national offers first, then offers for several places, then
    those for one place grouped by that place. Also the number of the first two kinds and,
    per position in that order, where its place's group ends."""

    def key(position: int) -> tuple[int, str]:
        coverage = features[members[position]].coverage
        if coverage is None:
            return (0, "")
        return (1 if len(coverage) > 1 else 2, min(coverage, default=""))

    keys = [key(position) for position in range(len(members))]
    order = sorted(range(len(members)), key=keys.__getitem__)
    wide = sum(1 for k in keys if k[0] < 2)
    group_end = np.empty(len(order), dtype=np.int64)
    end = len(order)
    for place in range(len(order) - 1, -1, -1):
        if place + 1 < len(order) and keys[order[place]] != keys[order[place + 1]]:
            end = place + 1
        group_end[place] = end
    return np.asarray(order, dtype=np.int64), wide, group_end


def _row_chunks(total: int, wide: int, group_end: np.ndarray) -> Iterator[tuple[int, int, int]]:
    """Row ranges with the end of the later columns they can meet. A wide offer can meet
    every later one; an offer for one place only those of the same place, which follow it."""
    for start in range(0, wide, CHUNK_ROWS):
        yield start, min(start + CHUNK_ROWS, wide), total
    for start in range(wide, total, LOCAL_CHUNK_ROWS):
        stop = min(start + LOCAL_CHUNK_ROWS, total)
        yield start, stop, int(group_end[stop - 1])


def _block_pairs(
    features: Sequence[OfferFeatures],
    vectors: np.ndarray,
    tfidf: sparse.csr_matrix,
    gates: _Gates,
    members: Sequence[int],
) -> list[tuple[int, int, float, float, float]]:
    """The overlapping pairs of one block: (first, second) positions in `members`, first <
    second, with score, semantic and text similarity."""
    order, wide, group_end = _area_order(features, members)
    idx = np.asarray(members, dtype=np.int64)[order]
    block_vectors = vectors[idx]
    block_text = tfidf[idx]
    result = []
    for start, stop, end in _row_chunks(len(idx), wide, group_end):
        rows = idx[start:stop]
        # Each unordered pair once, never an offer with itself: only later members.
        later = np.arange(start + 1, end)
        if not len(later):
            continue
        semantic = semantic_similarity(block_vectors[start:stop], block_vectors[later])
        penalty = gates.penalty(rows, idx[later])
        # The character similarity is at most 1 (a hair more in floating point).
        possible = blend(semantic, 1.0 + 1e-6) - penalty >= PAIR_THRESHOLD
        possible &= np.arange(start, stop)[:, None] < later[None, :]
        columns = np.flatnonzero(possible.any(axis=0))
        if not len(columns):
            continue
        possible = possible[:, columns] & gates.meet(rows, idx[later[columns]])
        open_columns = possible.any(axis=0)
        columns, possible = columns[open_columns], possible[:, open_columns]
        if not len(columns):
            continue
        text = (block_text[start:stop] @ block_text[later[columns]].T).toarray()
        scores = blend(semantic[:, columns], text) - penalty[:, columns]
        local_a, local_b = np.nonzero(possible & (scores >= PAIR_THRESHOLD))
        for la, lb in zip(local_a.tolist(), local_b.tolist(), strict=True):
            column = int(later[columns[lb]])
            first, second = int(order[start + la]), int(order[column])
            result.append(
                (
                    min(first, second),
                    max(first, second),
                    float(scores[la, lb]),
                    float(semantic[la, columns[lb]]),
                    float(text[la, lb]),
                )
            )
    return result


def strongest_per_offer(found: list[ScoredPair], limit: int) -> list[ScoredPair]:
    """The pairs among the `limit` strongest of at least one of their two offers (in order)."""
    partners: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for number, pair in enumerate(found):
        partners[pair.a].append((pair.score, number))
        partners[pair.b].append((pair.score, number))
    if all(len(scored) <= limit for scored in partners.values()):
        return found
    kept: set[int] = set()
    for scored in partners.values():
        kept.update(number for _score, number in heapq.nlargest(limit, scored))
    return [pair for number, pair in enumerate(found) if number in kept]


def score_pairs(
    left: Sequence[OfferFeatures],
    right: Sequence[OfferFeatures],
    left_vectors: np.ndarray,
    right_vectors: np.ndarray,
) -> list[tuple[float, float, float, bool]]:
    """Score given pairs (left[i], right[i]): (score, semantic, text, compatible)."""
    tfidf = char_tfidf([f.text for f in left] + [f.text for f in right])
    n = len(left)
    text = row_dot(tfidf, np.arange(n), np.arange(n, 2 * n))
    return _scored_pairs(left, right, left_vectors, right_vectors, text)


def score_against(
    one: OfferFeatures,
    others: Sequence[OfferFeatures],
    one_vector: np.ndarray,
    other_vectors: np.ndarray,
) -> list[tuple[float, float, float, bool]]:
    """`score_pairs` of `one` with each of `others`, reading the text of `one` once (the
    consistency test meets thousands of candidates)."""
    text = char_similarity_to_one(one.text, [f.text for f in others])
    repeated = np.repeat(one_vector.reshape(1, -1), len(others), axis=0)
    return _scored_pairs([one] * len(others), others, repeated, other_vectors, text)


def _scored_pairs(
    left: Sequence[OfferFeatures],
    right: Sequence[OfferFeatures],
    left_vectors: np.ndarray,
    right_vectors: np.ndarray,
    text: np.ndarray,
) -> list[tuple[float, float, float, bool]]:
    semantic = semantic_similarity(left_vectors, right_vectors, pairwise=True)
    scores = blend(semantic, text)
    return [
        (
            float(scores[i]) - soft_penalty(a, b),
            float(semantic[i]),
            float(text[i]),
            structurally_compatible(a, b),
        )
        for i, (a, b) in enumerate(zip(left, right, strict=True))
    ]


def clusters_from_pairs(
    pairs: Iterable[tuple[int, int, float]],
    can_meet: Callable[[int, int], bool] | None = None,
) -> list[list[int]]:
    """Clusters of overlapping offers, derived from the pairs: average linkage.

    Pairs are taken strongest first; two clusters merge when at least CLUSTER_DENSITY of all
    offer pairs between them overlap and every offer of one can meet every offer of the other
    (`can_meet`: areas and periods intersect), so a national scheme that overlaps two regional
    copies whose areas do not touch does not join those copies. Plain connected components
    would chain broad offers into one giant cluster. Sorted, largest first.
    """
    ordered = sorted(pairs, key=lambda p: -p[2])
    neighbours: dict[int, set[int]] = {}
    for a, b, _score in ordered:
        neighbours.setdefault(a, set()).add(b)
        neighbours.setdefault(b, set()).add(a)
    member_of: dict[int, set[int]] = {}
    for a, b, _score in ordered:
        left = member_of.get(a) or {a}
        right = member_of.get(b) or {b}
        if left is right:
            continue
        small, large = (left, right) if len(left) <= len(right) else (right, left)
        links = sum(len(neighbours[x] & large) for x in small)
        if links >= CLUSTER_DENSITY * len(small) * len(large) and (
            can_meet is None or all(can_meet(x, y) for x in small for y in large)
        ):
            large |= small
            for x in large:
                member_of[x] = large
    groups = {id(g): g for g in member_of.values()}
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g))


def suggest_action(scope_levels: Iterable[str], max_score: float) -> str:
    """Merge near-copies at one level; align across levels; otherwise keep but look."""
    if len(set(scope_levels)) > 1:
        return SuggestedAction.ALIGN
    if max_score >= MERGE_THRESHOLD:
        return SuggestedAction.MERGE
    return SuggestedAction.KEEP
