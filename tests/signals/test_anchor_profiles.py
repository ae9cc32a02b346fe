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


def test_grouping_vector_has_three_parts_and_unit_length():
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
    assert vectors.shape[1] == grouping.SEMANTIC_DIM + grouping.LEXICAL_DIM + grouping.anchor_dim()
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    block = vectors[:, -grouping.anchor_dim() :]
    assert np.allclose(np.linalg.norm(block, axis=1) ** 2, grouping.ANCHOR_WEIGHT, atol=1e-5)
