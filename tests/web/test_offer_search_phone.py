"""Offer search on a phone (390 px) in a real browser: the filters fold behind a native
<details> summary, so after "Zoeken" the first result is on the first screen; the summary says
how many filters are chosen and opens them. At 1280 px the filters stand open beside the results."""

import pytest
from playwright.sync_api import expect

from tests.browser import assert_accessible, assert_accessible_and_fits
from tests.web.test_browser import build_catalog

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def _theme_box(page):
    return page.get_by_role("group", name="Thema").get_by_label("Verduurzaming en energie")


def test_on_a_phone_the_results_come_first_and_the_filters_fold(page, live_server):
    build_catalog()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/aanbod/")
    page.get_by_label("Zoekwoorden").fill("energie")
    page.get_by_role("button", name="Zoeken").click()
    expect(page.locator(".result-count")).to_contain_text("2 resultaten")
    first = page.locator(".offer-card").first
    assert first.bounding_box()["y"] < PHONE["height"], "first result below the first screen"
    assert not _theme_box(page).is_visible()
    summary = page.locator("summary.filter-toggle__summary")
    assert summary.inner_text().strip() == "Filters"  # nothing chosen yet
    assert_accessible_and_fits(page)

    summary.click()
    _theme_box(page).check()
    page.get_by_role("button", name="Toon", exact=True).click()
    expect(page.locator(".result-count")).to_contain_text("2 resultaten")
    # Folded again after the search, and the summary tells that a filter is on.
    assert not _theme_box(page).is_visible()
    assert "1 filter gekozen" in summary.inner_text()
    assert page.locator(".offer-card").first.bounding_box()["y"] < PHONE["height"]
    # The keyboard opens it too (a native summary, no script).
    summary.focus()
    page.keyboard.press("Enter")
    assert _theme_box(page).is_visible() and _theme_box(page).is_checked()
    assert_accessible_and_fits(page)


def test_on_a_phone_a_filter_with_an_error_shows_unfolded(page, live_server):
    build_catalog()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/aanbod/?thema=bestaat-niet")
    assert page.locator("details.filter-toggle").get_attribute("open") is not None
    assert _theme_box(page).is_visible()


def test_on_a_wide_screen_the_filters_stand_open_beside_the_results(page, live_server):
    build_catalog()
    page.set_viewport_size(DESKTOP)
    page.goto(live_server.url + "/aanbod/?q=energie")
    assert _theme_box(page).is_visible()
    assert not page.locator("summary.filter-toggle__summary").is_visible()
    assert page.get_by_role("heading", name="Filters").is_visible()
    filters, results = page.locator(".search-layout__filters"), page.locator(".offer-card").first
    assert (
        filters.bounding_box()["x"] + filters.bounding_box()["width"] < results.bounding_box()["x"]
    )
    assert_accessible(page)


def test_the_region_page_folds_its_offer_filters_too(page, live_server):
    build_catalog()
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/regio/regio-zwolle/")
    assert not _theme_box(page).is_visible()
    page.locator("summary.filter-toggle__summary").click()
    assert _theme_box(page).is_visible()
    assert_accessible_and_fits(page)
