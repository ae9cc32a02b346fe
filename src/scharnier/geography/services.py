"""Write operations on regions. Views, API, admin and commands all call these."""

from collections.abc import Iterable

from django.db import transaction

from .models import Municipality, Region


@transaction.atomic
def save_region(
    *,
    slug: str,
    name: str,
    municipalities: Iterable[Municipality],
    rollout_wave: int,
    status: str,
    description: str = "",
    website: str = "",
) -> Region:
    """Create or update a region by slug and set its municipalities."""
    region, _ = Region.objects.update_or_create(
        slug=slug,
        defaults={
            "name": name,
            "rollout_wave": rollout_wave,
            "status": status,
            "description": description,
            "website": website,
        },
    )
    region.full_clean()
    region.municipalities.set(list(municipalities))
    return region
