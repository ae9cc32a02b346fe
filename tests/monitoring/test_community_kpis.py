"""The hinge back up on the dashboard: participations in community meetings and signals raised,
counted where they happened, protected below 5, in the page, the CSV and the registry."""

import pytest

from scharnier.monitoring import queries
from scharnier.monitoring.models import MetricDefinition
from scharnier.signals import services as signal_services
from tests.signals.world import build_world

pytestmark = pytest.mark.django_db


def _raise(world, region_key: str, n: int) -> None:
    for i in range(n):
        signal_services.raise_signal(
            actor=None,
            source="publiek",
            data=signal_services.SignalInput(
                kind="knelpunt",
                text=f"Melding {i}: de gemeente antwoordt pas na weken op onze vergunningaanvraag.",
                region=world.regions[region_key],
            ),
        )


def test_participations_and_signals_count_where_they_happened():
    world = build_world()  # region A: a meeting held with 24 participants, one planned
    _raise(world, "a", 6)
    _raise(world, "b", 5)
    period = queries.since_start()
    a = queries.figures(queries.Scope("region", region=world.regions["a"]), period)
    b = queries.figures(queries.Scope("region", region=world.regions["b"]), period)
    national = queries.figures(queries.NATIONAL, period)
    assert a["community-participations"].display == "24"  # the planned meeting adds nothing
    assert b["community-participations"].display == "0"
    assert national["community-participations"].value == 24
    assert (a["signals-raised"].display, b["signals-raised"].display) == ("6", "5")
    assert national["signals-raised"].value == 11
    assert a["community-participations"].stamp == "community-participations@v1"


def test_fewer_than_five_signals_are_shown_as_such():
    world = build_world()
    _raise(world, "a", 3)
    period = queries.since_start()
    for scope in (queries.Scope("region", region=world.regions["a"]), queries.NATIONAL):
        figure = queries.figures(scope, period)["signals-raised"]
        assert (figure.display, figure.value) == ("<5", None)


def test_dashboard_page_and_csv_show_the_community_figures(client):
    world = build_world()
    page = client.get(f"/dashboard/regio/{world.regions['a'].slug}/")
    html = page.content.decode()
    assert "Mkb-gemeenschappen en signalen" in html
    assert "Deelnames aan mkb-gemeenschappen" in html
    assert 'href="/dashboard/definities/community-participations/"' in html
    assert 'href="/signalen/"' in html
    # Half-years in words on the page (the CSV keeps the codes for machines).
    assert "eerste halfjaar 2026" in html and ">2026-H1<" not in html
    csv = client.get(f"/dashboard/regio/{world.regions['a'].slug}/?formaat=csv")
    assert "community-participations" in csv.content.decode("utf-8-sig")
    definition = client.get("/dashboard/definities/signals-raised/")
    assert definition.status_code == 200
    assert "Gemelde signalen" in definition.content.decode()


def test_the_migrations_put_both_kpis_in_the_registry():
    codes = set(MetricDefinition.objects.values_list("code", flat=True))
    assert {"community-participations", "signals-raised"} <= codes
