"""Rode draden: grouping signals into threads, one at a time and all at once.

A signal is represented by one unit vector: the project's sentence embedding (meaning) next to
hashed lemma counts (the exact words: 'netcongestie', 'btw-aangifte'), weighted by
`SEMANTIC_WEIGHT`. The cosine of two such vectors is the weighted mean of the two similarities.

- `assign(signal)`: a new signal joins the most similar open thread when the similarity to its
  centroid reaches `JOIN_THRESHOLD`, otherwise it opens a thread. Used on every new signal.
- `regroup()`: the same leader clustering over all signals (oldest first, in batches) plus one
  reassignment pass. Analysts' decisions survive: pinned signals (merge, split, move) and
  signals of threads already in handling stay where they are; threads keep their identity
  (title, owner, status) by the largest overlap with the new groups.

The parameters were tuned on the dev split of the labelled set only (see evaluation/).
"""

from __future__ import annotations

import hashlib
import math
import zlib
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from scharnier.core import embeddings
from scharnier.matching.text import lemmas

LEXICAL_DIM = 512
SEMANTIC_WEIGHT = 0.7
JOIN_THRESHOLD = 0.2
BATCH = 256
VECTOR_MODEL = f"{embeddings.MODEL_NAME}+lex{LEXICAL_DIM}"


def _bucket(token: str) -> tuple[int, float]:
    digest = zlib.crc32(token.encode("utf-8"))
    return digest % LEXICAL_DIM, 1.0 if (digest >> 16) & 1 else -1.0


def lexical_vectors(texts: Sequence[str]) -> np.ndarray:
    """Signed hashed counts of lemmas and lemma pairs, sublinear, unit rows."""
    out = np.zeros((len(texts), LEXICAL_DIM), dtype=np.float32)
    for row, text in enumerate(texts):
        tokens = lemmas(text)
        counts = Counter(tokens)
        counts.update(f"{a}_{b}" for a, b in zip(tokens, tokens[1:], strict=False))
        for token, count in counts.items():
            index, sign = _bucket(token)
            out[row, index] += sign * (1.0 + math.log(count))
    norms = np.linalg.norm(out, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return out / norms


def combine(
    semantic: np.ndarray, lexical: np.ndarray, weight: float = SEMANTIC_WEIGHT
) -> np.ndarray:
    return np.hstack([semantic * math.sqrt(weight), lexical * math.sqrt(1.0 - weight)]).astype(
        np.float32
    )


def signal_vectors(texts: Sequence[str], weight: float = SEMANTIC_WEIGHT) -> np.ndarray:
    return combine(embeddings.embed_passages(list(texts)), lexical_vectors(texts), weight)


def to_bytes(vector: np.ndarray) -> bytes:
    # float16 halves storage (100,000 signals: 200 MB instead of 400 MB); cosines barely move.
    return np.asarray(vector, dtype=np.float16).tobytes()


def from_bytes(data: bytes | memoryview) -> np.ndarray:
    return np.frombuffer(bytes(data), dtype=np.float16).astype(np.float32)


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return matrix / norms


@dataclass
class Clustering:
    labels: np.ndarray  # cluster index per item
    sums: np.ndarray  # (k, dim) sum of member vectors
    counts: np.ndarray  # (k,)


def leader_cluster(
    vectors: np.ndarray,
    threshold: float = JOIN_THRESHOLD,
    fixed_labels: np.ndarray | None = None,
    refine: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> Clustering:
    """Incremental clustering of rows in order; rows with fixed_labels >= 0 keep that label.

    Fixed labels must be 0..m-1; they seed the first m clusters.
    """
    n, dim = vectors.shape
    labels = np.full(n, -1, dtype=np.int64)
    if fixed_labels is not None:
        labels[:] = fixed_labels
    k = int(labels.max()) + 1 if n and labels.max() >= 0 else 0
    capacity = max(64, k * 2)
    sums = np.zeros((capacity, dim), dtype=np.float32)
    counts = np.zeros(capacity, dtype=np.int64)
    fixed = labels >= 0
    if fixed.any():
        np.add.at(sums, labels[fixed], vectors[fixed])
        np.add.at(counts, labels[fixed], 1)
    free = np.flatnonzero(~fixed)
    for start in range(0, len(free), BATCH):
        batch = free[start : start + BATCH]
        centroids = _unit(sums[:k]) if k else np.zeros((0, dim), dtype=np.float32)
        sims = vectors[batch] @ centroids.T if k else np.zeros((len(batch), 0), dtype=np.float32)
        batch_start_k = k
        for row, index in enumerate(batch):
            vector = vectors[index]
            best, best_sim = -1, -1.0
            if batch_start_k:
                best = int(np.argmax(sims[row]))
                best_sim = float(sims[row, best])
            if k > batch_start_k:  # threads opened inside this batch
                fresh = _unit(sums[batch_start_k:k]) @ vector
                j = int(np.argmax(fresh))
                if fresh[j] > best_sim:
                    best, best_sim = batch_start_k + j, float(fresh[j])
            if best < 0 or best_sim < threshold:
                if k == capacity:
                    capacity *= 2
                    sums = np.vstack([sums, np.zeros_like(sums)])
                    counts = np.concatenate([counts, np.zeros_like(counts)])
                best = k
                k += 1
            labels[index] = best
            sums[best] += vector
            counts[best] += 1
        if progress:
            progress(min(start + BATCH, len(free)), len(free))
    sums, counts = sums[:k], counts[:k]
    if refine and len(free) and k:
        # One pass that moves each free row to its nearest centroid: undoes order effects.
        centroids = _unit(sums)
        for start in range(0, len(free), 4096):
            rows = free[start : start + 4096]
            sims = vectors[rows] @ centroids.T
            nearest = np.argmax(sims, axis=1)
            better = sims[np.arange(len(rows)), nearest] >= threshold
            labels[rows[better]] = nearest[better]
        sums = np.zeros_like(sums)
        counts = np.zeros_like(counts)
        np.add.at(sums, labels, vectors)
        np.add.at(counts, labels, 1)
    return Clustering(labels=labels, sums=sums, counts=counts)


def stable_hash(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]  # noqa: S324 - not security
