"""Login records kept as long as they serve security, then deleted.

django-axes writes a record of every login (username, IP address, browser). It is there to
trace a break-in; after `ACCOUNTS_LOGIN_RECORD_DAYS` it only holds staff's personal data. Failed
attempts are counted per username and IP address for the lockout; axes drops a count once the
lockout period has passed, but only when someone logs in again, so the job drops them too.
"""

import logging

from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

logger = logging.getLogger(__name__)


def login_record_days() -> int:
    return int(settings.ACCOUNTS_LOGIN_RECORD_DAYS)


def _now_as_a_request() -> HttpRequest:
    # axes reads "now" from the request it is handling; a nightly job has none.
    request = HttpRequest()
    request.axes_attempt_time = timezone.now()
    return request


def forget_old_login_records(*, days: int | None = None) -> int:
    """Delete login records older than `days`; returns how many. A second run finds none."""
    days = login_record_days() if days is None else days
    deleted = (
        AxesProxyHandler.reset_logs(age_days=days)
        + AxesProxyHandler.reset_failure_logs(age_days=days)
        + AxesDatabaseHandler().clean_expired_user_attempts(_now_as_a_request())
    )
    logger.info("accounts retention: %d login record(s) deleted", deleted)
    return deleted
