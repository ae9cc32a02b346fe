"""Boxes with a heading, text and a link inside an NL Design System alert (the adviser
hand-over and the contact box after a question, "Geen aanbod gevonden", the error summary) in a
real browser: on a phone (390 px) their parts stand under each other and no word is split over
two lines; at 1280 px they still read top to bottom, not as columns side by side."""

import pytest

from tests.browser import assert_accessible_and_fits

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.browser,
]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
QUESTION = "/vraag/?vraag=mijn+kat+heeft+vlooien&gemeente=GM0193&medewerkers=3&leeftijd=6"
BOXES = ".adviser-handover, .contact-box, .empty-state, .error-summary"

# Every word in the box whose letters lie on more than one line (split by the browser): the
# rectangles of a Range over the word, one per line it covers.
SPLIT_WORDS_JS = """box => {
  const split = [];
  const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const match of node.data.matchAll(/\\S+/g)) {
      const range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0)
                                                      .map(r => Math.round(r.top)));
      if (tops.size > 1) split.push(match[0]);
    }
  }
  return split;
}"""
# The box's own children, as [left, top, right] each.
PARTS_JS = """box => [...box.children].map(c => {
  const r = c.getBoundingClientRect();
  return [r.left, r.top, r.right];
})"""


def _check_boxes(page, width: int) -> int:
    boxes = page.locator(BOXES)
    for i in range(boxes.count()):
        box = boxes.nth(i)
        assert (split := box.evaluate(SPLIT_WORDS_JS)) == [], f"split words at {width}px: {split}"
        parts = box.evaluate(PARTS_JS)
        assert len(parts) >= 3
        # One column: every part starts at the same left edge, each under the one before.
        assert max(p[0] for p in parts) - min(p[0] for p in parts) < 1, parts
        assert all(a[1] < b[1] for a, b in zip(parts, parts[1:], strict=False)), parts
    return boxes.count()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_question_result_boxes_read_top_to_bottom(small_catalog, live_server, page, viewport):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + QUESTION)
    # One box with the person to ask and the online question, not two saying the same.
    handover = page.locator(".contact-box")
    assert handover.get_by_role("heading", name="Liever met iemand praten?").is_visible()
    assert page.locator(".adviser-handover").count() == 0
    assert _check_boxes(page, viewport["width"]) == 1
    # The heading spans the box's width, so its text is not squeezed into a column.
    heading = handover.get_by_role("heading").bounding_box()
    link = handover.get_by_role("link", name="Vraag een adviseur om hulp").bounding_box()
    assert heading["width"] > handover.bounding_box()["width"] * 0.8
    assert link["y"] > heading["y"]
    if viewport is PHONE:
        assert_accessible_and_fits(page)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_no_offers_found_box_keeps_its_words_whole(live_server, page, viewport):
    page.set_viewport_size(viewport)
    page.goto(live_server.url + "/aanbod/?q=qwertyzxcv")
    heading = page.locator(".empty-state").get_by_role("heading", name="Geen aanbod gevonden")
    assert heading.is_visible()
    assert _check_boxes(page, viewport["width"]) == 1
    if viewport is PHONE:
        # "Geen aanbod gevonden" fits one line of a phone.
        assert heading.evaluate("h => h.getClientRects().length") == 1
        assert heading.bounding_box()["height"] < 60
        assert_accessible_and_fits(page)
