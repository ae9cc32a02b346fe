"""A paginator that counts with the page's own query.

Django's paginator asks the database twice per page: a COUNT over every match, then the page.
For a text search both scan the whole catalog. Here the page query carries the total as a
window (`COUNT(*) OVER ()`, SQLite >= 3.25 and PostgreSQL), so a page costs one scan. When the
page holds no rows (no matches, or a page number past the end) it falls back to Django's own
way, which also turns a wrong number into the nearest real page.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window

TOTAL = "_page_total"
# Past any real list; a larger number would overflow the database's OFFSET (a 500 on SQLite).
# Django's own way then counts and answers the last page.
MAX_FAST_PAGE = 1_000_000


class WindowCountPaginator(Paginator):
    def get_page(self, number) -> Page:
        wanted = _page_number(number)
        if wanted is not None and 1 <= wanted <= MAX_FAST_PAGE:
            bottom = (wanted - 1) * self.per_page
            query = self.object_list.annotate(**{TOTAL: Window(Count("pk"))})
            rows = list(query[bottom : bottom + self.per_page])
            if rows:
                self.__dict__["count"] = getattr(rows[0], TOTAL)
                if self.orphans == 0 or wanted < self.num_pages:
                    return self._get_page(rows, wanted, self)
        return super().get_page(number)


def _page_number(number) -> int | None:
    """The page number as Django's validate_number reads it, or None when it is not one."""
    if number is None:
        return 1
    try:
        if isinstance(number, float) and not number.is_integer():
            return None
        return int(number)
    except (TypeError, ValueError):
        return None
