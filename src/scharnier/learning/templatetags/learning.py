"""Template hooks for other apps' pages: the region page's visitation section."""

from django import template

from .. import queries

register = template.Library()


@register.inclusion_tag("learning/_region_visitations.html")
def region_visitations(region) -> dict:
    return {"region": region, "rows": queries.region_visitations(region)}
