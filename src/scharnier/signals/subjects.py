"""A knelpunt subject per thread ("automatische categorie"), suggested from its signals.

Signalen (Amsterdam) puts every report in a category automatically, so that the right team
picks it up. Here a thread gets the subject, from the shipped trees of SME problems
(`data/knelpunten/`, see its README), that its signals are most alike: per subject the mean over
the members of each member's cosine to the subject (`grouping.subject_similarity`: its best
example), the highest across all trees. The thread stores it with its automatic title
(`services`), so no page computes it.

Cheap: at most `SAMPLE` members, evenly spaced, and one matrix product per tree.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

import numpy as np

from . import grouping

SAMPLE = 200
# Below this mean cosine no subject is suggested. e5 cosines of any two Dutch texts are high
# (~0.8), so the level sits between what a business problem reaches and what other text does.
# Chosen on the demo signals and on texts written for tests/signals/test_subjects.py, never on a
# labelled set: the demo threads reach 0.90-0.93 with their subject, threads of the test's
# everyday sentences (weather, a recipe, football, keyboard noise) 0.85, each such sentence alone
# 0.85-0.88 (one of 13 reached 0.895). A lone signal says little either way; the level mostly
# leaves threads of unrelated texts without a subject.
MIN_LEVEL = 0.89


@dataclass(frozen=True)
class SubjectSuggestion:
    tree: str  # file stem of the tree, e.g. "boom-2"
    code: str
    label: str
    category: str  # label of the subject's category in that tree
    level: float  # mean cosine of the members to the subject


def sample(count: int, limit: int = SAMPLE) -> np.ndarray:
    """Indices of at most `limit` evenly spaced rows of `count` (all of them when fewer)."""
    if count <= limit:
        return np.arange(count)
    return np.linspace(0, count - 1, limit).astype(np.int64)


@cache
def _labels() -> tuple[dict[str, tuple[str, str]], ...]:
    """Per tree (in `grouping.subject_trees` order): subject code -> (label, category label)."""
    out = []
    for tree in grouping.subject_trees():
        data = json.loads((grouping.SUBJECT_FOLDER / f"{tree.name}.json").read_text("utf-8"))
        out.append(
            {
                subject["code"]: (subject["label"], category["label"])
                for category in data["categories"]
                for subject in category["subjects"]
            }
        )
    return tuple(out)


def thread_subjects(
    vectors: np.ndarray, groups: np.ndarray, group_count: int
) -> list[SubjectSuggestion | None]:
    """`thread_subject` for many threads at once: `groups` says whose row each row is
    (0..group_count-1). The caller samples (`sample`); rows are used as given."""
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    groups = np.asarray(groups, dtype=np.int64)
    sizes = np.bincount(groups, minlength=group_count).astype(np.float32)
    best_level = np.full(group_count, -np.inf, dtype=np.float32)
    best_tree = np.full(group_count, -1, dtype=np.int64)
    best_subject = np.full(group_count, -1, dtype=np.int64)
    if len(vectors) == 0:
        return [None] * group_count
    order = np.argsort(groups, kind="stable")
    vectors, groups = vectors[order], groups[order]
    present = np.flatnonzero(sizes > 0)
    starts = np.searchsorted(groups, present)
    for number in range(len(grouping.subject_trees())):
        similarity = grouping.subject_similarity(vectors, number)
        means = np.add.reduceat(similarity, starts, axis=0) / sizes[present, None]
        # argmax takes the first of equal values: ties go to the subject earlier in the file;
        # the strict ">" below keeps the earlier tree.
        subject = np.argmax(means, axis=1)
        level = means[np.arange(len(present)), subject]
        better = level > best_level[present]
        best_level[present[better]] = level[better]
        best_tree[present[better]] = number
        best_subject[present[better]] = subject[better]
    trees, labels = grouping.subject_trees(), _labels()
    out: list[SubjectSuggestion | None] = []
    for group in range(group_count):
        if best_tree[group] < 0 or best_level[group] < MIN_LEVEL:
            out.append(None)
            continue
        tree = trees[best_tree[group]]
        code = tree.subject_codes[best_subject[group]]
        label, category = labels[best_tree[group]][code]
        out.append(SubjectSuggestion(tree.name, code, label, category, float(best_level[group])))
    return out


def thread_subject(vectors: np.ndarray) -> SubjectSuggestion | None:
    """The knelpunt subject a thread's members are most alike, or None under `MIN_LEVEL`.

    `vectors`: the members' stored e5 vectors (`Signal.vector`, `grouping.from_bytes`), in the
    thread's order; at most `SAMPLE` of them, evenly spaced, are compared.
    """
    vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
    if not vectors.size:
        return None
    rows = vectors[sample(len(vectors))]
    return thread_subjects(rows, np.zeros(len(rows), dtype=np.int64), 1)[0]


def fields(suggestion: SubjectSuggestion | None) -> dict[str, str]:
    """The `Thread` fields that hold a suggestion (all empty for None)."""
    if suggestion is None:
        return {"subject_tree": "", "subject_code": "", "subject_label": "", "subject_category": ""}
    return {
        "subject_tree": suggestion.tree,
        "subject_code": suggestion.code,
        "subject_label": suggestion.label,
        "subject_category": suggestion.category,
    }


FIELDS = ["subject_tree", "subject_code", "subject_label", "subject_category"]
