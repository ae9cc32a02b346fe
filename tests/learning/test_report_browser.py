"""Real browser with axe-core at 1280 and 390 px: the report edit form (with errors, then the
workflow), the archive, the draft and the published report page (frozen HTML)."""

import pytest

from scharnier.learning import services
from scharnier.learning.models import HalfYearReport
from tests.browser import SPLITTABLE_JS, assert_accessible
from tests.browser import assert_accessible_and_fits as _check
from tests.learning.reports_world import (
    add_events,
    build_report_world,
    current_period,
    current_period_words,
)
from tests.learning.test_browser import WIDTHS

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]


@pytest.mark.parametrize("width", WIDTHS)
def test_report_form_workflow_and_published_page(page, live_server, login, width):
    world = build_report_world()
    add_events(12)
    page.set_viewport_size({"width": width, "height": 900})
    login(world.users["regisseur_a"])
    page.goto(f"{live_server.url}/rapportages/")
    _check(page)
    page.get_by_label("Voor welke regio?").select_option(label="Regio A")
    page.get_by_label("Welk halfjaar?").select_option(current_period())
    page.get_by_role("button", name="Rapportage openen").click()
    assert "Halfjaarrapportage Regio A" in page.locator("h1").inner_text()
    # Needed to send, so never labelled "(niet verplicht)"; the help text says when.
    assert page.locator("label[for=id_progress]").inner_text().strip() == "Voortgang"
    help_text = page.locator("#id_progress_helptext").inner_text()
    assert "Nodig om de rapportage te versturen" in help_text
    _check(page)
    page.get_by_role("button", name="Opslaan en ter goedkeuring versturen").click()
    assert page.get_by_role("alert").count() == 1
    assert "Fout:" in page.title()
    _check(page)
    page.get_by_label("Voortgang").fill("Meer bedrijven bereikt via de gemeenten.")
    page.get_by_label("Lessen").fill("Een vast aanspreekpunt per gemeente werkt goed.")
    page.get_by_label("Volgende stappen").fill("De lus sluiten bij elke doorverwijzing.")
    page.get_by_role("button", name="Opslaan en ter goedkeuring versturen").click()
    assert "Ter goedkeuring" in page.content()
    _check(page)
    # The second director approves (four eyes), the first one publishes in the browser.
    report = services.approve_report(
        actor=world.users["regisseur_a2"],
        report=HalfYearReport.objects.get(region=world.regions["a"]),
    )
    page.goto(f"{live_server.url}/rapportages/{report.public_id}/")
    assert page.locator("h1").count() == 1
    assert "Concept." in page.content()
    _check(page)
    page.goto(f"{live_server.url}/rapportages/{report.public_id}/bewerken/")
    page.get_by_role("button", name="Publiceren").click()
    assert "Gepubliceerd en vastgezet." in page.content()
    _check(page)
    page.goto(f"{live_server.url}/rapportages/{report.public_id}/")
    assert (
        page.locator("h1").inner_text() == f"Halfjaarrapportage Regio A, {current_period_words()}"
    )
    assert page.locator("svg[role=img] title").count() >= 1
    assert page.locator("table caption").count() >= 5
    _check(page)
    if width == 390:  # on a phone no word or number is split over two lines
        assert page.evaluate(SPLITTABLE_JS) == []
    page.goto(f"{live_server.url}/rapportages/")
    assert page.get_by_role("link", name="Regio A, versie 1").count() == 1
    assert_accessible(page)
