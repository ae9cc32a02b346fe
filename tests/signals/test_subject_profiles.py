"""The knelpunt-subject block of the grouping vector (issue 13, session 25)."""

import json

import numpy as np

from scharnier.signals import grouping


def test_every_tree_is_complete_and_its_examples_are_embedded():
    trees = grouping.subject_trees()
    assert len(trees) == 4
    for tree, path in zip(trees, sorted(grouping.SUBJECT_FOLDER.glob("boom-*.json")), strict=True):
        data = json.loads(path.read_text(encoding="utf-8"))
        subjects = [s for c in data["categories"] for s in c["subjects"]]
        assert len(tree.subject_codes) == len(subjects) == len({s["code"] for s in subjects})
        assert all(len(s["examples"]) == 5 for s in subjects)
    # One stored vector per example text: an edited tree needs `compute_subject_examples`.
    examples = grouping.subject_examples()
    assert examples.shape == (len(grouping.subject_example_texts()), grouping.SEMANTIC_DIM)
    assert np.allclose(np.linalg.norm(examples, axis=1), 1.0, atol=2e-3)


def test_subject_similarity_is_the_best_example_of_each_subject():
    rng = np.random.default_rng(11)
    semantic = rng.standard_normal((4, grouping.SEMANTIC_DIM)).astype(np.float32)
    tree = grouping.subject_trees()[1]
    start = len(grouping.subject_trees()[0].example_subjects)
    examples = grouping.subject_examples()[start : start + len(tree.example_subjects)]
    expected = np.stack(
        [
            (semantic @ examples[tree.example_subjects == s].T).max(axis=1)
            for s in range(len(tree.subject_codes))
        ],
        axis=1,
    )
    assert np.allclose(grouping.subject_similarity(semantic, 1), expected, atol=1e-5)


def test_a_signal_worded_like_an_example_lands_on_that_subject_in_its_tree():
    tree = grouping.subject_trees()[0]
    row = int(np.flatnonzero(tree.example_subjects == 7)[2])
    profiles = grouping.subject_profiles(grouping.subject_examples()[row])
    first = profiles[0, : len(tree.subject_codes)]
    assert int(first.argmax()) == 7
    # Per tree exactly SUBJECT_K subjects carry weight; the whole block has unit length.
    offset = 0
    for each in grouping.subject_trees():
        part = profiles[0, offset : offset + len(each.subject_codes)]
        assert (part > 0).sum() == grouping.SUBJECT_K
        offset += len(each.subject_codes)
    assert profiles.shape == (1, grouping.subject_dim())
    assert np.isclose(np.linalg.norm(profiles), 1.0, atol=1e-5)


def test_grouping_vector_gives_the_subject_block_its_weight():
    rng = np.random.default_rng(5)
    semantic = rng.standard_normal((3, grouping.SEMANTIC_DIM)).astype(np.float32)
    semantic /= np.linalg.norm(semantic, axis=1, keepdims=True)
    counts = grouping.counts_from_features(
        grouping.text_features(["Geen aansluiting door netcongestie", "Te veel regels", "Zzp"])
    )
    vectors = grouping.grouping_vectors(semantic, counts, None, None)
    assert vectors.shape[1] == grouping.vector_dim()
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    subjects = vectors[:, -grouping.subject_dim() :]
    offers = vectors[:, -grouping.subject_dim() - grouping.anchor_dim() : -grouping.subject_dim()]
    assert np.allclose(np.linalg.norm(subjects, axis=1) ** 2, grouping.SUBJECT_WEIGHT, atol=1e-5)
    assert np.allclose(
        np.linalg.norm(offers, axis=1) ** 2,
        grouping.ANCHOR_WEIGHT * (1 - grouping.SUBJECT_WEIGHT),
        atol=1e-5,
    )


def test_regroup_rows_with_a_sparse_subject_block_group_exactly_as_the_dense_matrix():
    rng = np.random.default_rng(5)
    centres = rng.standard_normal((6, grouping.SEMANTIC_DIM)).astype(np.float32)
    semantic = centres[np.arange(90) % 6] + 0.6 * rng.standard_normal(
        (90, grouping.SEMANTIC_DIM)
    ).astype(np.float32)
    semantic /= np.linalg.norm(semantic, axis=1, keepdims=True)
    lexical = rng.standard_normal((90, grouping.LEXICAL_DIM)).astype(np.float32)
    lexical /= np.linalg.norm(lexical, axis=1, keepdims=True)
    dense = grouping.combine(
        semantic,
        lexical,
        profiles=grouping.anchor_profiles(semantic),
        subjects=grouping.subject_profiles(semantic),
    )
    split = grouping.SplitRows(*grouping.split_vectors(dense))
    assert split.shape == dense.shape
    # The subject block is the sparse part: a few non-zeros per tree and row.
    assert split.tail.nnz <= 90 * grouping.SUBJECT_K * len(grouping.subject_trees())
    assert np.array_equal(split[7], dense[7])
    assert np.array_equal(split[[3, 1]], dense[[3, 1]])
    assert np.array_equal(split[np.arange(90) % 2 == 0], dense[::2])

    threshold = grouping.calibrated_threshold(dense)
    assert grouping.calibrated_threshold(split) == threshold
    fixed = np.full(90, -1)
    fixed[:6] = [0, 1, 2, 0, 1, 2]
    for fixed_labels in (None, fixed):
        expected = grouping.cluster(dense, threshold, fixed_labels=fixed_labels)
        got = grouping.cluster(split, threshold, fixed_labels=fixed_labels)
        assert 1 < len(set(expected.labels)) < 90
        assert np.array_equal(got.labels, expected.labels)
        assert np.array_equal(got.counts, expected.counts)
        assert np.allclose(got.sums, expected.sums, atol=1e-6)
