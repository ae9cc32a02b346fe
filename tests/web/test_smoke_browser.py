import pytest

from tests.browser import assert_accessible

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


def test_home_page_renders_and_is_accessible(page, live_server):
    page.goto(live_server.url + "/")
    assert page.locator("h1").inner_text() == "Hulp voor ondernemers"
    assert_accessible(page)
