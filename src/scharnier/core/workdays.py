"""Working days as Dutch deadlines count them: Monday to Friday, without public holidays.

The holidays are those of the Algemene termijnenwet, article 3 (the law by which Dutch
government terms are extended past a weekend or holiday): Nieuwjaarsdag, Tweede Paasdag,
Koningsdag, 5 mei, Hemelvaartsdag, Tweede Pinksterdag and both Kerstdagen. Goede Vrijdag is
not among them.

A team may also close on days of its own (a Christmas week): `closed_days` are skipped as well.
"""

import datetime
from collections.abc import Collection
from functools import lru_cache

from django.utils import timezone

SATURDAY = 5


def easter_sunday(year: int) -> datetime.date:
    """Gregorian Easter (the anonymous algorithm, as in Meeus' Astronomical Algorithms)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    m = (32 + 2 * e + 2 * i - h - k) % 7
    n = (a + 11 * h + 22 * m) // 451
    month, day = divmod(h + m - 7 * n + 114, 31)
    return datetime.date(year, month, day + 1)


def kings_day(year: int) -> datetime.date:
    """27 April; on a Sunday it is celebrated on Saturday the 26th (Wet viering Koningsdag)."""
    day = datetime.date(year, 4, 27)
    return day - datetime.timedelta(days=1) if day.weekday() == 6 else day


@lru_cache(maxsize=64)
def public_holidays(year: int) -> dict[datetime.date, str]:
    """The holidays of the Algemene termijnenwet in `year`, with their Dutch name."""
    easter = easter_sunday(year)
    return {
        datetime.date(year, 1, 1): "Nieuwjaarsdag",
        easter + datetime.timedelta(days=1): "Tweede Paasdag",
        kings_day(year): "Koningsdag",
        datetime.date(year, 5, 5): "Bevrijdingsdag",
        easter + datetime.timedelta(days=39): "Hemelvaartsdag",
        easter + datetime.timedelta(days=50): "Tweede Pinksterdag",
        datetime.date(year, 12, 25): "Eerste Kerstdag",
        datetime.date(year, 12, 26): "Tweede Kerstdag",
    }


def is_working_day(day: datetime.date) -> bool:
    return day.weekday() < SATURDAY and day not in public_holidays(day.year)


def add_working_days(
    start: datetime.datetime, days: int, closed_days: Collection[datetime.date] = ()
) -> datetime.datetime:
    """`start` plus `days` working days, at the same time of day; `closed_days` do not count.

    Days are judged in Dutch local time, so a question sent late on Sunday evening (UTC still
    Sunday, or already Monday) is counted the same way an entrepreneur would count it.
    """
    current = start
    added = 0
    while added < days:
        current += datetime.timedelta(days=1)
        day = _local_date(current)
        if is_working_day(day) and day not in closed_days:
            added += 1
    return current


def working_days_between(start: datetime.datetime, end: datetime.datetime) -> int:
    """Whole working days after `start`'s day up to and including `end`'s day."""
    day, last, count = _local_date(start), _local_date(end), 0
    while day < last:
        day += datetime.timedelta(days=1)
        if is_working_day(day):
            count += 1
    return count


def next_working_day(day: datetime.date) -> datetime.date:
    """`day` itself when it is a working day, otherwise the first one after it."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment) if timezone.is_aware(moment) else moment.date()
