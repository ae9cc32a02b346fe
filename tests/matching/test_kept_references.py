"""While public pages are cached, a match reads shown offers and reference lists from memory.

An offer is kept at its `updated_at`: a changed offer (or its changed themes) shows at once.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scharnier.catalog import services as catalog_services
from scharnier.catalog.models import Theme
from scharnier.core import reference_cache
from scharnier.matching.matcher import match
from scharnier.matching.queries import Profile

pytestmark = pytest.mark.django_db

QUESTION = "Mijn energierekening is verdubbeld"


def _profile(zwolle):
    return Profile(municipality=zwolle, employees=8, sbi_section="g", company_age_years=12)


def _queries_of_a_match(zwolle) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        result = match(QUESTION, _profile(zwolle))
    assert result.matches
    return [q["sql"] for q in queries]


def test_a_repeated_match_reads_no_shown_offer_while_pages_are_cached(small_catalog, settings):
    zwolle, _offers = small_catalog
    settings.SCHARNIER_PAGE_CACHE_SECONDS = 0
    _queries_of_a_match(zwolle)
    uncached = _queries_of_a_match(zwolle)
    assert any("catalog_offer_themes" in sql for sql in uncached)

    settings.SCHARNIER_PAGE_CACHE_SECONDS = 60
    _queries_of_a_match(zwolle)
    kept = _queries_of_a_match(zwolle)
    # Only what must be current: the eligible offers (with their versions) and the feature set.
    assert len(kept) <= 2, kept
    assert len(kept) < len(uncached)
    assert not any("catalog_offer_themes" in sql or "catalog_sizeclass" in sql for sql in kept)


def test_a_changed_offer_shows_at_once_although_shown_offers_are_kept(small_catalog, settings):
    settings.SCHARNIER_PAGE_CACHE_SECONDS = 60
    zwolle, offers = small_catalog
    energy = offers["energy"]
    first = match(QUESTION, _profile(zwolle))
    assert energy.pk in {m.offer.pk for m in first.matches}

    catalog_services.update_offer(
        actor=None,
        offer=energy,
        data={"title": "Subsidie energiebesparing voor het mkb (nieuw)"},
    )
    again = match(QUESTION, _profile(zwolle))
    shown = {m.offer.pk: m.offer for m in again.matches}
    assert shown[energy.pk].title == "Subsidie energiebesparing voor het mkb (nieuw)"


def test_kept_offers_are_bounded_and_the_oldest_go_first(settings, monkeypatch):
    settings.SCHARNIER_PAGE_CACHE_SECONDS = 60
    monkeypatch.setattr(reference_cache, "MAX_OBJECTS", 3)
    loads: list[list[int]] = []

    def load(keys):
        loads.append(sorted(keys))
        return {k: f"offer {k}" for k in keys}

    assert reference_cache.versioned_objects("t", {1: "a", 2: "a"}, load) == {
        1: "offer 1",
        2: "offer 2",
    }
    reference_cache.versioned_objects("t", {3: "a", 4: "a"}, load)  # 1 is dropped
    reference_cache.versioned_objects("t", {2: "a", 1: "a"}, load)  # 2 kept, 1 again
    reference_cache.versioned_objects("t", {2: "b"}, load)  # a new version is loaded
    assert loads == [[1, 2], [3, 4], [1], [2]]


def test_theme_labels_in_a_match_follow_the_page_cache_time(small_catalog, settings):
    settings.SCHARNIER_PAGE_CACHE_SECONDS = 60
    zwolle, _offers = small_catalog
    match(QUESTION, _profile(zwolle))
    Theme.objects.filter(code="verduurzaming").update(label="Duurzaam ondernemen")
    kept = match(QUESTION, _profile(zwolle))
    assert "Duurzaam ondernemen" not in [t.label for t in kept.theme_terms()]
    settings.SCHARNIER_PAGE_CACHE_SECONDS = 0  # the time is up
    fresh = match(QUESTION, _profile(zwolle))
    assert "Duurzaam ondernemen" in [t.label for t in fresh.theme_terms()]
