"""Small counts cannot be recovered from the published tables of a dashboard view.

Hypothesis makes random outcome data for two regions; for the national and the region view
we take every published table (the rows and the total they add up to) and try to pin down each
hidden cell with the published numbers: "<5" means 1-4 (0-4 when the total itself is "<5"),
"verborgen" means any number from 0. A cell is recovered when only one value fits. No hidden
cell may be recovered, and no count of 1-4 may be shown as a number.
"""

import datetime
import math

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scharnier.geography.models import Municipality
from scharnier.monitoring import queries, suppression
from scharnier.monitoring.models import OutcomeEvent, OutcomeEventKind
from scharnier.monitoring.services import rebuild_rollups, record_outcome_events
from tests.factories import ensure_reference_data, make_region

A = ("GM0193", "GM0166", "GM0148")
B = ("GM0758", "GM0779")
NONE = "GM0363"
SIZES = ("1", "2-9", "10-49", "")
DOORS = ("site", "scan", "api")


def interval(display: str, small_total: bool) -> tuple[float, float]:
    if display == suppression.SMALL:
        return (0 if small_total else 1), 4
    if display == suppression.HIDDEN:
        return 0, math.inf
    return int(display), int(display)


def recovered(cells: list[str], total: str) -> list[int]:
    """Indexes of hidden cells whose value is fixed by the published numbers."""
    small_total = total == suppression.SMALL
    bounds = [interval(c, small_total) for c in cells]
    t_lo, t_hi = interval(total, False) if total else (0, math.inf)
    found = []
    for i, cell in enumerate(cells):
        if cell not in (suppression.SMALL, suppression.HIDDEN):
            continue
        rest_lo = sum(b[0] for j, b in enumerate(bounds) if j != i)
        rest_hi = sum(b[1] for j, b in enumerate(bounds) if j != i)
        lo = max(bounds[i][0], t_lo - rest_hi)
        hi = min(bounds[i][1], t_hi - rest_lo)
        if lo == hi:
            found.append(i)
    return found


def test_the_attack_finds_an_unprotected_cell():
    # Without complementary suppression 7 = 3 + 4 gives the hidden 3 away: the check can fail.
    assert recovered(["<5", "4"], "7") == [0]
    assert recovered(["<5", "verborgen", "20"], "27") == []


def published_tables(board: queries.Dashboard):
    for table in board.tables:
        if table.slug.endswith("-theme"):
            continue  # themes overlap: no sum constraint to exploit
        yield table.slug, [c.display for _l, c in table.rows], table.total.display
    if board.areas:
        yield (
            "areas",
            [r.reached.display for r in board.areas],
            board.figures["firms-reached"].display,
        )


@pytest.fixture
def world(db):
    ensure_reference_data()
    make_region("regio-a", municipality_codes=A, name="Regio A")
    make_region("regio-b", municipality_codes=B, name="Regio B")


firm = st.tuples(st.sampled_from((*A, *B, NONE)), st.sampled_from(SIZES), st.sampled_from(DOORS))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(firms=st.lists(firm, min_size=0, max_size=40))
def test_no_hidden_cell_can_be_recovered(world, firms):
    OutcomeEvent.objects.all()._raw_delete(OutcomeEvent.objects.db)
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=(*A, *B, NONE))}
    at = timezone.now() - datetime.timedelta(days=1)
    events = []
    for n, (code, size, door) in enumerate(firms):
        municipality = municipalities[code]
        events.append(
            OutcomeEvent(
                kind=OutcomeEventKind.QUESTION_RECEIVED,
                occurred_at=at,
                municipality=municipality,
                region=municipality.regions.first(),
                size_class=size,
                door=door,
                source_type="test.firm",
                source_id=str(n),
            )
        )
    record_outcome_events(events, refresh=False)
    rebuild_rollups()
    period = queries.since_start()
    scopes = [queries.NATIONAL, queries.region_scope("regio-a"), queries.region_scope("regio-b")]
    for scope in scopes:
        board = queries.dashboard(scope, period)
        for figure in board.figures.values():
            assert not (isinstance(figure.value, int) and 0 < figure.value < 5), figure
        for slug, cells, total in published_tables(board):
            for cell in [*cells, total]:
                assert not (cell.isdigit() and 0 < int(cell) < 5), (slug, cells, total)
            assert recovered(cells, total) == [], (scope.code, slug, cells, total)
