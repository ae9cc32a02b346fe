"""Hybrid ranking of eligible offers for a question.

The weights below were chosen by a random search on the development set
(data/eval/devset.json); data/eval/holdout.json was written afterwards and never tuned on.

Per process an in-memory index over the stored offer features (vectors, lemmas, character
n-grams, themes) is kept and rebuilt only when the stored features change. A query embeds
only the question; the catalog is never embedded per query.

score = W_SEMANTIC * cosine(question, offer)
      + W_BM25 * BM25 on lemmas (normalised to the best candidate)
      + W_CHAR * cosine of character 4-grams (compounds)
      + W_THEME * share of the recognised need weight that the offer's themes cover
      + W_PHASE * offer serves the recognised journey phase
      + boosts from the caller (W_TYPE for an offer type named in the question, regional bonus)
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import HashingVectorizer, TfidfTransformer

from scharnier.catalog.models import Offer
from scharnier.core import embeddings

from .models import FeatureSetVersion, OfferEmbedding
from .needs import Needs
from .services import compute_offer_embeddings
from .text import analysed

W_SEMANTIC = 0.8
W_BM25 = 0.2
W_CHAR = 0.15
W_THEME = 0.7
W_PHASE = 0.1
# Offer types named in the question ('subsidie', 'lening', 'cursus').
W_TYPE = 0.3
BM25_K1 = 1.2
BM25_B = 0.75
# Below this score an offer is not shown: better "nothing fits" than noise.
MIN_SCORE = 0.42
# Two offers this similar (cosine of their vectors) count as near-duplicates.
DUPLICATE_COSINE = 0.9
MAX_PER_PROVIDER = 2
# Offers without stored features are computed on demand only up to this many per query.
ON_DEMAND_LIMIT = 200

_TERM_HASH = HashingVectorizer(
    analyzer=str.split, n_features=2**20, alternate_sign=False, norm=None, lowercase=False
)
_CHAR_HASH = HashingVectorizer(
    analyzer="char_wb", ngram_range=(4, 4), n_features=2**20, alternate_sign=False, norm=None
)


@dataclass
class OfferIndex:
    version: tuple
    ids: np.ndarray  # offer pks, sorted
    vectors: np.ndarray  # (n, DIM) float32
    bm25: sparse.csr_matrix  # (n, terms) saturated term weights
    idf: np.ndarray
    char_csc: sparse.csc_matrix  # (n, features) tf-idf, rows normalised
    char_tfidf: TfidfTransformer
    theme_matrix: np.ndarray  # (n, themes) 0/1
    theme_codes: list[str]
    phase_matrix: np.ndarray
    phase_codes: list[str]
    position: dict[int, int] = field(default_factory=dict)

    def rows(self, offer_ids) -> np.ndarray:
        position = self.position
        return np.fromiter((position[i] for i in offer_ids if i in position), dtype=np.int64)


_lock = threading.Lock()
_index: OfferIndex | None = None


def _version() -> tuple:
    # A primary-key lookup, not an aggregate over 25,000 rows (that cost ~65 ms per query).
    row = FeatureSetVersion.objects.filter(pk=1).values_list("version", "updated_at").first()
    return row or (0, None)


def _build(version: tuple) -> OfferIndex:
    rows = list(
        OfferEmbedding.objects.filter(model_name=embeddings.MODEL_NAME)
        .order_by("offer_id")
        .values_list("offer_id", "vector", "terms")
    )
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    vectors = (
        np.vstack([embeddings.from_bytes(bytes(r[1])) for r in rows])
        if rows
        else np.zeros((0, embeddings.DIM), dtype=np.float32)
    )
    docs = [r[2] for r in rows] or [""]  # the hashers cannot transform an empty list
    tf = _TERM_HASH.transform(docs).tocsr().astype(np.float32)
    n = max(len(docs), 1)
    df = np.bincount(tf.indices, minlength=tf.shape[1])
    idf = np.log1p((n - df + 0.5) / (df + 0.5)).astype(np.float32)
    lengths = np.asarray(tf.sum(axis=1)).ravel()
    avg = lengths.mean() if len(lengths) else 1.0
    # BM25 saturation is per (doc, term) and independent of the query: precompute it.
    norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths / max(avg, 1e-9))
    tf = tf.tocoo()
    data = tf.data * (BM25_K1 + 1) / (tf.data + norm[tf.row])
    bm25 = sparse.csc_matrix((data, (tf.row, tf.col)), shape=tf.shape, dtype=np.float32)
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
        bm25=bm25,
        idf=idf,
        char_csc=char,
        char_tfidf=char_tfidf,
        theme_matrix=theme_matrix,
        theme_codes=theme_codes,
        phase_matrix=phase_matrix,
        phase_codes=phase_codes,
        position=position,
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


def get_index() -> OfferIndex:
    global _index
    version = _version()
    if _index is not None and _index.version == version:
        return _index
    with _lock:
        if _index is None or _index.version != version:
            _index = _build(version)
        return _index


def loaded_index() -> OfferIndex:
    """The index the last scoring used (no version check): for work within one request."""
    return _index if _index is not None else get_index()


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
    score: float
    semantic: float
    lexical: float
    theme_overlap: list[str]
    phase_match: bool
    row: int


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
    terms = analysed(question)
    query_vec = embeddings.embed_queries([question])[0]
    # Whole-catalog products are cheaper than copying the eligible rows out first.
    semantic = (index.vectors @ query_vec)[rows]

    q_tf = _TERM_HASH.transform([terms]).tocsr()
    cols = np.unique(q_tf.indices)
    if len(cols):
        bm25 = np.asarray(index.bm25[:, cols] @ index.idf[cols]).ravel()[rows]
        top = bm25.max()
        bm25 = bm25 / top if top > 0 else bm25
    else:
        bm25 = np.zeros(len(rows), dtype=np.float32)
    # A one-row CSR's indices and data are exactly the query's columns and weights.
    q_char = index.char_tfidf.transform(_CHAR_HASH.transform([terms])).tocsr()
    char_cols = q_char.indices
    if len(char_cols):
        char = np.asarray(index.char_csc[:, char_cols] @ q_char.data).ravel()[rows]
    else:
        char = np.zeros(len(rows), dtype=np.float32)

    total_need = sum(needs.theme_weights.values())
    need_vec = np.array(
        [needs.theme_weights.get(c, 0.0) for c in index.theme_codes], dtype=np.float32
    )
    theme_score = (
        (index.theme_matrix @ need_vec)[rows] / total_need
        if total_need and len(need_vec)
        else np.zeros(len(rows), dtype=np.float32)
    )
    if needs.journey_phase in index.phase_codes:
        phase_score = index.phase_matrix[rows, index.phase_codes.index(needs.journey_phase)]
    else:
        phase_score = np.zeros(len(rows), dtype=np.float32)
    score = (
        W_SEMANTIC * semantic
        + W_BM25 * bm25
        + W_CHAR * char
        + W_THEME * theme_score
        + W_PHASE * phase_score
    )
    if boosts:
        ids = index.ids[rows]
        score = score + np.fromiter(
            (boosts.get(i, 0.0) for i in ids.tolist()), dtype=np.float32, count=len(rows)
        )
    order = np.argsort(-score, kind="stable")[:limit]
    return [
        Scored(
            offer_id=int(index.ids[rows[k]]),
            score=float(score[k]),
            semantic=float(semantic[k]),
            lexical=float(bm25[k]),
            theme_overlap=[
                c
                for c in needs.themes
                if c in index.theme_codes
                and index.theme_matrix[rows[k], index.theme_codes.index(c)]
            ],
            phase_match=bool(phase_score[k]),
            row=int(rows[k]),
        )
        for k in order
    ]
