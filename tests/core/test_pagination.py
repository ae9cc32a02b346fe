"""The window-count paginator gives the pages Django's paginator gives, with one query fewer."""

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scharnier.catalog.models import Theme
from scharnier.core.pagination import WindowCountPaginator

pytestmark = pytest.mark.django_db

# "999999999999999999999" overflowed SQLite's OFFSET: a 500 on every offer list.
NUMBERS = [
    None,
    "",
    "abc",
    "0",
    "-1",
    "1",
    "2",
    "3",
    "4",
    "999",
    2.0,
    2.5,
    "2.5",
    1,
    "999999999999999999999",
]


def _themes(prefix: str):
    return Theme.objects.filter(code__startswith=prefix).order_by("code")


def _same(queryset, number, per_page=20, orphans=0):
    expected = Paginator(queryset, per_page, orphans=orphans).get_page(number)
    actual = WindowCountPaginator(queryset, per_page, orphans=orphans).get_page(number)
    assert actual.number == expected.number, number
    assert [t.pk for t in actual] == [t.pk for t in expected], number
    assert actual.paginator.count == expected.paginator.count
    assert actual.paginator.num_pages == expected.paginator.num_pages
    assert (actual.start_index(), actual.end_index()) == (
        expected.start_index(),
        expected.end_index(),
    )


@pytest.mark.parametrize("orphans", [0, 3])
def test_every_page_number_gives_the_page_djangos_paginator_gives(orphans):
    Theme.objects.bulk_create(
        Theme(code=f"pg-{i:03}", label=f"Thema {i}", position=1000 + i) for i in range(45)
    )
    for number in NUMBERS:
        _same(_themes("pg-"), number, orphans=orphans)
        _same(_themes("geen-"), number, orphans=orphans)  # nothing matches


def test_a_page_with_rows_costs_one_query():
    Theme.objects.bulk_create(
        Theme(code=f"pq-{i:03}", label=f"Thema {i}", position=1000 + i) for i in range(45)
    )
    with CaptureQueriesContext(connection) as queries:
        page = WindowCountPaginator(_themes("pq-"), 20).get_page("2")
        assert (page.paginator.count, page.paginator.num_pages, len(page)) == (45, 3, 20)
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        Paginator(_themes("pq-"), 20).get_page("2").object_list[0]
    assert len(queries) == 2
