"""Rode draden: grouping signals into threads, one at a time and all at once.

A signal is one vector of four parts; meaning and wording weighted by `SEMANTIC_WEIGHT`:
- meaning: multilingual-e5-small (`matching.semantic_e5`) with the "query: " prefix, which
  the model card prescribes for symmetric tasks such as clustering; stored per signal. At
  grouping time it is centred on the mean embedding of all signals (kept in `GroupingState`):
  raw e5 cosines of any two Dutch business texts are ~0.8, and centring removes that shared
  part so that one threshold means the same thing for any mix of signals. Each source of a
  signal (meeting, casework, schakelteam, provider, public form) has a centre of its own: the
  overall one moved by how that source's signals differ from all (`Centre`, session 55), so that
  the voice a source writes in is taken away as well. Then it is read along
  `MEANING_DIRECTIONS` directions that tell the knelpunt subjects apart (session 52,
  `meaning_directions`): plain e5 puts the writer's voice first (an angry entrepreneur about the
  grid operator is closer to an angry one about the bank than to a policy note on grid
  congestion); along these directions the subject comes first. Once analysts have confirmed
  threads (placed signals, threads in handling), each full regroup learns the directions again
  from the trees plus those signals (`learned_meaning_directions`, session 53, kept in
  `GroupingState`): the board's own voices teach what to look past;
- offers: which kinds of help the signal points at (second-order evidence, session 23). The
  cosine of the signal's stored e5 "query: " vector to each offer of a fixed anchor set (the demo
  catalogue's 171 offers, e5 "passage: " of title, summary and description, shipped in
  `data/e5_passage_offer_anchors.npy`), kept for the `ANCHOR_K` nearest offers (softmax weights,
  `ANCHOR_TEMPERATURE`), others 0, unit length; weight `ANCHOR_WEIGHT` of the whole vector.
  Two signals of one thread point at the same offers; near misses (subsidy trouble vs grid
  congestion) at different ones. Per signal, no state: assign and regroup see the same block.
  171 of the vector's dimensions, 5 of them non-zero;
- subjects: which knelpunten the signal is about (session 25). Four trees of SME problems, each
  written by another writer blind to every labelled set (`data/knelpunten/`, ~200 subjects with
  five example signals each). Per tree, the cosine of the stored e5 vector to a subject is its
  best example's; softmax over the `SUBJECT_K` closest subjects (`SUBJECT_TEMPERATURE`), others
  0; the four trees side by side, unit length, weight `SUBJECT_WEIGHT` of the whole vector.
  Signals of one thread land on the same subjects even when their words differ; four trees
  rather than one, because one writer's subject boundaries may cut a thread in two where
  another's do not (one tree alone moved dev by -0.01 to +0.05, the four together +0.06).
  779 dimensions, 12 of them non-zero;
- wording: character 3-5-grams of the lemmas (`matching.text`), so "netcongestie",
  "stroomnet" and "netbeheerder" meet; hashed, IDF-weighted with document frequencies of all
  signals (kept in `GroupingState`, refreshed by a full regroup) and projected to
  `LEXICAL_DIM` dimensions with a fixed sparse sign projection (count sketch: each hashed
  feature adds +-1 to one dimension). A dense Gaussian projection cost nnz x LEXICAL_DIM
  multiply-adds per regroup (minutes at 100,000 signals) and grouped no better on dev.

The hashed counts of a signal are computed once, when it arrives, and stored with it
(`features_to_bytes`); a full regroup only reads them back, so it never lemmatises again.

Grouping is average linkage: the similarity of a signal to a thread is its mean cosine to the
thread's signals, which is the dot product with the thread's (unnormalised) mean vector.
- `cluster` (full regroup): tight micro-groups in one pass, then exact average linkage over the
  groups, then one reassignment pass; above `EXACT_LIMIT` signals the first two steps go by
  blocks of signals about the same knelpunt subject first (`_cluster`). The threshold is
  relative (`calibrated_threshold`: `JOIN_Z` standard deviations of the pairwise cosines); it
  is stored with the weights. Fixed rows (analysts' decisions) keep their group and two fixed
  groups are never merged.
- `choose_thread` / `merge_partner` (`services.assign`, one new signal): join the thread with the
  highest mean similarity if it reaches the threshold, else open a thread (one matrix-vector
  product). After a regroup with that regroup's threshold; before the first regroup (reference
  weights only) with `COLD_ASSIGN_*`: stricter, a margin for small threads, and a merge step.

`SEMANTIC_WEIGHT` and `JOIN_Z` were chosen by 2-fold cross-validation within the dev split of the
labelled set (`evaluate_signal_grouping --tune`), the one-by-one parameters likewise
(`--tune-incremental`; evaluation/README.md).

A model change (`VECTOR_MODEL`) needs `manage.py regroup_signals`: it embeds every signal of an
older model again, then stores the new centre and document frequencies.
"""

from __future__ import annotations

import json
import math
import tomllib
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import NamedTuple

import numpy as np
from scipy import linalg as scipy_linalg
from scipy import sparse
from scipy.cluster import hierarchy
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import HashingVectorizer
from threadpoolctl import threadpool_limits

from scharnier.matching import semantic_e5
from scharnier.matching.text import analysed

HASH_FEATURES = 2**14
LEXICAL_DIM = 2048
SEMANTIC_DIM = semantic_e5.DIM
SEMANTIC_WEIGHT = 0.3
# Offer-anchor block (`anchor_profiles`): chosen by 2-fold CV within dev over projection seeds
# 11-16 (evaluation/README.md, session 23).
# The block lengthens the grouping vector (not what is stored per signal), so `VECTOR_MODEL`,
# which makes a regroup embed every signal again, is unchanged; centroids of the older, shorter
# layout are skipped by `assign` until `regroup_signals` runs.
ANCHOR_K = 5
ANCHOR_TEMPERATURE = 0.02
ANCHOR_WEIGHT = 0.1
# Subject block (`subject_profiles`, session 25): trees of knelpunt subjects written blind to
# every labelled set (`data/knelpunten/`); chosen by 2-fold CV within dev (evaluation/README.md).
SUBJECT_K = 3
SUBJECT_TEMPERATURE = 0.02
SUBJECT_WEIGHT = 0.2
# Meaning directions (`meaning_directions`, session 52): the centred e5 part is read along the
# directions that tell the knelpunt subjects apart (linear discriminant analysis over the trees'
# examples), so that the writer's voice (an angry form, policy language, minutes) weighs less
# than the subject. 45 directions and the shrinkage chosen on dev and dev2, averaged over
# projection seeds 11-16 (evaluation/README.md, session 52).
MEANING_DIRECTIONS = 45
MEANING_SHRINKAGE = 0.3
JOIN_THRESHOLD = 0.10  # only where no calibrated threshold is known (see `JOIN_Z`)
# The regroup's threshold is relative: JOIN_Z standard deviations of the pairwise cosines of the
# signals being grouped (`calibrated_threshold`). The spread of similarities differs from one
# mix of topics to another; an absolute threshold chosen on one mix merges too much in another.
# 2.0 with the offer block (best on all of dev, middle of a plateau 1.7-2.4; session 23).
JOIN_Z = 2.0
CALIBRATION_SAMPLE = 1000
# One signal at a time (`choose_thread`, `merge_partner`). After a regroup the weights are the
# signals' own and the regroup's calibrated threshold holds. Before the first regroup the centre
# and the document frequencies come from the reference corpus, which leaves every pair of
# signals more alike: a stricter threshold, a margin that shrinks with the thread's size (a
# mean over few signals is noisy) and a merge step (early arrivals that opened two threads come
# together).
# Chosen by 2-fold CV within dev (`evaluate_signal_grouping --tune-incremental`, README); the
# merge step did not help after a regroup (CV F1 0.701 with, 0.705 without), so it is off there.
ASSIGN_SMALL_MARGIN = 0.0
ASSIGN_MERGE = False
COLD_ASSIGN_THRESHOLD = 0.15
COLD_ASSIGN_SMALL_MARGIN = 0.05
COLD_ASSIGN_MERGE = True


class AssignParameters(NamedTuple):
    threshold: float
    small_margin: float
    merge: bool


def assign_parameters(regroup_threshold: float | None) -> AssignParameters:
    """Threshold, small-thread margin and merge step for one-by-one assignment.

    `regroup_threshold`: the calibrated threshold of the last regroup, None before the first.
    """
    if regroup_threshold is not None:
        return AssignParameters(regroup_threshold, ASSIGN_SMALL_MARGIN, ASSIGN_MERGE)
    return AssignParameters(COLD_ASSIGN_THRESHOLD, COLD_ASSIGN_SMALL_MARGIN, COLD_ASSIGN_MERGE)


MICRO_THRESHOLD = 0.4
BATCH = 256
# Seed of the sign projection (any fixed seed; see evaluation/README.md).
PROJECTION_SEED = 14
SEMANTIC_MODEL = f"{semantic_e5.MODEL_NAME}:query"
VECTOR_MODEL = f"{SEMANTIC_MODEL}+char35-sketch{LEXICAL_DIM}"

_hasher = HashingVectorizer(
    analyzer="char_wb",
    ngram_range=(3, 5),
    n_features=HASH_FEATURES,
    alternate_sign=False,
    norm=None,
)


@cache
def _projection() -> sparse.csr_matrix:
    """The fixed sparse sign projection, made once per process (milliseconds, fixed seed).

    Fixed seed: the same text always gets the same vector, in every process.
    """
    rng = np.random.default_rng(PROJECTION_SEED)
    columns = rng.integers(0, LEXICAL_DIM, HASH_FEATURES)
    signs = rng.choice(np.array([-1.0, 1.0], dtype=np.float32), HASH_FEATURES)
    return sparse.csr_matrix(
        (signs, columns, np.arange(HASH_FEATURES + 1)), shape=(HASH_FEATURES, LEXICAL_DIM)
    )


def hashed_counts(texts: Sequence[str]):
    """Sparse sublinear counts of character n-grams of each text's lemmas."""
    matrix = _hasher.transform([analysed(t) for t in texts]).tocsr()
    matrix.data = 1.0 + np.log(matrix.data)
    return matrix


def text_features(texts: Sequence[str]) -> list[bytes]:
    """What is stored per signal on arrival: its hashed counts, see `features_to_bytes`."""
    counts = hashed_counts(texts)
    return [features_to_bytes(counts[row]) for row in range(counts.shape[0])]


def features_to_bytes(counts_row) -> bytes:
    """One signal's hashed counts as stored: uint16 feature numbers, then float16 counts."""
    row = counts_row.tocsr()
    indices = np.asarray(row.indices, dtype=np.uint16)
    values = np.asarray(row.data, dtype=np.float16)
    return indices.tobytes() + values.tobytes()


def counts_from_features(stored: Sequence[bytes | memoryview]) -> sparse.csr_matrix:
    """Stack stored features back into one sparse count matrix (float32)."""
    parts = [bytes(b) for b in stored]
    sizes = np.fromiter((len(b) // 4 for b in parts), dtype=np.int64, count=len(parts))
    indptr = np.zeros(len(parts) + 1, dtype=np.int64)
    np.cumsum(sizes, out=indptr[1:])
    indices = np.empty(int(indptr[-1]), dtype=np.int32)
    data = np.empty(int(indptr[-1]), dtype=np.float32)
    for number, part in enumerate(parts):
        start, end = indptr[number], indptr[number + 1]
        half = (end - start) * 2
        indices[start:end] = np.frombuffer(part[:half], dtype=np.uint16)
        data[start:end] = np.frombuffer(part[half:], dtype=np.float16)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(parts), HASH_FEATURES))


def document_frequency(matrix) -> np.ndarray:
    """In how many rows each hashed feature occurs (rows hold each feature at most once)."""
    return np.bincount(matrix.indices, minlength=HASH_FEATURES)


def idf_from_frequency(frequency: np.ndarray, documents: int) -> np.ndarray:
    return (np.log((1 + documents) / (1 + frequency)) + 1).astype(np.float32)


def idf_from_counts(matrix) -> np.ndarray:
    return idf_from_frequency(document_frequency(matrix), matrix.shape[0])


REFERENCE_CORPUS = Path(__file__).resolve().parent.parent / "demo" / "data" / "offers"
# Below this many signals, document frequencies also count the reference corpus (the demo
# offer texts): with a handful of signals every n-gram looks rare.
MIN_SIGNALS_FOR_OWN_IDF = 1000


@cache
def reference_counts():
    """Hashed counts of the offer texts shipped with the demo data (a neutral Dutch corpus)."""
    texts = []
    for path in sorted(REFERENCE_CORPUS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for offer in data.get("offer", []):
            texts.append(f"{offer.get('title', '')}. {offer.get('summary', '')}")
            texts.append(offer.get("description", ""))
    return hashed_counts([t for t in texts if t.strip()] or ["-"])


def idf_for(counts) -> np.ndarray:
    """IDF of the signals' own counts, padded with the reference corpus while they are few."""
    return idf_for_frequency(document_frequency(counts), counts.shape[0])


def idf_for_frequency(frequency: np.ndarray, documents: int) -> np.ndarray:
    """`idf_for` from document frequencies summed over chunks of signals."""
    if documents >= MIN_SIGNALS_FOR_OWN_IDF:
        return idf_from_frequency(frequency, documents)
    reference = reference_counts()
    return idf_from_frequency(
        frequency + document_frequency(reference), documents + reference.shape[0]
    )


REFERENCE_MEAN = Path(__file__).resolve().parent / "data" / "e5_query_reference_mean.npy"


@cache
def reference_mean() -> tuple[np.ndarray, int]:
    """Mean e5 query embedding of the demo offer texts and how many texts it averages.

    Made by `compute_reference_mean` (offers' "title. summary"); shipped so that no request
    has to embed the corpus.
    """
    stored = np.load(REFERENCE_MEAN)
    return stored[:-1].astype(np.float32), int(stored[-1])


def compute_reference_mean() -> np.ndarray:
    """Embed the reference corpus (~171 offers, tens of seconds); what `REFERENCE_MEAN` holds."""
    texts = []
    for path in sorted(REFERENCE_CORPUS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for offer in data.get("offer", []):
            text = f"{offer.get('title', '')}. {offer.get('summary', '')}"
            if text.strip(". "):
                texts.append(text)
    mean = semantic_vectors(texts).mean(axis=0)
    return np.concatenate([mean, [len(texts)]]).astype(np.float32)


def semantic_mean_for(semantic_sum: np.ndarray, documents: int) -> np.ndarray:
    """The centre of the meaning vectors: the signals' own mean, padded while they are few."""
    if documents >= MIN_SIGNALS_FOR_OWN_IDF:
        return (semantic_sum / documents).astype(np.float32)
    mean, count = reference_mean()
    return ((semantic_sum + mean * count) / (documents + count)).astype(np.float32)


# How many signals' worth of doubt about a source's voice: a source with n signals moves its
# centre n / (n + SOURCE_SHRINKAGE) of the way from the overall centre by how its signals differ
# from all signals, so that one or two signals of a source keep (nearly) the overall centre.
# Chosen on dev and dev2 (evaluation README, session 55).
SOURCE_SHRINKAGE = 5.0


class Centre(NamedTuple):
    """What the meaning vectors are compared around: one centre per source of a signal.

    Each source writes in its own voice (an entrepreneur on the public form, a schakelteam's
    summary of a case, a provider's note), and e5 carries the voice heavily. A source's centre
    is the overall centre moved by how that source's signals differ on average from all signals,
    so that what is taken away is the voice, not the subjects the board holds: on a board whose
    signals all come from one source every centre is the overall one. `overall` is the mean of
    all signals (padded with the reference corpus while they are few), also the centre of a
    source the last regroup did not see.
    """

    overall: np.ndarray
    sources: tuple[str, ...] = ()
    by_source: np.ndarray | None = None  # len(sources) x SEMANTIC_DIM, float32

    def for_rows(self, sources: Sequence[str] | None) -> np.ndarray:
        """The centre of each row (one row per signal), or the overall centre for all."""
        if sources is None or not self.sources:
            return self.overall
        index = {source: number for number, source in enumerate(self.sources)}
        table = np.vstack([self.by_source, self.overall[None, :]])
        return table[[index.get(source, len(self.sources)) for source in sources]]


def centre_for(sums: dict[str, np.ndarray], counts: dict[str, int]) -> Centre:
    """The centre of signals whose stored e5 vectors add up to `sums` per source."""
    total = sum(sums.values(), np.zeros(SEMANTIC_DIM, dtype=np.float64))
    documents = sum(counts.values())
    overall = semantic_mean_for(total, documents)
    sources = tuple(sorted(s for s in sums if counts[s]))
    rows = [
        overall
        + counts[s] / (counts[s] + SOURCE_SHRINKAGE) * (sums[s] / counts[s] - total / documents)
        for s in sources
    ]
    by_source = np.vstack(rows or [np.zeros((0, SEMANTIC_DIM))]).astype(np.float32)
    return Centre(overall, sources, by_source)


def centre_of(semantic: np.ndarray, sources: Sequence[str]) -> Centre:
    """`centre_for` of stored e5 vectors with their sources (evaluation, benchmarks)."""
    sums: dict[str, np.ndarray] = {}
    counts: dict[str, int] = Counter(sources)
    for source in counts:
        rows = np.fromiter((s == source for s in sources), bool, len(sources))
        sums[source] = semantic[rows].sum(axis=0, dtype=np.float64)
    return centre_for(sums, counts)


def centred(
    semantic: np.ndarray, mean: np.ndarray | None, directions: np.ndarray | None = None
) -> np.ndarray:
    """Stored meaning vectors minus the centre, read along the meaning directions (`directions`
    when the last regroup learned them, else the shipped ones when the subject trees are there),
    unit length again.

    `mean`: one centre for all rows, or one per row (`Centre.for_rows`)."""
    semantic = np.atleast_2d(np.asarray(semantic, dtype=np.float32))
    if mean is None:
        mean = semantic_mean_for(np.zeros(SEMANTIC_DIM, dtype=np.float32), 0)
    shifted = semantic - mean
    if directions is not None:
        shifted = shifted @ directions
    elif subject_trees():
        shifted = shifted @ meaning_directions()
    return _unit(shifted)


ANCHORS = Path(__file__).resolve().parent / "data" / "e5_passage_offer_anchors.npy"


def _offer_anchor_texts() -> list[str]:
    texts = []
    for path in sorted(REFERENCE_CORPUS.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for offer in data.get("offer", []):
            title, summary = offer.get("title", ""), offer.get("summary", "")
            text = f"{title}. {summary} {offer.get('description', '')}".strip()
            if text.strip(". "):
                texts.append(text)
    return texts


@cache
def anchors() -> np.ndarray:
    """e5 passage vectors of the anchor offers (float32, (offers, SEMANTIC_DIM)).

    A fixed file, not the live catalogue: the block's dimensions must mean the same offers for
    every signal of a regroup and for each arrival after it, and K and the weights were chosen
    with these 171 anchors. Made by `compute_anchors`.
    """
    return np.load(ANCHORS).astype(np.float32)


def compute_anchors() -> np.ndarray:
    """Embed the demo offers as e5 passages (title. summary description); what `ANCHORS` holds."""
    return semantic_e5.embed_passages(_offer_anchor_texts()).astype(np.float32)


def anchor_profiles(semantic: np.ndarray) -> np.ndarray:
    """Offer block of stored (uncentred) e5 query vectors: softmax over the `ANCHOR_K` most
    similar anchor offers, zeros elsewhere, unit length."""
    semantic = np.atleast_2d(np.asarray(semantic, dtype=np.float32))
    offers = anchors()
    profiles = np.zeros((len(semantic), len(offers)), dtype=np.float32)
    for start in range(0, len(semantic), 8192):
        similarity = semantic[start : start + 8192] @ offers.T
        profiles[start : start + 8192] = _top_k_softmax(similarity, ANCHOR_K, ANCHOR_TEMPERATURE)
    return _unit(profiles)


def anchor_dim() -> int:
    return len(anchors())


SUBJECT_FOLDER = Path(__file__).resolve().parent / "data" / "knelpunten"
SUBJECT_EXAMPLES = SUBJECT_FOLDER / "e5_query_examples.npy"


@dataclass(frozen=True)
class SubjectTree:
    """One writer's tree of knelpunt subjects: which row of the example vectors is whose."""

    name: str
    subject_codes: tuple[str, ...]
    example_subjects: np.ndarray  # subject index (within this tree) per example


@cache
def _tree_subjects() -> tuple[tuple[str, list[dict]], ...]:
    """(file stem, subjects in file order) of each shipped tree (`data/knelpunten/boom-*.json`)."""
    trees = []
    for path in sorted(SUBJECT_FOLDER.glob("boom-*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        trees.append((path.stem, [s for c in data["categories"] for s in c["subjects"]]))
    return tuple(trees)


@cache
def subject_trees() -> tuple[SubjectTree, ...]:
    """The shipped trees, in file order."""
    trees = []
    for name, subjects in _tree_subjects():
        owners = [number for number, s in enumerate(subjects) for _ in s["examples"]]
        codes = tuple(s["code"] for s in subjects)
        trees.append(SubjectTree(name, codes, np.asarray(owners, dtype=np.int64)))
    return tuple(trees)


def subject_example_texts() -> list[str]:
    """Every example text of every tree, in the order of `subject_trees`."""
    return [text for _, subjects in _tree_subjects() for s in subjects for text in s["examples"]]


@cache
def subject_examples() -> np.ndarray:
    """e5 query vectors of the trees' example texts (float32); made by
    `compute_subject_examples`, shipped so that no process embeds them."""
    return np.load(SUBJECT_EXAMPLES).astype(np.float32)


def compute_subject_examples() -> None:
    """Embed the example texts as e5 queries, as signals are, and write the file (minutes).

    float16, like what is stored per signal: cosines barely move and the file halves."""
    vectors = semantic_vectors(subject_example_texts())
    np.save(SUBJECT_EXAMPLES, np.asarray(vectors, dtype=np.float16))
    subject_examples.cache_clear()


MEANING_FILE = SUBJECT_FOLDER / "e5_meaning_directions.npy"


@cache
def meaning_directions() -> np.ndarray:
    """(SEMANTIC_DIM, MEANING_DIRECTIONS) float32: made by `compute_meaning_directions`, shipped
    so that every process and every machine reads the same directions (an eigensolver's last
    digits differ between BLAS builds)."""
    return np.load(MEANING_FILE).astype(np.float32)


@dataclass
class SubjectScatter:
    """What the discriminant directions need of a set of unit e5 vectors in classes: the sum
    of their outer products and, per class, the sum and the count. Built in chunks
    (`add`), so that a regroup of 100,000 signals never holds the confirmed vectors at once."""

    outer: np.ndarray  # (SEMANTIC_DIM, SEMANTIC_DIM) float64
    sums: dict[int, np.ndarray]
    counts: Counter

    @classmethod
    def empty(cls) -> SubjectScatter:
        return cls(np.zeros((SEMANTIC_DIM, SEMANTIC_DIM)), {}, Counter())

    def add(self, vectors: np.ndarray, classes: Sequence[int]) -> SubjectScatter:
        vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float64))
        vectors = vectors / np.linalg.norm(vectors, axis=1, keepdims=True)
        self.outer += vectors.T @ vectors
        for subject in np.unique(classes):
            members = vectors[np.asarray(classes) == subject]
            key = int(subject)
            self.sums[key] = self.sums.get(key, 0.0) + members.sum(axis=0)
            self.counts[key] += len(members)
        return self

    @property
    def size(self) -> int:
        return sum(self.counts.values())

    def classes_with(self, members: int) -> int:
        return sum(1 for n in self.counts.values() if n >= members)


def tree_scatter() -> SubjectScatter:
    """The knelpunt trees' examples, every subject of every tree a class."""
    classes = np.concatenate(
        [
            tree.example_subjects + sum(len(t.subject_codes) for t in subject_trees()[:number])
            for number, tree in enumerate(subject_trees())
        ]
    )
    return SubjectScatter.empty().add(subject_examples(), classes)


def discriminant_directions(parts: Sequence[tuple[SubjectScatter, float]]) -> np.ndarray:
    """Linear discriminant directions of the classes of weighted parts (each part's classes
    its own; weight per vector).

    Between-class scatter against within-class scatter (what varies among texts about one
    subject: the writer, the words), the latter shrunk towards a multiple of the identity
    (MEANING_SHRINKAGE of its mean variance) because ~5 examples per subject leave it poorly
    determined. The leading MEANING_DIRECTIONS generalised eigenvectors; their scale is what
    the eigensolver gives (unit within-scatter).
    """
    total = sum(weight * part.size for part, weight in parts)
    overall = sum(weight * sum(part.sums.values()) for part, weight in parts) / total
    within = np.zeros((SEMANTIC_DIM, SEMANTIC_DIM))
    centres = np.zeros_like(within)  # sum of n * centre centre^T over classes
    for part, weight in parts:
        keys = list(part.sums)
        sums = np.vstack([part.sums[k] for k in keys])
        own = (sums / np.array([part.counts[k] for k in keys])[:, None]).T @ sums
        within += weight * (part.outer - own)
        centres += weight * own
    within /= total
    between = centres / total - np.outer(overall, overall)
    within += MEANING_SHRINKAGE * within.trace() / SEMANTIC_DIM * np.eye(SEMANTIC_DIM)
    with threadpool_limits(1):
        values, vectors = scipy_linalg.eigh(between, within)
    order = np.argsort(-values, kind="stable")[:MEANING_DIRECTIONS]
    return vectors[:, order].astype(np.float32)


def compute_meaning_directions() -> np.ndarray:
    """The shipped directions (`MEANING_FILE`): the trees' subjects alone."""
    return discriminant_directions([(tree_scatter(), 1.0)])


# What analysts confirmed teaches the directions too (session 53): signals an analyst placed
# (merge, split, move: `Signal.pinned`) and those of threads in handling are grouped as they
# should be, in the voices of this board. At each full regroup the directions are learned again
# from the trees plus these signals, each confirmed signal weighing as CONFIRMED_WEIGHT example
# sentences, all of them together at most as much as the trees (so that a few analysts'
# decisions cannot outweigh 779 subjects, and many still leave room for subjects the board has
# not seen). 10 chosen on dev and dev2 with the first half of each set confirmed (plateau 5 to
# the balanced weight; evaluation/README.md, session 53). Below MIN_CONFIRMED_THREADS threads
# with two or more confirmed signals the shipped directions stay.
CONFIRMED_WEIGHT = 10.0
MIN_CONFIRMED_THREADS = 3


def learned_meaning_directions(confirmed: SubjectScatter) -> np.ndarray | None:
    """Directions from the trees and the confirmed signals (classes: their threads), or None
    (use the shipped ones) while analysts have confirmed too little."""
    if not subject_trees() or confirmed.classes_with(2) < MIN_CONFIRMED_THREADS:
        return None
    trees = tree_scatter()
    weight = min(CONFIRMED_WEIGHT, trees.size / confirmed.size)
    return discriminant_directions([(trees, 1.0), (confirmed, weight)])


def _top_k_softmax(similarity: np.ndarray, k: int, temperature: float) -> np.ndarray:
    profiles = np.zeros_like(similarity)
    top = np.argpartition(-similarity, k - 1, axis=1)[:, :k]
    values = np.take_along_axis(similarity, top, axis=1)
    weights = np.exp((values - values.max(axis=1, keepdims=True)) / temperature)
    np.put_along_axis(profiles, top, weights, axis=1)
    return profiles


def subject_similarity(semantic: np.ndarray, tree: int) -> np.ndarray:
    """Cosine of each stored e5 vector to each subject of one tree: its best example."""
    start = sum(len(t.example_subjects) for t in subject_trees()[:tree])
    owners = subject_trees()[tree].example_subjects
    examples = subject_examples()[start : start + len(owners)]
    per_example = semantic @ examples.T
    # Examples are grouped by subject in file order: a maximum per contiguous run.
    starts = np.flatnonzero(np.r_[True, owners[1:] != owners[:-1]])
    return np.maximum.reduceat(per_example, starts, axis=1)


def subject_profiles(semantic: np.ndarray) -> np.ndarray:
    """Subject block of stored (uncentred) e5 query vectors: per tree a softmax over the
    `SUBJECT_K` closest subjects, zeros elsewhere; the trees side by side, unit length."""
    semantic = np.atleast_2d(np.asarray(semantic, dtype=np.float32))
    blocks = []
    for tree in range(len(subject_trees())):
        part = np.zeros((len(semantic), len(subject_trees()[tree].subject_codes)), np.float32)
        for start in range(0, len(semantic), 8192):
            similarity = subject_similarity(semantic[start : start + 8192], tree)
            part[start : start + 8192] = _unit(
                _top_k_softmax(similarity, SUBJECT_K, SUBJECT_TEMPERATURE)
            )
        blocks.append(part)
    return _unit(np.hstack(blocks)) if blocks else np.zeros((len(semantic), 0), np.float32)


def subject_dim() -> int:
    return sum(len(t.subject_codes) for t in subject_trees())


def meaning_dim() -> int:
    """Length of the meaning part of a grouping vector (`centred`)."""
    return MEANING_DIRECTIONS if subject_trees() else SEMANTIC_DIM


def vector_dim() -> int:
    """Length of a grouping vector (and of a thread's stored centroid) in this layout."""
    return meaning_dim() + LEXICAL_DIM + anchor_dim() + subject_dim()


def lexical_vectors(counts, idf: np.ndarray | None) -> np.ndarray:
    weighted = counts.multiply(idf).tocsr() if idf is not None else counts.tocsr()
    weighted = weighted.astype(np.float32)
    projected = np.asarray((weighted @ _projection()).toarray(), dtype=np.float32)
    return _unit(projected)


def combine(
    semantic: np.ndarray,
    lexical: np.ndarray,
    weight: float = SEMANTIC_WEIGHT,
    profiles: np.ndarray | None = None,
    anchor_weight: float = ANCHOR_WEIGHT,
    subjects: np.ndarray | None = None,
    subject_weight: float = SUBJECT_WEIGHT,
) -> np.ndarray:
    """The grouping vector: centred meaning, wording and (if given) the offer and subject
    blocks, unit length.

    `profiles`: `anchor_profiles`, `subjects`: `subject_profiles` of the stored e5 vectors;
    without them the two-part vector.
    """
    rest = 1.0 - subject_weight if subjects is not None else 1.0
    own = rest * (1.0 - anchor_weight) if profiles is not None else rest
    parts = [semantic * math.sqrt(weight * own), lexical * math.sqrt((1.0 - weight) * own)]
    if profiles is not None:
        parts.append(profiles * math.sqrt(anchor_weight * rest))
    if subjects is not None:
        parts.append(subjects * math.sqrt(subject_weight))
    return np.hstack(parts).astype(np.float32)


def grouping_vectors(
    stored: np.ndarray,
    counts,
    idf: np.ndarray | None,
    mean: np.ndarray | None,
    directions: np.ndarray | None = None,
) -> np.ndarray:
    """What regroup and assign compare: from stored e5 vectors and hashed counts, the current
    weights (IDF, meaning centre, learned meaning directions), the offer anchors and the
    knelpunt subjects."""
    stored = np.atleast_2d(np.asarray(stored, dtype=np.float32))
    return combine(
        centred(stored, mean, directions),
        lexical_vectors(counts, idf),
        profiles=anchor_profiles(stored),
        subjects=subject_profiles(stored) if subject_trees() else None,
    )


def split_vectors(vectors: np.ndarray) -> tuple[np.ndarray, sparse.csr_matrix]:
    """Grouping vectors as a dense head and the subject block as a sparse tail (see `SplitRows`)."""
    head = vectors.shape[1] - subject_dim()
    return np.ascontiguousarray(vectors[:, :head]), sparse.csr_matrix(vectors[:, head:])


class SplitRows:
    """Grouping vectors of a whole regroup, held as a dense head and a sparse tail.

    The subject block has `SUBJECT_K` non-zeros per tree among hundreds of columns: dense, it
    took 300 MB of the 2 GB at 100,000 signals. Rows come out dense and equal to the plain
    matrix's, so `cluster` gives the same groups bit for bit.
    """

    dtype = np.dtype(np.float32)

    def __init__(self, head: np.ndarray, tail: sparse.csr_matrix) -> None:
        self.head = head
        self.tail = sparse.csr_matrix(tail, dtype=np.float32)
        self.shape = (head.shape[0], head.shape[1] + tail.shape[1])

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, index) -> np.ndarray:
        if isinstance(index, (int, np.integer)):
            return np.concatenate([self.head[index], self.tail[index].toarray().ravel()])
        index = np.asarray(index) if isinstance(index, list) else index
        if isinstance(index, np.ndarray) and index.dtype == bool:
            index = np.flatnonzero(index)
        return np.hstack([self.head[index], self.tail[index].toarray()])

    def sums_by(self, indicator: sparse.csr_matrix) -> np.ndarray:
        """`indicator @ rows`, part by part (a float16 head in slices, so that it is never
        copied whole to float32)."""
        tail = (indicator @ self.tail).toarray()
        if self.head.dtype == np.float32:
            return np.hstack([indicator @ self.head, tail])
        columns = sparse.csc_matrix(indicator)
        head = np.zeros((indicator.shape[0], self.head.shape[1]), dtype=np.float32)
        for start in range(0, len(self.head), HEAD_SLICE):
            part = self.head[start : start + HEAD_SLICE].astype(np.float32)
            head += columns[:, start : start + HEAD_SLICE] @ part
        return np.hstack([head, tail])


# Rows of a float16 head made float32 at a time by `SplitRows.sums_by` (~14 MB).
HEAD_SLICE = 4096


def head_dtype(rows: int) -> np.dtype:
    """How a regroup of `rows` signals holds the dense head of the grouping vectors.

    Above `EXACT_LIMIT` in float16: at 100,000 signals the head is the largest array (1.04 GB
    in float32, 0.52 GB in float16; 1.7 GB peak of the 2 GB, measured); a cosine moves by
    about 1e-3. Up to it float32, so every labelled set is grouped exactly as evaluated.
    """
    return np.dtype(np.float16 if rows > EXACT_LIMIT else np.float32)


def semantic_vectors(texts: Sequence[str]) -> np.ndarray:
    """What is stored per signal as `vector`: its e5 "query: " embedding (uncentred)."""
    return semantic_e5.embed_queries(list(texts))


def signal_vectors(
    texts: Sequence[str], idf: np.ndarray | None = None, mean: np.ndarray | None = None
) -> np.ndarray:
    """Full vectors for texts (embedding included), through the stored form of the counts."""
    counts = counts_from_features(text_features(texts))
    return grouping_vectors(semantic_vectors(texts), counts, idf, mean)


def to_bytes(vector: np.ndarray) -> bytes:
    # float16 halves storage; cosines barely move.
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float16).astype(np.float32)


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


@dataclass
class Clustering:
    labels: np.ndarray  # group index per row, 0..k-1 (some may end up empty)
    sums: np.ndarray  # (k, dim) sum of member vectors
    counts: np.ndarray  # (k,)


def calibrated_threshold(vectors: np.ndarray | SplitRows, z: float | None = None) -> float:
    """`z` (default `JOIN_Z`) standard deviations of the pairwise cosines of the rows.

    Measured on at most `CALIBRATION_SAMPLE` evenly spaced rows (a fixed choice: the same
    signals give the same threshold), so it costs the same at 100,000 signals as at 1,000.
    """
    n = len(vectors)
    if n < 3:
        return JOIN_THRESHOLD
    rows = vectors[np.linspace(0, n - 1, min(n, CALIBRATION_SAMPLE)).astype(np.int64)]
    with threadpool_limits(1):
        sims = rows @ rows.T
    upper = sims[np.triu_indices(len(rows), 1)]
    return float((JOIN_Z if z is None else z) * upper.std())


def cluster(
    vectors: np.ndarray | SplitRows,
    threshold: float | None = None,
    fixed_labels: np.ndarray | None = None,
    micro_threshold: float = MICRO_THRESHOLD,
    progress: Callable[[int, int], None] | None = None,
    closed_labels: Collection[int] = (),
) -> Clustering:
    """Average-linkage grouping of rows; rows with fixed_labels >= 0 keep that group.

    `threshold`: by default `calibrated_threshold(vectors)`. `closed_labels`: fixed groups
    that take no further rows (threads closed or rejected: a worry that comes back after them
    opens a thread of its own, as `assign` does).
    """
    if threshold is None:
        threshold = calibrated_threshold(vectors)
    # Thousands of small BLAS calls: with more BLAS threads a busy 2-core machine spends its
    # time spin-waiting (10,000 bench signals at load 17: 48 s, with one thread 19 s).
    with threadpool_limits(1):
        return _cluster(vectors, threshold, fixed_labels, micro_threshold, progress, closed_labels)


# Free rows grouped in one go; a regroup of more goes by blocks (`_cluster`). Every labelled set
# is far below it, so their figures come from the one-go path. A block's groups x groups matrix
# of float32 is at most EXACT_LIMIT**2 * 4 bytes (~140 MB); the last linkage, over all blocks'
# groups, had 4,700 groups at the 100,000 signals of `make bench` (~90 MB).
EXACT_LIMIT = 6000
# Within a block, groups merge only while they are this many times the threshold alike; the
# rest waits for the linkage over all blocks. Chosen on dev with blocks forced small (40-100
# rows): F1 0.844-0.873 at 1.0, 0.914 at 1.5 and 2.0, 0.919 (the one-go figure) at 3.0, where
# more groups reach the last step (memory); evaluation/README.md, session 33.
BLOCK_FACTOR = 2.0


@dataclass
class _Groups:
    """Sums and counts of the groups being built; grows as groups open."""

    sums: np.ndarray
    counts: np.ndarray
    k: int

    @classmethod
    def empty(cls, dim: int, k: int) -> _Groups:
        capacity = max(64, 2 * k)
        return cls(np.zeros((capacity, dim), np.float32), np.zeros(capacity, np.float64), k)

    def open(self) -> int:
        if self.k == len(self.counts):
            self.sums = np.vstack([self.sums, np.zeros_like(self.sums)])
            self.counts = np.concatenate([self.counts, np.zeros_like(self.counts)])
        self.k += 1
        return self.k - 1


def _cluster(
    vectors: np.ndarray | SplitRows,
    threshold: float,
    fixed_labels: np.ndarray | None,
    micro_threshold: float,
    progress: Callable[[int, int], None] | None,
    closed_labels: Collection[int] = (),
) -> Clustering:
    """See `cluster`. Up to `EXACT_LIMIT` free rows: micro-groups, exact average linkage over
    them, one reassignment pass. Above it, steps 1 and 2 run first within blocks of rows about
    the same knelpunt subject (`_block_groups`), the linkage there stopping at `BLOCK_FACTOR`
    times the threshold, so that only merges the whole set would make too are made early; then
    the average linkage over all blocks' groups, then the reassignment pass. Exact linkage over
    every row costs groups x groups memory: with varied texts (15% as many micro-groups as
    signals at 100,000) several GB.
    """
    n, dim = vectors.shape
    labels = np.full(n, -1, dtype=np.int64) if fixed_labels is None else fixed_labels.copy()
    n_fixed = int(labels.max()) + 1 if n and labels.max() >= 0 else 0
    closed = np.array(sorted(c for c in closed_labels if 0 <= c < n_fixed), dtype=np.int64)
    groups = _Groups.empty(dim, n_fixed)
    fixed = labels >= 0
    if fixed.any():
        groups.sums[:n_fixed] = _group_sums(labels[fixed], vectors[fixed], n_fixed)
        groups.counts[:n_fixed] = np.bincount(labels[fixed], minlength=n_fixed)
    free = np.flatnonzero(~fixed)
    if len(free) <= EXACT_LIMIT:
        # 1. Micro-groups: join only very similar groups (order hardly matters at this level).
        _micro_groups(vectors, free, labels, groups, closed, micro_threshold, progress)
    else:
        _block_groups(vectors, free, labels, groups, micro_threshold, threshold, progress)
    # 2. Exact average linkage over the groups: mean pairwise cosine = meanA . meanB.
    parent = _average_linkage(groups, n_fixed, closed, threshold)
    assigned = labels >= 0
    labels[assigned] = parent[labels[assigned]]
    # 3. One reassignment pass of the free rows to the best surviving group.
    keys, best, ok = _best_groups(vectors, free, groups, closed, threshold)
    labels[free[ok]] = keys[best[ok]]
    counts = groups.counts[: groups.k]
    sums = _group_sums(labels, vectors, len(counts))
    counts = np.bincount(labels, minlength=len(counts))
    return Clustering(labels=labels, sums=sums, counts=counts.astype(np.int64))


def _block_groups(
    vectors: np.ndarray | SplitRows,
    free: np.ndarray,
    labels: np.ndarray,
    groups: _Groups,
    micro_threshold: float,
    threshold: float,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Above `EXACT_LIMIT` free rows: steps 1 and 2 within blocks of rows about the same
    knelpunt subject (`_blocks`), each block's groups then added to `groups` for the average
    linkage over all of them. Analysts' threads meet the free rows there and in the
    reassignment pass, not in a block."""
    done = 0
    for block in _blocks(vectors, free):
        local = _Groups.empty(groups.sums.shape[1], 0)
        local_labels = np.full(len(labels), -1, dtype=np.int64)

        def report(count: int, _total: int, before: int = done) -> None:
            if progress:
                progress(before + count, len(free))

        _micro_groups(
            vectors, block, local_labels, local, np.zeros(0, np.int64), micro_threshold, report
        )
        parent = _average_linkage(local, 0, np.zeros(0, np.int64), threshold * BLOCK_FACTOR)
        survivors = np.flatnonzero(local.counts[: local.k] > 0)
        number = np.full(local.k, -1, dtype=np.int64)
        for survivor in survivors:
            number[survivor] = groups.open()
        groups.sums[number[survivors]] = local.sums[survivors]
        groups.counts[number[survivors]] = local.counts[survivors]
        labels[block] = number[parent[local_labels[block]]]
        done += len(block)


def _blocks(vectors: np.ndarray | SplitRows, rows: np.ndarray) -> list[np.ndarray]:
    """The rows in blocks of at most `EXACT_LIMIT`: by their closest subject of the first
    knelpunt tree, neighbouring subjects (one category) packed together, a larger subject cut
    in pieces. Without subject trees, pieces in row order."""
    if not subject_trees():
        return [rows[i : i + EXACT_LIMIT] for i in range(0, len(rows), EXACT_LIMIT)]
    first = len(subject_trees()[0].subject_codes)
    start = vectors.shape[1] - subject_dim()
    if isinstance(vectors, SplitRows):
        subject = np.asarray(vectors.tail[rows][:, :first].argmax(axis=1)).ravel()
    else:
        subject = np.argmax(vectors[rows, start : start + first], axis=1)
    order = np.lexsort((rows, subject))
    rows, subject = rows[order], subject[order]
    bounds = np.flatnonzero(np.r_[True, subject[1:] != subject[:-1], True])
    blocks, current = [], []
    for left, right in zip(bounds[:-1], bounds[1:], strict=True):
        piece = rows[left:right]
        if current and sum(map(len, current)) + len(piece) > EXACT_LIMIT:
            blocks.append(np.concatenate(current))
            current = []
        for cut in range(0, len(piece), EXACT_LIMIT):
            current.append(piece[cut : cut + EXACT_LIMIT])
            if sum(map(len, current)) >= EXACT_LIMIT:
                blocks.append(np.concatenate(current))
                current = []
    if current:
        blocks.append(np.concatenate(current))
    return blocks


def _micro_groups(
    vectors: np.ndarray | SplitRows,
    rows: np.ndarray,
    labels: np.ndarray,
    groups: _Groups,
    closed: np.ndarray,
    micro_threshold: float,
    progress: Callable[[int, int], None] | None,
) -> None:
    """Each row joins the group most like it if that reaches `micro_threshold`, else opens one."""
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        base_k = groups.k
        means = groups.sums[:base_k] / np.maximum(groups.counts[:base_k], 1)[:, None]
        rows_of_batch = vectors[batch]  # one dense copy: a row of `SplitRows` costs ~50 us
        sims = rows_of_batch @ means.T if base_k else np.zeros((len(batch), 0), np.float32)
        if len(closed):
            sims[:, closed] = -np.inf
        # Means of the groups opened in this batch, kept up to date one group at a time (the
        # same divisions as dividing them all again for every row, without the cost).
        fresh_means = np.empty((len(batch), groups.sums.shape[1]), dtype=np.float64)
        for row, index in enumerate(batch):
            vector = rows_of_batch[row]
            best, best_sim = -1, -1.0
            if base_k:
                best = int(np.argmax(sims[row]))
                best_sim = float(sims[row, best])
            if groups.k > base_k:
                fresh = fresh_means[: groups.k - base_k] @ vector
                j = int(np.argmax(fresh))
                if fresh[j] > best_sim:
                    best, best_sim = base_k + j, float(fresh[j])
            if best < 0 or best_sim < micro_threshold:
                best = groups.open()
            labels[index] = best
            groups.sums[best] += vector
            groups.counts[best] += 1
            if best >= base_k:
                fresh_means[best - base_k] = groups.sums[best] / groups.counts[best]
        if progress:
            progress(min(start + BATCH, len(rows)), len(rows))


def _average_linkage(
    groups: _Groups, n_fixed: int, closed: np.ndarray, threshold: float
) -> np.ndarray:
    """Merge the most similar pair of groups while it reaches `threshold`; the surviving group of
    each group. Groups below `n_fixed` (analysts') never merge with each other; closed ones not
    at all.

    Each group's most similar partner is kept, so a merge looks at one row per group (not the
    whole matrix); rows whose partner took part in the merge are looked at again. The same
    pairs merge in the same order as a search of the whole matrix (ties: lowest indices).
    Memory groups x groups (float32).
    """
    k = groups.k
    sums, counts = groups.sums[:k], groups.counts[:k]
    means = sums / np.maximum(counts, 1)[:, None]
    alive = counts > 0
    is_fixed = np.arange(k) < n_fixed
    is_closed = np.zeros(k, dtype=bool)
    is_closed[closed] = True
    similarity = means @ means.T
    del means  # groups x dimensions in float64: not needed once the similarities are there
    np.fill_diagonal(similarity, -np.inf)
    similarity[np.ix_(is_fixed, is_fixed)] = -np.inf  # analysts' groups stay apart
    similarity[~alive, :] = -np.inf
    similarity[:, ~alive] = -np.inf
    similarity[is_closed, :] = -np.inf
    similarity[:, is_closed] = -np.inf
    parent = np.arange(k)
    if not k:
        return parent
    partner = np.argmax(similarity, axis=1)
    partner_similarity = similarity[np.arange(k), partner]
    while True:
        a = int(np.argmax(partner_similarity))
        b = int(partner[a])
        if partner_similarity[a] < threshold:
            break
        if is_fixed[b]:
            a, b = b, a  # keep the fixed group's identity
        # Mean cosine to the merged group: the members' weighted mean (exact for means' dot
        # products; one row, not groups x dimensions, per merge).
        row = (counts[a] * similarity[a] + counts[b] * similarity[b]) / (counts[a] + counts[b])
        row = row.astype(np.float32)
        sums[a] += sums[b]
        counts[a] += counts[b]
        counts[b] = 0
        parent[b] = a
        alive[b] = False
        row[~alive] = -np.inf
        row[is_closed] = -np.inf
        row[a] = -np.inf
        if is_fixed[a]:
            row[is_fixed] = -np.inf
        similarity[a, :] = row
        similarity[:, a] = row
        similarity[b, :] = -np.inf
        similarity[:, b] = -np.inf
        partner_similarity[b] = -np.inf
        stale = alive & ((partner == a) | (partner == b))
        stale[a] = True
        better = (
            alive
            & ~stale
            & ((row > partner_similarity) | ((row == partner_similarity) & (a < partner)))
        )
        partner[better] = a
        partner_similarity[better] = row[better]
        again = np.flatnonzero(stale)
        partner[again] = np.argmax(similarity[again], axis=1)
        partner_similarity[again] = similarity[again, partner[again]]
    # Resolve merged groups to their surviving group.
    for index in range(k):
        root = index
        while parent[root] != root:
            root = parent[root]
        parent[index] = root
    return parent


def _best_groups(
    vectors: np.ndarray | SplitRows,
    rows: np.ndarray,
    groups: _Groups,
    closed: np.ndarray,
    threshold: float,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """For each row the open group most like it: (group numbers, index into them per row,
    whether it reaches `threshold`)."""
    counts = groups.counts[: groups.k]
    open_groups = counts > 0
    open_groups[closed] = False
    keys = np.flatnonzero(open_groups)
    best = np.zeros(len(rows), dtype=np.int64)
    ok = np.zeros(len(rows), dtype=bool)
    if not len(rows) or not len(keys):
        return keys, best, ok
    means = groups.sums[keys] / counts[keys][:, None]
    for start in range(0, len(rows), 4096):
        sims = vectors[rows[start : start + 4096]] @ means.T
        chosen = np.argmax(sims, axis=1)
        best[start : start + 4096] = chosen
        ok[start : start + 4096] = sims[np.arange(len(chosen)), chosen] >= threshold
    return keys, best, ok


def choose_thread(
    means: np.ndarray,
    counts: np.ndarray,
    vector: np.ndarray,
    threshold: float = JOIN_THRESHOLD,
    small_margin: float = ASSIGN_SMALL_MARGIN,
) -> int:
    """Index of the thread a new signal joins, or -1 to open a thread.

    Average linkage as in `cluster` (mean cosine to the members = dot with the mean vector);
    a thread of n signals needs `threshold + small_margin / n`.
    """
    if not len(counts):
        return -1
    counts = np.asarray(counts, dtype=np.float32)
    margin = means @ vector - threshold - small_margin / np.maximum(counts, 1)
    margin[counts <= 0] = -np.inf
    best = int(np.argmax(margin))
    return best if margin[best] >= 0 else -1


def merge_partner(
    means: np.ndarray, counts: np.ndarray, grown: int, threshold: float = JOIN_THRESHOLD
) -> int:
    """The thread that the thread `grown` (which just took a signal) now merges with, or -1.

    The merge step of average linkage (mean cosine between the two threads' members), so the
    board drifts less from what a regroup would make; early arrivals that opened two threads
    come together once enough signals show they belong together.
    """
    alive = np.asarray(counts) > 0
    sims = means @ means[grown]
    sims[~alive] = -np.inf
    sims[grown] = -np.inf
    if not len(sims):
        return -1
    best = int(np.argmax(sims))
    return best if sims[best] >= threshold else -1


def similar_threads(means: np.ndarray, own: int, limit: int = 3) -> list[tuple[int, float]]:
    """The threads whose members most resemble those of thread `own` (average linkage, the
    measure a regroup merges by), best first: where an analyst looks for a merge the grouping
    missed. No floor: the analyst reads and decides, and a floor chosen on dev (0.85 of the
    join threshold) hid half of the right partners on the held-out sets (evaluation README)."""
    if not 0 <= own < len(means):
        return []
    sims = means @ means[own]
    sims[own] = -np.inf
    order = np.argsort(-sims, kind="stable")[:limit]
    return [(int(i), float(sims[i])) for i in order if np.isfinite(sims[i])]


def loose_members(
    members: np.ndarray, other_means: np.ndarray
) -> list[tuple[int, int, float, float]]:
    """Members that resemble another thread more than the rest of their own thread.

    (member row, other thread row, mean cosine to the other members, mean cosine to the other
    thread), the most out of place first. Leave-one-out: a member is not compared with itself,
    so a thread of two can still show that its pair does not belong together.
    """
    count = len(members)
    if count < 2 or not len(other_means):
        return []
    total = members.sum(axis=0)
    own = (members @ total - np.einsum("ij,ij->i", members, members)) / (count - 1)
    other = members @ other_means.T
    best = other.argmax(axis=1)
    best_sim = other[np.arange(count), best]
    found = [
        (i, int(best[i]), float(own[i]), float(best_sim[i]))
        for i in range(count)
        if best_sim[i] > own[i]
    ]
    return sorted(found, key=lambda f: f[2] - f[3])


@dataclass(frozen=True)
class Seam:
    """The weakest seam in a thread: its members in two parts by average linkage."""

    part: np.ndarray  # row numbers of the smaller part
    central: int  # the row of that part most like the rest of the part
    between: float  # mean cosine between the two parts
    within: float  # mean cosine inside the smaller part


SEAM_MIN_PART = 2


def weakest_seam(members: np.ndarray) -> Seam | None:
    """Where a thread would come apart first: the top split of an average-linkage tree over
    its members, the measure a regroup joins by. None below two members a side (a single
    odd member is `loose_members`' case).

    No threshold: on every labelled set the right split of a thread that holds two knelpunten
    lies as far above the join threshold as the seams of pure threads (evaluation README,
    session 43), so the analyst reads and decides.
    """
    count = len(members)
    if count < 2 * SEAM_MIN_PART:
        return None
    sims = members @ members.T
    distance = np.clip(1.0 - sims, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = hierarchy.linkage(squareform(distance, checks=False), method="average")
    first = hierarchy.fcluster(tree, 2, criterion="maxclust") == 1
    small = first if first.sum() <= (~first).sum() else ~first
    if small.sum() < SEAM_MIN_PART:
        return None
    part = np.flatnonzero(small)
    inside = sims[np.ix_(part, part)]
    size = len(part)
    within_each = (inside.sum(axis=1) - np.diag(inside)) / (size - 1)
    return Seam(
        part=part,
        central=int(part[int(np.argmax(within_each))]),
        between=float(sims[np.ix_(small, ~small)].mean()),
        within=float((inside.sum() - np.trace(inside)) / (size * (size - 1))),
    )


def _group_sums(labels: np.ndarray, vectors: np.ndarray | SplitRows, k: int) -> np.ndarray:
    """Sum of the rows per label, as one sparse product (np.add.at takes ~30 s at 100k rows)."""
    indicator = sparse.csr_matrix(
        (np.ones(len(labels), dtype=np.float32), (labels, np.arange(len(labels)))),
        shape=(k, len(labels)),
    )
    if isinstance(vectors, SplitRows):
        return np.asarray(vectors.sums_by(indicator), dtype=np.float32)
    return np.asarray(indicator @ vectors, dtype=np.float32)
