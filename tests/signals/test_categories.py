"""The shared list of knelpunt categories: the trees mapped onto it, an analyst's choice that
regrouping keeps, and the owner suggested from earlier threads of the same kind."""

import json
from datetime import timedelta

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from scharnier.signals import grouping, services, subjects
from scharnier.signals.models import Thread
from scharnier.signals.vocabularies import choices
from tests.signals.test_subjects import GRID, LATE_PAYMENT, _raise
from tests.signals.world import build_world

CATEGORIES = dict(choices("knelpunt_category"))


def test_every_tree_category_and_subject_maps_onto_the_shared_list():
    mapping = json.loads((grouping.SUBJECT_FOLDER / "categories.json").read_text("utf-8"))
    reached: dict[str, set[str]] = {code: set() for code in CATEGORIES}
    for tree in grouping.subject_trees():
        data = json.loads((grouping.SUBJECT_FOLDER / f"{tree.name}.json").read_text("utf-8"))
        own = mapping["trees"][tree.name]
        assert set(own["categories"]) == {c["code"] for c in data["categories"]}, tree.name
        subject_codes = {s["code"] for c in data["categories"] for s in c["subjects"]}
        assert set(own["subjects"]) <= subject_codes, tree.name
        for category in data["categories"]:
            for subject in category["subjects"]:
                shared = subjects.shared_category(tree.name, category["code"], subject["code"])
                assert shared in CATEGORIES, (tree.name, subject["code"])
                assert subjects.category_of(tree.name, subject["code"]) == shared
                reached[shared].add(tree.name)
    # Shared means shared: every category on the list holds subjects of at least two writers.
    assert {code: trees for code, trees in reached.items() if len(trees) < 2} == {}
    assert subjects.category_of("boom-1", "bestaat-niet") == ""
    assert subjects.category_of("geen-boom", "energie-kosten") == ""


def test_trees_that_split_a_matter_differently_give_one_category():
    # Tree 3 files grid congestion under "Energie en netcongestie", the others under their own
    # "Stroomnet en netcongestie": whichever tree the suggestion comes from, the kind is one.
    assert subjects.shared_category("boom-3", "energie", "energie-kosten") == "energie"
    assert (
        subjects.shared_category("boom-3", "energie", "energie-netcongestie-aansluiting")
        == subjects.shared_category("boom-1", "netcongestie", "any subject of it")
        == "netcongestie"
    )
    vectors = grouping.semantic_vectors(GRID)
    for tree in range(len(grouping.subject_trees())):
        chosen = subjects.tree_choices(vectors)[tree]
        assert subjects.category_of(grouping.subject_trees()[tree].name, chosen) == "netcongestie"
    suggestion = subjects.thread_subject(np.vstack(vectors))
    assert suggestion is not None and suggestion.category == "netcongestie"


@pytest.mark.django_db
def test_an_analysts_category_stays_through_regroup_and_new_signals():
    world = build_world()
    analyst = world.users["landelijk_analist"]
    grid = [_raise(text) for text in GRID[:2]]
    thread = Thread.objects.get(pk=grid[0].thread_id)
    assert grid[1].thread_id == thread.pk and thread.category == "netcongestie"
    assert thread.shown_subject == thread.subject_label and not thread.category_locked

    with pytest.raises(PermissionDenied):
        services.set_thread_category(
            actor=world.users["schakel_a"], thread=thread, category="vergunningen"
        )
    with pytest.raises(ValidationError):
        services.set_thread_category(actor=analyst, thread=thread, category="onbekend")
    thread.refresh_from_db()
    assert thread.category == "netcongestie" and not thread.category_locked  # nothing changed

    services.set_thread_category(actor=analyst, thread=thread, category="vergunningen")
    thread.refresh_from_db()
    assert (thread.category, thread.category_locked) == ("vergunningen", True)
    assert thread.subject_label and thread.shown_subject == ""  # a subject of another kind

    third = _raise(GRID[2])  # joins and re-suggests the subject of a small thread
    assert third.thread_id == thread.pk
    Thread.objects.update(subject_tree="", subject_code="", subject_label="")
    services.regroup()
    thread.refresh_from_db()
    assert (thread.category, thread.category_locked) == ("vergunningen", True)
    assert thread.subject_category == "netcongestie" and thread.subject_label

    services.set_thread_category(actor=analyst, thread=thread, category=None)
    thread.refresh_from_db()
    assert (thread.category, thread.category_locked) == ("netcongestie", False)
    assert thread.shown_subject == thread.subject_label

    # The same kind as the subject's, chosen by hand: the subject still shows.
    services.set_thread_category(actor=analyst, thread=thread, category="netcongestie")
    thread.refresh_from_db()
    assert thread.category_locked and thread.shown_subject == thread.subject_label


@pytest.mark.django_db
def test_a_chosen_category_keeps_a_thread_out_of_automatic_merges():
    build_world()
    late = _raise(LATE_PAYMENT[0])
    thread = Thread.objects.get(pk=late.thread_id)
    assert services._auto_mergeable([thread.pk])
    Thread.objects.filter(pk=thread.pk).update(category="financiering", category_locked=True)
    assert not services._auto_mergeable([thread.pk])


@pytest.mark.django_db
def test_thread_page_suggests_the_owner_of_earlier_threads_of_the_same_kind(client):
    world = build_world()
    analyst = world.users["landelijk_analist"]
    Thread.objects.filter(pk=_raise(GRID[0]).thread_id).update(category="netcongestie")
    earlier = Thread.objects.get(category="netcongestie")
    services.assign_owner(
        actor=analyst,
        thread=earlier,
        owner=world.organisations["owner"],
        deadline=timezone.localdate() + timedelta(days=30),
    )
    thread = Thread.objects.create(
        title="Geen aansluiting", signal_count=1, category="netcongestie"
    )
    url = reverse("signals:thread", args=[thread.public_id])
    client.force_login(analyst)
    page = client.get(url).content.decode()
    owner = world.organisations["owner"]
    assert f'Andere rode draden over "{escape(thread.get_category_display())}"' in page
    assert f"{escape(owner.name)} (1 rode draad)" in page
    assert f'<option value="{owner.slug}" selected>' in page  # filled in, not yet saved
    thread.refresh_from_db()
    assert thread.owner_id is None
    # Other kinds, threads with an owner and people who may not assign see no suggestion.
    Thread.objects.filter(pk=thread.pk).update(category="opvolging")
    assert "Andere rode draden over" not in client.get(url).content.decode()
    own_page = client.get(reverse("signals:thread", args=[earlier.public_id])).content.decode()
    assert "Andere rode draden over" not in own_page
    assert f'<option value="{owner.slug}" selected>' in own_page  # its own owner
    Thread.objects.filter(pk=thread.pk).update(category="netcongestie")
    client.force_login(world.users["schakel_a"])
    assert "Andere rode draden over" not in client.get(url).content.decode()


@pytest.mark.django_db
def test_analyst_chooses_the_category_on_the_thread_page(client):
    world = build_world()
    thread = Thread.objects.get(pk=_raise(GRID[0]).thread_id)
    action = reverse("signals:thread-action", args=[thread.public_id, "soort"])
    client.force_login(world.users["schakel_a"])
    assert client.post(action, {"category": "vergunningen"}).status_code == 403
    client.force_login(world.users["landelijk_analist"])
    page = client.get(reverse("signals:thread", args=[thread.public_id])).content.decode()
    assert '<option value="automatisch" selected>' in page
    wrong = client.post(action, {"category": "raar"}, follow=True).content.decode()
    assert "Soort knelpunt: Selecteer een geldige keuze." in wrong
    thread.refresh_from_db()
    assert not thread.category_locked
    page = client.post(action, {"category": "vergunningen"}, follow=True).content.decode()
    assert "Opgeslagen." in page and "(gekozen door een analist)" in page
    assert '<option value="vergunningen" selected>' in page
    thread.refresh_from_db()
    assert (thread.category, thread.category_locked) == ("vergunningen", True)
    board = client.get(reverse("signals:board"), {"categorie": "vergunningen"}).content.decode()
    assert escape(thread.title) in board
    client.post(action, {"category": "automatisch"})
    thread.refresh_from_db()
    assert (thread.category, thread.category_locked) == ("netcongestie", False)
