"""The offer-anchor block of the grouping vector (issue 13, session 23)."""

import numpy as np

from scharnier.signals import grouping


def test_anchor_file_matches_the_demo_catalogue():
    # One anchor per demo offer: a changed catalogue needs `compute_anchors` again.
    offers = grouping.anchors()
    assert offers.shape == (len(grouping._offer_anchor_texts()), grouping.SEMANTIC_DIM)
    assert np.allclose(np.linalg.norm(offers, axis=1), 1.0, atol=1e-3)


def test_profiles_are_top_k_and_unit_length():
    rng = np.random.default_rng(3)
    semantic = rng.standard_normal((5, grouping.SEMANTIC_DIM)).astype(np.float32)
    profiles = grouping.anchor_profiles(semantic)
    assert profiles.shape == (5, grouping.anchor_dim())
    assert ((profiles > 0).sum(axis=1) == grouping.ANCHOR_K).all()
    assert np.allclose(np.linalg.norm(profiles, axis=1), 1.0, atol=1e-5)
    # The heaviest weight sits on the most similar offer.
    sims = semantic @ grouping.anchors().T
    assert (profiles.argmax(axis=1) == sims.argmax(axis=1)).all()


def test_grouping_vector_has_four_parts_and_unit_length():
    rng = np.random.default_rng(5)
    semantic = rng.standard_normal((3, grouping.SEMANTIC_DIM)).astype(np.float32)
    semantic /= np.linalg.norm(semantic, axis=1, keepdims=True)
    counts = grouping.counts_from_features(
        grouping.text_features(
            [
                "Geen aansluiting door netcongestie",
                "Subsidieaanvraag te ingewikkeld",
                "Personeel gezocht",
            ]
        )
    )
    vectors = grouping.grouping_vectors(semantic, counts, None, None)
    blocks = grouping.anchor_dim() + grouping.subject_dim()
    assert vectors.shape[1] == grouping.meaning_dim() + grouping.LEXICAL_DIM + blocks
    assert vectors.shape[1] == grouping.vector_dim()
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    start = grouping.meaning_dim() + grouping.LEXICAL_DIM
    block = vectors[:, start : start + grouping.anchor_dim()]
    # The offer block keeps its share of what the subject block leaves.
    share = grouping.ANCHOR_WEIGHT * (1 - grouping.SUBJECT_WEIGHT)
    assert np.allclose(np.linalg.norm(block, axis=1) ** 2, share, atol=1e-5)
