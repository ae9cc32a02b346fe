"""The region's public page shows the threads its signals went to, the way up to national
policy: the most signals from there first, fewer than 5 shown as "minder dan 5"."""

import pytest
from django.core.cache import cache
from django.test import Client

from scharnier.signals import services
from scharnier.signals.models import Signal, Thread, ThreadStatus
from scharnier.signals.services import SignalInput
from tests.signals.world import assign_and_answer, build_world

pytestmark = pytest.mark.django_db


def _signals(world, region_key: str, count: int, thread: Thread | None = None) -> Thread:
    """`count` signals from a region, all in one thread (the first one's, or `thread`)."""
    raised = [
        services.raise_signal(
            actor=world.users[f"schakel_{region_key}"],
            source="schakelteam",
            data=SignalInput(
                kind="knelpunt",
                text=f"Bakkers krijgen geen zwaardere stroomaansluiting, melding {number}.",
                region=world.regions[region_key],
            ),
        )
        for number in range(count)
    ]
    thread = thread or raised[0].thread
    Signal.objects.filter(pk__in=[s.pk for s in raised]).update(thread=thread)
    return thread


def _section(client: Client, slug: str) -> str:
    cache.clear()  # the public page is cached for anonymous visitors
    page = client.get(f"/regio/{slug}/").content.decode()
    return page.split('id="signalen"')[1].split('id="leren"')[0]


def test_the_region_page_names_threads_with_five_or_more_signals_from_there(client):
    world = build_world()
    named = _signals(world, "a", 6)
    Thread.objects.filter(pk=named.pk).update(title="Netcongestie bij bakkers")
    few = _signals(world, "a", 3, thread=Thread.objects.create(title="Vier of minder uit regio A"))
    assert few.pk != named.pk
    # Many from another region do not count for this one.
    _signals(world, "b", 4, thread=few)

    section = _section(client, "regio-a")
    assert f'href="/signalen/rode-draden/{named.public_id}/"' in section
    assert "Netcongestie bij bakkers</a>: 6 signalen uit deze regio · nieuw" in section
    assert "Vier of minder uit regio A</a>: minder dan 5 signalen uit deze regio" in section
    assert section.index("Netcongestie bij bakkers") < section.index("Vier of minder")
    assert 'href="/signalen/?regio=regio-a"' in section
    assert 'href="/signalen/melden/"' in section
    assert 'data-testid="region-threads-on-time"' not in section  # nothing due yet

    # Region B has 4 of its own in that thread, none in the other.
    section_b = _section(client, "regio-b")
    assert "Vier of minder uit regio A</a>: minder dan 5 signalen uit deze regio" in section_b
    assert "Netcongestie bij bakkers" not in section_b
    # A region without signals says so.
    from tests.factories import make_region

    make_region("regio-stil", municipality_codes=("GM0363",), name="Regio Stil")
    assert 'data-testid="no-region-threads"' in _section(client, "regio-stil")

    # Answered within its deadline: the owner is named and the share answered on time shows.
    assign_and_answer(world, Thread.objects.get(pk=named.pk), "Wij openen een loket.")
    section = _section(client, "regio-a")
    answered = ThreadStatus.ANSWERED.label.lower()
    owner = world.organisations["owner"].name
    assert f"6 signalen uit deze regio · {answered} (eigenaar: {owner})" in section
    assert "Op tijd beantwoord: 1 van 2 rode draden met signalen uit deze regio." not in section
    assert "Op tijd beantwoord: 1 van 1 rode draad met signalen uit deze regio." in section
    # No text of a signal on the public page.
    assert "melding" not in section
