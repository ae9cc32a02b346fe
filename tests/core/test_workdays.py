"""Working days skip weekends and the holidays of the Algemene termijnenwet, in Dutch time."""

import datetime
from zoneinfo import ZoneInfo

import pytest

from scharnier.core.workdays import (
    add_working_days,
    easter_sunday,
    is_working_day,
    next_working_day,
    public_holidays,
    working_days_between,
)

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
D = datetime.date


@pytest.mark.parametrize(
    "year, easter",
    [
        (1818, D(1818, 3, 22)),  # the earliest possible date
        (1943, D(1943, 4, 25)),  # the latest possible date
        (2000, D(2000, 4, 23)),
        (2019, D(2019, 4, 21)),
        (2024, D(2024, 3, 31)),
        (2025, D(2025, 4, 20)),
        (2026, D(2026, 4, 5)),
        (2027, D(2027, 3, 28)),
        (2038, D(2038, 4, 25)),
    ],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_the_holidays_of_2026_and_kings_day_on_a_sunday():
    assert public_holidays(2026) == {
        D(2026, 1, 1): "Nieuwjaarsdag",
        D(2026, 4, 6): "Tweede Paasdag",
        D(2026, 4, 27): "Koningsdag",
        D(2026, 5, 5): "Bevrijdingsdag",
        D(2026, 5, 14): "Hemelvaartsdag",
        D(2026, 5, 25): "Tweede Pinksterdag",
        D(2026, 12, 25): "Eerste Kerstdag",
        D(2026, 12, 26): "Tweede Kerstdag",
    }
    # 27 April 2025 was a Sunday: Koningsdag was on Saturday the 26th.
    assert public_holidays(2025)[D(2025, 4, 26)] == "Koningsdag"
    assert D(2025, 4, 27) not in public_holidays(2025)
    # Goede Vrijdag is not a holiday of the Algemene termijnenwet.
    assert is_working_day(D(2026, 4, 3))
    assert not is_working_day(D(2026, 4, 6))
    assert not is_working_day(D(2026, 12, 6))  # a Sunday
    assert next_working_day(D(2026, 12, 25)) == D(2026, 12, 28)
    assert next_working_day(D(2026, 12, 28)) == D(2026, 12, 28)


def _local(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=AMSTERDAM)


def test_adding_working_days_skips_christmas_and_new_year():
    # Wednesday 23 December + 5: Thursday 24, (Christmas Friday, weekend), 28, 29, 30, 31.
    assert add_working_days(_local(2026, 12, 23, 10, 0), 5) == _local(2026, 12, 31, 10, 0)
    # Monday 28 December + 5: 29, 30, 31, (Nieuwjaarsdag Friday, weekend), 4, 5 January.
    assert add_working_days(_local(2026, 12, 28, 9, 15), 5) == _local(2027, 1, 5, 9, 15)
    # Hemelvaart on Thursday: Wednesday 13 May + 1 is Friday 15 May.
    assert add_working_days(_local(2026, 5, 13, 16, 0), 1) == _local(2026, 5, 15, 16, 0)
    assert add_working_days(_local(2026, 12, 23, 10, 0), 0) == _local(2026, 12, 23, 10, 0)


def test_days_are_counted_in_dutch_time_not_utc():
    # Saturday 00:30 in Amsterdam is still Friday in UTC; one working day later is Monday
    # 00:30 in Amsterdam (Sunday evening in UTC), not Tuesday.
    start = datetime.datetime(2026, 7, 3, 22, 30, tzinfo=datetime.UTC)
    due = add_working_days(start, 1)
    assert due.astimezone(AMSTERDAM) == _local(2026, 7, 6, 0, 30)


def test_working_days_between_skips_holidays():
    # Sent on Christmas Eve, answered on Monday 28 December: one working day.
    assert working_days_between(_local(2026, 12, 24, 11, 0), _local(2026, 12, 28, 9, 0)) == 1
    # Answered the same day: none.
    assert working_days_between(_local(2026, 12, 23, 8, 0), _local(2026, 12, 23, 17, 0)) == 0
    # From Friday 1 May to Friday 8 May 2026: Bevrijdingsdag (Tuesday 5 May) is not counted.
    assert working_days_between(_local(2026, 5, 1, 12, 0), _local(2026, 5, 8, 12, 0)) == 4
    # Just after midnight in Amsterdam is the next day, although UTC is still on the last one.
    late = datetime.datetime(2026, 12, 27, 23, 30, tzinfo=datetime.UTC)  # Monday 00:30 local
    assert working_days_between(_local(2026, 12, 24, 11, 0), late) == 1


def test_a_teams_own_closed_days_are_skipped_too():
    monday = datetime.datetime(2026, 6, 8, 9, 0, tzinfo=AMSTERDAM)
    assert add_working_days(monday, 2) == monday + datetime.timedelta(days=2)
    closed = {datetime.date(2026, 6, 9), datetime.date(2026, 6, 10), datetime.date(2026, 6, 13)}
    # Tuesday and Wednesday closed: Thursday (1), Friday (2); a closed Saturday changes nothing.
    assert add_working_days(monday, 2, closed) == monday + datetime.timedelta(days=4)
    assert add_working_days(monday, 3, closed) == monday + datetime.timedelta(days=7)
