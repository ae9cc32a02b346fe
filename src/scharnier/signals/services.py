"""Writes for signals and threads. Pages, API, admin and commands all call these.

A signal is grouped at once (`grouping`), so the board is always current; analysts' merges,
splits, renames and chosen categories are recorded on the rows (pinned, title_locked,
category_locked) and survive `regroup`.
"""

from __future__ import annotations

import logging
import secrets
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

import numpy as np
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from scipy import sparse

from scharnier.casework.models import Question
from scharnier.casework.permissions import can_view_question
from scharnier.catalog.models import JourneyPhase, Offer, Theme
from scharnier.communities.models import Meeting
from scharnier.core.errors import Conflict
from scharnier.core.validation import EMAIL_INVALID, text_problem, too_short_to_understand
from scharnier.geography.models import Municipality, Region
from scharnier.matching.text import lemmas
from scharnier.organisations.models import Organisation
from scharnier.organisations.permissions import Action, has_permission, require_permission

from . import grouping, notifications, outcomes, personal_data, queries, subjects
from .models import GroupingState, Signal, Thread, ThreadLink, ThreadStatus
from .vocabularies import choices, label

logger = logging.getLogger(__name__)

MIN_TEXT = 15
# Said by the service and by the API's field (which also documents the rule in its schema).
TEXT_TOO_SHORT = gettext_lazy("Schrijf in een paar woorden waar het signaal over gaat.")
MAX_TEXT = 4000


class TransitionNotAllowed(Conflict):
    """The thread's status does not allow this step (409 in the API, as in casework)."""


# Which status a step may start from.
_ALLOWED_FROM = {
    "assign": {ThreadStatus.NEW, ThreadStatus.IN_PROGRESS},
    "answer": {ThreadStatus.IN_PROGRESS, ThreadStatus.ANSWERED},
    "close": {ThreadStatus.ANSWERED},
    "reject": {ThreadStatus.NEW, ThreadStatus.IN_PROGRESS},
}


def _check_transition(thread: Thread, step: str) -> None:
    if thread.status not in _ALLOWED_FROM[step]:
        raise TransitionNotAllowed(
            _("Dit kan niet bij een rode draad met status '%(status)s'.")
            % {"status": thread.get_status_display()}
        )


def _new_reference() -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    while True:
        reference = "S-" + "".join(secrets.choice(alphabet) for _ in range(8))
        if not Signal.objects.filter(reference=reference).exists():
            return reference


# --- raising a signal -------------------------------------------------------------------------


@dataclass
class SignalInput:
    kind: str
    text: str
    themes: Iterable[Theme] = ()
    journey_phase: JourneyPhase | None = None
    municipality: Municipality | None = None
    region: Region | None = None


def signal_text_problem(text: str) -> str | None:
    """Why a signal's text cannot be taken (the form shows it with its other errors), or None."""
    text = (text or "").strip()
    if not text:
        return str(TEXT_TOO_SHORT)  # one message for empty and too short
    if len(text) < MIN_TEXT or too_short_to_understand(text):
        return str(TEXT_TOO_SHORT)
    if len(text) > MAX_TEXT:
        return _("Maak het signaal korter: hoogstens %(n)s tekens.") % {"n": MAX_TEXT}
    return None


def _validate_common(data: SignalInput) -> None:
    errors = {}
    if data.kind not in dict(choices("signal_kind")):
        errors["kind"] = _("Kies wat voor signaal het is.")
    if problem := signal_text_problem(data.text):
        errors["text"] = problem
    if errors:
        raise ValidationError(errors)


def _region_of(municipality: Municipality | None) -> Region | None:
    if municipality is None:
        return None
    return municipality.regions.order_by("pk").first()


# An e-mail address is kept only with consent (the public form names it beside its other errors).
REPLY_CONSENT_REQUIRED = gettext_lazy(
    "Geef toestemming, dan laten we u weten wat er met uw signaal gebeurt."
)

# A field that one source needs (a meeting, a region, an organisation): a rule between fields
# that the API document states in words, refused with this code.
REQUIRED_FOR_SOURCE = "required_for_source"


@transaction.atomic
def raise_signal(
    *,
    actor,
    source: str,
    data: SignalInput,
    meeting: Meeting | None = None,
    question_reference: str = "",
    organisation: Organisation | None = None,
    contact_email: str = "",
    reply_consent: bool = False,
    publish: bool = False,
) -> Signal:
    """Record a signal from one of the five sources and group it at once."""
    _validate_common(data)
    region = data.region or _region_of(data.municipality)
    signal = Signal(
        kind=data.kind,
        source=source,
        text=data.text.strip(),
        journey_phase=data.journey_phase,
        municipality=data.municipality,
        raised_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    if source == "publiek":
        contact_email = (contact_email or "").strip()
        if contact_email:
            try:
                validate_email(contact_email)
            except ValidationError:
                raise ValidationError({"contact_email": str(EMAIL_INVALID)}) from None
            if not reply_consent:
                # A rule between two fields (the API document states it in words).
                raise ValidationError(
                    {
                        "reply_consent": ValidationError(
                            REPLY_CONSENT_REQUIRED, code="consent_required"
                        )
                    }
                )
            signal.contact_email = contact_email
            signal.reply_consent_at = timezone.now()
        publish = False  # a person's own words are reviewed before they go public
    elif source == "bijeenkomst":
        if meeting is None:
            raise ValidationError(
                {
                    "meeting": ValidationError(
                        _("Kies de bijeenkomst waar het signaal vandaan komt."),
                        code=REQUIRED_FOR_SOURCE,
                    )
                }
            )
        require_permission(actor, Action.LOG_MEETING, meeting)
        signal.meeting = meeting
        region = meeting.community.region
        signal.municipality = signal.municipality or meeting.municipality
    elif source == "vraag":
        # Typed as people type it: "vr-bvbt7xp " is VR-BVBT7XP (references are upper case).
        reference = "".join((question_reference or "").split()).upper()
        question = Question.objects.filter(reference=reference).first()
        if question is None or not can_view_question(actor, question):
            raise ValidationError(
                {
                    "question_reference": ValidationError(
                        _(
                            "Deze vraag kennen we niet. Controleer het kenmerk, bijvoorbeeld "
                            "VR-ABC1234."
                        ),
                        code="not_found",  # an unknown reference, as the document says
                    )
                }
            )
        # Only where it came from: never the name, contact details or the question's words.
        signal.question_reference = question.reference
        region = question.region
        signal.municipality = question.municipality
    elif source == "schakelteam":
        if region is None:
            raise ValidationError(
                {
                    "municipality": ValidationError(
                        _("Kies de gemeente of regio van het signaal."), code=REQUIRED_FOR_SOURCE
                    )
                }
            )
        require_permission(actor, Action.RAISE_SIGNAL, region)
    elif source == "aanbieder":
        if organisation is None:  # bad input, not a refusal: say which field is missing
            raise ValidationError(
                {
                    "organisation": ValidationError(
                        _("Kies de organisatie namens wie u het signaal geeft."),
                        code=REQUIRED_FOR_SOURCE,
                    )
                }
            )
        if not has_permission(actor, Action.CHANGE_ORGANISATION, organisation):
            raise PermissionDenied("raise_signal as provider not allowed")
        signal.organisation = organisation
    else:
        raise ValidationError({"source": _("Kies een bron uit de lijst.")})
    signal.region = region
    if publish:
        require_permission(actor, Action.PUBLISH_SIGNAL, signal)
        found = personal_data.labels(signal.text)
        if found:
            # Published at once means no reviewer reads it first: the text must be clean.
            raise ValidationError(
                {
                    "text": _(
                        "In de tekst staat misschien persoonlijke informatie (%(found)s). Haal "
                        "die weg, of maak het signaal nu niet openbaar. Dan kijkt een beoordelaar "
                        "er eerst naar."
                    )
                    % {"found": ", ".join(found)}
                }
            )
    signal.is_published = publish
    signal.reference = _new_reference()
    semantic = grouping.semantic_vectors([signal.text])[0]
    signal.vector = grouping.to_bytes(semantic)
    signal.vector_model = grouping.VECTOR_MODEL
    signal.features = grouping.text_features([signal.text])[0]
    vector = full_vectors([semantic], [signal.features], [signal.source])[0]
    signal.save()
    themes = list(data.themes)
    if themes:
        signal.themes.set(themes)
    assign(signal, vector)
    outcomes.signal_raised(signal)
    return signal


@dataclass
class Publication:
    """What `publish_signal` did, for the page to say."""

    signal: Signal
    # Shown again after a reviewer hid it (not public for the first time).
    shown_again: bool = False
    # The thread's automatic title changed: it came from the hidden signal's text, or it
    # comes back now that the signal is shown again.
    title_changed: bool = False


@transaction.atomic
def publish_signal(
    *, actor, signal: Signal, published: bool = True, remove_personal_data: bool = False
) -> Publication:
    """Make a signal public (or hide it from visitors again). With `remove_personal_data` what
    looks like personal data (`personal_data.find`) is taken out of the stored text first: the
    reviewer's choice, since a business address or a name of a place can look the same."""
    require_permission(actor, Action.PUBLISH_SIGNAL, signal)
    was_published = signal.is_published
    shown_again = published and not was_published and signal.hidden_at is not None
    signal.is_published = published
    fields = ["is_published", "hidden_at"]
    if published:
        signal.hidden_at = None
    elif was_published:
        signal.hidden_at = timezone.now()
    if published and remove_personal_data:
        cleaned = personal_data.masked(signal.text)
        if cleaned != signal.text:
            signal.text = cleaned
            fields.append("text")
            logger.info("signals: personal data taken out of %s on publishing", signal.reference)
    signal.save(update_fields=fields)
    title_changed = _retitle_after_publishing(signal) if published != was_published else False
    return Publication(signal=signal, shown_again=shown_again, title_changed=title_changed)


def _retitle_after_publishing(signal: Signal) -> bool:
    """A thread's automatic title follows what is public; returns whether it changed.

    - The first published text replaces a title made without one ("Knelpunt: <subject>").
    - A hidden signal whose own text made the title is taken out of it (hidden text is never
      shown publicly); the title it gets instead is made as a new one would be. Any other
      title stays: hiding a signal does not rename the thread.
    - Shown again, that signal gives the thread its title back; once it moved to another
      thread the flag is gone (`_move_signals`) and it is one more published text there.
    - Titles an analyst gave or confirmed (`title_locked`) never change."""
    # Read afresh: the caller's signal may carry a thread loaded before an analyst renamed it.
    thread = Thread.objects.filter(pk=signal.thread_id).first()
    if thread is None or thread.title_locked:
        return False
    members = Signal.objects.filter(thread=thread).order_by("created_at", "pk")
    others_published = members.filter(is_published=True).exclude(pk=signal.pk).exists()
    own_title = _shorten(signal.text)[:200]
    gave_title = False
    if signal.is_published and (signal.gave_hidden_title or not others_published):
        title = own_title
    elif not signal.is_published and thread.title == own_title:
        title = _auto_title(
            list(members.only("pk", "text", "kind", "is_published", "region", "created_at")[:50]),
            subject=thread.shown_subject,
        )[:200]
        gave_title = True
    else:
        title = thread.title
    if signal.gave_hidden_title != gave_title:
        signal.gave_hidden_title = gave_title
        signal.save(update_fields=["gave_hidden_title"])
    if title == thread.title:
        return False
    thread.title = title
    thread.save(update_fields=["title"])
    return True


def _move_signals(signals: QuerySet, thread_id: int, **fields) -> int:
    """Put these signals in another thread (every move between threads goes through here).

    `gave_hidden_title` speaks of the title of the thread a signal leaves, and that title
    stays behind with that thread: no merge, split or regroup gives the signal's new
    thread the old one's title. So it is cleared, and a signal shown again in its new thread
    is one more published text there (`_retitle_after_publishing`), not its title."""
    return signals.update(thread_id=thread_id, gave_hidden_title=False, **fields)


# --- grouping ---------------------------------------------------------------------------------

OPEN_FOR_NEW_SIGNALS = [ThreadStatus.NEW, ThreadStatus.IN_PROGRESS, ThreadStatus.ANSWERED]


def _centroid_bytes(vector_sum: np.ndarray, count: int) -> bytes:
    return (np.asarray(vector_sum, dtype=np.float32) / max(count, 1)).tobytes()


def _centroid(thread_centroid: bytes | memoryview | None) -> np.ndarray | None:
    if not thread_centroid:
        return None
    return np.frombuffer(bytes(thread_centroid), dtype=np.float32)


_state_cache: dict[str, object] = {}


class GroupingWeights(NamedTuple):
    """What a vector is made with between two regroups (`current_weights`)."""

    idf: np.ndarray
    centre: grouping.Centre
    directions: np.ndarray | None  # learned by the last regroup; None: the shipped ones


def current_weights() -> GroupingWeights:
    """Wording weights, meaning centre and meaning directions of the last full regroup (cached
    per process).

    Before the first regroup (or after a model change, until `regroup_signals` runs) the
    reference corpus stands in for the first two and the shipped directions for the third.
    """
    state = (
        GroupingState.objects.filter(vector_model=grouping.VECTOR_MODEL)
        .exclude(semantic_mean=None)
        .only("pk", "updated_at")
        .order_by("pk")
        .first()
    )
    if state is None:
        empty = grouping.counts_from_features([])
        return GroupingWeights(
            grouping.idf_for(empty),
            grouping.centre_for({}, {}),
            None,
        )
    key = f"{state.pk}:{state.updated_at.isoformat()}"
    if _state_cache.get("key") != key:
        idf, mean, source_means, source_keys, directions = GroupingState.objects.values_list(
            "idf", "semantic_mean", "source_means", "source_keys", "meaning_directions"
        ).get(pk=state.pk)
        _state_cache.update(
            key=key,
            weights=GroupingWeights(
                np.frombuffer(bytes(idf), dtype=np.float32),
                _centre_from_bytes(mean, source_means, source_keys),
                _directions_from_bytes(directions),
            ),
        )
    return _state_cache["weights"]


def _centre_from_bytes(
    mean: bytes | memoryview, source_means: bytes | memoryview | None, source_keys: list[str]
) -> grouping.Centre:
    overall = np.frombuffer(bytes(mean), dtype=np.float32)
    if source_means is None or not source_keys:
        return grouping.Centre(overall)  # a regroup before centres per source: one for all
    by_source = np.frombuffer(bytes(source_means), dtype=np.float32)
    return grouping.Centre(
        overall, tuple(source_keys), by_source.reshape(len(source_keys), grouping.SEMANTIC_DIM)
    )


def _directions_from_bytes(data: bytes | memoryview | None) -> np.ndarray | None:
    if data is None:
        return None
    values = np.frombuffer(bytes(data), dtype=np.float32)
    if values.size != grouping.SEMANTIC_DIM * grouping.MEANING_DIRECTIONS:
        return None  # of another layout: the shipped ones until the next regroup
    return values.reshape(grouping.SEMANTIC_DIM, grouping.MEANING_DIRECTIONS)


def full_vectors(
    semantic: list[np.ndarray] | np.ndarray,
    features: list[bytes],
    sources: list[str],
    weights: GroupingWeights | None = None,
) -> np.ndarray:
    """Grouping vectors from signals' stored embeddings, stored text features and sources."""
    idf, centre, directions = current_weights() if weights is None else weights
    counts = grouping.counts_from_features(features)
    return grouping.grouping_vectors(
        np.vstack(semantic), counts, idf, centre.for_rows(sources), directions
    )


REGROUP_CHUNK = 5000


def _backfill_features() -> None:
    """Store features of signals saved without them (older rows, bulk loads)."""
    pending = Signal.objects.filter(features__isnull=True).order_by("pk")
    while batch := list(pending.values_list("pk", "text")[:2000]):
        _features_of([pk for pk, _ in batch], [text for _, text in batch])


def _backfill_vectors(
    progress: Callable[[int, int], None] | None = None, signal_ids: list[int] | None = None
) -> None:
    """Embed signals stored without a vector of the current model (a model change, bulk loads).

    After a change of `grouping.SEMANTIC_MODEL` this is the slow part of the first regroup
    (e5 embeds roughly 10-20 signals a second per core).
    """
    stale = Signal.objects.exclude(vector_model=grouping.VECTOR_MODEL) | Signal.objects.filter(
        vector=None
    )
    if signal_ids is not None:
        stale = stale.filter(pk__in=signal_ids)
    total = stale.count()
    done = 0
    while batch := list(stale.order_by("pk").values_list("pk", "text")[:256]):
        vectors = grouping.semantic_vectors([text for _, text in batch])
        updates = [
            Signal(pk=pk, vector=grouping.to_bytes(v), vector_model=grouping.VECTOR_MODEL)
            for (pk, _), v in zip(batch, vectors, strict=True)
        ]
        Signal.objects.bulk_update(updates, ["vector", "vector_model"], batch_size=500)
        done += len(batch)
        if progress:
            progress(done, total)


def _features_of(signal_ids: list[int], texts: list[str]) -> list[bytes]:
    """Features of signals stored without them (older rows, bulk loads), saved for next time."""
    stored = grouping.text_features(texts)
    updates = [Signal(pk=pk, features=f) for pk, f in zip(signal_ids, stored, strict=True)]
    Signal.objects.bulk_update(updates, ["features"], batch_size=500)
    return stored


def _regroup_threshold() -> float | None:
    """The last regroup's threshold; None while `current_weights` are the reference corpus's."""
    state = (
        GroupingState.objects.filter(vector_model=grouping.VECTOR_MODEL)
        .exclude(semantic_mean=None)
        .order_by("pk")
        .values_list("pk", "join_threshold")
        .first()
    )
    if state is None:
        return None
    return grouping.JOIN_THRESHOLD if state[1] is None else float(state[1])


def assign(signal: Signal, vector: np.ndarray | None = None) -> Thread:
    """Put one new signal in the most similar open thread, or open a thread for it.

    Average linkage as the regroup does it (`grouping.choose_thread`). Before the first regroup
    a thread that took the signal then merges with an open thread it has come to resemble
    (`grouping.merge_partner`), as long as neither holds an analyst's decision. Linear in the
    number of open threads.
    """
    if vector is None:
        if signal.features is None:
            signal.features = _features_of([signal.pk], [signal.text])[0]
        vector = full_vectors(
            [grouping.from_bytes(signal.vector)], [signal.features], [signal.source]
        )[0]
    threshold, small_margin, merge = grouping.assign_parameters(_regroup_threshold())
    size = vector.astype(np.float32).nbytes
    rows = list(
        Thread.objects.filter(merged_into__isnull=True, status__in=OPEN_FOR_NEW_SIGNALS)
        .exclude(centroid=None)
        .values_list("pk", "centroid", "signal_count")
    )
    # Centroids of an older vector layout wait for `regroup_signals`.
    rows = [row for row in rows if len(row[1]) == size]
    thread = None
    if rows:
        means = np.vstack([np.frombuffer(bytes(c), dtype=np.float32) for _, c, _ in rows])
        counts = np.array([n for _, _, n in rows], dtype=np.int64)
        best = grouping.choose_thread(means, counts, vector, threshold, small_margin)
        if best >= 0:
            thread = Thread.objects.select_for_update().get(pk=rows[best][0])
            mean = np.frombuffer(bytes(thread.centroid), dtype=np.float32)
            thread.centroid = _centroid_bytes(
                mean * thread.signal_count + vector, thread.signal_count + 1
            )
            thread.signal_count += 1
            thread.updated_at = timezone.now()
            signal.thread = thread
            signal.save(update_fields=["thread"])
            updated = ["centroid", "signal_count", "updated_at"]
            if thread.signal_count <= SUBJECT_FOLLOWS_UP_TO:
                _set_subjects([thread])
                updated += subjects.FIELDS
            thread.save(update_fields=updated)
            means[best] = np.frombuffer(bytes(thread.centroid), dtype=np.float32)
            counts[best] = thread.signal_count
            if merge:
                thread = _merge_grown(thread, best, rows, means, counts, threshold)
    if thread is None:
        suggestion = subjects.thread_subject(grouping.from_bytes(signal.vector))
        thread = Thread.objects.create(
            title=_auto_title([signal], subject=suggestion.label if suggestion else "")[:200],
            centroid=_centroid_bytes(vector, 1),
            signal_count=1,
            **subjects.fields(suggestion),
        )
    signal.thread = thread
    signal.save(update_fields=["thread"])
    return thread


# A thread's subject follows each new signal while the thread is this small (its first signals
# decide most); after that a full regroup, a merge or a split sets it again. Keeps `assign` cheap
# for large threads (no member vectors to read).
SUBJECT_FOLLOWS_UP_TO = 25
# Sampled member vectors compared at once (`_set_subjects`): bounds memory in a full regroup.
SUBJECT_CHUNK = 8192


def _set_subjects(threads: list[Thread], members: dict[int, list[int]] | None = None) -> None:
    """Set the subject fields of these threads from their members' stored e5 vectors (at most
    `subjects.SAMPLE` per thread, evenly spaced in arrival order); the caller saves them.

    `members`: thread id -> member signal ids in arrival order, when the caller knows them.
    """
    if members is None:
        members = defaultdict(list)
        rows = (
            Signal.objects.filter(thread__in=threads)
            .order_by("created_at", "pk")
            .values_list("thread_id", "pk")
        )
        for thread_id, pk in rows:
            members[thread_id].append(pk)
    chunk: list[Thread] = []
    sampled = 0
    for thread in threads:
        ids = members.get(thread.pk, [])
        chunk.append(thread)
        sampled += len(subjects.sample(len(ids)))
        if sampled >= SUBJECT_CHUNK:
            _set_subjects_chunk(chunk, members)
            chunk, sampled = [], 0
    if chunk:
        _set_subjects_chunk(chunk, members)


def _set_subjects_chunk(threads: list[Thread], members: dict[int, list[int]]) -> None:
    group_of = {}
    for number, thread in enumerate(threads):
        ids = members.get(thread.pk, [])
        group_of.update({ids[i]: number for i in subjects.sample(len(ids))})
    vectors, groups = [], []
    signal_ids = list(group_of)
    for start in range(0, len(signal_ids), 900):
        part = Signal.objects.filter(pk__in=signal_ids[start : start + 900]).exclude(vector=None)
        for pk, stored in part.values_list("pk", "vector"):
            vector = grouping.from_bytes(stored)
            if len(vector) == grouping.SEMANTIC_DIM:  # an older model's waits for a regroup
                vectors.append(vector)
                groups.append(group_of[pk])
    matrix = np.vstack(vectors) if vectors else np.zeros((0, grouping.SEMANTIC_DIM), np.float32)
    found = subjects.thread_subjects(matrix, np.array(groups, dtype=np.int64), len(threads))
    for thread, suggestion in zip(threads, found, strict=True):
        subjects.apply(thread, suggestion)


def _auto_mergeable(thread_ids: list[int]) -> bool:
    """Threads that only the grouping shaped: no analyst's decision, nobody handling them."""
    threads = Thread.objects.filter(pk__in=thread_ids, merged_into__isnull=True)
    free = threads.filter(
        status=ThreadStatus.NEW, owner__isnull=True, title_locked=False, category_locked=False
    )
    return free.count() == len(thread_ids) and not (
        Signal.objects.filter(thread_id__in=thread_ids, pinned=True).exists()
    )


def _merge_grown(thread: Thread, index: int, rows, means, counts, threshold: float) -> Thread:
    """Merge the thread that just grew with the open threads it now resembles (average link)."""
    for _step in range(len(rows)):
        other = grouping.merge_partner(means, counts, index, threshold)
        if other < 0 or not _auto_mergeable([thread.pk, rows[other][0]]):
            break
        # The larger thread keeps its identity (its link and title are the ones people know).
        keep, drop = (index, other) if counts[index] >= counts[other] else (other, index)
        kept = Thread.objects.select_for_update().get(pk=rows[keep][0])
        dropped = Thread.objects.select_for_update().get(pk=rows[drop][0])
        total = int(counts[keep] + counts[drop])
        merged = (means[keep] * counts[keep] + means[drop] * counts[drop]) / total
        _move_signals(Signal.objects.filter(thread=dropped), kept.pk)
        kept.centroid = merged.astype(np.float32).tobytes()
        kept.signal_count = total
        kept.updated_at = timezone.now()
        _set_subjects([kept])
        kept.save(update_fields=["centroid", "signal_count", "updated_at", *subjects.FIELDS])
        dropped.merged_into = kept
        dropped.signal_count = 0
        dropped.centroid = None
        dropped.save(update_fields=["merged_into", "signal_count", "centroid"])
        means[keep], counts[keep], counts[drop] = merged, total, 0
        thread, index = kept, keep
    return thread


def _auto_title(signals: list[Signal], central: Signal | None = None, subject: str = "") -> str:
    """A title without personal data: a published text; else the kind with the words the
    signals share, the thread's suggested `subject`, or what the raiser chose from lists.

    Never a raiser's unpublished words (the board is public and nobody has read them for
    personal data yet; `publish_signal` gives the thread its text once it is public), and
    never the kind alone ("Knelpunt" says nothing on the board)."""
    central = central or (signals[0] if signals else None)
    published = [s for s in signals if s.is_published]
    if central is not None and central.is_published:
        return _shorten(central.text)
    if published:
        return _shorten(published[0].text)
    kinds = Counter(s.kind for s in signals)
    kind = label("signal_kind", kinds.most_common(1)[0][0]) if kinds else _("Signalen")
    # Words used in at least two signals: shared vocabulary, not one person's details; a first
    # name two raisers both mention (the same adviser, say) is still someone's name.
    shared = Counter()
    for s in signals:
        shared.update(set(lemmas(s.text)))
    names = {name.lower() for name in personal_data.first_names()}
    ranked = sorted(shared.items(), key=lambda item: (-item[1], item[0]))  # same title every run
    words = [w for w, n in ranked if n >= 2 and len(w) > 3 and w not in names][:3]
    if words:
        return f"{kind}: {', '.join(words)}"
    if subject:
        return f"{kind}: {subject}"
    return _filed_under(kind, central)


def suggested_title(signals: list[Signal], central: Signal | None = None) -> str:
    """A title for a thread of these signals, made as a thread's automatic title is."""
    return _auto_title(signals, central)[:200]


def _filed_under(kind: str, signal: Signal | None) -> str:
    """The kind with the signal's themes, else its region, else the month it came in: words
    from lists, never from the text."""
    if signal is None:
        return kind
    themes = [theme.label for theme in signal.themes.all()[:2]]
    if themes:
        return f"{kind}: {', '.join(themes)}"
    if signal.region_id:
        return _("%(kind)s uit %(region)s") % {"kind": kind, "region": signal.region.name}
    month = date_format(timezone.localtime(signal.created_at), "F Y")
    return _("%(kind)s, gemeld in %(month)s") % {"kind": kind, "month": month}


def _shorten(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    if len(text) <= limit:
        # A title, not a sentence: no closing full stop ("..." and "?" stay).
        return text[:-1] if text.endswith(".") and not text.endswith("..") else text
    return text[:limit].rsplit(" ", 1)[0] + "…"


@dataclass
class RegroupResult:
    signals: int
    threads: int
    moved: int
    created: int
    removed: int
    # Threads whose confirmed signals taught the meaning directions (0: the shipped ones).
    learned_from_threads: int = 0


def regroup(progress: Callable[[int, int], None] | None = None) -> RegroupResult:
    """Regroup all signals; analysts' decisions and threads in handling stay as they are."""
    _backfill_vectors(progress)
    _backfill_features()
    ordered = Signal.objects.order_by("created_at", "pk")
    threads = {
        t.pk: t
        for t in Thread.objects.filter(merged_into__isnull=True).only(
            "pk",
            "status",
            "title_locked",
            "category",
            "category_locked",
            "owner_id",
            "signal_count",
        )
    }
    frozen = {pk for pk, t in threads.items() if t.status != ThreadStatus.NEW or t.owner_id}
    # Two passes over the stored features (document frequencies, then vectors) so that only
    # one chunk of them is in memory next to the vectors. The first also gathers what analysts
    # confirmed (placed signals, threads in handling) for the meaning directions.
    rows: list[tuple[int, int | None, bool]] = []
    frequency = np.zeros(grouping.HASH_FEATURES, dtype=np.int64)
    semantic_sums: dict[str, np.ndarray] = defaultdict(
        lambda: np.zeros(grouping.SEMANTIC_DIM, dtype=np.float64)
    )
    source_counts: Counter[str] = Counter()
    confirmed = grouping.SubjectScatter.empty()
    chunk: list[bytes] = []
    confirmed_chunk: list[tuple[int, np.ndarray]] = []
    for pk, thread_id, pinned, stored, vector, source in ordered.values_list(
        "pk", "thread_id", "pinned", "features", "vector", "source"
    ).iterator(chunk_size=REGROUP_CHUNK):
        rows.append((pk, thread_id, pinned))
        semantic = grouping.from_bytes(vector)
        semantic_sums[source] += semantic
        source_counts[source] += 1
        chunk.append(stored)
        if thread_id and (pinned or thread_id in frozen):
            confirmed_chunk.append((thread_id, semantic))
        if len(chunk) == REGROUP_CHUNK:
            frequency += grouping.document_frequency(grouping.counts_from_features(chunk))
            chunk = []
        if len(confirmed_chunk) == REGROUP_CHUNK:
            _add_confirmed(confirmed, confirmed_chunk)
    if chunk:
        frequency += grouping.document_frequency(grouping.counts_from_features(chunk))
    _add_confirmed(confirmed, confirmed_chunk)
    if not rows:
        with transaction.atomic():
            removed = _remove_or_empty(threads, frozen, with_members=set())
            # Nothing to group is a regroup too: the nightly check must not find it due again.
            GroupingState.objects.update(
                signal_count=0, confirmed_count=0, updated_at=timezone.now()
            )
        return RegroupResult(0, 0, 0, 0, removed)
    idf = grouping.idf_for_frequency(frequency, len(rows))
    centre = grouping.centre_for(semantic_sums, source_counts)
    directions = grouping.learned_meaning_directions(confirmed)
    position = {pk: index for index, (pk, _, _) in enumerate(rows)}
    head_columns = grouping.vector_dim() - grouping.subject_dim()
    head = np.zeros((len(rows), head_columns), grouping.head_dtype(len(rows)))
    tails: list[tuple[np.ndarray, sparse.csr_matrix]] = []

    def fill(part: list[tuple[int, bytes, bytes, str]]) -> None:
        indices = np.array([position[pk] for pk, _, _, _ in part], dtype=np.int64)
        semantic = np.vstack([grouping.from_bytes(v) for _, v, _, _ in part])
        counts = grouping.counts_from_features([f for _, _, f, _ in part])
        mean = centre.for_rows([source for _, _, _, source in part])
        head[indices], tail = grouping.split_vectors(
            grouping.grouping_vectors(semantic, counts, idf, mean, directions)
        )
        tails.append((indices, tail))

    part = []
    for row in ordered.values_list("pk", "vector", "features", "source").iterator(
        chunk_size=REGROUP_CHUNK
    ):
        if row[0] in position:  # a signal that arrived after the first pass waits for assign
            part.append(row)
        if len(part) == REGROUP_CHUNK:
            fill(part)
            part = []
    if part:
        fill(part)
    del part
    vectors = grouping.SplitRows(head, _stack_rows(tails, len(rows), grouping.subject_dim()))
    tails.clear()
    threshold = grouping.calibrated_threshold(vectors)
    _save_weights(idf, centre, len(rows), threshold, directions)
    old_thread = np.array([t or -1 for _, t, _ in rows], dtype=np.int64)
    fixed_thread_ids = sorted({t for _, t, pinned in rows if t and (pinned or t in frozen)})
    seed = {pk: i for i, pk in enumerate(fixed_thread_ids)}
    fixed = np.array(
        [seed.get(t, -1) if t and (pinned or t in frozen) else -1 for _, t, pinned in rows],
        dtype=np.int64,
    )
    # Closed and rejected threads keep their signals but take no new ones (as in `assign`).
    finished = (ThreadStatus.CLOSED, ThreadStatus.REJECTED)
    closed = [i for t, i in seed.items() if t in threads and threads[t].status in finished]
    result = grouping.cluster(
        vectors, threshold, fixed_labels=fixed, progress=progress, closed_labels=closed
    )
    labels = result.labels
    # Each new group keeps the thread it overlaps most (greedy, largest overlaps first).
    cluster_thread: dict[int, int] = {i: pk for pk, i in seed.items()}
    overlaps = Counter(
        (int(label_), int(old))
        for label_, old, f in zip(labels, old_thread, fixed, strict=True)
        if f < 0 and old >= 0 and old in threads and old not in frozen
    )
    used = set(cluster_thread.values())
    for (cluster, old), _count in sorted(overlaps.items(), key=lambda item: -item[1]):
        if cluster in cluster_thread or old in used:
            continue
        cluster_thread[cluster] = old
        used.add(old)
    created = 0
    with transaction.atomic():
        for cluster in np.unique(labels):
            cluster = int(cluster)
            if cluster not in cluster_thread:
                thread = Thread.objects.create(title="…")
                cluster_thread[cluster] = thread.pk
                threads[thread.pk] = thread
                created += 1
        new_thread = np.array([cluster_thread[int(c)] for c in labels], dtype=np.int64)
        changed = np.flatnonzero(new_thread != old_thread)
        by_thread: dict[int, list[int]] = defaultdict(list)
        for index in changed:
            by_thread[int(new_thread[index])].append(rows[index][0])
        for thread_id, signal_ids in by_thread.items():
            for start in range(0, len(signal_ids), 900):
                _move_signals(
                    Signal.objects.filter(pk__in=signal_ids[start : start + 900]), thread_id
                )
        # Centroids, counts and titles of every thread that has members.
        members: dict[int, list[int]] = defaultdict(list)
        for index, thread_id in enumerate(new_thread):
            members[int(thread_id)].append(index)
        removed = _remove_or_empty(threads, frozen, with_members=set(members))
        now = timezone.now()
        for thread_id, indices in members.items():
            thread = threads[thread_id]
            mean = vectors[indices].mean(axis=0)
            thread.centroid = mean.astype(np.float32).tobytes()
            thread.signal_count = len(indices)
            thread.updated_at = now
        # Subjects of every thread with members, also those an analyst named (a rename keeps
        # the subject; the members may have changed).
        _set_subjects(
            [threads[t] for t in members],
            {t: [rows[i][0] for i in indices] for t, indices in members.items()},
        )
        Thread.objects.bulk_update(
            [threads[t] for t in members],
            ["centroid", "signal_count", "updated_at", *subjects.FIELDS],
            batch_size=500,
        )
        _retitle(
            [t for t in members if not threads[t].title_locked],
            vectors,
            members,
            rows,
            {t: threads[t].shown_subject for t in members},
        )
    # Counted after the regroup: a signal it placed in a thread in handling is confirmed now,
    # and must not make the next regroup due.
    GroupingState.objects.update(confirmed_count=queries.confirmed_signal_count())
    return RegroupResult(
        signals=len(rows),
        threads=len(members),
        moved=int(len(changed)),
        created=created,
        removed=removed,
        learned_from_threads=0 if directions is None else confirmed.classes_with(2),
    )


def _remove_or_empty(threads: dict[int, Thread], frozen: set[int], with_members: set[int]) -> int:
    """Threads the regroup left without signals: deleted, unless an analyst's decision or
    their handling keeps them. A kept one gets count 0 and no centroid, so that `assign` never
    joins a new signal to where its members were and the board and reports (signal_count > 0)
    leave it out; its own page (answer, reason) still works. Returns the number deleted."""
    empty = [pk for pk in threads if pk not in with_members]
    removable = [
        pk
        for pk in empty
        if pk not in frozen and not (threads[pk].title_locked or threads[pk].category_locked)
    ]
    kept = sorted(set(empty) - set(removable))
    for start in range(0, len(removable), 900):
        Thread.objects.filter(pk__in=removable[start : start + 900]).delete()
    for start in range(0, len(kept), 900):
        Thread.objects.filter(pk__in=kept[start : start + 900]).exclude(
            signal_count=0, centroid=None
        ).update(signal_count=0, centroid=None, updated_at=timezone.now())
    return len(removable)


def _stack_rows(
    parts: list[tuple[np.ndarray, sparse.csr_matrix]], rows: int, columns: int
) -> sparse.csr_matrix:
    """Sparse chunks placed at their row numbers; rows no chunk gave stay empty."""
    pieces = [(indices[t.row], t.col, t.data) for indices, t in ((i, c.tocoo()) for i, c in parts)]
    if not pieces:
        return sparse.csr_matrix((rows, columns), dtype=np.float32)
    row, col, data = (np.concatenate(values) for values in zip(*pieces, strict=True))
    return sparse.csr_matrix((data, (row, col)), shape=(rows, columns), dtype=np.float32)


def _retitle(thread_ids: list[int], vectors, members, rows, subject_of: dict[int, str]) -> None:
    updates = []
    for thread_id in thread_ids:
        indices = members[thread_id]
        centroid = grouping._unit(vectors[indices].mean(axis=0))
        central = indices[int(np.argmax(vectors[indices] @ centroid))]
        sample = indices if len(indices) <= 50 else [central, *indices[:49]]
        signals = {
            s.pk: s
            for s in Signal.objects.filter(pk__in=[rows[i][0] for i in sample]).only(
                "pk", "text", "kind", "is_published", "region", "created_at"
            )
        }
        ordered = [signals[rows[i][0]] for i in sample if rows[i][0] in signals]
        title = _auto_title(ordered, signals.get(rows[central][0]), subject_of.get(thread_id, ""))
        updates.append(Thread(pk=thread_id, title=title[:200]))
    Thread.objects.bulk_update(updates, ["title"], batch_size=500)


def _add_confirmed(confirmed: grouping.SubjectScatter, part: list[tuple[int, np.ndarray]]) -> None:
    """Add (thread, stored e5 vector) pairs to the scatter and empty the list."""
    if part:
        confirmed.add(np.vstack([v for _, v in part]), [t for t, _ in part])
        part.clear()


def _save_weights(
    idf: np.ndarray,
    centre: grouping.Centre,
    signal_count: int,
    threshold: float | None = None,
    directions: np.ndarray | None = None,
) -> None:
    state = GroupingState.objects.order_by("pk").first() or GroupingState()
    state.join_threshold = threshold
    state.meaning_directions = (
        None if directions is None else directions.astype(np.float32).tobytes()
    )
    state.idf = idf.astype(np.float32).tobytes()
    state.semantic_mean = centre.overall.astype(np.float32).tobytes()
    state.source_keys = list(centre.sources)
    state.source_means = (
        None if centre.by_source is None else centre.by_source.astype(np.float32).tobytes()
    )
    state.signal_count = signal_count
    state.vector_model = grouping.VECTOR_MODEL
    state.updated_at = timezone.now()
    state.save()


def _recompute(thread: Thread) -> None:
    _backfill_vectors(signal_ids=list(thread.signals.values_list("pk", flat=True)))
    data = list(
        thread.signals.order_by("created_at", "pk").values_list(
            "pk", "vector", "features", "text", "source"
        )
    )
    if data:
        features = [f for _, _, f, _, _ in data]
        missing = [i for i, f in enumerate(features) if f is None]
        if missing:
            stored = _features_of([data[i][0] for i in missing], [data[i][3] for i in missing])
            for index, value in zip(missing, stored, strict=True):
                features[index] = value
        semantic = [grouping.from_bytes(v) for _, v, _, _, _ in data]
        mean = full_vectors(semantic, features, [row[4] for row in data]).mean(axis=0)
        thread.centroid = mean.astype(np.float32).tobytes()
        suggestion = subjects.thread_subject(np.vstack(semantic))
    else:
        thread.centroid = None
        suggestion = None
    subjects.apply(thread, suggestion)
    thread.signal_count = len(data)
    thread.updated_at = timezone.now()
    thread.save(update_fields=["centroid", "signal_count", "updated_at", *subjects.FIELDS])


# --- analysts' decisions ----------------------------------------------------------------------


# A thread's title is what policy makers read in lists and reports: "ab" says nothing.
MIN_THREAD_TITLE_CHARS = 4
MAX_THREAD_TITLE_CHARS = 200


def clean_thread_title(title: str, *, empty_message: str) -> str:
    """The trimmed title, or ValidationError on "title" with the Dutch reason."""
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": empty_message})
    problem = text_problem(title, multiline=False)
    if problem:
        raise ValidationError({"title": problem})
    letters = sum(char.isalpha() for char in title)
    if len(title) < MIN_THREAD_TITLE_CHARS or letters < 2:
        raise ValidationError(
            {
                "title": _(
                    "Geef een titel die zegt waar het knelpunt over gaat, van minstens "
                    "%(count)s tekens."
                )
                % {"count": MIN_THREAD_TITLE_CHARS}
            }
        )
    if len(title) > MAX_THREAD_TITLE_CHARS:
        raise ValidationError(
            {
                "title": _("Maak de titel korter: hoogstens %(count)s tekens.")
                % {"count": MAX_THREAD_TITLE_CHARS}
            }
        )
    return title


@transaction.atomic
def rename_thread(*, actor, thread: Thread, title: str) -> Thread:
    require_permission(actor, Action.MANAGE_THREADS, thread)
    title = clean_thread_title(title, empty_message=_("Vul de nieuwe titel van de rode draad in."))
    thread.title = title
    thread.title_locked = True
    thread.save(update_fields=["title", "title_locked"])
    return thread


@transaction.atomic
def set_thread_category(*, actor, thread: Thread, category: str | None) -> Thread:
    """An analyst's category for the thread (regrouping keeps it); None: the suggestion again."""
    require_permission(actor, Action.MANAGE_THREADS, thread)
    if category is None:
        thread.category_locked = False
        thread.category = thread.subject_category
    elif category in dict(choices("knelpunt_category")):
        thread.category_locked = True
        thread.category = category
    else:
        raise ValidationError({"category": _("Kies een soort knelpunt uit de lijst.")})
    thread.save(update_fields=["category", "category_locked"])
    return thread


@transaction.atomic
def merge_threads(*, actor, target: Thread, others: Iterable[Thread]) -> Thread:
    """Move every signal of the others into target; they are pinned so regrouping keeps it."""
    require_permission(actor, Action.MANAGE_THREADS, target)
    if target.status not in OPEN_FOR_NEW_SIGNALS:
        # Refused, not reopened: closing and rejecting are final in the status model (no step
        # leads back), the raisers were told, and a reopened thread would need a new owner's
        # deadline. `assign` and `regroup` keep new signals out of finished threads likewise.
        raise TransitionNotAllowed(
            _(
                "Deze rode draad is %(status)s. Daar kunnen geen signalen meer bij, want er "
                "komt geen nieuw antwoord. Behandel de andere rode draad apart."
            )
            % {"status": target.get_status_display().lower()}
        )
    others = [t for t in others if t.pk != target.pk]
    if not others:
        raise ValidationError({"others": _("Kies ten minste één andere rode draad.")})
    for other in others:
        if other.merged_into_id:
            raise ValidationError({"others": _("Deze rode draad is al samengevoegd.")})
        if (other.owner_id and other.owner_id != target.owner_id) or (
            other.answered_at and not target.answered_at
        ):
            # Merged in, it would lose its owner, deadline and answer: the raisers were told
            # who handles it, and its page would show a thread without them.
            raise ValidationError(
                {
                    "others": _(
                        "%(ref)s is al in behandeling bij %(owner)s. Voeg deze rode draad "
                        "daar bij, dan blijven de eigenaar, de termijn en het antwoord."
                    )
                    % {
                        "ref": other.reference,
                        "owner": other.owner.name if other.owner_id else _("een eigenaar"),
                    }
                }
            )
    _move_signals(Signal.objects.filter(thread__in=others), target.pk, pinned=True)
    target.signals.update(pinned=True)
    for other in others:
        other.merged_into = target
        other.signal_count = 0
        other.centroid = None
        other.save(update_fields=["merged_into", "signal_count", "centroid"])
    _recompute(target)
    return target


@transaction.atomic
def split_thread(*, actor, thread: Thread, signals: Iterable[Signal], title: str) -> Thread:
    """Move the chosen signals to a new thread; both sides are pinned."""
    require_permission(actor, Action.MANAGE_THREADS, thread)
    ids = [s.pk for s in signals if s.thread_id == thread.pk]
    if not ids:
        raise ValidationError({"signals": _("Kies de signalen die een eigen rode draad worden.")})
    if len(ids) == thread.signal_count:
        raise ValidationError({"signals": _("Laat ten minste één signaal in deze rode draad.")})
    title = clean_thread_title(title, empty_message=_("Geef de nieuwe rode draad een titel."))
    new = Thread.objects.create(title=title, title_locked=True)
    _move_signals(Signal.objects.filter(pk__in=ids), new.pk, pinned=True)
    thread.signals.update(pinned=True)
    _recompute(thread)
    _recompute(new)
    return new


@transaction.atomic
def move_signals(*, actor, thread: Thread, signals: Iterable[Signal], target: Thread) -> Thread:
    """Move the chosen signals to another open thread (a signal the grouping put in the wrong
    one); the moved signals and the rest of their old thread are pinned, as after a split."""
    require_permission(actor, Action.MANAGE_THREADS, thread)
    require_permission(actor, Action.MANAGE_THREADS, target)
    if target.pk == thread.pk or target.merged_into_id:
        raise ValidationError({"other": _("Kies een andere rode draad.")})
    if target.status not in OPEN_FOR_NEW_SIGNALS:
        raise TransitionNotAllowed(
            _(
                "Rode draad %(ref)s is %(status)s. Daar kunnen geen signalen meer bij, want er "
                "komt geen nieuw antwoord."
            )
            % {"ref": target.reference, "status": target.get_status_display().lower()}
        )
    # Read from the database: only signals that are in the thread now are moved.
    ids = list(
        Signal.objects.filter(pk__in=[s.pk for s in signals], thread=thread).values_list(
            "pk", flat=True
        )
    )
    if not ids:
        raise ValidationError({"signal": _("Kies het signaal dat u wilt verplaatsen.")})
    if len(ids) == thread.signal_count:
        raise ValidationError(
            {
                "signal": _(
                    "Dit is het laatste signaal van deze rode draad. Voeg de rode draden dan samen."
                )
            }
        )
    _move_signals(Signal.objects.filter(pk__in=ids), target.pk, pinned=True)
    thread.signals.update(pinned=True)
    _recompute(thread)
    _recompute(target)
    return target


@transaction.atomic
def assign_owner(*, actor, thread: Thread, owner: Organisation, deadline: date) -> Thread:
    require_permission(actor, Action.MANAGE_THREADS, thread)
    _check_transition(thread, "assign")
    if deadline is None or deadline < timezone.localdate():
        raise ValidationError({"deadline": _("Kies een datum vanaf vandaag.")})
    thread.owner = owner
    thread.deadline = deadline
    thread.assigned_at = timezone.now()
    thread.status = ThreadStatus.IN_PROGRESS
    thread.updated_at = timezone.now()
    thread.save()
    transaction.on_commit(lambda: notifications.thread_assigned(thread))
    return thread


@dataclass
class LinkInput:
    kind: str
    label: str
    url: str = ""
    offer: Offer | None = None


@transaction.atomic
def answer_thread(*, actor, thread: Thread, answer: str, links: Iterable[LinkInput] = ()) -> Thread:
    """The owner answers publicly and links what changed; every raiser is told by e-mail."""
    require_permission(actor, Action.ANSWER_THREAD, thread)
    _check_transition(thread, "answer")
    answer = (answer or "").strip()
    if len(answer) < 20:
        raise ValidationError({"answer": _("Schrijf een antwoord van ten minste 20 tekens.")})
    links = list(links)
    for link in links:
        if link.kind not in dict(choices("link_kind")):
            raise ValidationError({"links": _("Kies wat er veranderde.")})
        if not link.label.strip():
            raise ValidationError({"links": _("Geef elke verwijzing een omschrijving.")})
        if not link.url and link.offer is None:
            raise ValidationError({"links": _("Geef een webadres of kies een aanbod.")})
    first_answer = thread.answered_at is None
    thread.answer = answer
    thread.answered_at = thread.answered_at or timezone.now()
    thread.status = ThreadStatus.ANSWERED
    thread.updated_at = timezone.now()
    thread.save()
    for link in links:
        ThreadLink.objects.create(
            thread=thread, kind=link.kind, label=link.label.strip(), url=link.url, offer=link.offer
        )
    if first_answer:
        outcomes.thread_answered(thread)
    transaction.on_commit(lambda: notifications.thread_answered(thread))
    return thread


def close_thread(*, actor, thread: Thread) -> Thread:
    if not (
        has_permission(actor, Action.MANAGE_THREADS, thread)
        or has_permission(actor, Action.ANSWER_THREAD, thread)
    ):
        raise PermissionDenied("close_thread not allowed")
    _check_transition(thread, "close")
    thread.status = ThreadStatus.CLOSED
    thread.closed_at = timezone.now()
    thread.save(update_fields=["status", "closed_at"])
    return thread


@transaction.atomic
def reject_thread(*, actor, thread: Thread, reason: str) -> Thread:
    """Reject with a public reason; every raiser is told by e-mail (as Signalen does), the
    reason itself is on the thread page."""
    if not (
        has_permission(actor, Action.MANAGE_THREADS, thread)
        or has_permission(actor, Action.ANSWER_THREAD, thread)
    ):
        raise PermissionDenied("reject_thread not allowed")
    _check_transition(thread, "reject")
    reason = (reason or "").strip()
    if len(reason) < 10:
        raise ValidationError({"reason": _("Leg in ten minste 10 tekens uit waarom.")})
    thread.status = ThreadStatus.REJECTED
    thread.rejection_reason = reason
    thread.closed_at = timezone.now()
    thread.save(update_fields=["status", "rejection_reason", "closed_at"])
    transaction.on_commit(lambda: notifications.thread_rejected(thread))
    return thread
