"""The full regroup's clustering (`grouping.cluster`): exact in one go, by blocks above a size."""

import numpy as np
import pytest

from scharnier.signals import grouping


def _naive_linkage(sums, counts, n_fixed, closed, threshold):
    """Average linkage as written before session 33: the whole matrix searched for every merge,
    the merged group's row computed again from its mean."""
    sums, counts = sums.copy(), counts.copy()
    k = len(counts)
    means = sums / np.maximum(counts, 1)[:, None]
    alive = counts > 0
    is_fixed = np.arange(k) < n_fixed
    similarity = means @ means.T
    np.fill_diagonal(similarity, -np.inf)
    similarity[np.ix_(is_fixed, is_fixed)] = -np.inf
    similarity[closed, :] = -np.inf
    similarity[:, closed] = -np.inf
    parent = np.arange(k)
    while True:
        a, b = divmod(int(np.argmax(similarity)), k)
        if similarity[a, b] < threshold:
            break
        if is_fixed[b]:
            a, b = b, a
        sums[a] += sums[b]
        counts[a] += counts[b]
        counts[b] = 0
        parent[b] = a
        alive[b] = False
        means[a] = sums[a] / counts[a]
        row = means @ means[a]
        row[~alive] = -np.inf
        row[closed] = -np.inf
        row[a] = -np.inf
        if is_fixed[a]:
            row[is_fixed] = -np.inf
        similarity[a, :] = similarity[:, a] = row
        similarity[b, :] = similarity[:, b] = -np.inf
    for index in range(k):
        while parent[parent[index]] != parent[index]:
            parent[index] = parent[parent[index]]
    return parent


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_linkage_with_kept_partners_merges_as_a_search_of_the_whole_matrix(seed):
    rng = np.random.default_rng(seed)
    centres = rng.normal(size=(12, 24))
    rows = centres[rng.integers(0, 12, 150)] + rng.normal(scale=0.8, size=(150, 24))
    rows = np.vstack([rows, rows[:20]])  # exact ties
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    groups = grouping._Groups.empty(24, 0)
    for vector in rows.astype(np.float32):
        number = groups.open()
        groups.sums[number], groups.counts[number] = vector, 1
    closed = np.array([3, 7])
    expected = _naive_linkage(groups.sums[: groups.k], groups.counts[: groups.k], 10, closed, 0.3)

    got = grouping._average_linkage(groups, 10, closed, 0.3)

    assert len(set(got)) < 100  # the data merged a lot, so the order of merges was tested
    assert got.tolist() == expected.tolist()


def topic_vectors(topics: int, per_topic: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Grouping vectors of the real layout: rows around one centre per topic, their closest
    subject (which decides the block) at random."""
    rng = np.random.default_rng(seed)
    dim = grouping.vector_dim()
    centres = rng.normal(size=(topics, dim))
    topic = np.repeat(np.arange(topics), per_topic)
    rows = centres[topic] + rng.normal(size=(len(topic), dim))
    return (rows / np.linalg.norm(rows, axis=1, keepdims=True)).astype(np.float32), topic


def _partition(labels) -> set[frozenset[int]]:
    members: dict[int, set[int]] = {}
    for row, label in enumerate(labels):
        members.setdefault(int(label), set()).add(row)
    return {frozenset(m) for m in members.values()}


@pytest.fixture
def small_blocks(monkeypatch):
    monkeypatch.setattr(grouping, "EXACT_LIMIT", 40)


def test_a_regroup_larger_than_a_block_finds_the_threads_across_blocks(small_blocks, monkeypatch):
    vectors, topic = topic_vectors(topics=6, per_topic=30, seed=5)
    split = grouping.SplitRows(*grouping.split_vectors(vectors))
    linkages = []
    linkage = grouping._average_linkage

    def counted(groups, *args):
        before = int((groups.counts[: groups.k] > 0).sum())
        parent = linkage(groups, *args)
        linkages.append((before, int((groups.counts[: groups.k] > 0).sum())))
        return parent

    monkeypatch.setattr(grouping, "_average_linkage", counted)

    blocks = grouping._blocks(split, np.arange(len(vectors)))
    labels = grouping.cluster(split).labels

    assert len(blocks) >= 5
    assert max(map(len, blocks)) <= 40
    assert sorted(np.concatenate(blocks).tolist()) == list(range(len(vectors)))
    # Each topic's rows lie in more than one block, and still end up in one thread.
    assert all(len({b for b, rows in enumerate(blocks) if t in topic[rows]}) > 1 for t in range(6))
    assert _partition(labels) == _partition(topic)
    # One linkage per block, then the one over all blocks' groups joins each topic's groups.
    assert len(linkages) == len(blocks) + 1
    assert linkages[-1][0] > 6 and linkages[-1][1] == 6


def test_blocks_keep_rows_of_one_subject_together(small_blocks):
    vectors, _topic = topic_vectors(topics=6, per_topic=30, seed=5)
    first = len(grouping.subject_trees()[0].subject_codes)
    start = vectors.shape[1] - grouping.subject_dim()
    subject = np.argmax(vectors[:, start : start + first], axis=1)

    blocks = grouping._blocks(vectors, np.arange(len(vectors)))

    block_of = {int(row): number for number, rows in enumerate(blocks) for row in rows}
    for code in set(subject.tolist()):
        rows = np.flatnonzero(subject == code)
        if len(rows) <= 40:
            assert len({block_of[int(r)] for r in rows}) == 1


def test_a_blocked_regroup_keeps_analysts_threads_apart_and_closed_threads_shut(small_blocks):
    vectors, topic = topic_vectors(topics=6, per_topic=30, seed=5)
    fixed = np.full(len(vectors), -1)
    first, second = np.flatnonzero(topic == 0)[:2]
    fixed[first], fixed[second] = 0, 1  # one topic, two analysts' threads
    fixed[np.flatnonzero(topic == 1)[0]] = 2  # a closed thread

    labels = grouping.cluster(vectors, fixed_labels=fixed, closed_labels=[2]).labels

    assert labels[first] == 0 and labels[second] == 1
    assert set(labels[topic == 0].tolist()) <= {0, 1}
    assert (labels == 2).sum() == 1  # the closed thread took nothing
    others = labels[(topic == 1) & (fixed < 0)]
    assert len(set(others.tolist())) == 1 and others[0] != 2


def test_a_large_regroup_holds_the_head_in_half_precision_and_finds_the_same_threads(
    small_blocks, monkeypatch
):
    monkeypatch.setattr(grouping, "HEAD_SLICE", 7)  # sums over several slices
    vectors, topic = topic_vectors(topics=6, per_topic=30, seed=5)
    head, tail = grouping.split_vectors(vectors)
    assert grouping.head_dtype(40) == np.float32
    assert grouping.head_dtype(len(vectors)) == np.float16
    half = grouping.SplitRows(head.astype(grouping.head_dtype(len(vectors))), tail)

    result = grouping.cluster(half)

    assert half.head.dtype == np.float16
    assert half[[3, 1]].dtype == np.float32 and half[3].dtype == np.float32
    assert np.allclose(half[[3, 1]], vectors[[3, 1]], atol=1e-3)
    assert _partition(result.labels) == _partition(topic)
    for label in set(result.labels.tolist()):
        members = result.labels == label
        assert np.allclose(result.sums[label], vectors[members].sum(axis=0), atol=1e-2)
        assert result.counts[label] == members.sum()
