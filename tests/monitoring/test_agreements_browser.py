"""The result-agreement form in a real browser with axe-core at 1280 and 390 px: errors are
listed and shown at their fields with what was typed kept; after saving, the region's
dashboard shows the agreement against the actual figures and the baseline is locked."""

import pytest
from django.utils import timezone

from scharnier.organisations import services as organisation_services
from scharnier.organisations.models import RegionalRoleKind, Role
from tests.browser import assert_accessible_and_fits
from tests.factories import make_organisation, make_region, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

YEAR = timezone.localdate().year


@pytest.mark.parametrize("width", [1280, 390])
def test_director_enters_agreements_with_errors_reshown(page, live_server, login, width):
    region = make_region("regio-zwolle", municipality_codes=["GM0193"], name="Regio Zwolle")
    kvk = make_organisation("kvk-zwolle", name="KvK Zwolle")
    organisation_services.set_regional_role(
        region=region, organisation=kvk, role=RegionalRoleKind.LEAD
    )
    director = make_user(Role.REGIONAL_DIRECTOR, region=region)
    page.set_viewport_size({"width": width, "height": 900})
    login(director)

    page.goto(f"{live_server.url}/dashboard/regio/regio-zwolle/")
    assert f"Voor {YEAR} zijn nog geen resultaatafspraken vastgelegd." in page.content()
    page.get_by_role("link", name="Resultaatafspraken vastleggen").click()
    assert page.locator("h1").inner_text() == f"Resultaatafspraken {YEAR}, Regio Zwolle"
    assert_accessible_and_fits(page)

    page.get_by_label("Streefwaarde voor Bereikte bedrijven (bedrijven)").fill("900")
    page.get_by_label("Nulmeting voor Bereikte bedrijven (bedrijven)").fill("300")
    page.get_by_label("Streefwaarde voor Acceptatie van doorverwijzingen (procent)").fill("150")
    page.get_by_label("Toelichting").fill("Afgesproken aan de regionale tafel.")
    page.get_by_role("button", name="Afspraken opslaan").click()

    assert "Fout:" in page.title()
    summary = page.get_by_role("alert").inner_text()
    assert "Vul een getal van 0 tot en met 100 in." in summary
    assert "Vul de datum van de nulmeting in." in summary
    assert "Kies minstens één partij die de afspraak maakt." in summary
    # Each message also at its field, and what was typed is still there.
    rate = page.get_by_label("Streefwaarde voor Acceptatie van doorverwijzingen (procent)")
    assert rate.get_attribute("aria-invalid") == "true" or "invalid" in rate.get_attribute("class")
    assert page.get_by_label("Streefwaarde voor Bereikte bedrijven (bedrijven)").input_value() == (
        "900"
    )
    assert page.get_by_label("Nulmeting voor Bereikte bedrijven (bedrijven)").input_value() == "300"
    assert page.get_by_label("Toelichting").input_value() == "Afgesproken aan de regionale tafel."
    assert_accessible_and_fits(page)

    rate.fill("80")
    page.get_by_label("Datum van de nulmeting voor Bereikte bedrijven", exact=True).fill(
        f"{YEAR}-01-01"
    )
    page.get_by_label("KvK Zwolle").check()
    page.get_by_role("button", name="Afspraken opslaan").click()

    page.wait_for_url("**/dashboard/regio/regio-zwolle/**")
    assert "De resultaatafspraken zijn opgeslagen." in page.content()
    table = page.get_by_role("table", name=f"Afgesproken doelen voor {YEAR}")
    assert "Bereikte bedrijven" in table.inner_text() and "900" in table.inner_text()
    assert "80%" in table.inner_text()
    assert_accessible_and_fits(page)

    page.get_by_role("link", name="Resultaatafspraken wijzigen").click()
    assert page.get_by_label("Nulmeting voor Bereikte bedrijven (bedrijven)").count() == 0
    assert "Nulmeting: 300 bedrijven" in page.content()
    assert_accessible_and_fits(page)
