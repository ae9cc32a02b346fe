"""Read queries on the geography."""

from functools import lru_cache

from scharnier.core.reference_cache import reference_list

from .models import NATIONAL_AREA_KEY, Municipality, Province, Region, area_key_for_region
from .text import PlaceNameStripper


def area_keys_for_municipality(municipality: Municipality) -> list[str]:
    """Every area key whose offers reach a firm in this municipality.

    National, the municipality's province, each region it belongs to, and the municipality.
    """
    region_slugs = reference_list(
        f"region-slugs-of:{municipality.pk}",
        lambda: Region.objects.filter(municipalities=municipality).values_list("slug", flat=True),
    )
    return [
        NATIONAL_AREA_KEY,
        municipality.province.code,
        *(area_key_for_region(slug) for slug in region_slugs),
        municipality.code,
    ]


def regions_with_counts():
    from django.db.models import Count

    return Region.objects.annotate(municipality_count=Count("municipalities")).order_by(
        "rollout_wave", "name"
    )


def municipalities_with_areas():
    """Municipalities with their province and statistical areas (pages and API)."""
    return Municipality.objects.select_related("province", "corop_area", "labour_market_region")


def place_name_stripper() -> PlaceNameStripper:
    """Place names of every municipality, province and region in the database (regions made
    here too), for texts compared by meaning rather than by area. The same names give the same
    stripper, with the texts it has stripped before."""
    return _stripper_for(
        tuple(
            sorted(
                {
                    *Municipality.objects.values_list("name", flat=True),
                    *Province.objects.values_list("name", flat=True),
                    *Region.objects.values_list("name", flat=True),
                }
            )
        )
    )


@lru_cache(maxsize=2)
def _stripper_for(names: tuple[str, ...]) -> PlaceNameStripper:
    return PlaceNameStripper(names)
