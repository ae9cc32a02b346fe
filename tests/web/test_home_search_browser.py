"""The home page's search button stands with its field: beside it at 1280 px, directly under or
beside it at 390 px (never pushed to the far side of the page)."""

import pytest

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

# The field's input box and the button, as the browser lays them out.
BOXES_JS = """() => {
  const form = document.querySelector('form.home-search');
  const box = el => { const r = el.getBoundingClientRect();
    return {left: r.left, right: r.right, top: r.top, bottom: r.bottom}; };
  return {input: box(form.querySelector('input[name=q]')),
          button: box(form.querySelector('button[type=submit]'))};
}"""


def _boxes(page, live_server, tmp_path, width: int) -> dict:
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    # To look at it: pytest --basetemp=DIR keeps the screenshot.
    page.locator("form.home-search").screenshot(path=tmp_path / f"home-search-{width}.png")
    return page.evaluate(BOXES_JS)


def test_search_button_sits_beside_its_field_on_a_wide_screen(page, live_server, tmp_path):
    boxes = _boxes(page, live_server, tmp_path, 1280)
    field, button = boxes["input"], boxes["button"]
    # On the same line as the input box ...
    assert button["top"] < field["bottom"] and button["bottom"] > field["top"], boxes
    # ... and right after it, not at the far edge of the page.
    assert 0 <= button["left"] - field["right"] <= 24, boxes


def test_search_button_sits_with_its_field_on_a_phone(page, live_server, tmp_path):
    boxes = _boxes(page, live_server, tmp_path, 390)
    field, button = boxes["input"], boxes["button"]
    beside = button["top"] < field["bottom"] and 0 <= button["left"] - field["right"] <= 24
    below = 0 <= button["top"] - field["bottom"] <= 24 and abs(button["left"] - field["left"]) <= 2
    assert beside or below, boxes
    assert button["right"] <= 390, boxes
