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
from hypothesis import HealthCheck, Phase, given, settings
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


# --- across pages: every view of the same figures at once ----------------------------------

INF = math.inf


def bounds_of(display: str, small: tuple[float, float] = (1, 4)) -> tuple[float, float]:
    if display == suppression.SMALL:
        return small
    if display == suppression.HIDDEN:
        return 0, INF
    return int(display), int(display)


def attack(known: dict, equations: list[tuple], small: tuple = (1, 4)) -> dict:
    """Pin hidden cells by propagating bounds through every equation (total = sum of parts)
    until nothing changes: totals minus visible cells, across pages, with '<5' as 1-4.
    Unpublished cells (in `equations` but not in `known`) may be any number from 0.
    `small` is what "<5" tells: 1-4, or nothing but "hidden" (0 and up) for the linear
    differences alone. Returns {cell: value} for each hidden cell whose value is fixed."""
    bounds = {key: bounds_of(display, small) for key, display in known.items()}
    for total, parts in equations:
        for key in (total, *parts):
            bounds.setdefault(key, (0, INF))
    changed = True
    while changed:
        changed = False
        for total, parts in equations:
            lo_sum = sum(bounds[p][0] for p in parts)
            hi_sum = sum(bounds[p][1] for p in parts)
            updates = {total: (max(bounds[total][0], lo_sum), min(bounds[total][1], hi_sum))}
            t_lo, t_hi = updates[total]
            for p in parts:
                lo, hi = bounds[p]
                rest_lo, rest_hi = lo_sum - lo, hi_sum - hi
                updates[p] = (max(lo, t_lo - rest_hi), min(hi, t_hi - rest_lo))
            for key, value in updates.items():
                if value != bounds[key]:
                    assert value[0] <= value[1], (key, value)
                    bounds[key] = value
                    changed = True
    return {
        key: bounds[key][0]
        for key, display in known.items()
        if display in (suppression.SMALL, suppression.HIDDEN) and bounds[key][0] == bounds[key][1]
    }


def test_the_cross_page_attack_finds_an_unprotected_cell():
    # Region b's 3 is hidden in its own view, but the country minus region a gives it away.
    known = {"NL": "10", "a": "7", "b": "<5"}
    assert attack(known, [("NL", ["a", "b"])]) == {"b": 3}
    # Two "<5" cells adding up to a known 8 are both 4.
    assert attack({"t": "8", "x": "<5", "y": "<5"}, [("t", ["x", "y"])]) == {"x": 4, "y": 4}
    known = {"NL": "10", "a": "verborgen", "b": "<5", "c": "0"}
    assert attack(known, [("NL", ["a", "b", "c"])]) == {}


SIZE_LABELS = dict(queries.SIZE_CLASSES)
COUNTS = {"firms-reached", "firms-activated", "firms-supported", "firms-reached-broad-sme",
          "questions", "referrals-made", "referrals-accepted", "referrals-with-result",
          "plans-made", "community-participations", "signals-raised"}  # fmt: skip
BREAKDOWNS = {"firms-reached-size_class", "firms-reached-door", "questions-door"}


def publish_everything(client, period=None) -> tuple[dict, list[tuple]]:
    """Every number of every view (national, region and municipality pages, the map, CSV and
    API), keyed by what it means, and the sums a reader knows hold between them."""
    from scharnier.geography.models import Region
    from scharnier.monitoring import exports

    since_start = period is None
    period = period or queries.since_start()
    known: dict = {}
    equations: list[tuple] = []

    def publish(key, display):
        assert known.setdefault(key, display) == display, (key, known[key], display)

    regions = list(Region.objects.order_by("slug"))
    in_region = {m.code for r in regions for m in r.municipalities.all()}
    outside = [m.code for m in Municipality.objects.filter(code__in=(NONE,))]
    scopes = [queries.NATIONAL]
    for region in regions:
        scopes.append(queries.region_scope(region.slug))
        scopes += [queries.municipality_scope(m.code) for m in region.municipalities.all()]
    scopes += [queries.municipality_scope(code) for code in outside]
    for scope in scopes:
        board = queries.dashboard(scope, period)
        area = scope.code
        for figure in board.figures.values():
            if figure.code in COUNTS:
                publish((area, figure.code), figure.display)
        for table in board.tables:
            if table.slug not in BREAKDOWNS:
                continue  # themes overlap; the rest do not add up to a published figure
            rows = []
            for label, cell in table.rows:
                publish((area, table.slug, label), cell.display)
                rows.append((area, table.slug, label))
            publish((area, table.metric.code), table.total.display)
            equations.append(((area, table.metric.code), rows))
        if board.areas:
            rows = []
            for row in board.areas:
                key = row.code or f"{area}:elders"
                publish((key, "firms-reached"), row.reached.display)
                rows.append((key, "firms-reached"))
            equations.append(((area, "firms-reached"), rows))
        # The CSV and the API show the very same numbers.
        csv_rows = exports.view_rows(board)
        for figure in board.figures.values():
            assert [area, period.label, "kengetallen", figure.name, figure.display] in [
                r[:5] for r in csv_rows
            ]
        if scope.municipality is None and since_start:
            answer = client.get("/api/v1/metrics/areas", {"area": area}).json()
            api = {(r["code"] or f"{area}:elders"): r["reachedDisplay"] for r in answer["areas"]}
            for key, display in api.items():
                assert known[(key, "firms-reached")] == display, (key, display)
    _regions, municipalities = queries.area_tables_for_map(period)
    for row in municipalities:
        publish((row.code, "firms-reached"), row.reached.display)
    # Sums a reader knows: a region is its municipalities (plus questions moved in), the
    # country is its regions plus those outside any region, and so for every breakdown row.
    labels = {key[1:] for key in known if len(key) == 3}
    for slug, label in labels:
        national = ("NL", slug, label)
        parts = [(f"RG:{r.slug}", slug, label) for r in regions]
        parts += [(code, slug, label) for code in outside]
        equations.append((national, parts))
        for region in regions:
            codes = [m.code for m in region.municipalities.all()]
            parts = [(code, slug, label) for code in codes]
            if (f"RG:{region.slug}:elders", "firms-reached") in known:
                parts.append((f"RG:{region.slug}:elders", slug, label))  # unpublished
            equations.append(((f"RG:{region.slug}", slug, label), parts))
    for measure in {key[1] for key in known if len(key) == 2 and key[0] == "NL"}:
        parts = [(f"RG:{r.slug}", measure) for r in regions]
        parts += [(code, measure) for code in outside]
        equations.append((("NL", measure), parts))
    for scope in scopes:
        broad = [
            (scope.code, "firms-reached-size_class", str(SIZE_LABELS[code]))
            for code in ("2-9", "10-49")
        ]
        equations.append(((scope.code, "firms-reached-broad-sme"), broad))
    assert {code for code in in_region} <= {key[0] for key in known}
    return known, equations


def _publish_firms(client, firms) -> tuple[dict, list[tuple]]:
    OutcomeEvent.objects.all()._raw_delete(OutcomeEvent.objects.db)
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=(*A, *B, NONE))}
    at = timezone.now() - datetime.timedelta(days=1)
    events = [
        OutcomeEvent(
            kind=OutcomeEventKind.QUESTION_RECEIVED,
            occurred_at=at,
            municipality=municipalities[code],
            region=municipalities[code].regions.first(),
            size_class=size,
            door=door,
            source_type="test.firm",
            source_id=str(n),
        )
        for n, (code, size, door) in enumerate(firms)
    ]
    # The same places also hold community meetings (a count of participants each) and signals,
    # some raised for a whole region without a municipality.
    for n, (code, _size, door) in enumerate(firms):
        municipality = municipalities[code]
        if door == "scan":
            # Every other meeting's count was corrected: withdrawn (a mirror) and reported again.
            reports = [(OutcomeEventKind.MEETING_HELD, str(n), 1 + n % 4)]
            if n % 2 == 0:
                reports.append((OutcomeEventKind.MEETING_HELD_WITHDRAWN, str(n), 1 + n % 4))
                reports.append((OutcomeEventKind.MEETING_HELD, f"{n}/2", 2 + n % 3))
            events += [
                OutcomeEvent(
                    kind=kind,
                    occurred_at=at,
                    municipality=municipality,
                    region=municipality.regions.first(),
                    quantity=quantity,
                    source_type="test.meeting",
                    source_id=source_id,
                )
                for kind, source_id, quantity in reports
            ]
        if door == "api":
            region = municipality.regions.first()
            # A signal names a municipality or a region, never neither (the service refuses it).
            region_only = n % 3 == 0 and region is not None
            events.append(
                OutcomeEvent(
                    kind=OutcomeEventKind.SIGNAL_RAISED,
                    occurred_at=at,
                    municipality=None if region_only else municipality,
                    region=region,
                    source_type="test.signal",
                    source_id=str(n),
                )
            )
    record_outcome_events(events, refresh=False)
    rebuild_rollups()
    known, equations = publish_everything(client)
    for key, display in known.items():
        assert not (display.isdigit() and 0 < int(display) < 5), (key, display)
    return known, equations


CROSS_PAGE = settings(
    max_examples=15,
    deadline=None,
    # Each example renders every page; shrinking a failure would take longer than finding it.
    phases=(Phase.explicit, Phase.reuse, Phase.generate),
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@CROSS_PAGE
@given(firms=st.lists(firm, min_size=0, max_size=60))
def test_no_hidden_cell_can_be_recovered_by_differences_across_pages(world, client, firms):
    known, equations = _publish_firms(client, firms)
    assert attack(known, equations, small=(0, INF)) == {}


@CROSS_PAGE
@given(firms=st.lists(firm, min_size=0, max_size=60))
def test_no_hidden_cell_can_be_recovered_with_bounds_across_pages(world, client, firms):
    known, equations = _publish_firms(client, firms)
    assert attack(known, equations) == {}


def test_four_small_parts_under_a_small_total_are_not_shown_as_small():
    # 1 + 1 + 1 + 1 = 4: with each "<5" read as 1-4 and the total as at most 4, every part
    # would be 1. One part is shown as "verborgen" instead, which pins nothing.
    counts = {"t": 4, "a": 1, "b": 1, "c": 1, "d": 1}
    cells = suppression.protect(counts, [("t", ["a", "b", "c", "d"])])
    known = {key: cell.display for key, cell in cells.items()}
    assert suppression.HIDDEN in known.values()
    assert attack(known, [("t", ["a", "b", "c", "d"])]) == {}
    # Three parts leave room (each 1-2): all stay "<5".
    counts = {"t": 3, "a": 1, "b": 1, "c": 1}
    cells = suppression.protect(counts, [("t", ["a", "b", "c"])])
    assert {cell.display for cell in cells.values()} == {suppression.SMALL}


# --- over time: since the start is the sum of the half-years ------------------------------

DAYS = (datetime.date(2025, 3, 14), datetime.date(2025, 10, 2), datetime.date(2026, 2, 20))
dated_firm = st.tuples(
    st.sampled_from((*A, *B, NONE)),
    st.sampled_from(SIZES),
    st.sampled_from(DOORS),
    st.sampled_from((*DAYS, None)),  # None: yesterday
)


@CROSS_PAGE
@given(firms=st.lists(dated_firm, min_size=0, max_size=60))
def test_no_hidden_cell_can_be_recovered_across_half_years(world, client, firms):
    OutcomeEvent.objects.all()._raw_delete(OutcomeEvent.objects.db)
    municipalities = {m.code: m for m in Municipality.objects.filter(code__in=(*A, *B, NONE))}
    yesterday = timezone.now() - datetime.timedelta(days=1)
    tz = timezone.get_current_timezone()
    events = [
        OutcomeEvent(
            kind=OutcomeEventKind.QUESTION_RECEIVED,
            occurred_at=yesterday
            if day is None
            else datetime.datetime(*day.timetuple()[:3], 12, tzinfo=tz),
            municipality=municipalities[code],
            region=municipalities[code].regions.first(),
            size_class=size,
            door=door,
            source_type="test.firm",
            source_id=str(n),
        )
        for n, (code, size, door, day) in enumerate(firms)
    ]
    record_outcome_events(events, refresh=False)
    rebuild_rollups()
    whole = queries.since_start()
    periods = [whole, *queries.half_years(whole.start, whole.end)]
    known: dict = {}
    equations: list[tuple] = []
    for period in periods:
        seen, sums = publish_everything(client, period)
        known.update({(period.label, *k): v for k, v in seen.items()})
        equations += [
            ((period.label, *t), [(period.label, *p) for p in parts]) for t, parts in sums
        ]
    for key in [k[1:] for k in known if k[0] == whole.label]:
        equations.append(((whole.label, *key), [(p.label, *key) for p in periods[1:]]))
    for key, display in known.items():
        assert not (display.isdigit() and 0 < int(display) < 5), (key, display)
    assert attack(known, equations) == {}
