"""Hybrid ranking of eligible offers for a question: fused signals, no single gate.

Every signal is standardised over the eligible offers of this question (z-score: how far an
offer stands out from the others), then the standardised signals are added with fixed weights.
So no stage can zero the result: when the thesaurus recognises nothing, the semantic, lexical
and character signals still rank, and a misleading word moves one signal among four.

score = W_SEMANTIC * z(cosine(question, offer))          sentence embeddings
      + W_BM25 * z(BM25 on lemmas)                        plus expansion words of situations
      + W_CHAR * z(cosine of character 4-grams)           compounds, typos
      + W_THEME * z(need-theme fit)                        see `need_distribution`
      + W_PHASE * offer serves the recognised journey phase
      + boosts from the caller (W_TYPE for an offer type named in the question, regional bonus)

Need recognition is learned from the catalog itself (weak supervision): the themes that the
providers gave to the offers closest to the question (semantic + lexical neighbours) form a
theme distribution; the curated thesaurus is a prior mixed in with weight PRIOR_WEIGHT, not a
gate. The lexical ranking is a floor: the best BM25 offer is always among the candidates shown.

The product order is a reciprocal rank fusion (`rank_fusion`) of that fused score with the plain
multilingual-e5 cosine ranking: two rankings that fail differently (the fused score leans on
themes, e5 on meaning alone), so a misled theme or an unknown word costs one ranking, not both.
A third ranking joins them (`family_fusion`): the offers most like the first hit, because
relevant offers come in families of the same kind of service.
What is shown is decided relative to the score distribution (`stands_out`), not by a fixed
score; "nothing fits" is decided separately (`Scored.confident`).

Weights were set on the development set only (data/eval/devset.json); see NOTES.md for which
set each change was measured on. The held-out and independent sets are never tuned on.
"""

from __future__ import annotations

import datetime
import threading
from collections.abc import Collection
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

from scharnier.catalog.models import Offer
from scharnier.core import embeddings

from . import outside, semantic_e5
from .models import FeatureSetVersion, OfferEmbedding
from .needs import Needs
from .services import compute_offer_embeddings
from .text import analysed

W_SEMANTIC = 0.5
# The second semantic signal (multilingual-e5-small, `semantic_e5`) when it is switched on.
W_SEMANTIC_E5 = 1.5
W_BM25 = 0.25
W_CHAR = 0.3
W_THEME = 1.2
W_PHASE = 0.2
# Offer types named in the question ('subsidie', 'lening', 'cursus'), in standard deviations.
W_TYPE = 0.3
# Thesaurus prior vs. themes learned from the question's nearest offers.
PRIOR_WEIGHT = 0.5
# How many nearest offers vote on the question's themes.
NEIGHBOURS = 5
BM25_K1 = 1.2
BM25_B = 0.75
# Calibrated, relative cut-off (in standard deviations above the eligible offers' mean):
# an offer is shown when it stands out by SHOW_Z; at least MIN_SHOWN are shown when the best
# one stands out by CONFIDENT_Z. Below that nothing fits: better a human contact than noise.
SHOW_Z = 1.5
MIN_SHOWN = 3
# The product ranking: reciprocal rank fusion of the fused score above with the plain e5 cosine
# ranking (when e5 is on): 1 / (RRF_K + rank) per ranking, e5 weighted W_RRF_E5. An offer
# is shown when it stands out (SHOW_Z) in either ranking. Chosen on the dev set (NOTES.md).
RRF_K = 60
W_RRF_E5 = 0.5
# A third ranking in the fusion, "more like the first hit": relevance comes in families of
# offers of the same kind (several subsidies for one investment, several advisers for one
# problem), and the first offer of the fused order is usually right (dev MRR 0.92) while its
# siblings fall below the tenth place. The eligible offers ranked by their sentence-vector
# cosine to that first offer join the fusion with this weight (0 switches it off). Chosen on
# the dev set under cross-validation (NOTES.md, session 21); plateau 0.75-1.5, lower end kept.
W_RRF_FAMILY = 0.75
FAMILY_POOL = 1000
# Whether anything fits at all: a recognised need, or the best offer's evidence clears the
# level that 95% of the dev set's answerable questions clear (semantic cosine per model; BM25
# of the best offer, about two rare words in common). Measured on the dev set only.
SEMANTIC_CONFIDENT = {"use-multilingual-v3": 0.12, "multilingual-e5-small-q4": 0.82}
BM25_CONFIDENT = 6.0
# Two offers this similar (cosine of their vectors) count as near-duplicates.
DUPLICATE_COSINE = 0.9
MAX_PER_PROVIDER = 2
# Offers without stored features are computed on demand only up to this many per query.
ON_DEMAND_LIMIT = 200
# Question vectors kept per process: the same question comes back when the entrepreneur
# changes the profile, opens the plan or the page reloads, and e5 costs 15-100 ms per question.
QUERY_CACHE_SIZE = 2048

_TERM_HASH = HashingVectorizer(
    analyzer=str.split, n_features=2**20, alternate_sign=False, norm=None, lowercase=False
)
_CHAR_HASH = HashingVectorizer(
    analyzer="char_wb", ngram_range=(4, 4), n_features=2**20, alternate_sign=False, norm=None
)


# A change of a few offers patches the in-memory index instead of rebuilding it: a rebuild
# reads and hashes every offer (25,000 offers: 4-5 s on an idle machine, over a minute under
# load) and blocks the process's requests meanwhile, while providers change offers all day.
# A patch appends the changed offers' rows (their old rows stay, unreferenced) and keeps the
# corpus statistics of the last build (BM25 and character n-gram weights, average length). Once
# the patched rows exceed PATCH_SHARE of the built ones (at least PATCH_MIN_ROWS), or a changed
# offer brings a theme or phase the index does not know, the next refresh is a full build.
PATCH_MIN_ROWS = 100
PATCH_SHARE = 0.05
# Rows are found by `OfferEmbedding.computed_at`, a timestamp set before the row commits: a
# patch looks back this far before the newest timestamp it has seen, so that a row committed
# late by a concurrent writer is not missed (rows already in the index are skipped).
PATCH_LOOKBACK = datetime.timedelta(minutes=2)


@dataclass(frozen=True)
class ColumnBlocks:
    """Rows of a sparse (offers x features) matrix, read by column: the rows of the last full
    build and, after patches, one block with the rows appended since (row numbers continue)."""

    blocks: tuple[sparse.csc_matrix, ...]

    def column_product(self, cols: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """One value per row: the row's entries in `cols` times `weights`, summed."""
        parts = [np.asarray(block[:, cols] @ weights).ravel() for block in self.blocks]
        return parts[0] if len(parts) == 1 else np.concatenate(parts)

    def appended(self, block: sparse.csc_matrix) -> ColumnBlocks:
        if len(self.blocks) == 1:
            return ColumnBlocks((self.blocks[0], block))
        merged = sparse.vstack([self.blocks[1], block], format="csc")
        return ColumnBlocks((self.blocks[0], merged))


@dataclass
class OfferIndex:
    version: tuple
    ids: np.ndarray  # offer pk per row (rows of the last build sorted; patched rows after)
    vectors: np.ndarray  # (n, DIM) float32
    vectors_e5: np.ndarray  # (n, 384) float32; rows of zeros where not computed
    has_e5: np.ndarray  # (n,) bool
    bm25: ColumnBlocks  # (n, terms) saturated term weights
    idf: np.ndarray
    avg_length: float  # mean document length of the last build (BM25 saturation)
    char: ColumnBlocks  # (n, features) tf-idf, rows normalised
    char_tfidf: TfidfTransformer
    theme_matrix: np.ndarray  # (n, themes) 0/1
    theme_codes: list[str]
    phase_matrix: np.ndarray
    phase_codes: list[str]
    position: dict[int, int] = field(default_factory=dict)
    # When each offer's row was computed (`OfferEmbedding.computed_at`): what a patch skips.
    computed: dict[int, datetime.datetime] = field(default_factory=dict)
    built_rows: int = 0
    patched_rows: int = 0

    def rows(self, offer_ids) -> np.ndarray:
        position = self.position
        return np.fromiter((position[i] for i in offer_ids if i in position), dtype=np.int64)


_lock = threading.Lock()
_index: OfferIndex | None = None
_FEATURE_COLUMNS = ("offer_id", "vector", "terms", "vector_e5", "computed_at")


def _version() -> tuple:
    # A primary-key lookup, not an aggregate over 25,000 rows (that cost ~65 ms per query).
    row = FeatureSetVersion.objects.filter(pk=1).values_list("version", "updated_at").first()
    return row or (0, None)


def _dense_rows(rows: list[tuple]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Offer ids, sentence vectors, e5 vectors and which rows have an e5 vector."""
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    vectors = (
        np.vstack([embeddings.from_bytes(bytes(r[1])) for r in rows])
        if rows
        else np.zeros((0, embeddings.DIM), dtype=np.float32)
    )
    has_e5 = np.array([r[3] is not None for r in rows], dtype=bool)
    vectors_e5 = np.zeros((len(rows), semantic_e5.DIM), dtype=np.float32)
    for k, r in enumerate(rows):
        if r[3] is not None:
            vectors_e5[k] = embeddings.from_bytes(bytes(r[3]))
    return ids, vectors, vectors_e5, has_e5


def _bm25_block(tf: sparse.csr_matrix, avg_length: float) -> sparse.csc_matrix:
    # BM25 saturation is per (doc, term) and independent of the query: precompute it.
    lengths = np.asarray(tf.sum(axis=1)).ravel()
    norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / max(avg_length, 1e-9))
    tf = tf.tocoo()
    data = tf.data * (BM25_K1 + 1) / (tf.data + norm[tf.row])
    return sparse.csc_matrix((data, (tf.row, tf.col)), shape=tf.shape, dtype=np.float32)


def _build(version: tuple) -> OfferIndex:
    rows = list(
        OfferEmbedding.objects.filter(model_name=embeddings.MODEL_NAME)
        .order_by("offer_id")
        .values_list(*_FEATURE_COLUMNS)
    )
    ids, vectors, vectors_e5, has_e5 = _dense_rows(rows)
    docs = [r[2] for r in rows] or [""]  # the hashers cannot transform an empty list
    tf = _TERM_HASH.transform(docs).tocsr().astype(np.float32)
    n = max(len(docs), 1)
    df = np.bincount(tf.indices, minlength=tf.shape[1])
    idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
    lengths = np.asarray(tf.sum(axis=1)).ravel()
    avg_length = float(lengths.mean()) if len(lengths) else 1.0
    char_tfidf = TfidfTransformer(sublinear_tf=True)
    char = char_tfidf.fit_transform(_CHAR_HASH.transform(docs)).tocsc().astype(np.float32)
    position = position_of(ids)
    theme_matrix, theme_codes = _code_matrix(position, Offer.themes.through, "theme__code", ids)
    phase_matrix, phase_codes = _code_matrix(
        position, Offer.journey_phases.through, "journeyphase__code", ids
    )
    return OfferIndex(
        version=version,
        ids=ids,
        vectors=vectors,
        vectors_e5=vectors_e5,
        has_e5=has_e5,
        bm25=ColumnBlocks((_bm25_block(tf, avg_length),)),
        idf=idf,
        avg_length=avg_length,
        char=ColumnBlocks((char,)),
        char_tfidf=char_tfidf,
        theme_matrix=theme_matrix,
        theme_codes=theme_codes,
        phase_matrix=phase_matrix,
        phase_codes=phase_codes,
        position=position,
        computed={r[0]: r[4] for r in rows},
        built_rows=len(rows),
    )


def _patched(index: OfferIndex, version: tuple) -> OfferIndex | None:
    """`index` with the offers whose features changed since appended, or None when a full
    build is due (too many changes, a vocabulary term it does not know, nothing to start from)."""
    if not index.computed or version[0] <= index.version[0]:
        return None
    since = max(index.computed.values()) - PATCH_LOOKBACK
    budget = max(PATCH_MIN_ROWS, int(PATCH_SHARE * index.built_rows)) - index.patched_rows
    recent = OfferEmbedding.objects.filter(
        model_name=embeddings.MODEL_NAME, computed_at__gte=since
    ).values_list("offer_id", "computed_at")
    changed = sorted(i for i, at in recent if index.computed.get(i) != at)
    if len(changed) > budget:
        return None
    if not changed:
        return replace(index, version=version)
    rows = list(
        OfferEmbedding.objects.filter(model_name=embeddings.MODEL_NAME, offer_id__in=changed)
        .order_by("offer_id")
        .values_list(*_FEATURE_COLUMNS)
    )
    ids, vectors, vectors_e5, has_e5 = _dense_rows(rows)
    first = len(index.ids)
    position = dict(index.position)
    position.update({int(i): first + k for k, i in enumerate(ids)})
    themes = _code_rows(ids, Offer.themes.through, "theme__code", index.theme_codes)
    phases = _code_rows(ids, Offer.journey_phases.through, "journeyphase__code", index.phase_codes)
    if themes is None or phases is None:
        return None
    docs = [r[2] for r in rows]
    tf = _TERM_HASH.transform(docs).tocsr().astype(np.float32)
    char = index.char_tfidf.transform(_CHAR_HASH.transform(docs)).tocsc().astype(np.float32)
    computed = dict(index.computed)
    computed.update({r[0]: r[4] for r in rows})
    return OfferIndex(
        version=version,
        ids=np.concatenate([index.ids, ids]),
        vectors=np.vstack([index.vectors, vectors]),
        vectors_e5=np.vstack([index.vectors_e5, vectors_e5]),
        has_e5=np.concatenate([index.has_e5, has_e5]),
        bm25=index.bm25.appended(_bm25_block(tf, index.avg_length)),
        idf=index.idf,
        avg_length=index.avg_length,
        char=index.char.appended(char),
        char_tfidf=index.char_tfidf,
        theme_matrix=np.vstack([index.theme_matrix, themes]),
        theme_codes=index.theme_codes,
        phase_matrix=np.vstack([index.phase_matrix, phases]),
        phase_codes=index.phase_codes,
        position=position,
        computed=computed,
        built_rows=index.built_rows,
        patched_rows=index.patched_rows + len(rows),
    )


def position_of(ids: np.ndarray) -> dict[int, int]:
    return {int(i): k for k, i in enumerate(ids)}


def _code_matrix(position: dict[int, int], through, code_field: str, ids: np.ndarray):
    """A dense (offers x codes) 0/1 matrix of an offer's vocabulary terms."""
    # All rows, filtered here: an IN list of 25,000 ids would hit SQLite's variable limit.
    pairs = [
        (offer_id, code)
        for offer_id, code in through.objects.values_list("offer_id", code_field).iterator(
            chunk_size=5000
        )
        if offer_id in position
    ]
    codes = sorted({code for _, code in pairs})
    column = {code: k for k, code in enumerate(codes)}
    matrix = np.zeros((len(ids), len(codes)), dtype=np.float32)
    for offer_id, code in pairs:
        matrix[position[offer_id], column[code]] = 1.0
    return matrix, codes


def _code_rows(ids: np.ndarray, through, code_field: str, codes: list[str]) -> np.ndarray | None:
    """0/1 rows of the given offers' vocabulary terms in the index's columns; None when an
    offer has a term the index has no column for (then the index must be built again)."""
    column = {code: k for k, code in enumerate(codes)}
    matrix = np.zeros((len(ids), len(codes)), dtype=np.float32)
    row_of = {int(i): k for k, i in enumerate(ids)}
    for offer_id, code in through.objects.filter(offer_id__in=list(row_of)).values_list(
        "offer_id", code_field
    ):
        if code not in column:
            return None
        matrix[row_of[offer_id], column[code]] = 1.0
    return matrix


def get_index() -> OfferIndex:
    global _index
    version = _version()
    current = _index
    if current is not None and current.version == version:
        return current
    if current is None:
        _lock.acquire()
    elif not _lock.acquire(blocking=False):
        # Another thread is bringing the index up to date (a full build takes seconds at
        # 25,000 offers): answer from the previous one meanwhile instead of queueing behind it.
        # The eligibility filter is SQL, so a stale index never shows an offer it should not.
        return current
    try:
        current = _index
        if current is None or current.version != version:
            _index = (current is not None and _patched(current, version)) or _build(version)
        return _index
    finally:
        _lock.release()


def nearest_offer_ids(text: str, limit: int, exclude: Collection[int] = ()) -> list[int]:
    """The catalog's offers whose sentence vectors lie closest to `text`, closest first.

    Reads the process's index (every offer with stored features, archived ones included:
    the caller filters), so a look-up over 25,000 offers is one vector product.
    """
    index = get_index()
    if not len(index.ids):
        return []
    closeness = index.vectors @ query_vectors(text, False)[0]
    found: list[int] = []
    seen = set(exclude)
    # A patched index keeps a changed offer's old row too: only its current row counts.
    for row in np.argsort(-closeness, kind="stable").tolist():
        offer_id = int(index.ids[row])
        if offer_id in seen or index.position.get(offer_id) != row:
            continue
        seen.add(offer_id)
        found.append(offer_id)
        if len(found) >= limit:
            break
    return found


def ensure_features(offer_ids: list[int]) -> OfferIndex:
    """The current index, after computing features for eligible offers that lack them."""
    index = get_index()
    missing = [i for i in offer_ids if i not in index.position]
    if missing:
        compute_offer_embeddings(missing[:ON_DEMAND_LIMIT])
        index = get_index()
    return index


@dataclass
class Scored:
    offer_id: int
    score: float  # the product order: rank fusion, 1.0 = first in every ranking
    semantic: float
    lexical: float
    theme_overlap: list[str]
    phase_match: bool
    row: int
    # The offer's sentence vector as scored: later steps of the same request (near-duplicate
    # grouping) read it here, not from the process's index, which another thread may replace.
    vector: np.ndarray = field(repr=False, compare=False)
    lexical_floor: bool = False  # kept because it is the best lexical match
    # How far the offer stands out (standard deviations) in the fused score and the e5 cosine.
    fit: float = 0.0
    fit_e5: float | None = None
    # Something fits this question at all (same for every offer of one ranking).
    confident: bool = True
    # The question reads as private life, not about a business (`outside`); same for every offer.
    everyday: bool = False


@lru_cache(maxsize=QUERY_CACHE_SIZE)
def query_vectors(question: str, with_e5: bool) -> tuple[np.ndarray, np.ndarray | None]:
    """The question's sentence vector and (when on) its e5 vector, read-only, cached."""
    vector = embeddings.embed_queries([question])[0]
    vector.flags.writeable = False
    if not with_e5:
        return vector, None
    vector_e5 = semantic_e5.embed_query(question)
    vector_e5.flags.writeable = False
    return vector, vector_e5


def _z(values: np.ndarray) -> np.ndarray:
    """Standardise over the eligible offers; a constant signal contributes nothing."""
    values = values.astype(np.float32, copy=False)
    spread = float(values.std())
    if spread < 1e-9:
        return np.zeros_like(values)
    return (values - float(values.mean())) / spread


def _ranks(values: np.ndarray) -> np.ndarray:
    """0 for the best value, 1 for the next, ... (ties keep the catalog order)."""
    ranks = np.empty(len(values), dtype=np.float32)
    ranks[np.argsort(-values, kind="stable")] = np.arange(len(values), dtype=np.float32)
    return ranks


def rank_fusion(fused: np.ndarray, z_e5: np.ndarray | None) -> np.ndarray:
    """Reciprocal rank fusion of the fused score with the e5 cosine ranking.

    Scaled so that an offer first in every ranking scores 1.0. Without e5 the order is the
    fused score's own.
    """
    total = (RRF_K + 1) / (RRF_K + 1 + _ranks(fused))
    if z_e5 is None:
        return total
    return (total + W_RRF_E5 * (RRF_K + 1) / (RRF_K + 1 + _ranks(z_e5))) / (1 + W_RRF_E5)


def family_fusion(fused: np.ndarray, vectors: np.ndarray, with_e5: bool) -> np.ndarray:
    """`rank_fusion`'s result with the family ranking added (weight W_RRF_FAMILY).

    The family ranking orders the offers by their sentence-vector cosine to the offer first in
    `fused` (`vectors`: the eligible offers' rows in the order of `fused`): the first hit's
    siblings, offers of the same kind that the question's own wording does not reach. It
    re-ranks the FAMILY_POOL best of `fused`; the rest share the place after them (that far
    down this vote alone cannot lift an offer onto the first page, and over 25,000 eligible
    offers the product and sort cost ~20 ms against ~0.5 ms). Still 1.0 for an offer first in
    every ranking.
    """
    if len(fused) > FAMILY_POOL:
        pool = np.argpartition(-fused, FAMILY_POOL - 1)[:FAMILY_POOL]
        pool = pool[np.argsort(pool)]  # catalog order, so ties break as everywhere else
        pool_vectors = vectors[pool]
    else:
        pool, pool_vectors = slice(None), vectors
    family = pool_vectors @ vectors[int(np.argmax(fused))]
    part = np.full(len(fused), (RRF_K + 1) / (RRF_K + 1 + len(family)), dtype=np.float32)
    part[pool] = (RRF_K + 1) / (RRF_K + 1 + _ranks(family))
    weight = 1.0 + (W_RRF_E5 if with_e5 else 0.0)
    return (fused * weight + W_RRF_FAMILY * part) / (weight + W_RRF_FAMILY)


def stands_out(scored: Scored) -> bool:
    """The calibrated cut-off: the offer stands out from the eligible ones in either ranking."""
    return scored.fit >= SHOW_Z or (scored.fit_e5 is not None and scored.fit_e5 >= SHOW_Z)


def need_distribution(
    needs: Needs, index: OfferIndex, rows: np.ndarray, closeness: np.ndarray
) -> np.ndarray:
    """The question's theme weights over `index.theme_codes` (sums to 1, or all zero).

    Learned part: the themes providers gave to the NEIGHBOURS offers closest to the question.
    Prior: the thesaurus themes. Mixed with PRIOR_WEIGHT; either alone when the other is empty.
    """
    codes = index.theme_codes
    prior = np.array([needs.theme_weights.get(c, 0.0) for c in codes], dtype=np.float32)
    if prior.sum() > 0:
        prior = prior / prior.sum()
    learned = np.zeros(len(codes), dtype=np.float32)
    if len(rows) and len(codes):
        nearest = rows[np.argsort(-closeness, kind="stable")[:NEIGHBOURS]]
        themes = index.theme_matrix[nearest]
        # An offer with many themes votes with less weight for each.
        per_offer = themes / np.maximum(themes.sum(axis=1, keepdims=True), 1.0)
        learned = per_offer.sum(axis=0)
        if learned.sum() > 0:
            learned = learned / learned.sum()
    if prior.sum() == 0:
        return learned
    if learned.sum() == 0:
        return prior
    return PRIOR_WEIGHT * prior + (1 - PRIOR_WEIGHT) * learned


def query_terms(question: str, needs: Needs) -> str:
    """The question's lemmas plus the expansion words of recognised situations."""
    terms = analysed(question)
    if needs.expansion:
        terms = f"{terms} {' '.join(needs.expansion)}"
    return terms


def score_offers(
    question: str,
    needs: Needs,
    offer_ids: list[int],
    limit: int = 200,
    boosts: dict[int, float] | None = None,
) -> list[Scored]:
    """Score the given (eligible) offers for the question; best first, unfiltered."""
    index = ensure_features(offer_ids)
    rows = index.rows(offer_ids)
    if len(rows) == 0:
        return []
    terms = query_terms(question, needs)
    with_e5 = index.has_e5[rows]
    use_e5 = bool(with_e5.any()) and semantic_e5.enabled()
    query_vec, query_e5 = query_vectors(question, use_e5)
    # Only the eligible rows: a product over the whole catalog reads every vector (25,000 x 512
    # floats) per question, measured 75 ms at 12,000 offers on a busy machine against 0.1 ms.
    vectors = index.vectors[rows]  # a copy: made once, also used by the family ranking
    semantic = vectors @ query_vec

    q_tf = _TERM_HASH.transform([terms]).tocsr()
    cols = np.unique(q_tf.indices)
    if len(cols):
        bm25 = index.bm25.column_product(cols, index.idf[cols])[rows]
    else:
        bm25 = np.zeros(len(rows), dtype=np.float32)
    # A one-row CSR's indices and data are exactly the query's columns and weights.
    q_char = index.char_tfidf.transform(_CHAR_HASH.transform([terms])).tocsr()
    char_cols = q_char.indices
    if len(char_cols):
        char = index.char.column_product(char_cols, q_char.data)[rows]
    else:
        char = np.zeros(len(rows), dtype=np.float32)

    z_semantic, z_bm25, z_char = _z(semantic), _z(bm25), _z(char)
    z_meaning = W_SEMANTIC * z_semantic
    z_e5 = None
    if query_e5 is not None:
        semantic_5 = index.vectors_e5[rows] @ query_e5
        # Offers whose e5 vector is not computed yet are neutral (the mean), not excluded.
        semantic_5[~with_e5] = semantic_5[with_e5].mean()
        z_e5 = _z(semantic_5)
        z_meaning = z_meaning + W_SEMANTIC_E5 * z_e5
    need = need_distribution(needs, index, rows, z_meaning + 0.5 * z_bm25)
    theme_score = (
        index.theme_matrix[rows] @ need if len(need) else np.zeros(len(rows), dtype=np.float32)
    )
    if needs.journey_phase in index.phase_codes:
        phase_score = index.phase_matrix[rows, index.phase_codes.index(needs.journey_phase)]
    else:
        phase_score = np.zeros(len(rows), dtype=np.float32)
    score = (
        z_meaning
        + W_BM25 * z_bm25
        + W_CHAR * z_char
        + W_THEME * _z(theme_score)
        + W_PHASE * phase_score
    )
    if boosts:
        ids = index.ids[rows]
        score = score + np.fromiter(
            (boosts.get(i, 0.0) for i in ids.tolist()), dtype=np.float32, count=len(rows)
        )
    fused = rank_fusion(score, z_e5)
    if W_RRF_FAMILY > 0 and len(rows) > 1:
        fused = family_fusion(fused, vectors, z_e5 is not None)
    order = np.argsort(-fused, kind="stable")[:limit]
    floor = int(np.argmax(bm25)) if bm25.max() > 0 else None
    if floor is not None and floor not in order[: max(MIN_SHOWN, 1)]:
        # The lexical floor: the best BM25 match stays among the first candidates.
        order = np.concatenate(
            [order[: MIN_SHOWN - 1], [floor], [k for k in order[MIN_SHOWN - 1 :] if k != floor]]
        )[:limit]
    order = np.asarray(order, dtype=np.int64)
    bm25_top = float(bm25.max()) or 1.0
    # A theme named by a business word, or the firm named, makes it a business question. Else a
    # near offer or a shared word ("weer", "betalen") is not enough when the question reads as
    # private life ("wat wordt het weer morgen", "mijn zoon zoekt een bijbaantje").
    everyday = not needs.names_business and outside.is_everyday(question)
    confident = needs.names_business or (
        (
            float(semantic.max()) >= SEMANTIC_CONFIDENT.get(embeddings.MODEL_NAME, 0.0)
            or bm25_top >= BM25_CONFIDENT
            or any(code not in needs.place_only for code in needs.theme_weights)
        )
        and not everyday
    )
    # Themes an offer shares with the question: the recognised ones (strongest first), else the
    # learned ones that carry at least 0.2 of the need. Column positions looked up once.
    codes = index.theme_codes
    named = [codes.index(c) for c in needs.themes if c in codes]
    learned = [j for j in range(len(codes)) if need[j] > 0 and need[j] >= 0.2] if len(need) else []
    chosen_rows = rows[order]
    has_theme = index.theme_matrix[chosen_rows] > 0 if len(codes) else None
    phase_of = phase_score[order]
    ids = index.ids[chosen_rows].tolist()
    fused_of, score_of, semantic_of = fused[order].tolist(), score[order].tolist(), semantic[order]
    e5_of = None if z_e5 is None else z_e5[order].tolist()
    lexical_of = (bm25[order].astype(np.float64) / bm25_top).tolist()
    result = []
    for i, k in enumerate(order.tolist()):
        flags = has_theme[i] if has_theme is not None else ()
        result.append(
            Scored(
                offer_id=ids[i],
                score=fused_of[i],
                fit=score_of[i],
                fit_e5=None if e5_of is None else e5_of[i],
                semantic=float(semantic_of[i]),
                lexical=lexical_of[i],
                theme_overlap=[codes[j] for j in named if flags[j]]
                or [codes[j] for j in learned if flags[j]],
                phase_match=bool(phase_of[i]),
                row=int(chosen_rows[i]),
                vector=vectors[k],
                lexical_floor=floor is not None and k == floor,
                confident=confident,
                everyday=everyday,
            )
        )
    return result
