"""First-response deadlines: the region's target in working days and the arithmetic on it.

Below both `services` and `notifications`, so that either can use it without importing the other.
"""

import datetime

from django.conf import settings

from scharnier.geography.models import Region

from .models import RegionCaseworkSettings


def sla_working_days(region: Region | None) -> int:
    default = int(getattr(settings, "CASEWORK_SLA_WORKING_DAYS", 5))
    if region is None:
        return default
    row = RegionCaseworkSettings.objects.filter(region=region).first()
    return row.sla_working_days if row else default


def add_working_days(start: datetime.datetime, days: int) -> datetime.datetime:
    """`start` plus `days` working days (Monday-Friday; public holidays are not counted)."""
    current = start
    added = 0
    while added < days:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5:
            added += 1
    return current
