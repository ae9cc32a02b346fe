"""The grouping evaluation: metrics on hand-computed cases, the data set's shape."""

import numpy as np

from scharnier.signals import grouping
from scharnier.signals.evaluation import metrics
from tests.signals.world import SUBJECTS, in_two_voices


def test_pairwise_f1_and_ari_by_hand():
    gold = ["a", "a", "b", "b"]
    perfect = metrics.score(gold, [1, 1, 2, 2])
    assert perfect.f1 == 1.0 and perfect.ari == 1.0
    # One big group: 2 true pairs of 6 predicted -> precision 1/3, recall 1, F1 0.5.
    lumped = metrics.score(gold, [0, 0, 0, 0])
    assert round(lumped.precision, 3) == 0.333 and lumped.recall == 1.0 and lumped.f1 == 0.5
    # All apart: no predicted pair.
    assert metrics.score(gold, [0, 1, 2, 3]).f1 == 0.0


def test_labelled_set_has_two_disjoint_splits():
    dev, heldout = metrics.load("dev"), metrics.load("heldout")
    assert len(dev) + len(heldout) >= 270
    assert not {r["thread"] for r in dev} & {r["thread"] for r in heldout}
    assert 32 <= len({r["thread"] for r in dev + heldout}) <= 38
    assert [r["date"] for r in dev] == sorted(r["date"] for r in dev)


def test_incremental_grouping_joins_opens_and_merges_early_threads():
    import numpy as np

    diagonal = np.sqrt(0.5)
    # Empty board: a and b are unrelated; c resembles both, so once c has joined a, {a, c} and
    # {b} meet the average-linkage threshold and merge. d stays on its own.
    vectors = np.array(
        [[1.0, 0.0], [0.0, 1.0], [diagonal, diagonal], [-1.0, 0.0]], dtype=np.float32
    )
    labels = metrics.incremental_grouping(vectors)
    assert labels[0] == labels[1] == labels[2] != labels[3]
    # Before c arrives, a and b are apart.
    assert len(set(metrics.incremental_grouping(vectors[:2]))) == 2
    # Without the merge step b stays apart.
    assert len(set(metrics.incremental_grouping(vectors, merge=False))) == 3


def test_incremental_grouping_continues_a_regrouped_board():
    import numpy as np

    vectors = np.array([[1.0, 0.0], [0.0, 1.0], [0.99, 0.14], [-0.05, 0.99]], dtype=np.float32)
    labels = metrics.incremental_grouping(vectors, np.array([0, 1]), regroup_threshold=0.1)
    assert list(labels) == [0, 1, 0, 1]


def test_choose_thread_asks_more_of_small_threads_before_the_first_regroup():
    import numpy as np

    from scharnier.signals import grouping

    threshold, margin, _merge = grouping.assign_parameters(None)
    similarity = threshold + margin / 2  # enough for a thread of 10, not for one of 1
    vector = np.array([1.0, 0.0], dtype=np.float32)
    means = np.array([[similarity, 0.0]], dtype=np.float32)
    assert grouping.choose_thread(means, np.array([1]), vector, threshold, margin) == -1
    assert grouping.choose_thread(means, np.array([10]), vector, threshold, margin) == 0
    # An emptied (merged) thread is never chosen.
    assert grouping.choose_thread(means, np.array([0]), vector, threshold, margin) == -1


def test_calibrated_threshold_follows_the_spread_of_similarities():
    import numpy as np

    from scharnier.signals import grouping

    rng = np.random.default_rng(1)
    tight = grouping._unit(rng.normal(size=(40, 8)).astype(np.float32) + 3.0)
    loose = grouping._unit(rng.normal(size=(40, 8)).astype(np.float32))
    sims = loose @ loose.T
    spread = sims[np.triu_indices(40, 1)].std()
    assert abs(grouping.calibrated_threshold(loose, 2.0) - 2.0 * spread) < 1e-5
    assert grouping.calibrated_threshold(tight) < grouping.calibrated_threshold(loose)


def test_second_heldout_set_is_separate_and_large_enough():
    second = metrics.load("heldout2")
    threads = {r["thread"] for r in second}
    assert len(second) >= 100 and len(threads) >= 15
    assert not threads & {r["thread"] for r in metrics.load("dev") + metrics.load("heldout")}
    assert all(sum(r["thread"] == t for r in second) >= 2 for t in threads)
    assert len({r["text"] for r in second}) == len(second)


def test_third_heldout_set_is_separate_and_large_enough():
    third = metrics.load("heldout3")
    threads = {r["thread"] for r in third}
    assert len(third) >= 150 and len(threads) >= 18
    earlier = metrics.load("dev") + metrics.load("heldout") + metrics.load("heldout2")
    assert not threads & {r["thread"] for r in earlier}
    assert not {r["text"] for r in third} & {r["text"] for r in earlier}
    assert all(sum(r["thread"] == t for r in third) >= 2 for t in threads)
    assert len({r["text"] for r in third}) == len(third)


def test_review_quality_counts_what_an_analyst_repairs_by_following_right_suggestions():
    rows = {
        "a1": [1, 0, 0],
        "a3": [1, 0.05, 0],
        "b3": [0.1, 0.9, 0],
        "a2": [0.95, 0.05, 0],
        "b1": [0, 1, 0],
        "b2": [0.05, 0.95, 0],
        "c1": [0, 0, 1],
    }
    vectors = np.array(list(rows.values()), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    gold = [name[0] for name in rows]
    # Thread a split over groups 0 and 1; b3 in a's group 0.
    labels = [0, 0, 0, 1, 2, 2, 3]
    before = metrics.score(gold, labels).f1
    found = metrics.review_quality(gold, labels, vectors)
    assert found["groups_to_merge"] == 2 and found["merge_in_list"] == 1.0
    assert found["misplaced"] == 1 and found["move_recall"] == 1.0
    assert found["assisted"]["f1"] == 1.0 > before


def test_review_quality_counts_the_right_splits_of_a_group_holding_two_threads():
    rows = {
        "a1": [1, 0, 0],
        "a2": [1, 0.05, 0],
        "a3": [0.95, 0, 0.05],
        "b1": [0, 1, 0],
        "b2": [0.05, 0.95, 0],
        "c1": [0, 0, 1],
        "c2": [0, 0.05, 1],
        "c3": [0.05, 0, 1],
        "c4": [0, 0.02, 1],
    }
    vectors = np.array(list(rows.values()), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    gold = [name[0] for name in rows]
    labels = [0, 0, 0, 0, 0, 1, 1, 1, 1]  # threads a and b in one group
    found = metrics.review_quality(gold, labels, vectors)
    assert found["groups_to_split"] == 1
    # The pure group has no part of two standing apart (its top split leaves one member).
    assert found["seams_shown"] == 1 and found["split_right"] == 1
    assert found["assisted"]["f1"] == 1.0 > metrics.score(gold, labels).f1


def test_second_dev_set_is_separate_and_reported_as_a_tuning_set():
    """dev2 (session 52): written blind, for tuning; no thread id or text of another set."""
    second = metrics.load("dev2")
    threads = {r["thread"] for r in second}
    assert len(second) >= 200 and len(threads) >= 26
    others = [r for split in metrics.SPLITS if split != "dev2" for r in metrics.load(split)]
    assert not threads & {r["thread"] for r in others}
    assert not {r["text"] for r in second} & {r["text"] for r in others}
    assert all(sum(r["thread"] == t for r in second) >= 2 for t in threads)
    assert metrics.SPLITS.index("dev2") < metrics.SPLITS.index("heldout")


def test_the_analysts_half_is_placed_taught_and_left_out_of_the_score(monkeypatch):
    placed = [
        {"thread": name, "title": "", "text": text, "source": "public"}
        for name, voices in SUBJECTS.items()
        for text in in_two_voices(*voices)
    ]
    rows = placed + [dict(row) for row in placed]  # later, the same worries again
    semantic = grouping.semantic_vectors([metrics.text_of(r) for r in rows])
    taught = []
    learn = grouping.learned_meaning_directions
    monkeypatch.setattr(
        grouping,
        "learned_meaning_directions",
        lambda confirmed: taught.append(confirmed) or learn(confirmed),
    )
    assert metrics.analysts_first_half(rows, semantic, learn=False).f1 == 1.0
    assert taught == []
    # Each later signal joins the thread its twin was placed in; the placed half is not scored.
    result = metrics.analysts_first_half(rows, semantic, learn=True)
    assert result.f1 == 1.0 and result.groups == len(SUBJECTS)
    assert len(taught) == 1 and taught[0].size == len(placed)
    assert taught[0].classes_with(2) == len(SUBJECTS)
