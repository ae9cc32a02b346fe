"""A knelpunt subject per thread: `subjects.thread_subject` and where the services store it.

The texts here were written for these tests (and to choose `subjects.MIN_AGREEMENT`); none comes
from a labelled set.
"""

import numpy as np
import pytest

from scharnier.geography.models import Municipality
from scharnier.signals import grouping, services, subjects
from scharnier.signals.models import Signal, Thread
from scharnier.signals.services import SignalInput
from tests.signals.world import MUNICIPALITY_A, build_world

LATE_PAYMENT = [
    "Mijn klanten betalen hun rekeningen pas na twee of drie maanden, daardoor kan ik mijn "
    "leveranciers niet op tijd betalen.",
    "Een grote opdrachtgever hanteert een betaaltermijn van 120 dagen; wij als klein bedrijf "
    "moeten dat voorfinancieren.",
    "Facturen blijven maanden openstaan en de rekening-courant staat steeds in het rood.",
    "Te late betalingen door afnemers zetten de liquiditeit van kleine ondernemers onder druk.",
]
GRID = [
    "We willen een grotere stroomaansluiting voor onze nieuwe hal, maar de netbeheerder zegt "
    "dat het net vol zit.",
    "Door netcongestie moeten we jaren wachten op een zwaardere aansluiting.",
    "Uitbreiding van onze fabriek staat stil omdat er geen transportcapaciteit op het "
    "elektriciteitsnet is.",
]
# Not about a business at all.
NONSENSE = [
    "De kat zat op de mat en at een boterham met kaas.",
    "Gisteren regende het heel hard, de tram had vertraging.",
    "Mijn favoriete kleur is blauw en ik speel graag gitaar.",
    "Het voetbalteam won zondag met 3-1 van de buren.",
    "Recept: snijd de uien fijn en bak ze goudbruin.",
    "asdf qwerty zxcv",
]


def _tree_entries():
    """(tree index, tree name, subject code, label, shared category) for some subjects of
    every tree: the first, one in the middle and the last, read from the files themselves."""
    import json

    mapping = json.loads((grouping.SUBJECT_FOLDER / "categories.json").read_text("utf-8"))
    out = []
    for number, tree in enumerate(grouping.subject_trees()):
        data = json.loads((grouping.SUBJECT_FOLDER / f"{tree.name}.json").read_text("utf-8"))
        own = mapping["trees"][tree.name]
        flat = [(s, c["code"]) for c in data["categories"] for s in c["subjects"]]
        for subject, category in (flat[0], flat[len(flat) // 2], flat[-1]):
            shared = own["subjects"].get(subject["code"], own["categories"][category])
            out.append((number, tree.name, subject["code"], subject["label"], shared))
    return out


@pytest.mark.parametrize("entry", _tree_entries(), ids=lambda e: f"{e[1]}:{e[2]}")
def test_a_subjects_own_examples_get_that_subject(entry):
    """Tree, code, label and category stay aligned with the example vectors."""
    number, tree_name, code, label, category = entry
    start = sum(len(t.example_subjects) for t in grouping.subject_trees()[:number])
    tree = grouping.subject_trees()[number]
    rows = start + np.flatnonzero(tree.example_subjects == tree.subject_codes.index(code))
    examples = grouping.subject_examples()[rows]
    assert subjects.tree_choices(examples)[number] == code
    suggestion = subjects.thread_subject(examples)
    if suggestion is not None and suggestion.tree == tree_name:
        assert (suggestion.code, suggestion.label, suggestion.category) == (code, label, category)


def test_trees_that_agree_give_the_label_and_a_lone_tree_gives_none(monkeypatch):
    vectors = grouping.semantic_vectors(LATE_PAYMENT)
    suggestion = subjects.thread_subject(vectors)
    codes = subjects.tree_choices(vectors)
    names = [t.name for t in grouping.subject_trees()]
    assert suggestion.code == codes[names.index(suggestion.tree)]
    every_tree = grouping.subject_trees
    monkeypatch.setattr(grouping, "subject_trees", lambda: every_tree()[:1])
    assert subjects.thread_subject(vectors) is None


def test_a_thread_worded_like_a_subject_gets_it():
    suggestion = subjects.thread_subject(grouping.semantic_vectors(LATE_PAYMENT))
    assert suggestion is not None and suggestion.level >= subjects.MIN_AGREEMENT
    assert "betal" in suggestion.label.lower()
    grid = subjects.thread_subject(grouping.semantic_vectors(GRID))
    assert grid is not None
    assert any(word in grid.label.lower() for word in ("stroom", "net", "aansluiting"))


def test_unrelated_texts_get_no_subject(monkeypatch):
    vectors = grouping.semantic_vectors(NONSENSE)
    assert subjects.thread_subject(vectors) is None
    monkeypatch.setattr(subjects, "MIN_AGREEMENT", -1.0)
    unrelated = subjects.thread_subject(vectors)
    related = subjects.thread_subject(grouping.semantic_vectors(LATE_PAYMENT))
    assert unrelated.level < related.level - 0.03


def test_sampling_keeps_the_subject_and_bounds_the_work(monkeypatch):
    members = grouping.semantic_vectors(LATE_PAYMENT + GRID[:1])
    few = subjects.thread_subject(members)
    many = np.vstack([members] * 300)  # 1,500 members, the same mix
    seen = []
    real = grouping.subject_similarity

    def counting(semantic, tree):
        seen.append(len(semantic))
        return real(semantic, tree)

    monkeypatch.setattr(grouping, "subject_similarity", counting)
    large = subjects.thread_subject(many)
    assert (large.tree, large.code) == (few.tree, few.code)
    assert abs(large.level - few.level) < 0.01
    assert max(seen) <= subjects.SAMPLE
    assert len(seen) == len(grouping.subject_trees())  # one product per tree


def test_many_threads_at_once_match_one_by_one():
    late, grid, nonsense = (grouping.semantic_vectors(t) for t in (LATE_PAYMENT, GRID, NONSENSE))
    vectors = np.vstack([grid, nonsense, late])
    groups = np.array([1] * len(grid) + [2] * len(nonsense) + [0] * len(late))
    together = subjects.thread_subjects(vectors, groups, 4)
    assert together[0] == subjects.thread_subject(late)
    assert together[1] == subjects.thread_subject(grid)
    assert together[2] is None and together[3] is None  # unrelated; no members
    assert subjects.thread_subject(np.zeros((0, grouping.SEMANTIC_DIM))) is None


# --- stored on the thread ------------------------------------------------------------------


def _raise(text: str) -> Signal:
    return services.raise_signal(
        actor=None,
        source="publiek",
        data=SignalInput(
            kind="knelpunt", text=text, municipality=Municipality.objects.get(code=MUNICIPALITY_A)
        ),
    )


def _expected(thread: Thread) -> dict:
    vectors = [
        grouping.from_bytes(v)
        for v in thread.signals.order_by("created_at", "pk").values_list("vector", flat=True)
    ]
    return subjects.fields(subjects.thread_subject(np.vstack(vectors)))


def _stored(thread: Thread) -> dict:
    thread.refresh_from_db()
    return {field: getattr(thread, field) for field in subjects.FIELDS}


@pytest.mark.django_db
def test_assign_and_regroup_set_the_subject():
    build_world()
    first = _raise(LATE_PAYMENT[0])
    thread = first.thread
    assert _stored(thread)["subject_label"]  # a new thread has one at once
    assert _stored(thread) == _expected(thread)
    second = _raise(LATE_PAYMENT[1])
    assert second.thread_id == thread.pk
    assert _stored(thread) == _expected(thread)  # follows a joining signal (small thread)
    other = _raise(GRID[0])
    assert other.thread_id != thread.pk

    Thread.objects.update(**subjects.fields(None))
    services.regroup()
    for live in Thread.objects.filter(merged_into=None, signal_count__gt=0):
        assert _stored(live)["subject_label"]
        assert _stored(live) == _expected(live)


@pytest.mark.django_db
def test_analysts_rename_keeps_the_subject_merge_and_split_set_it():
    world = build_world()
    analyst = world.users["landelijk_analist"]
    late = [_raise(t) for t in LATE_PAYMENT[:2]]
    grid = _raise(GRID[1])
    thread = Thread.objects.get(pk=late[0].thread_id)
    before = _stored(thread)
    services.rename_thread(actor=analyst, thread=thread, title="Late betalingen")
    assert _stored(thread) == before

    merged = services.merge_threads(
        actor=analyst, target=thread, others=[Thread.objects.get(pk=grid.thread_id)]
    )
    assert merged.signal_count == 3 and _stored(merged) == _expected(merged)
    grid.refresh_from_db()
    new = services.split_thread(actor=analyst, thread=merged, signals=[grid], title="Stroomnet")
    assert _stored(new) == _expected(new) and _stored(new)["subject_label"]
    assert _stored(merged) == _expected(merged)
    # After a regroup the analyst's threads keep their names and get their subject again.
    Thread.objects.update(**subjects.fields(None))
    services.regroup()
    assert _stored(new) == _expected(new) and _stored(new)["subject_label"]
    new.refresh_from_db()
    assert new.title == "Stroomnet"
