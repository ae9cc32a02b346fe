"""First-response deadlines: the region's target in working days (counted by `core.workdays`).

Below both `services` and `notifications`, so that either can use it without importing the other.
"""

from django.conf import settings

from scharnier.geography.models import Region

from .models import RegionCaseworkSettings


def sla_working_days(region: Region | None) -> int:
    default = int(getattr(settings, "CASEWORK_SLA_WORKING_DAYS", 5))
    if region is None:
        return default
    row = RegionCaseworkSettings.objects.filter(region=region).first()
    return row.sla_working_days if row else default
