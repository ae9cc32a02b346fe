"""The page "Termijn en sluitingsdagen" in a real browser: the regional director fills it in,
a mistake is explained and what was typed stays, at desk and phone width, axe clean."""

import datetime

import pytest
from django.utils import timezone

from scharnier.casework.models import RegionClosure
from scharnier.organisations.models import Role
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import ensure_reference_data, make_region, make_user

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed"),
]


@pytest.mark.parametrize("width", [1280, 390])
def test_the_director_closes_the_team_for_christmas(page, live_server, login, width):
    ensure_reference_data()
    region = make_region("regio-zwolle", municipality_codes=["GM0193"], name="Regio Zwolle")
    director = make_user(Role.REGIONAL_DIRECTOR, region=region, username="regisseur")
    page.set_viewport_size({"width": width, "height": 900})
    login(director)

    # The menu's "Termijnen" leads to the region's page.
    page.goto(f"{live_server.url}/")
    if width < 600:
        page.locator("summary", has_text="Mijn werk").click()
    page.get_by_role("link", name="Termijnen").click()
    assert page.url.endswith("/regio/regio-zwolle/termijnen/")
    assert page.locator("h1").inner_text() == "Termijn en sluitingsdagen van Regio Zwolle"
    assert page.get_by_test_id("no-closures").is_visible()
    assert_accessible_and_fits(page)

    today = timezone.localdate()
    start = today + datetime.timedelta(days=10)
    page.get_by_label("Eerste dag dicht").fill(start.isoformat())
    page.get_by_label("Laatste dag dicht").fill((start - datetime.timedelta(days=2)).isoformat())
    page.get_by_label("Reden").fill("kerstvakantie")
    page.get_by_role("button", name="Sluiting opslaan").click()
    summary = page.locator(".utrecht-form-field-error-message, [role=alert]").first
    assert "De laatste dag ligt voor de eerste dag" in page.locator("main").inner_text()
    assert summary.is_visible()
    assert page.get_by_label("Reden").input_value() == "kerstvakantie"
    assert page.get_by_label("Eerste dag dicht").input_value() == start.isoformat()
    assert_accessible_and_fits(page)
    assert not RegionClosure.objects.exists()

    page.get_by_label("Laatste dag dicht").fill((start + datetime.timedelta(days=8)).isoformat())
    page.get_by_role("button", name="Sluiting opslaan").click()
    closures = page.get_by_test_id("closures")
    assert "(kerstvakantie)" in closures.inner_text()
    assert "De sluiting is opgeslagen." in page.locator("body").inner_text()
    assert_accessible_and_fits(page)
    assert RegionClosure.objects.get().ends_on == start + datetime.timedelta(days=8)

    page.get_by_label("Eerste reactie binnen (werkdagen)").fill("3")
    page.get_by_role("button", name="Termijnen opslaan").click()
    assert page.get_by_label("Eerste reactie binnen (werkdagen)").input_value() == "3"

    page.get_by_role("button", name="Weghalen").click()
    assert page.get_by_test_id("no-closures").is_visible()
    assert not RegionClosure.objects.exists()
