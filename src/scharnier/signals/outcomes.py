"""What signals report to monitoring: a signal raised, a thread (rode draad) answered.

Called by the services when the act happens and by `backfill_outcome_events` for acts recorded
before monitoring counted them. Idempotent: each report has a fixed source.
"""

from scharnier.monitoring.models import OutcomeEventKind
from scharnier.monitoring.services import record_outcome_event

from .models import Signal, Thread


def signal_raised(signal: Signal) -> None:
    record_outcome_event(
        kind=OutcomeEventKind.SIGNAL_RAISED,
        source=signal,
        occurred_at=signal.created_at,
        municipality=signal.municipality,
        region=signal.region,
        themes=list(signal.themes.values_list("code", flat=True)),
        door=signal.source,
    )


def thread_answered(thread: Thread) -> None:
    if thread.answered_at is None:
        return
    record_outcome_event(
        kind=OutcomeEventKind.THREAD_ANSWERED, source=thread, occurred_at=thread.answered_at
    )
