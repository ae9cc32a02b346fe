"""Signals as demand-side evidence in the white-spot matrix, and the nightly regroup job."""

import pytest
from django.urls import reverse

from scharnier.catalog.models import JourneyPhase, Theme
from scharnier.geography.models import Municipality
from scharnier.jobs.models import Job, JobKind, JobState
from scharnier.landscape import queries as landscape_queries
from scharnier.signals import grouping, services
from scharnier.signals.models import GroupingState, Thread
from scharnier.signals.services import SignalInput
from scharnier.signals.tasks import regroup_signals_if_changed
from tests.signals.test_services import raise_public
from tests.signals.world import MUNICIPALITY_A, MUNICIPALITY_B, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def _raise_about(theme: Theme, phase: JourneyPhase, code: str, n: int) -> None:
    for i in range(n):
        services.raise_signal(
            actor=None,
            source="publiek",
            data=SignalInput(
                kind="knelpunt",
                text=f"Knelpunt nummer {i} over {theme.label} in {code}.",
                themes=[theme],
                journey_phase=phase,
                municipality=Municipality.objects.get(code=code),
            ),
        )


def test_matrix_shows_signals_of_its_own_area_only(world, client):
    theme, phase = Theme.objects.order_by("pk")[0], JourneyPhase.objects.order_by("pk")[0]
    _raise_about(theme, phase, MUNICIPALITY_A, 6)
    _raise_about(theme, phase, MUNICIPALITY_B, 2)

    region_a = landscape_queries.white_spot_matrix(
        landscape_queries.resolve_area(f"RG:{world.regions['a'].slug}")
    )
    national = landscape_queries.white_spot_matrix(landscape_queries.resolve_area("NL"))
    assert region_a.demand == {(theme.code, phase.code): 6}
    assert national.demand == {(theme.code, phase.code): 8}
    cell = next(c for c in region_a.rows[0]["cells"] if c["phase"] == phase)
    assert cell["signals"] == 6

    # Public page: 6 is shown, 2 (region B) is suppressed to "<5".
    page_a = client.get(reverse("landscape:matrix"), {"gebied": f"RG:{world.regions['a'].slug}"})
    assert "6 signalen" in page_a.content.decode()
    page_b = client.get(reverse("landscape:matrix"), {"gebied": f"RG:{world.regions['b'].slug}"})
    html_b = page_b.content.decode()
    assert "&lt;5 signalen" in html_b and "2 signalen" not in html_b
    export = client.get(
        reverse("landscape:matrix"), {"gebied": f"RG:{world.regions['b'].slug}", "formaat": "csv"}
    )
    assert "<5" in export.content.decode()


def test_nightly_regroup_runs_only_when_signals_arrived(world):
    raise_public("Netcongestie: geen zwaardere aansluiting voor onze bakkerij.")
    GroupingState.objects.all().delete()
    assert regroup_signals_if_changed.apply().get() is True
    job = Job.objects.get(kind=JobKind.REGROUP_SIGNALS)
    assert job.state == JobState.SUCCEEDED and job.result["signals"] == 1
    assert GroupingState.objects.get().signal_count == 1
    # Nothing new since: the schedule starts no second job.
    assert regroup_signals_if_changed.apply().get() is False
    assert Job.objects.filter(kind=JobKind.REGROUP_SIGNALS).count() == 1
    raise_public("Bedrijfsopvolging: geen hulp bij het overdragen van het familiebedrijf.")
    assert regroup_signals_if_changed.apply().get() is True


def test_threads_of_an_older_vector_layout_make_a_regroup_due(world):
    raise_public("Netcongestie: geen zwaardere aansluiting voor onze bakkerij.")
    assert regroup_signals_if_changed.apply().get() is True
    assert regroup_signals_if_changed.apply().get() is False  # up to date
    thread = Thread.objects.exclude(centroid=None).get()
    # As before the offer block joined the grouping vector: a shorter centroid.
    thread.centroid = bytes(thread.centroid)[: 4 * (grouping.vector_dim() - grouping.anchor_dim())]
    thread.save(update_fields=["centroid"])

    assert regroup_signals_if_changed.apply().get() is True
    assert len(Thread.objects.exclude(centroid=None).get().centroid) == 4 * grouping.vector_dim()
