"""The grouping evaluation: metrics on hand-computed cases, the data set's shape."""

from scharnier.signals.evaluation import metrics


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


def test_incremental_grouping_joins_and_opens():
    import numpy as np

    vectors = np.array([[1.0, 0.0], [0.9, 0.1], [0.0, 1.0]], dtype=np.float32)
    labels = metrics.incremental_grouping(vectors, threshold=0.5)
    assert labels[0] == labels[1] != labels[2]


def test_second_heldout_set_is_separate_and_large_enough():
    second = metrics.load("heldout2")
    threads = {r["thread"] for r in second}
    assert len(second) >= 100 and len(threads) >= 15
    assert not threads & {r["thread"] for r in metrics.load("dev") + metrics.load("heldout")}
    assert all(sum(r["thread"] == t for r in second) >= 2 for t in threads)
    assert len({r["text"] for r in second}) == len(second)
