"""Demo result agreements: every demo region with parties at its table has agreements for
2026 (a region without them shows "none yet"), made through the service by the demo
administrator (safe to run again: a locked baseline is given again
unchanged)."""

import datetime

from django.db import transaction

from scharnier.geography.models import Region
from scharnier.organisations.models import Membership, Organisation, Role

from .services import AgreedValues, save_result_agreement

YEAR = 2026
BASELINE_ON = datetime.date(2026, 1, 1)
NOTE = (
    "Afgesproken aan de regionale tafel in januari 2026. We kijken elk half jaar samen naar "
    "de cijfers en passen de aanpak aan als dat nodig is."
)


def _targets(step: int) -> dict[str, AgreedValues]:
    """Plausible, different per region: reach grows toward the 2028 target of about 2,500."""
    return {
        "firms-reached": AgreedValues(900 + 50 * step, 350 + 25 * step, BASELINE_ON),
        "firms-supported": AgreedValues(250 + 10 * step, 60 + 5 * step, BASELINE_ON),
        "acceptance-rate": AgreedValues(80, 62 + step, BASELINE_ON),
        "days-to-first-contact": AgreedValues(3, 6, BASELINE_ON),
        "nps": AgreedValues(40, 20 + 2 * step, BASELINE_ON),
    }


@transaction.atomic
def load() -> int:
    """Returns the number of regions with agreements."""
    admin = (
        Membership.objects.filter(role=Role.ADMINISTRATOR, user__is_active=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if admin is None:
        return 0
    done = 0
    for step, region in enumerate(Region.objects.order_by("name")):
        parties = list(
            Organisation.objects.filter(regional_roles__region=region).order_by("name")[:5]
        )
        if not parties:
            continue
        save_result_agreement(
            actor=admin.user,
            region=region,
            year=YEAR,
            targets=_targets(step % 10),
            parties=parties,
            note=NOTE,
        )
        done += 1
    return done
