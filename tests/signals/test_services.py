"""Signals from five sources, grouping into threads, analysts' decisions, owner workflow, e-mail."""

import numpy as np
import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from scharnier.casework import services as casework_services
from scharnier.casework.models import ConsentPurpose, Door
from scharnier.catalog.models import Theme
from scharnier.geography.models import Municipality
from scharnier.monitoring.models import OutcomeEvent, OutcomeEventKind
from scharnier.signals import grouping, queries, services
from scharnier.signals.models import GroupingState, Signal, Thread, ThreadStatus
from scharnier.signals.services import LinkInput, SignalInput, TransitionNotAllowed
from tests.signals.world import (
    GRID,
    MUNICIPALITY_A,
    MUNICIPALITY_B,
    SUCCESSION,
    assign_and_answer,
    build_world,
    in_days,
    submit_site_question,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def raise_public(text: str, code: str = MUNICIPALITY_A, **kwargs) -> Signal:
    return services.raise_signal(
        actor=None,
        source="publiek",
        data=SignalInput(
            kind="knelpunt", text=text, municipality=Municipality.objects.get(code=code)
        ),
        **kwargs,
    )


def test_similar_signals_share_a_thread_across_regions(world):
    first = raise_public(GRID[0])
    second = raise_public(GRID[1], code=MUNICIPALITY_B)
    third = raise_public(GRID[2])
    other = raise_public(SUCCESSION[0])
    assert first.thread_id == second.thread_id == third.thread_id
    assert other.thread_id != first.thread_id
    thread = Thread.objects.get(pk=first.thread_id)
    assert thread.signal_count == 3 and thread.status == ThreadStatus.NEW
    assert {first.region, second.region} == {world.regions["a"], world.regions["b"]}
    # Unpublished words never become a title.
    assert GRID[0][:40] not in thread.title
    assert OutcomeEvent.objects.filter(kind=OutcomeEventKind.SIGNAL_RAISED).count() == 4


def test_sources_check_their_rules(world):
    data = SignalInput(kind="overlap", text="Twee loketten doen precies hetzelfde voor starters.")
    with pytest.raises(ValidationError):  # meeting source needs the meeting
        services.raise_signal(actor=world.users["schakel_a"], source="bijeenkomst", data=data)
    from_meeting = services.raise_signal(
        actor=world.users["aanbieder_organiser"],
        source="bijeenkomst",
        data=data,
        meeting=world.meetings["a"],
    )
    assert from_meeting.region == world.regions["a"]
    with pytest.raises(PermissionDenied):
        services.raise_signal(
            actor=world.users["schakel_b"],
            source="bijeenkomst",
            data=data,
            meeting=world.meetings["a"],
        )
    with pytest.raises(PermissionDenied):
        services.raise_signal(
            actor=world.users["schakel_b"],
            source="schakelteam",
            data=SignalInput(kind="overlap", text=data.text, region=world.regions["a"]),
        )
    with pytest.raises(PermissionDenied):
        services.raise_signal(
            actor=world.users["aanbieder_other"],
            source="aanbieder",
            data=data,
            organisation=world.organisations["owner"],
        )
    with pytest.raises(ValidationError) as error:
        services.raise_signal(
            actor=None, source="publiek", data=SignalInput(kind="knelpunt", text="te kort")
        )
    assert "text" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        raise_public(GRID[0], contact_email="iemand@example.org", reply_consent=False)
    assert "reply_consent" in error.value.message_dict
    assert Signal.objects.count() == 1


def test_signal_from_a_casework_question_copies_no_personal_data(world):
    submitted = casework_services.submit_question(
        door=Door.SITE,
        municipality=Municipality.objects.get(code=MUNICIPALITY_A),
        text="Mijn naam is Piet Jansen en ik krijg geen stroomaansluiting voor mijn werkplaats.",
        contact_name="Piet Jansen",
        email="piet@example.org",
        consent_purposes=[ConsentPurpose.HANDLING],
    )
    question = submitted.question
    with pytest.raises(ValidationError):  # another region's staff cannot see the question
        services.raise_signal(
            actor=world.users["schakel_b"],
            source="vraag",
            data=SignalInput(kind="knelpunt", text="Ondernemer krijgt geen stroomaansluiting."),
            question_reference=question.reference,
        )
    signal = services.raise_signal(
        actor=world.users["schakel_a"],
        source="vraag",
        data=SignalInput(kind="knelpunt", text="Ondernemer krijgt geen stroomaansluiting."),
        question_reference=question.reference,
    )
    assert signal.question_reference == question.reference
    assert signal.region == world.regions["a"]
    stored = " ".join(str(v) for v in Signal.objects.values_list().get(pk=signal.pk))
    assert "Piet" not in stored and "piet@example.org" not in stored


@pytest.mark.parametrize(
    "title, reason",
    [
        ("ab", "minstens 4 tekens"),
        ("  1234  ", "minstens 4 tekens"),
        ("   ", "Vul de nieuwe titel"),
        ("Netcongestie<script>", "HTML"),
        ("x" * 201, "hoogstens 200 tekens"),
    ],
)
def test_a_thread_title_that_says_nothing_is_refused_and_nothing_changes(world, title, reason):
    signal = raise_public(GRID[0])
    thread = Thread.objects.get(pk=signal.thread_id)
    before = thread.title
    with pytest.raises(ValidationError) as refused:
        services.rename_thread(actor=world.users["landelijk_analist"], thread=thread, title=title)
    assert reason in " ".join(refused.value.message_dict["title"])
    thread.refresh_from_db()
    assert thread.title == before and not thread.title_locked


def test_analyst_decisions_survive_regrouping(world):
    signals = [raise_public(t) for t in GRID + SUCCESSION]
    grid_thread = Thread.objects.get(pk=signals[0].thread_id)
    succession_thread = Thread.objects.get(pk=signals[3].thread_id)
    analyst = world.users["landelijk_analist"]
    with pytest.raises(PermissionDenied):
        services.rename_thread(actor=world.users["schakel_a"], thread=grid_thread, title="X")
    services.rename_thread(actor=analyst, thread=grid_thread, title="Netcongestie remt groei")
    split = services.split_thread(
        actor=analyst, thread=grid_thread, signals=[signals[2]], title="Uitbreiden lukt niet"
    )
    merged = services.merge_threads(actor=analyst, target=succession_thread, others=[split])
    assert merged.signal_count == 3
    # Scramble automatic state, then regroup everything.
    Signal.objects.filter(pinned=False).update(thread=None)
    result = services.regroup()
    assert result.signals == 5
    grid_thread.refresh_from_db()
    assert grid_thread.title == "Netcongestie remt groei" and grid_thread.title_locked
    assert set(grid_thread.signals.values_list("pk", flat=True)) == {signals[0].pk, signals[1].pk}
    assert set(succession_thread.signals.values_list("pk", flat=True)) == {
        signals[2].pk,
        signals[3].pk,
        signals[4].pk,
    }
    assert Signal.objects.filter(thread=None).count() == 0


@pytest.mark.parametrize("exact_limit", [grouping.EXACT_LIMIT, 4], ids=["one-go", "blocks"])
def test_regroup_puts_unpinned_signals_back_together(world, monkeypatch, exact_limit):
    # With a limit of 4 the five signals take the large path: two blocks and a float16 head.
    monkeypatch.setattr(grouping, "EXACT_LIMIT", exact_limit)
    signals = [raise_public(t) for t in GRID + SUCCESSION]
    Signal.objects.update(thread=None)
    Thread.objects.all().delete()
    services.regroup()
    threads = {s.pk: Signal.objects.get(pk=s.pk).thread_id for s in signals}
    assert threads[signals[0].pk] == threads[signals[1].pk] == threads[signals[2].pk]
    assert threads[signals[3].pk] == threads[signals[4].pk] != threads[signals[0].pk]
    assert Thread.objects.count() == 2


def test_regroup_re_embeds_signals_of_an_older_model(world):
    """After a model change, `regroup_signals` embeds old rows again and stores the centre."""
    import numpy as np

    from scharnier.signals import grouping
    from scharnier.signals.models import GroupingState

    signals = [raise_public(t) for t in GRID + SUCCESSION]
    old = np.ones(512, dtype=np.float32) / np.sqrt(512)  # e.g. a 512-wide USE vector
    Signal.objects.update(vector=old.tobytes(), vector_model="use-multilingual-v3+old")
    Thread.objects.update(centroid=np.ones(2560, dtype=np.float32).tobytes())
    # A new signal meanwhile ignores centroids of the old layout instead of failing.
    newcomer = raise_public(GRID[0] + " Dit speelt al maanden.")
    assert newcomer.thread_id not in {s.thread_id for s in signals}
    services.regroup()
    assert set(Signal.objects.values_list("vector_model", flat=True)) == {grouping.VECTOR_MODEL}
    stored = Signal.objects.get(pk=signals[0].pk)
    assert len(grouping.from_bytes(stored.vector)) == grouping.SEMANTIC_DIM
    state = GroupingState.objects.get()
    assert state.join_threshold is not None and state.join_threshold > 0
    assert len(np.frombuffer(bytes(state.semantic_mean), dtype=np.float32)) == (
        grouping.SEMANTIC_DIM
    )
    threads = {s.pk: Signal.objects.get(pk=s.pk).thread_id for s in [*signals, newcomer]}
    assert threads[signals[0].pk] == threads[signals[1].pk] == threads[newcomer.pk]
    assert threads[signals[3].pk] == threads[signals[4].pk] != threads[signals[0].pk]


def _two_early_threads():
    """Two signals in threads of their own, with 2-d centroids that test vectors match."""
    import numpy as np

    first, second, newcomer = (raise_public(t) for t in [GRID[0], SUCCESSION[0], GRID[1]])
    threads = []
    for signal, centroid in ((first, [1.0, 0.0]), (second, [0.0, 1.0])):
        thread = Thread.objects.create(
            title="t", centroid=np.array(centroid, dtype=np.float32).tobytes(), signal_count=1
        )
        Signal.objects.filter(pk=signal.pk).update(thread=thread)
        threads.append(thread)
    Thread.objects.exclude(pk__in=[t.pk for t in threads]).update(centroid=None)
    return first, second, newcomer, threads


def test_assign_merges_threads_that_a_new_signal_brings_together(world):
    import numpy as np

    first, second, newcomer, (a, b) = _two_early_threads()
    bridge = np.array([0.8, 0.6], dtype=np.float32)  # closer to the first
    thread = services.assign(newcomer, bridge)
    assert set(thread.signals.values_list("pk", flat=True)) == {first.pk, second.pk, newcomer.pk}
    assert thread.signal_count == 3
    dropped = b if thread.pk == a.pk else a
    dropped.refresh_from_db()
    assert dropped.merged_into_id == thread.pk and dropped.signal_count == 0


def test_assign_never_merges_a_thread_with_an_analysts_decision(world):
    import numpy as np

    first, second, newcomer, (a, b) = _two_early_threads()
    Signal.objects.filter(pk=second.pk).update(pinned=True)
    bridge = np.array([0.8, 0.6], dtype=np.float32)  # closer to the first
    thread = services.assign(newcomer, bridge)
    assert thread.pk == a.pk and thread.signal_count == 2
    b.refresh_from_db()
    assert b.merged_into_id is None and set(b.signals.values_list("pk", flat=True)) == {second.pk}


def test_owner_workflow_and_answer_mail(world):
    public = raise_public(GRID[0], contact_email="melder@example.org", reply_consent=True)
    staff = services.raise_signal(
        actor=world.users["schakel_b"],
        source="schakelteam",
        data=SignalInput(kind="knelpunt", text=GRID[1], region=world.regions["b"]),
    )
    thread = Thread.objects.get(pk=public.thread_id)
    assert staff.thread_id == thread.pk
    owner = world.users["aanbieder_owner"]
    with pytest.raises(PermissionDenied):  # nobody owns it yet
        services.answer_thread(actor=owner, thread=thread, answer="Wij gaan dit oplossen, echt.")
    with pytest.raises(PermissionDenied):
        services.assign_owner(
            actor=world.users["regisseur_a"],
            thread=thread,
            owner=world.organisations["owner"],
            deadline=in_days(30),
        )
    with pytest.raises(ValidationError):
        services.assign_owner(
            actor=world.users["landelijk_analist"],
            thread=thread,
            owner=world.organisations["owner"],
            deadline=in_days(-1),
        )
    services.assign_owner(
        actor=world.users["landelijk_analist"],
        thread=thread,
        owner=world.organisations["owner"],
        deadline=in_days(30),
    )
    assert thread.status == ThreadStatus.IN_PROGRESS
    with pytest.raises(TransitionNotAllowed):
        services.close_thread(actor=owner, thread=thread)
    with pytest.raises(PermissionDenied):
        services.answer_thread(
            actor=world.users["aanbieder_other"], thread=thread, answer="Niet mijn draad, toch?"
        )
    mail.outbox.clear()
    with pytest.raises(ValidationError):
        services.answer_thread(
            actor=owner,
            thread=thread,
            answer="Wij passen de regeling aan voor netcongestie.",
            links=[LinkInput(kind="beleid", label="Kamerbrief")],
        )
    with django_capture_on_commit():
        services.answer_thread(
            actor=owner,
            thread=thread,
            answer="Wij passen de regeling aan zodat ondernemers samen een aansluiting delen.",
            links=[
                LinkInput(kind="beleid", label="Kamerbrief", url="https://www.rijksoverheid.nl/x")
            ],
        )
    thread.refresh_from_db()
    assert thread.status == ThreadStatus.ANSWERED and thread.answered_within_deadline is True
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["melder@example.org", "schakel_b@example.org"]
    for message in mail.outbox:
        assert str(thread.public_id) in message.body
        assert GRID[0] not in message.body and GRID[1] not in message.body
    assert public.reference in mail.outbox[recipients.index("melder@example.org")].body
    services.close_thread(actor=owner, thread=thread)
    assert thread.status == ThreadStatus.CLOSED
    with pytest.raises(TransitionNotAllowed):
        services.reject_thread(actor=owner, thread=thread, reason="Toch maar niet doen.")


def test_reject_needs_a_reason(world):
    thread = Thread.objects.get(pk=raise_public(SUCCESSION[0]).thread_id)
    analyst = world.users["landelijk_analist"]
    with pytest.raises(ValidationError):
        services.reject_thread(actor=analyst, thread=thread, reason="nee")
    services.reject_thread(actor=analyst, thread=thread, reason="Dit valt buiten het mkb-beleid.")
    assert thread.status == ThreadStatus.REJECTED
    # A new similar signal does not reopen a rejected thread.
    again = raise_public(SUCCESSION[1])
    assert again.thread_id != thread.pk


def django_capture_on_commit():
    from django.test import TestCase

    return TestCase.captureOnCommitCallbacks(execute=True)


def test_themes_are_kept(world):
    signal = services.raise_signal(
        actor=world.users["schakel_a"],
        source="schakelteam",
        data=SignalInput(
            kind="gat-in-aanbod",
            text="Er is geen hulp voor ondernemers die willen exporteren naar Duitsland.",
            region=world.regions["a"],
            themes=[Theme.objects.get(code="internationalisering")],
        ),
    )
    assert list(signal.themes.values_list("code", flat=True)) == ["internationalisering"]


def test_thread_lists_leave_the_grouping_centroid_in_the_database(world):
    raise_public(GRID[0])
    listed = list(queries.board_threads())
    assert listed and all("centroid" in t.get_deferred_fields() for t in listed)


def test_title_of_unpublished_signals_leaves_out_a_name_they_share(world):
    first = raise_public("Henk van het loket zegt dat netcongestie nog jaren duurt voor bakkers.")
    second = raise_public("Bakkers horen van Henk dat netcongestie de aansluiting jaren uitstelt.")
    third = raise_public("Henk belde: door netcongestie krijgen bakkers geen aansluiting.")
    assert first.thread_id == second.thread_id == third.thread_id
    services.regroup()  # the nightly regroup titles threads from their signals
    thread = Thread.objects.get(pk=Signal.objects.get(pk=first.pk).thread_id)
    assert "netcongestie" in thread.title.lower()  # the shared words make the title
    assert "henk" not in thread.title.lower(), thread.title


def test_thread_title_follows_what_is_public(world):
    signal = raise_public(GRID[0])
    thread = Thread.objects.get(pk=signal.thread_id)
    assert GRID[0][:40] not in thread.title  # made while nothing was public
    analyst = world.users["landelijk_analist"]
    services.publish_signal(actor=analyst, signal=signal)
    thread.refresh_from_db()
    assert thread.title.startswith(GRID[0][:40])
    assert GRID[0].endswith(".") and not thread.title.endswith(".")  # a title, not a sentence
    services.publish_signal(actor=analyst, signal=signal, published=False)
    thread.refresh_from_db()
    assert GRID[0][:40] not in thread.title
    # An analyst's title stays whatever is published.
    services.rename_thread(actor=analyst, thread=thread, title="Netcongestie bij bakkers")
    services.publish_signal(actor=analyst, signal=signal)
    thread.refresh_from_db()
    assert thread.title == "Netcongestie bij bakkers"


@pytest.mark.parametrize("decision", ["title_locked", "category_locked"])
def test_regroup_empties_a_kept_thread_that_lost_all_its_signals(client, world, decision):
    """An analyst's title or category keeps a thread through regrouping, but once its signals
    are gone it has no count and no centroid: no ghost on the board, no ghost to join."""
    grid = [raise_public(text) for text in GRID]
    for text in SUCCESSION:
        raise_public(text)
    home = Thread.objects.get(pk=grid[0].thread_id)
    # The third grid signal sits (unpinned) in a thread an analyst named or gave a category,
    # with the centroid it had there.
    kept = Thread.objects.create(
        title="Netcongestie bij bakkers",
        centroid=home.centroid,
        signal_count=1,
        **{decision: True, "category": "netcongestie"},
    )
    Signal.objects.filter(pk=grid[2].pk).update(thread=kept)
    result = services.regroup()
    assert Signal.objects.get(pk=grid[2].pk).thread_id == home.pk  # back with the others
    kept.refresh_from_db()
    assert getattr(kept, decision) and kept.signal_count == 0 and kept.centroid is None
    assert result.removed == 0  # the analyst's decision keeps the thread itself
    assert kept not in queries.board_threads()
    assert kept.title not in client.get(reverse("signals:board")).content.decode()
    assert client.get(reverse("signals:thread", args=[kept.public_id])).status_code == 200
    # A new signal about the same matter joins a thread with members, never the empty one.
    newcomer = raise_public(GRID[0] + " Dit speelt al maanden.")
    assert newcomer.thread_id != kept.pk
    kept.refresh_from_db()
    assert kept.signal_count == 0
    assert services.regroup().removed == 0  # a second regroup leaves it as it is


def test_regroup_empties_a_handled_thread_whose_signals_were_deleted(client, world):
    """A thread in handling keeps its page (answer and all) when its only signal is deleted,
    but the board and reports no longer count a signal in it."""
    signal = raise_public(SUCCESSION[0])
    raise_public(GRID[0])
    thread = Thread.objects.get(pk=signal.thread_id)
    answer = "Wij zetten een landelijk loket voor bedrijfsopvolging op, met de KvK."
    assign_and_answer(world, thread, answer)
    signal.delete()  # e.g. in the admin
    services.regroup()
    thread.refresh_from_db()
    assert (thread.signal_count, thread.centroid, thread.status) == (0, None, "beantwoord")
    assert thread not in queries.board_threads()
    page = client.get(reverse("signals:thread", args=[thread.public_id]))
    assert page.status_code == 200 and answer in page.content.decode()


@pytest.mark.parametrize("finish", ["close", "reject"])
def test_a_worry_that_comes_back_after_a_thread_was_finished_opens_a_new_one(world, finish):
    """Closed and rejected threads keep their signals but take no new ones, on arrival and in
    a regroup alike: the raisers of a finished thread were told, a newcomer would never be."""
    grid = [raise_public(text) for text in GRID[:2]]
    for text in SUCCESSION:
        raise_public(text)
    thread = Thread.objects.get(pk=grid[0].thread_id)
    analyst = world.users["landelijk_analist"]
    if finish == "reject":
        services.reject_thread(actor=analyst, thread=thread, reason="Hoort bij de netbeheerder.")
    else:
        assign_and_answer(world, thread, "Er komt een netloket.")
        services.close_thread(actor=analyst, thread=thread)
    newcomer = raise_public(GRID[2])
    assert newcomer.thread_id != thread.pk
    services.regroup()
    thread.refresh_from_db()
    assert Signal.objects.get(pk=newcomer.pk).thread_id != thread.pk
    assert set(thread.signals.values_list("pk", flat=True)) == {s.pk for s in grid}
    assert thread.signal_count == 2 and thread.centroid is not None


def test_a_regroup_after_every_signal_was_deleted_is_not_due_again(world):
    for text in GRID:
        raise_public(text)
    services.regroup()
    assert not queries.regroup_due()
    Signal.objects.all().delete()
    assert queries.regroup_due()  # signals left since the last regroup
    services.regroup()
    assert not queries.regroup_due()
    assert not Thread.objects.filter(signal_count__gt=0).exists()


def test_an_analysts_decision_makes_a_regroup_due_once(world):
    """Confirmed signals teach the meaning directions at a regroup (session 53), so a decision
    without new signals must make one due; the regroup itself must not keep it due, even where
    it places a signal in a thread in handling."""
    grid = [raise_public(text) for text in GRID]
    for text in SUCCESSION:
        raise_public(text)
    services.regroup()
    assert not queries.regroup_due()
    thread = Thread.objects.get(pk=grid[0].thread_id)
    services.assign_owner(
        actor=world.users["landelijk_analist"],
        thread=thread,
        owner=world.organisations["owner"],
        deadline=in_days(30),
    )
    assert queries.confirmed_signal_count() == thread.signals.count() > 0
    assert queries.regroup_due()  # no new signal, but a thread went into handling
    services.regroup()
    assert not queries.regroup_due()
    # A signal joining that thread one by one is confirmed too; the new signal makes it due.
    raise_public(GRID[0] + " Ook bij ons op het terrein.")
    assert queries.regroup_due()
    services.regroup()
    assert not queries.regroup_due()


def test_a_regroup_keeps_a_centre_per_source_that_every_path_reads(world):
    """Each source is compared around its own centre (session 55): the overall one moved by
    how that source's signals differ from all, shrunk while the source has few signals."""
    for text in GRID:
        raise_public(text)
    for text in SUCCESSION[:2]:
        services.raise_signal(
            actor=world.users["schakel_a"],
            source="schakelteam",
            data=SignalInput(
                kind="knelpunt",
                text=text,
                municipality=Municipality.objects.get(code=MUNICIPALITY_A),
            ),
        )
    services.regroup()
    state = GroupingState.objects.get()
    assert state.source_keys == ["publiek", "schakelteam"]
    centre = services.current_weights().centre
    assert centre.sources == ("publiek", "schakelteam")
    rows = Signal.objects.order_by("pk").values_list("vector", "source")
    stored = np.vstack([grouping.from_bytes(v) for v, _ in rows])
    public = np.array([source == "publiek" for _, source in rows])
    weight = public.sum() / (public.sum() + grouping.SOURCE_SHRINKAGE)
    expected = centre.overall + weight * (stored[public].mean(axis=0) - stored.mean(axis=0))
    assert np.allclose(centre.by_source[0], expected, atol=1e-5)
    assert not np.allclose(centre.by_source[0], centre.by_source[1], atol=1e-3)
    # A thread's centroid made one by one (`full_vectors`) is the regroup's.
    thread = Thread.objects.exclude(centroid=None).order_by("-signal_count").first()
    made_by_regroup = np.frombuffer(bytes(thread.centroid), np.float32).copy()
    services._recompute(thread)
    thread.refresh_from_db()
    assert np.allclose(
        np.frombuffer(bytes(thread.centroid), np.float32), made_by_regroup, atol=2e-3
    )
    # A regroup from before the centres per source is not good enough for `assign`.
    assert not queries.regroup_due()
    GroupingState.objects.update(source_keys=[], source_means=None)
    assert queries.regroup_due()
    # Until then such a state compares every signal around the one overall centre.
    older = services._centre_from_bytes(centre.overall.tobytes(), None, [])
    assert np.array_equal(older.for_rows(["publiek", "schakelteam"]), centre.overall)
    services.regroup()
    assert not queries.regroup_due()


def test_rejection_tells_every_raiser_with_reference_and_link_only(world):
    public = raise_public(GRID[0], contact_email="melder@example.org", reply_consent=True)
    staff = services.raise_signal(
        actor=world.users["schakel_b"],
        source="schakelteam",
        data=SignalInput(kind="knelpunt", text=GRID[1], region=world.regions["b"]),
    )
    # No consent, no address kept: this raiser is not mailed.
    anonymous = raise_public(GRID[2])
    thread = Thread.objects.get(pk=public.thread_id)
    assert staff.thread_id == anonymous.thread_id == thread.pk
    reason = "Dit hoort bij de netbeheerder; wij gaven het signaal aan Netbeheer Nederland."
    mail.outbox.clear()
    with django_capture_on_commit():
        services.reject_thread(actor=world.users["landelijk_analist"], thread=thread, reason=reason)
    assert sorted(m.to[0] for m in mail.outbox) == ["melder@example.org", "schakel_b@example.org"]
    for message in mail.outbox:
        assert thread.reference in message.subject
        assert reverse("signals:thread", args=[thread.public_id]) in message.body
        # The reason is on the public page; no signal text, reason or address in the mail.
        for secret in (*GRID, reason, "melder@example.org", "schakel_b@example.org"):
            assert secret not in message.body and secret not in message.subject
        assert "/signalen/reactie/" not in message.body  # no satisfaction question
    by_recipient = {m.to[0]: m.body for m in mail.outbox}
    assert public.reference in by_recipient["melder@example.org"]
    assert staff.reference not in by_recipient["melder@example.org"]
    assert staff.reference in by_recipient["schakel_b@example.org"]
    assert not thread.feedback.exists()
    # A refused step sends nothing.
    mail.outbox.clear()
    with django_capture_on_commit(), pytest.raises(TransitionNotAllowed):
        services.reject_thread(actor=world.users["landelijk_analist"], thread=thread, reason=reason)
    assert mail.outbox == []


LATE_PAYMENT = "Grote opdrachtgevers betalen onze facturen pas na 120 dagen; wij komen krap."
HIDDEN_OFFER = (
    "Ik wist niet dat er gratis advies over personeel bestond; waarom hoor je dat nergens?"
)


def test_a_new_thread_is_named_after_its_first_signal_never_by_the_kind_alone(world, monkeypatch):
    """Not "Knelpunt" but what the signal is about: its suggested subject, else what its raiser
    chose from lists. Never its unpublished words: the board is public and nobody read them."""
    signal = raise_public(LATE_PAYMENT)
    thread = Thread.objects.get(pk=signal.thread_id)
    assert thread.subject_label and thread.title == f"Knelpunt: {thread.subject_label}"
    # Once public its text names the thread; taken back, the subject does again.
    analyst = world.users["landelijk_analist"]
    services.publish_signal(actor=analyst, signal=signal)
    thread.refresh_from_db()
    assert thread.title == LATE_PAYMENT[:-1]
    services.publish_signal(actor=analyst, signal=signal, published=False)
    thread.refresh_from_db()
    assert thread.title == f"Knelpunt: {thread.subject_label}"
    # No subject suggested: the themes its raiser chose, else the region.
    monkeypatch.setattr(services.subjects, "thread_subject", lambda vectors: None)
    themed = services.raise_signal(
        actor=None,
        source="publiek",
        data=SignalInput(
            kind="aanbod-moeilijk-vindbaar",
            text=HIDDEN_OFFER,
            themes=[Theme.objects.get(code="arbeidsmarkt")],
            municipality=Municipality.objects.get(code=MUNICIPALITY_A),
        ),
    )
    themed_thread = Thread.objects.get(pk=themed.thread_id)
    assert themed_thread.title == "Aanbod moeilijk vindbaar: Personeel en arbeidsmarkt"
    plain = raise_public(SUCCESSION[0], code=MUNICIPALITY_B)
    assert Thread.objects.get(pk=plain.thread_id).title == f"Knelpunt uit {world.regions['b'].name}"


def test_regrouped_threads_keep_titles_without_unpublished_words_or_the_kind_alone(world):
    texts = [LATE_PAYMENT, HIDDEN_OFFER, SUCCESSION[0], GRID[0]]
    for text in texts:
        raise_public(text)
    analyst = world.users["landelijk_analist"]
    named = Thread.objects.get(pk=Signal.objects.get(text=GRID[0]).thread_id)
    services.rename_thread(actor=analyst, thread=named, title="Netcongestie bij bakkers")
    Signal.objects.exclude(thread=named).update(thread=None)
    Thread.objects.exclude(pk=named.pk).delete()
    services.regroup()
    named.refresh_from_db()
    assert named.title == "Netcongestie bij bakkers"  # an analyst's name survives
    titles = list(Thread.objects.exclude(pk=named.pk).values_list("title", flat=True))
    assert titles
    for title in titles:
        assert title not in ("Knelpunt", "Aanbod moeilijk vindbaar"), title
        assert not any(text[:30] in title for text in texts), title


@pytest.mark.parametrize("finish", ["close", "reject"])
def test_nothing_is_merged_into_a_finished_thread(world, finish):
    """A closed or rejected thread gets no answer any more: a signal merged into it would wait
    for nothing. The merge is refused and both threads stay as they were."""
    target = Thread.objects.get(pk=raise_public(GRID[0]).thread_id)
    newcomer = raise_public(SUCCESSION[0])
    other = Thread.objects.get(pk=newcomer.thread_id)
    analyst = world.users["landelijk_analist"]
    if finish == "reject":
        services.reject_thread(actor=analyst, thread=target, reason="Hoort bij de netbeheerder.")
        status = "afgewezen"
    else:
        assign_and_answer(world, target, "Er komt een netloket voor bakkers.")
        services.close_thread(actor=analyst, thread=target)
        status = "afgerond"
    with pytest.raises(TransitionNotAllowed) as refused:
        services.merge_threads(actor=analyst, target=target, others=[other])
    assert f"Deze rode draad is {status}. Daar kunnen geen signalen meer bij" in str(refused.value)
    other.refresh_from_db()
    target.refresh_from_db()
    assert other.merged_into is None and Signal.objects.get(pk=newcomer.pk).thread_id == other.pk
    assert target.signal_count == 1 and target.status == status


def test_a_question_reference_is_found_however_it_is_typed(world):
    question = submit_site_question()
    for typed in (
        question.reference.lower(),
        f" {question.reference[:3]} {question.reference[3:]}",
    ):
        signal = services.raise_signal(
            actor=world.users["schakel_a"],
            source="vraag",
            data=SignalInput(kind="knelpunt", text="Ondernemer krijgt geen stroomaansluiting."),
            question_reference=typed,
        )
        assert signal.question_reference == question.reference, typed


def _thread_named_after_a_signal_then_hidden(world) -> tuple[Thread, Signal, Signal]:
    """A grid thread whose automatic title came from its first published signal, which a
    reviewer then hid: the title moved to the other published signal, and the hidden one
    remembers that the title was its own (`gave_hidden_title`)."""
    analyst = world.users["landelijk_analist"]
    first, second = raise_public(GRID[0]), raise_public(GRID[1])
    thread = Thread.objects.get(pk=first.thread_id)
    Signal.objects.filter(pk=second.pk).update(thread=thread)
    services.publish_signal(actor=analyst, signal=first)
    services.publish_signal(actor=analyst, signal=second)
    thread.refresh_from_db()
    assert thread.title == GRID[0][:-1]
    services.publish_signal(actor=analyst, signal=first, published=False)
    thread.refresh_from_db()
    assert thread.title == GRID[1][:-1]
    first.refresh_from_db()
    assert first.gave_hidden_title
    return thread, first, second


def _published_succession_thread(world) -> tuple[Thread, Signal]:
    signal = raise_public(SUCCESSION[1])
    services.publish_signal(actor=world.users["landelijk_analist"], signal=signal)
    thread = Thread.objects.get(pk=signal.thread_id)
    assert thread.title == SUCCESSION[1][:-1]
    return thread, signal


def test_a_hidden_signal_merged_into_another_thread_does_not_take_its_title(world):
    """The title a hidden signal gave stays with the thread it was hidden in: merged into
    another thread and shown again, it is one more public text there, not the title."""
    grid, hidden, _second = _thread_named_after_a_signal_then_hidden(world)
    target, _own = _published_succession_thread(world)
    analyst = world.users["landelijk_analist"]
    services.merge_threads(actor=analyst, target=target, others=[grid])
    hidden.refresh_from_db()
    assert hidden.thread_id == target.pk and not hidden.gave_hidden_title
    done = services.publish_signal(actor=analyst, signal=hidden)
    target.refresh_from_db()
    assert done.shown_again and not done.title_changed
    assert target.title == SUCCESSION[1][:-1]


def test_a_hidden_signal_whose_thread_takes_others_in_gives_its_title_back(world):
    """Merged the other way (its own thread is the target), the signal stays where its title
    is: shown again, the title comes back as before."""
    grid, hidden, _second = _thread_named_after_a_signal_then_hidden(world)
    other, _own = _published_succession_thread(world)
    analyst = world.users["landelijk_analist"]
    services.merge_threads(actor=analyst, target=grid, others=[other])
    hidden.refresh_from_db()
    assert hidden.thread_id == grid.pk and hidden.gave_hidden_title
    done = services.publish_signal(actor=analyst, signal=hidden)
    grid.refresh_from_db()
    assert done.title_changed and grid.title == GRID[0][:-1]


def test_a_hidden_signal_split_off_leaves_both_titles_alone(world):
    grid, hidden, _second = _thread_named_after_a_signal_then_hidden(world)
    analyst = world.users["landelijk_analist"]
    new = services.split_thread(
        actor=analyst, thread=grid, signals=[hidden], title="Zware aansluiting voor bakkers"
    )
    hidden.refresh_from_db()
    assert hidden.thread_id == new.pk and not hidden.gave_hidden_title
    done = services.publish_signal(actor=analyst, signal=hidden)
    grid.refresh_from_db()
    new.refresh_from_db()
    assert not done.title_changed
    assert grid.title == GRID[1][:-1] and new.title == "Zware aansluiting voor bakkers"


def test_a_hidden_signal_regrouped_elsewhere_does_not_take_its_new_threads_title(world):
    """A succession signal that once named (and was hidden in) the grid thread is moved to the
    succession thread by the nightly regroup: shown again there, it leaves that title alone."""
    analyst = world.users["landelijk_analist"]
    grid = [raise_public(text) for text in GRID]
    stray, succession = raise_public(SUCCESSION[0]), raise_public(SUCCESSION[1])
    home = Thread.objects.get(pk=grid[0].thread_id)
    assert stray.thread_id != home.pk
    # An unpinned signal in the wrong thread (as after an older grouping), public first there.
    Signal.objects.filter(pk=stray.pk).update(thread=home)
    stray.refresh_from_db()
    services.publish_signal(actor=analyst, signal=stray)
    services.publish_signal(actor=analyst, signal=grid[0])
    home.refresh_from_db()
    assert home.title == SUCCESSION[0][:-1]
    services.publish_signal(actor=analyst, signal=stray, published=False)
    home.refresh_from_db()
    assert home.title == GRID[0][:-1]
    services.publish_signal(actor=analyst, signal=succession)
    services.regroup()
    stray.refresh_from_db()
    assert stray.thread_id == Signal.objects.get(pk=succession.pk).thread_id != home.pk
    assert not stray.gave_hidden_title
    target = Thread.objects.get(pk=stray.thread_id)
    assert target.title == SUCCESSION[1][:-1]  # the regroup titles it after the public text
    done = services.publish_signal(actor=analyst, signal=stray)
    target.refresh_from_db()
    assert not done.title_changed and target.title == SUCCESSION[1][:-1]
