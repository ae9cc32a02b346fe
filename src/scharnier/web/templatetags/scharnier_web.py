"""Small template helpers for the pages."""

from django import template
from django.core.paginator import Page

register = template.Library()


@register.simple_tag
def page_numbers(page: Page) -> list:
    """Page numbers around the current page, with Paginator.ELLIPSIS for the gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.filter
def labels(terms) -> str:
    """Comma-separated Dutch labels of prefetched vocabulary terms or places."""
    return ", ".join(str(term) for term in terms)


@register.filter
def names(terms) -> str:
    """As `labels`, but the plain name where a term has one (SBI sections without their letter):
    for entrepreneurs."""
    return ", ".join(getattr(term, "name", None) or str(term) for term in terms)


@register.filter
def region_labels(regions) -> str:
    """Region names as people say them: "Regio Zwolle", "Regio Achterhoek", never "Regio Regio"."""
    return ", ".join(
        region.name if region.name.lower().startswith("regio") else f"Regio {region.name}"
        for region in regions
    )


@register.filter
def domain(url: str) -> str:
    """The host of a web address, as its link text ("www.kvk.nl" for a long deep link): the
    full address rarely fits a phone and tells a reader less."""
    from urllib.parse import urlsplit

    host = urlsplit(url or "").hostname
    return host or url


@register.filter
def cost_note_beyond_free(offer) -> str:
    """The offer's cost note, unless it only says again that the offer is free
    ("Gratis (Gratis.)" reads as a mistake)."""
    note = (offer.cost_note or "").strip()
    if offer.cost_eur == 0 and note.rstrip(".!").strip().lower() in ("gratis", "kosteloos"):
        return ""
    return note
