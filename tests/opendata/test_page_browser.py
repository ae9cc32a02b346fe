import pytest

from tests.browser import assert_accessible

# The page needs no catalog data (it shows counts), so this test does not depend on the
# reference data that transactional tests flush; serialized_rollback restores it for later tests.
pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.browser,
]


def test_open_data_page_is_accessible_and_reachable_from_the_footer(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("navigation", name="Over deze website").get_by_role(
        "link", name="Open data"
    ).click()

    page.wait_for_url("**/open-data/")
    assert page.locator("h1").inner_text() == "Open data: het aanbod voor ondernemers"
    download = page.get_by_role("link", name="Al het aanbod in HSDS 3.0 (JSON)")
    assert download.get_attribute("href") == "/open-data/aanbod.hsds.json"
    assert_accessible(page)
