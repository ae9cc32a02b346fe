"""Template hook for other apps' pages: the region page's signals section."""

from django import template

from .. import queries

register = template.Library()


@register.inclusion_tag("signals/_region_signals.html")
def region_signals(region) -> dict:
    on_time, due = queries.threads_answered_on_time(region)
    return {
        "region": region,
        "threads": queries.region_threads(region),
        "on_time": on_time,
        "due": due,
    }
