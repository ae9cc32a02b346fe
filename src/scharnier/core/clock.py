"""The moment a write is recorded at: now, or a moment in the past set by the caller.

Casework stamps every step it records (question, referral, note, event) with `now()`. Demo
data sets the clock back with `set_to` so that its questions arrive over the past weeks and
show what the inbox does with age: a question past its term, a provider that did not answer.
A context variable, so that it holds for one thread of work only and never leaks into a
request served at the same time.
"""

import datetime
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_moment: ContextVar[datetime.datetime | None] = ContextVar("scharnier_clock", default=None)


def now() -> datetime.datetime:
    return _moment.get() or timezone.now()


@contextmanager
def set_to(moment: datetime.datetime) -> Iterator[None]:
    """Record writes inside the block at `moment` (aware, and not in the future)."""
    if timezone.is_naive(moment):
        raise ValueError("the clock takes an aware datetime")
    if moment > timezone.now():
        raise ValueError("the clock cannot be set to the future")
    token = _moment.set(moment)
    try:
        yield
    finally:
        _moment.reset(token)
