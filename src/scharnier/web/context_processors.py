"""Template context for every page: the main menu."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavigationItem:
    label: str | Promise
    url_name: str
    position: int = 100
    # Only shown to signed-in users (for example the editor area).
    login_required: bool = False


_ITEMS: list[NavigationItem] = [
    NavigationItem(_("Home"), "web:home", 0),
    NavigationItem(_("Aanbod"), "web:offer-search", 10),
    NavigationItem(_("Regio's"), "web:region-list", 20),
    NavigationItem(_("Organisaties"), "web:organisation-list", 30),
    NavigationItem(_("Mijn aanbod"), "web:editor-offers", 900, login_required=True),
]


def register_navigation_item(
    label: str | Promise, url_name: str, position: int = 100, *, login_required: bool = False
) -> None:
    """Let other apps add a page to the main menu (call from their AppConfig.ready())."""
    if any(item.url_name == url_name for item in _ITEMS):
        return
    _ITEMS.append(NavigationItem(label, url_name, position, login_required))


def navigation(request) -> dict:
    """The main menu; `current` marks the section the visitor is in."""
    path = getattr(request, "path", "")
    signed_in = getattr(getattr(request, "user", None), "is_authenticated", False)
    entries = []
    for item in sorted(_ITEMS, key=lambda i: i.position):
        if item.login_required and not signed_in:
            continue
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        entries.append(
            {
                "label": str(item.label),
                "url": url,
                "current": url == path or (url != "/" and path.startswith(url)),
            }
        )
    return {"main_navigation": entries}
