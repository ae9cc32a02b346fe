"""A knelpunt subject per thread ("automatische categorie"), suggested from its signals.

Signalen (Amsterdam) puts every report in a category automatically, so that the right team
picks it up. Here a thread gets a subject from the shipped trees of SME problems
(`data/knelpunten/`, see its README), written by different writers. Each tree names the subject
its signals are most alike (per subject the mean over the members of each member's cosine to
the subject, `grouping.subject_similarity`: its best example). The suggestion is the tree's
subject that the other trees' choices agree with most: one writer's odd boundary does not
decide the label, and where the trees point in different directions no subject is shown.
The thread stores it with its automatic title (`services`), so no page computes it.

Cheap: at most `SAMPLE` members, evenly spaced, and one matrix product per tree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

import numpy as np

from . import grouping

SAMPLE = 200
# Below this agreement no subject is suggested. Agreement: the mean cosine between the chosen
# subject and the other trees' choices, each subject the centre of its examples' e5 vectors,
# taken relative to the centre of all subjects (raw e5 cosines of any two Dutch texts are ~0.8
# and do not separate). Chosen on the demo signals, the dev signals of the labelled set (a
# tuning set) and texts written for tests/signals/test_subjects.py: dev threads 0.19-0.87 (the
# four under 0.4 had the least fitting labels), everyday sentences (weather, a recipe,
# football, keyboard noise) -0.01-0.41.
MIN_AGREEMENT = 0.45


@dataclass(frozen=True)
class SubjectSuggestion:
    tree: str  # file stem of the tree, e.g. "boom-2"
    code: str
    label: str
    category: str  # code in the shared list of categories (`categories.json`)
    level: float  # agreement of the other trees with this subject (see `MIN_AGREEMENT`)


def sample(count: int, limit: int = SAMPLE) -> np.ndarray:
    """Indices of at most `limit` evenly spaced rows of `count` (all of them when fewer)."""
    if count <= limit:
        return np.arange(count)
    return np.linspace(0, count - 1, limit).astype(np.int64)


@cache
def _labels() -> tuple[dict[str, tuple[str, str]], ...]:
    """Per tree (in `grouping.subject_trees` order): subject code -> (label, shared category)."""
    out = []
    for tree in grouping.subject_trees():
        data = json.loads((grouping.SUBJECT_FOLDER / f"{tree.name}.json").read_text("utf-8"))
        out.append(
            {
                subject["code"]: (
                    subject["label"],
                    shared_category(tree.name, category["code"], subject["code"]),
                )
                for category in data["categories"]
                for subject in category["subjects"]
            }
        )
    return tuple(out)


@cache
def _category_map() -> dict[str, dict[str, dict[str, str]]]:
    return json.loads((grouping.SUBJECT_FOLDER / "categories.json").read_text("utf-8"))["trees"]


def shared_category(tree: str, category: str, subject: str) -> str:
    """The shared category (`knelpunt_category`) of a tree's subject: each tree groups its
    subjects its own way, the board filters on one list. KeyError for an unmapped category."""
    mapping = _category_map()[tree]
    return mapping["subjects"].get(subject) or mapping["categories"][category]


def subject_themes(tree: str, code: str) -> list[str]:
    """The catalogue theme codes the tree's writer gave a stored subject ([] when unknown)."""
    for name, subjects in grouping._tree_subjects():
        if name == tree:
            return next((list(s.get("themes", [])) for s in subjects if s["code"] == code), [])
    return []


def category_of(tree: str, code: str) -> str:
    """The shared category of a stored subject (tree and code), or "" when it is unknown."""
    names = [t.name for t in grouping.subject_trees()]
    if tree not in names:
        return ""
    found = _labels()[names.index(tree)].get(code)
    return found[1] if found else ""


@cache
def _subject_centres() -> tuple[np.ndarray, ...]:
    """Per tree: each subject's centre (mean of its example vectors), relative to the centre
    of all subjects of all trees, unit length."""
    examples, start, centres = grouping.subject_examples(), 0, []
    for tree in grouping.subject_trees():
        rows = examples[start : start + len(tree.example_subjects)]
        start += len(tree.example_subjects)
        sums = np.zeros((len(tree.subject_codes), rows.shape[1]), np.float32)
        np.add.at(sums, tree.example_subjects, rows)
        centres.append(sums / np.linalg.norm(sums, axis=1, keepdims=True))
    overall = np.vstack(centres).mean(axis=0)
    return tuple(grouping._unit(c - overall) for c in centres)


def _choices(
    vectors: np.ndarray, groups: np.ndarray, group_count: int
) -> tuple[np.ndarray, np.ndarray]:
    """(threads with members, each tree's chosen subject index per such thread)."""
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    groups = np.asarray(groups, dtype=np.int64)
    sizes = np.bincount(groups, minlength=group_count).astype(np.float32)
    order = np.argsort(groups, kind="stable")
    vectors, groups = vectors[order], groups[order]
    present = np.flatnonzero(sizes > 0)
    starts = np.searchsorted(groups, present)
    chosen = np.empty((len(grouping.subject_trees()), len(present)), dtype=np.int64)
    for number in range(len(grouping.subject_trees())):
        similarity = grouping.subject_similarity(vectors, number)
        means = np.add.reduceat(similarity, starts, axis=0) / sizes[present, None]
        chosen[number] = np.argmax(means, axis=1)  # ties: the subject earlier in the file
    return present, chosen


def tree_choices(vectors: np.ndarray) -> list[str]:
    """The subject code each tree chooses for one thread's members (in tree order)."""
    _, chosen = _choices(vectors, np.zeros(len(np.atleast_2d(vectors)), dtype=np.int64), 1)
    trees = grouping.subject_trees()
    return [tree.subject_codes[c] for tree, c in zip(trees, chosen[:, 0], strict=True)]


def thread_subjects(
    vectors: np.ndarray, groups: np.ndarray, group_count: int
) -> list[SubjectSuggestion | None]:
    """`thread_subject` for many threads at once: `groups` says whose row each row is
    (0..group_count-1). The caller samples (`sample`); rows are used as given."""
    trees = grouping.subject_trees()
    if len(np.atleast_2d(vectors)) == 0 or np.size(vectors) == 0 or len(trees) < 2:
        return [None] * group_count
    present, chosen = _choices(vectors, groups, group_count)
    centres = _subject_centres()
    picked = np.stack([centres[t][chosen[t]] for t in range(len(trees))], axis=1)
    agreement = np.einsum("gtd,gsd->gts", picked, picked)  # (thread, tree, tree)
    agreement = (agreement.sum(axis=2) - 1.0) / (len(trees) - 1)  # without itself
    best = np.argmax(agreement, axis=1)  # ties: the earlier tree
    labels = _labels()
    out: list[SubjectSuggestion | None] = [None] * group_count
    for column, group in enumerate(present):
        tree, level = int(best[column]), float(agreement[column, best[column]])
        if level < MIN_AGREEMENT:
            continue
        code = trees[tree].subject_codes[chosen[tree, column]]
        label, category = labels[tree][code]
        out[group] = SubjectSuggestion(trees[tree].name, code, label, category, level)
    return out


def thread_subject(vectors: np.ndarray) -> SubjectSuggestion | None:
    """The knelpunt subject the trees agree on for a thread, or None under `MIN_AGREEMENT`.

    `vectors`: the members' stored e5 vectors (`Signal.vector`, `grouping.from_bytes`), in the
    thread's order; at most `SAMPLE` of them, evenly spaced, are compared.
    """
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    if not vectors.size:
        return None
    rows = vectors[sample(len(vectors))]
    return thread_subjects(rows, np.zeros(len(rows), dtype=np.int64), 1)[0]


FIELDS = ["subject_tree", "subject_code", "subject_label", "subject_category", "category"]


def fields(suggestion: SubjectSuggestion | None) -> dict[str, str]:
    """The `Thread` fields that hold a suggestion (all empty for None), the category included."""
    if suggestion is None:
        return dict.fromkeys(FIELDS, "")
    return {
        "subject_tree": suggestion.tree,
        "subject_code": suggestion.code,
        "subject_label": suggestion.label,
        "subject_category": suggestion.category,
        "category": suggestion.category,
    }


def apply(thread, suggestion: SubjectSuggestion | None) -> None:
    """Put a suggestion on a thread (unsaved); a category an analyst chose stays."""
    for field, value in fields(suggestion).items():
        if field == "category" and thread.category_locked:
            continue
        setattr(thread, field, value)
