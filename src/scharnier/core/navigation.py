"""The menus and each role's home page: a registry that the apps fill from AppConfig.ready().

Every entry carries the predicate that decides who sees it, so a menu never offers a page that
would answer 403. The predicate gets the user (anonymous included) and must be cheap: it runs
on every page. Menus:

- "main": the public site (everybody).
- "work": the work pages of signed-in users (a second header row, shown only when not empty).
- "footer": privacy, accessibility, contact, colophon.
- any other name: a sub-menu of one app (for example "landscape").
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

Predicate = Callable[[Any], bool]


def everyone(user) -> bool:
    return True


def signed_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


@dataclass(frozen=True)
class MenuEntry:
    menu: str
    label: str | Promise
    url_name: str
    position: int = 100
    visible: Predicate = everyone
    # Paths (regular expressions) that belong to this entry besides its own URL: a work page
    # that lives under another section's address ("/regio/<slug>/communities/"); or a
    # `(user, path) -> bool` test where it depends on who looks.
    also_current: tuple[str | Callable[[Any, str], bool], ...] = ()


@dataclass(frozen=True)
class RoleHome:
    resolve: Callable[[Any], str | None]
    priority: int


_ENTRIES: list[MenuEntry] = []
_HOMES: list[RoleHome] = []


def register(
    menu: str,
    label: str | Promise,
    url_name: str,
    position: int = 100,
    *,
    visible: Predicate = everyone,
    also_current: tuple[str | Callable[[Any, str], bool], ...] = (),
) -> None:
    """Add a page to a menu (idempotent: one entry per menu and URL name).

    `also_current`: other pages on which this entry is the current one, as path patterns or
    as `(user, path) -> bool` where that depends on the user (a province's own page)."""
    if any(e.menu == menu and e.url_name == url_name for e in _ENTRIES):
        return
    _ENTRIES.append(MenuEntry(menu, label, url_name, position, visible, also_current))


def register_home(resolve: Callable[[Any], str | None], priority: int) -> None:
    """A role's home page: `resolve(user)` gives its URL, or None when the role does not apply.

    After login a user lands on the first home that applies (lowest priority first).
    """
    if any(h.resolve is resolve for h in _HOMES):
        return
    _HOMES.append(RoleHome(resolve, priority))


def home_url(user) -> str:
    """The role's home page, or the public home page for a user without a role."""
    for home in sorted(_HOMES, key=lambda h: h.priority):
        url = home.resolve(user)
        if url:
            return url
    return reverse("web:home")


def _is_current(url: str, path: str) -> bool:
    return url == path or (url != "/" and path.startswith(url))


def entries(menu: str, user, path: str = "") -> list[dict]:
    """The visible entries of one menu, in order, as label/url/current."""
    result, matches = [], []
    for entry in sorted((e for e in _ENTRIES if e.menu == menu), key=lambda e: e.position):
        if not entry.visible(user):
            continue
        try:
            url = reverse(entry.url_name)
        except NoReverseMatch:
            continue
        item = {"label": str(entry.label), "url": url, "current": False}
        result.append(item)
        if _is_current(url, path) or any(
            p(user, path) if callable(p) else re.match(p, path) for p in entry.also_current
        ):
            matches.append(item)
    # Only the longest matching entry is the current one ("/stelsel/" vs "/stelsel/toets/").
    if matches:
        max(matches, key=lambda item: len(item["url"]))["current"] = True
    return result


def all_entries(menu: str) -> list[MenuEntry]:
    """Every registered entry of a menu, visible or not (for tests and documentation)."""
    return sorted((e for e in _ENTRIES if e.menu == menu), key=lambda e: e.position)


class _Menus(dict):
    """Template access `menus.landscape`: computed on first use for the current request."""

    def __init__(self, user, path: str) -> None:
        super().__init__()
        self._user, self._path = user, path

    def __missing__(self, menu: str) -> list[dict]:
        self[menu] = entries(menu, self._user, self._path)
        return self[menu]


def navigation(request) -> dict:
    """Context processor: the menus for this request's user."""
    user = getattr(request, "user", None)
    path = getattr(request, "path", "")
    menus = _Menus(user, path)
    return {
        "menus": menus,
        "main_navigation": menus["main"],
        "work_navigation": menus["work"],
        "footer_navigation": menus["footer"],
    }
