"""Where the grouping may be wrong: suggestions on a thread's page for the analyst.

The automatic grouping misses its quality target on sets it was not tuned on (README in
`evaluation/`): it splits one knelpunt over two threads, keeps a signal in a thread it does
not belong to, or holds two knelpunten in one thread. The analyst repairs that by merging,
moving and splitting; this module points at where to look, with the measure the grouping
itself uses (average linkage over the stored vectors), so a suggestion says why the grouping
nearly decided otherwise. Reads only; nothing is changed until the analyst acts.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from . import grouping
from .models import Signal, Thread, ThreadStatus
from .services import OPEN_FOR_NEW_SIGNALS, full_vectors, suggested_title

SIMILAR_SHOWN = 3
# Members read for the check (the page shows at most this many signals as well).
MEMBERS_READ = 200


@dataclass(frozen=True)
class SimilarThread:
    thread: Thread
    similarity: float
    # Merge this thread into the other rather than the other way round: the other is already
    # being handled (an owner, a status past new) or, at the same stage, holds more signals.
    # A merge keeps the target's owner, answer and link; the one merged in loses them.
    into_other: bool


def _stage(thread: Thread) -> int:
    return int(thread.owner_id is not None) + int(thread.status != ThreadStatus.NEW)


def _into_other(thread: Thread, other: Thread) -> bool:
    if _stage(other) != _stage(thread):
        return _stage(other) > _stage(thread)
    return other.signal_count > thread.signal_count


@dataclass(frozen=True)
class LooseSignal:
    signal: Signal
    better: Thread


@dataclass(frozen=True)
class SplitSuggestion:
    """The signals that, split off, leave two parts each most like itself."""

    signals: list[Signal]
    title: str

    @property
    def references(self) -> SafeString:
        # Each reference kept on one line: a phone would break "S-2026-..." at its hyphens.
        return format_html_join(
            ", ", '<span class="reference">{}</span>', ((s.reference,) for s in self.signals)
        )


@dataclass(frozen=True)
class GroupingReview:
    # False for a finished thread: nothing can be merged into or moved out of it any more.
    open: bool
    similar: list[SimilarThread]
    loose: list[LooseSignal]
    split: SplitSuggestion | None = None
    # Enough signals for two parts of at least two (`grouping.SEAM_MIN_PART`).
    can_split: bool = False


def grouping_review(thread: Thread, shown: list[Signal]) -> GroupingReview:
    """Threads this one resembles most, its signals in `shown` that fit another better, and
    where it would part in two.

    Only open threads: a merge or move into a finished thread is refused anyway. One product
    of the open threads' stored centroids with this thread's members (as `assign` reads them).
    """
    if thread.status not in OPEN_FOR_NEW_SIGNALS or thread.merged_into_id:
        return GroupingReview(open=False, similar=[], loose=[])
    member_ids, members = _members(thread)
    split = {
        "split": _split(shown, member_ids, members),
        "can_split": len(member_ids) >= 2 * grouping.SEAM_MIN_PART,
    }
    if not thread.centroid:
        return GroupingReview(open=True, similar=[], loose=[], **split)
    size = len(bytes(thread.centroid))
    rows = [
        (pk, centroid)
        for pk, centroid in Thread.objects.filter(
            merged_into__isnull=True, status__in=OPEN_FOR_NEW_SIGNALS
        )
        .exclude(centroid=None)
        .values_list("pk", "centroid")
        if len(centroid) == size
    ]
    ids = [pk for pk, _ in rows]
    if thread.pk not in ids or len(ids) < 2:
        return GroupingReview(open=True, similar=[], loose=[], **split)
    means = np.vstack([np.frombuffer(bytes(c), dtype=np.float32) for _, c in rows])
    own = ids.index(thread.pk)
    similar = grouping.similar_threads(means, own, SIMILAR_SHOWN)
    others = [i for i in range(len(ids)) if i != own]
    loose = _loose(shown, member_ids, members, means[others], [ids[i] for i in others])
    wanted = {ids[i] for i, _ in similar} | {pk for _, pk in loose}
    threads = Thread.objects.defer("centroid").in_bulk(wanted)
    return GroupingReview(
        open=True,
        similar=[
            SimilarThread(threads[ids[i]], value, _into_other(thread, threads[ids[i]]))
            for i, value in similar
        ],
        loose=[LooseSignal(signal, threads[pk]) for signal, pk in loose],
        **split,
    )


def _members(thread: Thread) -> tuple[list[int], np.ndarray | None]:
    """The pks and grouping vectors of the thread's first `MEMBERS_READ` signals."""
    data = []
    for pk, stored, features, source in (
        thread.signals.exclude(vector=None)
        .exclude(features=None)
        .order_by("created_at", "pk")
        .values_list("pk", "vector", "features", "source")[:MEMBERS_READ]
    ):
        vector = grouping.from_bytes(stored)
        if len(vector) == grouping.SEMANTIC_DIM:  # an older model's waits for a regroup
            data.append((pk, vector, bytes(features), source))
    if len(data) < 2:
        return [], None
    pks, vectors, features, sources = (list(column) for column in zip(*data, strict=True))
    return pks, full_vectors(vectors, features, sources)


def _split(
    shown: list[Signal], member_ids: list[int], members: np.ndarray | None
) -> SplitSuggestion | None:
    """The weakest seam, when every signal of the smaller part is on the page (the form there
    lists only those)."""
    seam = grouping.weakest_seam(members) if members is not None else None
    if seam is None:
        return None
    by_pk = {s.pk: s for s in shown}
    part = [by_pk.get(member_ids[row]) for row in seam.part.tolist()]
    if None in part:
        return None
    return SplitSuggestion(part, suggested_title(part, by_pk[member_ids[seam.central]]))


def _loose(
    shown: list[Signal],
    member_ids: list[int],
    members: np.ndarray | None,
    other_means: np.ndarray,
    other_ids: list[int],
) -> list[tuple[Signal, int]]:
    if members is None:
        return []
    by_pk = {s.pk: s for s in shown}
    found = grouping.loose_members(members, other_means)
    return [
        (by_pk[member_ids[row]], other_ids[other])
        for row, other, _, _ in found
        if member_ids[row] in by_pk
    ]
