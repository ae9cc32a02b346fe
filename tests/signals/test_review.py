"""The analyst's review list on a thread page: threads to merge, signals to move, and the move."""

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from scharnier.signals import grouping, review, services
from scharnier.signals.models import Signal, Thread
from scharnier.signals.services import TransitionNotAllowed
from tests.signals.test_services import raise_public
from tests.signals.world import GRID, SUCCESSION, assign_and_answer, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _unit(*rows) -> np.ndarray:
    matrix = np.array(rows, dtype=np.float32)
    return matrix / np.linalg.norm(matrix, axis=1, keepdims=True)


def test_similar_threads_come_best_first():
    means = _unit([1, 0, 0], [0.6, 0.8, 0], [0.9, 0.1, 0], [0, 0, 1])
    found = grouping.similar_threads(means, 0, limit=3)
    assert [i for i, _ in found] == [2, 1, 3]
    assert found[0][1] > found[1][1] > found[2][1]
    assert grouping.similar_threads(means, 0, limit=1) == found[:1]
    # A thread is never similar to itself; an unknown row has nothing similar.
    assert 0 not in [i for i, _ in grouping.similar_threads(means, 0, limit=10)]
    assert grouping.similar_threads(means, 7) == []


def test_a_member_is_loose_when_another_thread_resembles_it_more_than_the_rest_of_its_own():
    members = _unit([1, 0.1, 0], [1, 0, 0.1], [0.1, 1, 0])
    other_means = _unit([0, 0, 1], [0, 1, 0.05])
    found = grouping.loose_members(members, other_means)
    assert [(member, other) for member, other, _, _ in found] == [(2, 1)]
    member, _, own, other = found[0]
    assert other > own  # leave-one-out: member 2 is not compared with itself
    # Two members that belong together are not loose, and nothing is compared without others.
    assert grouping.loose_members(members[:2], other_means) == []
    assert grouping.loose_members(members, other_means[:0]) == []


def _grid_and_succession():
    signals = [raise_public(text) for text in GRID + SUCCESSION]
    grid = Thread.objects.get(pk=signals[0].thread_id)
    succession = Thread.objects.get(pk=signals[3].thread_id)
    assert grid.pk != succession.pk and grid.signal_count == 3
    return signals, grid, succession


def test_a_thread_split_off_the_same_knelpunt_is_suggested_for_a_merge(world):
    signals, grid, succession = _grid_and_succession()
    analyst = world.users["landelijk_analist"]
    part = services.split_thread(
        actor=analyst, thread=grid, signals=[signals[2]], title="Uitbreiden lukt niet"
    )
    grid.refresh_from_db()
    found = review.grouping_review(grid, list(grid.signals.all()))
    assert found.open
    # The part split off comes first, the other knelpunt after it.
    assert [s.thread.pk for s in found.similar] == [part.pk, succession.pk]
    # The larger thread is the one to keep: the new one is merged into it, not the other way.
    assert found.similar[0].into_other is False
    from_part = review.grouping_review(part, list(part.signals.all()))
    assert [(s.thread.pk, s.into_other) for s in from_part.similar][:1] == [(grid.pk, True)]


def test_a_signal_in_the_wrong_thread_is_pointed_out_and_moved_back(world):
    signals, grid, succession = _grid_and_succession()
    analyst = world.users["landelijk_analist"]
    # The analyst moves a succession signal into the grid thread by mistake ...
    services.move_signals(actor=analyst, thread=succession, signals=[signals[4]], target=grid)
    grid.refresh_from_db()
    succession.refresh_from_db()
    assert grid.signal_count == 4 and succession.signal_count == 1
    found = review.grouping_review(grid, list(grid.signals.all()))
    assert [(item.signal.pk, item.better.pk) for item in found.loose] == [
        (signals[4].pk, succession.pk)
    ]
    # ... and back, as the review list's button does; both sides stay put after a regroup.
    services.move_signals(actor=analyst, thread=grid, signals=[signals[4]], target=succession)
    assert set(succession.signals.values_list("pk", flat=True)) == {signals[3].pk, signals[4].pk}
    assert Signal.objects.get(pk=signals[4].pk).pinned
    assert review.grouping_review(grid, list(grid.signals.all())).loose == []
    Signal.objects.filter(pinned=False).update(thread=None)
    services.regroup()
    assert set(Signal.objects.filter(thread=succession).values_list("pk", flat=True)) == {
        signals[3].pk,
        signals[4].pk,
    }
    succession.refresh_from_db()
    assert succession.signal_count == 2


def test_a_move_is_refused_without_the_role_into_a_finished_thread_or_of_the_last_signal(world):
    signals, grid, succession = _grid_and_succession()
    analyst = world.users["landelijk_analist"]
    with pytest.raises(PermissionDenied):
        services.move_signals(
            actor=world.users["schakel_a"], thread=grid, signals=[signals[0]], target=succession
        )
    with pytest.raises(ValidationError) as last:
        services.move_signals(actor=analyst, thread=succession, signals=signals[3:], target=grid)
    assert "laatste signaal" in str(last.value)
    with pytest.raises(ValidationError):
        services.move_signals(actor=analyst, thread=grid, signals=[signals[0]], target=grid)
    assign_and_answer(world, succession, "Er komt een opvolgingsloket.")
    services.close_thread(actor=analyst, thread=succession)
    with pytest.raises(TransitionNotAllowed) as closed:
        services.move_signals(actor=analyst, thread=grid, signals=[signals[0]], target=succession)
    assert "afgerond" in str(closed.value)
    grid.refresh_from_db()
    assert grid.signal_count == 3 and Signal.objects.filter(thread=grid).count() == 3
    # A finished thread gets no suggestions: nothing can go in or out.
    succession.refresh_from_db()
    assert not review.grouping_review(succession, []).open


def test_the_analyst_sees_the_review_list_and_moves_a_signal_from_the_page(client, world):
    signals, grid, succession = _grid_and_succession()
    analyst = world.users["landelijk_analist"]
    services.move_signals(actor=analyst, thread=succession, signals=[signals[4]], target=grid)
    page = reverse("signals:thread", args=[grid.public_id])
    assert "Klopt de indeling?" not in client.get(page).content.decode()
    client.force_login(world.users["schakel_a"])
    assert "Klopt de indeling?" not in client.get(page).content.decode()
    client.force_login(analyst)
    html = client.get(page).content.decode()
    assert "Klopt de indeling?" in html
    assert "De computer leert er ook van" in html  # what the analyst decides teaches the grouping
    button = f"Verplaats {signals[4].reference} naar {succession.reference}"
    assert button in html
    moved = client.post(
        page + "verplaatsen/", {"signal": signals[4].reference, "other": succession.reference}
    )
    assert moved.status_code == 302
    assert Signal.objects.get(pk=signals[4].pk).thread_id == succession.pk
    after = client.get(page).content.decode()
    assert f"{signals[4].reference} staat nu in {succession.reference}" in after
    assert button not in after
    # A tampered form changes nothing and says why, in Dutch, on the page.
    refused = client.post(page + "verplaatsen/", {"signal": signals[0].reference, "other": "x"})
    assert refused.status_code == 200
    assert "Deze rode draad bestaat niet" in refused.content.decode()
    assert Signal.objects.get(pk=signals[0].pk).thread_id == grid.pk


def test_a_thread_in_handling_is_not_merged_into_one_without_its_owner(client, world):
    """Merged in, a thread would lose its owner, deadline and answer; the review list's button
    merges the other way round, and the plain merge form says so."""
    signals, grid, succession = _grid_and_succession()
    assign_and_answer(world, succession, "Er komt een opvolgingsloket.")
    analyst = world.users["landelijk_analist"]
    with pytest.raises(ValidationError) as refused:
        services.merge_threads(actor=analyst, target=grid, others=[succession])
    assert f"{succession.reference} is al in behandeling bij" in str(refused.value)
    succession.refresh_from_db()
    assert succession.merged_into is None and succession.signal_count == 2
    grid.refresh_from_db()
    offered = review.grouping_review(grid, list(grid.signals.all())).similar
    assert [(s.thread.pk, s.into_other) for s in offered] == [(succession.pk, True)]
    # The other way round keeps owner and answer.
    client.force_login(analyst)
    page = reverse("signals:thread", args=[succession.public_id])
    client.post(page + "samenvoegen/", {"other": grid.reference})
    grid.refresh_from_db()
    succession.refresh_from_db()
    assert grid.merged_into_id == succession.pk and succession.signal_count == 5
    assert succession.owner_id and succession.answered_at


def test_the_weakest_seam_parts_two_knelpunten_and_needs_two_signals_a_side():
    members = _unit([1, 0.1, 0], [1, 0, 0.1], [1, 0.05, 0.05], [0.1, 1, 0], [0, 1, 0.1])
    seam = grouping.weakest_seam(members)
    assert seam.part.tolist() == [3, 4] and seam.central in (3, 4)
    assert seam.within > seam.between
    # Three members cannot part in two sides of two; one odd member is a move, not a split.
    assert grouping.weakest_seam(members[:3]) is None
    assert grouping.weakest_seam(members[:4]) is None


def test_the_analyst_is_shown_where_a_thread_parts_and_splits_it_from_the_page(client, world):
    signals, grid, succession = _grid_and_succession()
    third = raise_public("Geen opvolger voor ons familiebedrijf: de overdracht loopt vast.")
    assert third.thread_id == succession.pk
    analyst = world.users["landelijk_analist"]
    # Two succession signals land in the grid thread: one thread, two knelpunten.
    wrong = signals[3:5]
    succession.refresh_from_db()
    page = reverse("signals:thread", args=[grid.public_id])
    client.force_login(analyst)
    # One odd signal is a move, not a split: four signals, but no part of two stands apart.
    services.move_signals(actor=analyst, thread=succession, signals=wrong[:1], target=grid)
    html = client.get(page).content.decode()
    assert "We zien geen groepje van twee of meer signalen dat apart staat" in html
    services.move_signals(actor=analyst, thread=succession, signals=wrong[1:], target=grid)
    grid.refresh_from_db()
    found = review.grouping_review(grid, list(grid.signals.all()))
    assert {s.pk for s in found.split.signals} == {s.pk for s in wrong}
    assert found.split.title
    html = client.get(page).content.decode()
    assert "Gaat deze rode draad over twee knelpunten?" in html
    assert f"begin dan bij {found.split.references}." in html
    # The split form below has the seam filled in: those signals ticked, a title proposed.
    for signal in grid.signals.all():
        assert _is_ticked(html, signal.pk) is (signal in wrong), signal.reference
    assert f'value="{found.split.title}"' in html
    new = client.post(
        page + "splitsen/", {"signals": [s.pk for s in wrong], "title": found.split.title}
    )
    assert new.status_code == 302
    moved = Signal.objects.filter(pk__in=[s.pk for s in wrong])
    assert {s.thread_id for s in moved} != {grid.pk} and len({s.thread_id for s in moved}) == 1
    # A thread too small for two sides of two says so.
    grid.refresh_from_db()
    assert grid.signal_count == 3
    assert "te weinig signalen om in twee delen" in client.get(page).content.decode()


def _is_ticked(html: str, pk: int) -> bool:
    """Whether the split form's checkbox for this signal is checked."""
    start = html.index('id="id_split_signals_')
    form = html[start - 2000 : html.index("</form>", start)]
    for tag in form.split("<input")[1:]:
        tag = tag.split(">")[0]
        if f'value="{pk}"' in tag and 'name="signals"' in tag:
            return "checked" in tag
    raise AssertionError(f"no checkbox for {pk}")
