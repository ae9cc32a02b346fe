"""The meaning part of a grouping vector is read along the knelpunt subjects' directions
(issue 13, session 52): the subject of a signal weighs more than the voice it is written in."""

import numpy as np

from scharnier.signals import grouping

NET_ANGRY = (
    "Boze ondernemer: die netbeheerder geeft ons gewoon geen zwaardere aansluiting, belachelijk!"
)
NET_POLICY = (
    "Het schakelteam signaleert dat bedrijven door netcongestie geen uitbreiding van hun "
    "aansluiting krijgen."
)
BANK_ANGRY = "Boze ondernemer: die bank geeft ons gewoon geen lening, belachelijk!"
BANK_POLICY = (
    "Het schakelteam signaleert dat bedrijven bij de bank geen krediet krijgen voor uitbreiding."
)


def test_two_voices_on_one_subject_are_closer_than_one_voice_on_two_subjects():
    stored = grouping.semantic_vectors([NET_ANGRY, NET_POLICY, BANK_ANGRY, BANK_POLICY])
    centre = grouping.semantic_mean_for(np.zeros(grouping.SEMANTIC_DIM, np.float32), 0)
    meaning = grouping.centred(stored, centre)
    assert meaning.shape == (4, grouping.meaning_dim())
    same = meaning @ meaning.T
    # The same subject in an angry and in a policy voice...
    assert min(same[0, 1], same[2, 3]) > max(same[0, 2], same[1, 3])
    # ...where the plain centred e5 vectors put the voice first (why the directions exist).
    plain = stored - centre
    plain /= np.linalg.norm(plain, axis=1, keepdims=True)
    before = plain @ plain.T
    assert max(before[0, 1], before[2, 3]) < min(before[0, 2], before[1, 3])


def test_the_shipped_directions_are_those_the_subject_examples_give():
    # An edited tree (or new example vectors) needs `compute_meaning_directions` again.
    shipped = grouping.meaning_directions()
    assert shipped.shape == (grouping.SEMANTIC_DIM, grouping.MEANING_DIRECTIONS)
    computed = grouping.compute_meaning_directions()
    # An eigenvector's sign is free; compare each column up to its sign.
    signs = np.sign(np.sum(shipped * computed, axis=0))
    assert np.allclose(shipped, computed * signs, rtol=1e-3, atol=1e-3 * np.abs(shipped).max())
