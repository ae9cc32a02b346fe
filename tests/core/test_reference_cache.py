"""Reference lists are kept per process only while public pages are cached."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scharnier.catalog.models import Theme
from scharnier.web.forms import OfferSearchForm

pytestmark = pytest.mark.django_db


def _queries_of_a_form() -> int:
    with CaptureQueriesContext(connection) as queries:
        OfferSearchForm(None)
    return len(queries)


def test_filter_lists_come_from_the_database_on_every_form_without_page_cache(settings):
    settings.SCHARNIER_PAGE_CACHE_SECONDS = 0
    assert _queries_of_a_form() == 6  # five vocabularies and the municipalities
    assert _queries_of_a_form() == 6


def test_filter_lists_are_kept_while_pages_are_cached_and_a_change_shows_after(settings):
    settings.SCHARNIER_PAGE_CACHE_SECONDS = 60
    first = OfferSearchForm(None)
    assert _queries_of_a_form() == 0
    Theme.objects.create(code="nieuw-thema", label="Nieuw thema", position=999)
    kept = OfferSearchForm(None).fields["thema"].choices
    assert kept == first.fields["thema"].choices
    # A caller may change its copy without changing what is kept.
    kept.append(("x", "y"))
    assert OfferSearchForm(None).fields["thema"].choices == first.fields["thema"].choices
    settings.SCHARNIER_PAGE_CACHE_SECONDS = 0  # the time is up
    assert ("nieuw-thema", "Nieuw thema") in OfferSearchForm(None).fields["thema"].choices
