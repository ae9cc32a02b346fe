"""The meaning part of a grouping vector is read along the knelpunt subjects' directions
(issue 13, session 52): the subject of a signal weighs more than the voice it is written in.
From session 53 a regroup also learns them from the threads analysts confirmed."""

import numpy as np
import pytest

from scharnier.signals import grouping
from tests.signals.world import SUBJECTS, in_two_voices

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


def test_each_source_is_compared_around_the_centre_of_its_own_voice():
    """Session 55: six subjects, each raised once by an entrepreneur on the public form and
    once by a schakelteam. Around one centre for all, the voice still outweighs the subject for
    some; around each source's own centre every signal finds its subject's other voice first."""
    names = list(SUBJECTS)
    texts = [t for n in names for t in in_two_voices(*SUBJECTS[n])]
    sources = ["publiek", "schakelteam"] * len(names)
    stored = grouping.semantic_vectors(texts)
    centre = grouping.centre_of(stored, sources)

    def other_voice_first(mean) -> int:
        meaning = grouping.centred(stored, mean)
        same = meaning @ meaning.T
        np.fill_diagonal(same, -1)
        return sum(int(np.argmax(same[i])) == i ^ 1 for i in range(len(texts)))

    assert other_voice_first(centre.for_rows(sources)) == len(texts)
    assert other_voice_first(centre.overall) < len(texts)
    # One source only: nothing to tell apart, every centre is the overall one.
    one = grouping.centre_of(stored, ["publiek"] * len(texts))
    assert np.allclose(one.for_rows(["publiek", "vraag"]), one.overall, atol=1e-6)


def test_the_shipped_directions_are_those_the_subject_examples_give():
    # An edited tree (or new example vectors) needs `compute_meaning_directions` again.
    shipped = grouping.meaning_directions()
    assert shipped.shape == (grouping.SEMANTIC_DIM, grouping.MEANING_DIRECTIONS)
    computed = grouping.compute_meaning_directions()
    # An eigenvector's sign is free; compare each column up to its sign.
    signs = np.sign(np.sum(shipped * computed, axis=0))
    assert np.allclose(shipped, computed * signs, rtol=1e-3, atol=1e-3 * np.abs(shipped).max())


def test_the_voices_of_a_board_learned_from_five_subjects_carry_to_a_sixth():
    names = list(SUBJECTS)
    stored = grouping.semantic_vectors([t for n in names for t in in_two_voices(*SUBJECTS[n])])
    centre = grouping.semantic_mean_for(np.zeros(grouping.SEMANTIC_DIM, np.float32), 0)
    unseen = names.index("staff")
    confirmed = grouping.SubjectScatter.empty()
    for number in range(len(names)):
        if number != unseen:
            confirmed.add(stored[2 * number : 2 * number + 2], [number, number])
    learned = grouping.learned_meaning_directions(confirmed)
    assert learned.shape == (grouping.SEMANTIC_DIM, grouping.MEANING_DIRECTIONS)

    def margin(directions) -> float:
        """The unseen subject's two voices: their cosine minus the closest other text's."""
        meaning = grouping.centred(stored, centre, directions)
        same = meaning @ meaning.T
        np.fill_diagonal(same, -1)
        a, b = 2 * unseen, 2 * unseen + 1
        others = [i for i in range(len(stored)) if i not in (a, b)]
        return min(same[a, b] - same[a, others].max(), same[a, b] - same[b, others].max())

    # The two monteur texts find each other first only once the board's voices are learned.
    assert margin(learned) > 0.05
    assert margin(learned) > margin(None) + 0.05


def test_too_few_confirmed_threads_keep_the_shipped_directions():
    stored = grouping.semantic_vectors(in_two_voices(*SUBJECTS["grid"]) * 2)
    two_threads = grouping.SubjectScatter.empty().add(stored, [1, 1, 2, 2])
    assert grouping.MIN_CONFIRMED_THREADS > 2
    assert grouping.learned_meaning_directions(two_threads) is None


def test_the_scatter_added_in_chunks_is_the_scatter_of_all_at_once():
    stored = grouping.subject_examples()[:40]
    classes = np.arange(40) // 4
    whole = grouping.SubjectScatter.empty().add(stored, classes)
    chunked = (
        grouping.SubjectScatter.empty()
        .add(stored[:13], classes[:13])
        .add(stored[13:], classes[13:])
    )
    assert np.allclose(whole.outer, chunked.outer)
    assert whole.counts == chunked.counts and whole.size == 40
    assert all(np.allclose(whole.sums[k], chunked.sums[k]) for k in whole.sums)


@pytest.mark.django_db
def test_a_regroup_learns_the_directions_from_threads_analysts_confirmed():
    from scharnier.geography.models import Municipality
    from scharnier.signals import services
    from scharnier.signals.models import GroupingState, Thread
    from tests.signals.world import MUNICIPALITY_A, build_world, in_days

    world = build_world()
    analyst = world.users["landelijk_analist"]
    municipality = Municipality.objects.get(code=MUNICIPALITY_A)

    def confirmed_thread(name: str) -> Thread:
        """Two voices on one subject, placed together by the analyst, who gives it an owner."""
        first, second = (
            services.raise_signal(
                actor=None,
                source="publiek",
                data=services.SignalInput(kind="knelpunt", text=text, municipality=municipality),
            )
            for text in in_two_voices(*SUBJECTS[name])
        )
        # On a board this small the voice can outweigh the subject: the analyst sorts it out.
        first.refresh_from_db()
        second.refresh_from_db()
        thread = first.thread
        if second.thread_id != thread.pk:
            thread = services.merge_threads(actor=analyst, target=thread, others=[second.thread])
        if thread.signals.count() > 2:
            thread = services.split_thread(
                actor=analyst, thread=thread, signals=[first, second], title=f"Over {name}"
            )
        services.assign_owner(
            actor=analyst, thread=thread, owner=world.organisations["owner"], deadline=in_days(30)
        )
        return thread

    def stored_directions():
        return GroupingState.objects.get().meaning_directions

    threads = [confirmed_thread("grid"), confirmed_thread("bank")]
    assert services.regroup().learned_from_threads == 0
    assert stored_directions() is None  # two confirmed threads: the shipped directions
    assert services.current_weights().directions is None

    threads.append(confirmed_thread("rent"))
    assert services.regroup().learned_from_threads == 3
    learned = np.frombuffer(bytes(stored_directions()), np.float32).reshape(
        grouping.SEMANTIC_DIM, grouping.MEANING_DIRECTIONS
    )
    # What the three threads' signals teach, as the regroup read them from the database.
    confirmed = grouping.SubjectScatter.empty()
    for thread in threads:
        vectors = [grouping.from_bytes(v) for v in thread.signals.values_list("vector", flat=True)]
        confirmed.add(np.vstack(vectors), [thread.pk] * len(vectors))
    again = grouping.learned_meaning_directions(confirmed)
    signs = np.sign(np.sum(learned * again, axis=0))  # an eigenvector's sign is free
    assert np.allclose(learned, again * signs, atol=1e-4 * np.abs(learned).max())
    shipped = grouping.meaning_directions()
    alike = np.abs(np.sum(learned * shipped, axis=0)) / (
        np.linalg.norm(learned, axis=0) * np.linalg.norm(shipped, axis=0)
    )
    assert alike[:5].min() < 0.99  # the board's voices moved the leading directions
    # A new signal is compared in the same layout as the regroup's centroids.
    assert np.array_equal(services.current_weights().directions, learned)
    newcomer = services.raise_signal(
        actor=None,
        source="publiek",
        data=services.SignalInput(
            kind="knelpunt",
            text="Het schakelteam signaleert dat de netbeheerder geen zwaardere aansluiting geeft.",
            municipality=municipality,
        ),
    )
    assert newcomer.thread_id == threads[0].pk
    centroid = np.frombuffer(bytes(Thread.objects.get(pk=threads[0].pk).centroid), np.float32)
    assert len(centroid) == grouping.vector_dim()
