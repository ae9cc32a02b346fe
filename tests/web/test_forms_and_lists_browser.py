"""Form controls and data lists in a real browser: checkboxes as large as the radio buttons and
level with their label, a long consent label beside its box, focus on the error summary after a
failed submit, and a long web address that wraps instead of widening a phone's page."""

import pytest

from scharnier.organisations.models import Role
from tests.browser import assert_accessible_and_fits, assert_no_horizontal_scroll
from tests.factories import make_offer, make_organisation, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LONG_URL = (
    "https://www.ondernemershuis-regio-zwolle.nl/aanbod/energiebesparing/"
    "subsidieregeling-verduurzaming-mkb-2026-aanvraagformulier-en-voorwaarden?bron=scharnier"
)

# The box, and the first line of its label's text: [box top, box height, box width,
# line top, line height, label left, box right].
CHECKBOX_JS = """field => {
  const box = field.querySelector('input[type=checkbox]').getBoundingClientRect();
  const label = field.querySelector('label');
  const range = document.createRange();
  range.selectNodeContents(label);
  const line = [...range.getClientRects()].filter(r => r.width > 0)[0];
  return [box.top, box.height, box.width, line.top, line.height, line.left, box.right];
}"""


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_consent_checkboxes_are_large_and_beside_their_label(live_server, page, viewport):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/hulpvraag/")
    fields = page.locator(".utrecht-form-field--checkbox")
    assert fields.count() == 2
    for i in range(fields.count()):
        box_top, height, width, line_top, line_height, line_left, box_right = fields.nth(
            i
        ).evaluate(CHECKBOX_JS)
        assert height >= 24 and width >= 24, (height, width)  # as the radio buttons
        # Level with the label's first line, which starts right beside the box.
        assert abs((box_top + height / 2) - (line_top + line_height / 2)) <= 3
        assert 0 < line_left - box_right < 20
    checkbox = page.get_by_role("checkbox").first
    assert checkbox.evaluate("c => getComputedStyle(c).accentColor") != "auto"
    checkbox.focus()
    page.keyboard.press("Space")
    assert checkbox.is_checked()
    assert checkbox.evaluate("c => getComputedStyle(c).outlineStyle") == "solid"
    assert_accessible_and_fits(page)


def test_checkboxes_are_as_large_as_the_radio_buttons_of_the_same_form(page, live_server, login):
    provider = make_organisation("ondernemershuis", name="Ondernemershuis")
    login(make_user(Role.PROVIDER_EDITOR, organisation=provider, username="redacteur"))
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/beheer/aanbod/nieuw/")
    radio = page.locator("input[type=radio]").first.bounding_box()
    checkbox = page.locator("input[type=checkbox]").first.bounding_box()
    assert round(radio["width"]) == round(checkbox["width"]) >= 24
    assert round(radio["height"]) == round(checkbox["height"]) >= 24


def test_after_a_failed_submit_the_error_summary_has_the_focus(live_server, page):
    page.set_viewport_size(PHONE)
    page.goto(live_server.url + "/hulpvraag/")
    page.get_by_role("button", name="Vraag versturen").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert "Er is iets niet goed ingevuld" in summary.inner_text()
    assert summary.get_attribute("tabindex") == "-1"
    page.wait_for_function("() => document.activeElement.classList.contains('error-summary')")
    # The next Tab goes to the first link to a field.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.error-summary') !== null")
    assert_accessible_and_fits(page)


def test_a_long_web_address_wraps_on_a_phone(page, live_server, login):
    provider = make_organisation(
        "ondernemershuis", name="Ondernemershuis", website=LONG_URL, email="info@example.nl"
    )
    offer = make_offer(provider=provider, title="Energiescan", url=LONG_URL)
    login(make_user(Role.PROVIDER_EDITOR, organisation=provider, username="redacteur"))
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/aanbod/{offer.public_id}/")
    assert page.get_by_role("link", name="Aanbod bewerken").is_visible()  # as its editor
    link = page.locator("dd a[href^='https://www.ondernemershuis']")
    assert link.inner_text() == "www.ondernemershuis-regio-zwolle.nl"  # the domain, not the URL
    box = link.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
    assert_no_horizontal_scroll(page)

    # An address written out in full (as other pages still do) wraps inside the value.
    link.evaluate("a => { a.textContent = a.href; }")
    box = link.bounding_box()
    assert box["x"] + box["width"] <= PHONE["width"]
    assert_no_horizontal_scroll(page)
    # A list's terms and other values still never split mid-word (only the address may).
    for selector in ("dl dt", "dl dd"):
        cell = page.locator(selector).first
        assert cell.evaluate("e => getComputedStyle(e).overflowWrap") == "normal"

    page.goto(f"{live_server.url}/organisaties/ondernemershuis/")
    assert_no_horizontal_scroll(page)
