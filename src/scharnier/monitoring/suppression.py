"""Small-count protection for every published figure (pages, CSV, API, open data).

- A count of 1 to 4 is shown as "<5" (primary suppression).
- In a table whose total is published, one more cell is hidden (complementary suppression) so
  that a hidden cell cannot be computed from the total minus the other cells. Such a cell is
  shown as "verborgen" (it may be any number, also 5 or more, which is why it is not "<5").
- If the total itself is below 5, every cell is shown as "<5" (true: none can be 5 or more);
  if no suitable second cell exists, every cell is shown as "verborgen".

The rule keeps every hidden cell undetermined by the published numbers; the property test in
tests/monitoring/test_suppression.py checks that by trying to recover them.
"""

from dataclasses import dataclass

THRESHOLD = 5
SMALL = "<5"
HIDDEN = "verborgen"


@dataclass(frozen=True)
class Cell:
    """A published count: `value` is None when it is not shown; `display` is what people see."""

    value: int | None
    display: str

    @property
    def is_hidden(self) -> bool:
        return self.value is None


def is_small(count: int) -> bool:
    return 0 < count < THRESHOLD


def single(count: int) -> Cell:
    """A count shown on its own (no table around it)."""
    if is_small(count):
        return Cell(None, SMALL)
    return Cell(count, str(count))


def table(counts: dict[str, int], total: int | None = None) -> dict[str, Cell]:
    """Protect the cells of one table whose total (given or their sum) is published too."""
    if total is None:
        total = sum(counts.values())
    if is_small(total):
        return {key: Cell(None, SMALL) for key in counts}
    primary = {k for k, n in counts.items() if is_small(n)}
    if not primary:
        return {key: Cell(n, str(n)) for key, n in counts.items()}
    candidates = sorted((n, k) for k, n in counts.items() if k not in primary and n > 0)
    if not candidates:
        return {key: Cell(None, HIDDEN) for key in counts}
    second = candidates[0][1]
    cells = {}
    for key, n in counts.items():
        if key in primary:
            cells[key] = Cell(None, SMALL)
        elif key == second:
            cells[key] = Cell(None, HIDDEN)
        else:
            cells[key] = Cell(n, str(n))
    return cells


def share(numerator: int, denominator: int) -> float | None:
    """A percentage of two counts, withheld when the denominator is small or a part is small."""
    if denominator < THRESHOLD or is_small(numerator) or is_small(denominator - numerator):
        return None
    return round(100 * numerator / denominator, 1)


def protect(counts: dict, equations: list[tuple]) -> dict:
    """Protect linked tables at once: `equations` are (total key, [part keys]) that hold between
    the counts (a region's total is the sum of its municipalities, a breakdown adds up to its
    total, the country is the sum of its regions; an optional third element marks a loose
    equation whose parts overlap, such as themes). Returns a Cell per key.

    Counts of 1-4 are hidden ("<5"); then, as long as some equation has exactly one hidden
    member (which the others would give away) or only "<5" members hidden (their sum is
    known, which can pin them), the smallest visible non-zero part of that equation is hidden
    too ("verborgen"), or, when no part is left, its total. A cell hidden
    anywhere is hidden in every table it appears in, because all tables share these cells.
    Deterministic: ties are broken by the key.
    """
    hidden = {key for key, n in counts.items() if is_small(n)}
    by_member: dict = {}
    for index, (total, parts, *_loose) in enumerate(equations):
        for key in (total, *parts):
            by_member.setdefault(key, []).append(index)
    pending = sorted({i for key in hidden for i in by_member.get(key, ())})
    while pending:
        queue, pending = pending, []
        for index in queue:
            total, parts, *loose = equations[index]
            members = (total, *parts)
            hidden_here = [key for key in members if key in hidden]
            # Safe: nothing hidden, or at least two hidden of which one may be any number
            # (a lone hidden cell is the total minus the rest; two "<5" cells adding up to a
            # known 8 are both 4).
            # A loose equation (overlapping parts, such as themes) has no exact sum to exploit
            # beyond a lone hidden cell.
            if not hidden_here or (
                len(hidden_here) > 1
                and (loose or any(not is_small(counts.get(k, 0)) for k in hidden_here))
            ):
                continue
            choices = sorted(
                (counts.get(key, 0), repr(key), key)
                for key in parts
                if key not in hidden and counts.get(key, 0) > 0
            )
            if not choices and total not in hidden:
                choices = [(counts.get(total, 0), repr(total), total)]
            if not choices:
                continue
            key = choices[0][2]
            hidden.add(key)
            pending.extend(by_member.get(key, ()))
        pending = sorted(set(pending))
    widened = _widen_pinned(counts, hidden, equations)
    return {
        key: (
            Cell(None, SMALL if is_small(n) and key not in widened else HIDDEN)
            if key in hidden
            else Cell(n, str(n))
        )
        for key, n in counts.items()
    }


def _widen_pinned(counts: dict, hidden: set, equations: list[tuple]) -> set:
    """Small cells to show as "verborgen" instead of "<5" (and visible ones to hide) until no
    hidden cell can be pinned by its bounds.

    "<5" tells a reader "1 to 4": four "<5" parts under a "<5" total are each 1. Such a cell
    is shown as "verborgen" (any number), which tells nothing. When that is not enough (the
    cell is pinned by its neighbours' bounds alone), its small neighbours are widened too, and
    then the smallest visible part is hidden. Adds to `hidden`; returns the widened keys.
    """
    exact = [(total, parts) for total, parts, *loose in equations if not loose]
    widened: set = set()
    for _round in range(len(counts) + 1):
        pinned = pinned_cells(counts, hidden, widened, exact)
        if not pinned:
            break
        fresh = {key for key in pinned if is_small(counts.get(key, 0))} - widened
        if fresh:
            widened |= fresh
            continue
        for total, parts in exact:
            members = (total, *parts)
            if not pinned.intersection(members):
                continue
            small = {k for k in members if k in hidden and is_small(counts.get(k, 0))}
            if small - widened:
                widened |= small
                continue
            visible = sorted(
                (counts.get(k, 0), repr(k), k)
                for k in parts
                if k not in hidden and counts.get(k, 0) > 0
            )
            if visible:
                hidden.add(visible[0][2])
    return widened


def pinned_cells(counts: dict, hidden: set, widened: set, equations: list[tuple]) -> set:
    """Hidden cells whose value a reader can work out from what is shown: bounds carried
    through every equation (total = sum of parts) until nothing changes, with "<5" as 1-4,
    "verborgen" as 0 and up and a shown count as itself."""
    infinity = float("inf")
    # Only sums with a hidden member can move a bound: shown counts are fixed, so only hidden
    # cells' bounds ever change, and only the sums they are in are looked at again.
    equations = [e for e in equations if e[0] in hidden or not hidden.isdisjoint(e[1])]
    bounds: dict = {}
    by_member: dict = {}
    for index, (total, parts) in enumerate(equations):
        for key in (total, *parts):
            if key in bounds:
                if key in hidden:
                    by_member[key].append(index)
                continue
            n = counts.get(key, 0)
            if key not in hidden:
                bounds[key] = (n, n)
            else:
                by_member[key] = [index]
                bounds[key] = (1, 4) if is_small(n) and key not in widened else (0, infinity)
    pending = set(range(len(equations)))
    while pending:
        index = pending.pop()
        total, parts = equations[index]
        lo_sum = sum(bounds[p][0] for p in parts)
        hi_sum = sum(bounds[p][1] for p in parts)
        t_lo = max(bounds[total][0], lo_sum)
        t_hi = min(bounds[total][1], hi_sum)
        changed = []
        if (t_lo, t_hi) != bounds[total]:
            bounds[total] = (t_lo, t_hi)
            changed.append(total)
        for p in parts:
            lo, hi = bounds[p]
            new = (max(lo, t_lo - (hi_sum - hi)), min(hi, t_hi - (lo_sum - lo)))
            if new != bounds[p]:
                bounds[p] = new
                changed.append(p)
        for key in changed:
            pending.update(by_member[key])
    return {key for key in hidden if key in bounds and bounds[key][0] == bounds[key][1]}
