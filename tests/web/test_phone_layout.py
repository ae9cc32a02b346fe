"""Staff pages on a phone (390 px) in a real browser: a worklist table shows each row as a card
with every cell on its own line after its column name (no sideways scrolling to find the status
or the reaction deadline), and the two header menus fold behind their summary so the page itself
starts high. At 1280 px the table keeps its header row and the menus stay open on one line."""

import pytest

from scharnier.communities.services import save_community
from scharnier.organisations.models import Role
from tests.browser import assert_accessible, assert_accessible_and_fits
from tests.casework.conftest import submit
from tests.factories import make_region, make_user

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}

# The cell's own content (not its ::before label): where its first line starts.
VALUE_LEFT_JS = """td => {
  const range = document.createRange();
  range.selectNodeContents(td);
  const rects = [...range.getClientRects()].filter(r => r.width > 0);
  return rects.length ? Math.min(...rects.map(r => r.left)) : null;
}"""
LABEL_JS = "td => getComputedStyle(td, '::before').content"


@pytest.fixture
def staff():
    region = make_region("regio-zwolle", municipality_codes=["GM0193"], name="Regio Zwolle")
    submit("GM0193")
    return make_user(Role.SCHAKELTEAM_MEMBER, region=region, username="schakel")


def _column_cell(page, row, name: str):
    """The cell of `row` under the column header `name` (found by position, as a table reads)."""
    headers = [t.strip() for t in page.locator("table.table-stack thead th").all_text_contents()]
    assert name in headers, headers
    return row.locator(":scope > td, :scope > th").nth(headers.index(name))


def test_inbox_on_a_phone_shows_status_and_deadline_without_sideways_scrolling(
    page, live_server, login, staff
):
    page.set_viewport_size(PHONE)
    login(staff)
    page.goto(f"{live_server.url}/schakelteam/vragen/")
    row = page.locator("table.table-stack tbody tr").first
    for column in ("Status", "Reactietermijn"):
        cell = _column_cell(page, row, column)
        assert cell.inner_text().strip(), f"{column}: empty cell"
        assert cell.is_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (column, box)
        # Its column name stands before the value, on the same line.
        assert cell.get_attribute("data-label") == column
        assert column in cell.evaluate(LABEL_JS)
        value_left = cell.evaluate(VALUE_LEFT_JS)
        assert value_left is not None and value_left > box["x"] + 40, (column, value_left, box)
        assert value_left < PHONE["width"]
    # Nothing is left to scroll to inside the table's region either.
    region = page.locator(".table-scroll").first
    assert region.evaluate("e => e.scrollWidth - e.clientWidth") <= 1
    # The header row is still there for screen readers, only out of sight.
    assert page.get_by_role("columnheader", name="Reactietermijn").count() == 1
    assert_accessible_and_fits(page)

    page.set_viewport_size(DESKTOP)
    header = page.get_by_role("columnheader", name="Reactietermijn")
    assert header.is_visible()
    assert header.bounding_box()["height"] > 10
    # No labels inside the cells on a wide screen: the header row names the columns.
    cell = _column_cell(page, row, "Status")
    assert cell.evaluate(LABEL_JS) == "none"
    header_box, cell_box = header.bounding_box(), cell.bounding_box()
    assert header_box["y"] < cell_box["y"]
    assert_accessible(page)

    # A cell without content (blank on the wide table) shows no column name without a value.
    page.set_viewport_size(PHONE)
    urgency = _column_cell(page, row, "Urgentie")
    assert urgency.is_visible()
    urgency.evaluate("td => { td.textContent = ''; }")
    assert not urgency.is_visible()


def test_header_menus_fold_on_a_phone_and_open_from_their_summary(page, live_server, login, staff):
    page.set_viewport_size(PHONE)
    login(staff)
    page.goto(f"{live_server.url}/schakelteam/vragen/")
    main_menu = page.locator('ul[data-menu="main"]')
    work_menu = page.locator('ul[data-menu="work"]')
    assert not main_menu.get_by_role("link").first.is_visible()
    assert not work_menu.get_by_role("link").first.is_visible()
    # The page starts high: the heading is in the first part of the screen.
    assert page.locator("main h1").bounding_box()["y"] < 300
    # The current page is named in the work menu's summary while it is closed.
    work_summary = page.locator("summary").filter(has_text="Mijn werk")
    assert "Vragen" in work_summary.inner_text()
    assert_accessible_and_fits(page)

    work_summary.click()
    first = work_menu.get_by_role("link").first
    assert first.is_visible()
    box = first.bounding_box()
    assert 0 <= box["x"] and box["x"] + box["width"] <= PHONE["width"]
    current = work_menu.locator('[aria-current="page"]')
    assert current.is_visible() and current.inner_text() == "Vragen"
    assert current.evaluate("a => getComputedStyle(a).textDecorationLine") == "underline"
    assert not main_menu.get_by_role("link").first.is_visible()  # each menu folds on its own

    # The main menu opens from the keyboard too (a native summary, no script).
    main_summary = page.locator("summary").filter(has_text="Hoofdmenu")
    main_summary.focus()
    page.keyboard.press("Enter")
    assert main_menu.get_by_role("link").first.is_visible()
    assert_accessible_and_fits(page)


def test_header_menus_are_open_on_a_wide_screen(page, live_server, login, staff):
    page.set_viewport_size(DESKTOP)
    login(staff)
    page.goto(f"{live_server.url}/schakelteam/vragen/")
    for menu in ("main", "work"):
        links = page.locator(f'ul[data-menu="{menu}"]').get_by_role("link")
        assert links.first.is_visible() and links.last.is_visible(), menu
        tops = {round(box["y"]) for box in (links.first.bounding_box(), links.last.bounding_box())}
        assert len(tops) == 1, f"{menu} menu wraps at 1280 px"
    assert not page.locator("summary").filter(has_text="Mijn werk").is_visible()
    assert not page.locator("summary").filter(has_text="Hoofdmenu").is_visible()
    navigation = page.get_by_role("navigation", name="Mijn werk")
    assert navigation.get_by_role("link", name="Vragen").get_attribute("aria-current") == "page"
    assert_accessible(page)


def test_a_visitor_on_a_phone_sees_the_few_main_links_without_opening_a_menu(page, live_server):
    """Only staff carry two menus; an entrepreneur's way in (Zoek hulp ...) stays in view."""
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/aanbod/")
    main_menu = page.locator('ul[data-menu="main"]')
    assert main_menu.get_by_role("link").first.is_visible()
    assert page.locator("summary").filter(has_text="Hoofdmenu").count() == 0
    assert_accessible_and_fits(page)


def test_community_map_on_a_phone_shows_each_community_as_a_card(page, live_server, login):
    """The regional director's community list: its status and organiser stay in view at 390 px
    (before, the seven-column table scrolled sideways and hid them)."""
    region = make_region("regio-zwolle", municipality_codes=["GM0193"], name="Regio Zwolle")
    director = make_user(Role.REGIONAL_DIRECTOR, region=region, username="regisseur")
    community = save_community(
        actor=director,
        region=region,
        data={"name": "Bakkers en ambacht Zwolle", "kind": "sector", "reach": 35},
    )
    page.set_viewport_size(PHONE)
    login(director)
    page.goto(f"{live_server.url}/regio/regio-zwolle/communities/")
    row = page.locator("table.table-stack tbody tr").first
    assert row.get_by_role("link", name=community.name).is_visible()
    for column in ("Status", "Organisator", "Bereik"):
        cell = _column_cell(page, row, column)
        assert cell.is_visible()
        box = cell.bounding_box()
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"], (column, box)
        assert cell.get_attribute("data-label") == column
    region_box = page.locator(".table-scroll").first
    assert region_box.evaluate("e => e.scrollWidth - e.clientWidth") <= 1
    assert_accessible_and_fits(page)

    page.set_viewport_size(DESKTOP)
    assert page.get_by_role("columnheader", name="Status").is_visible()
    assert_accessible(page)


# Words of the page's headings that the browser broke over two lines.
BROKEN_WORDS_JS = """() => {
  const broken = [];
  for (const heading of document.querySelectorAll('main :is(h1, h2, h3)')) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      // A compound may break after its hyphen (zij-instromers), or at a soft hyphen.
      for (const match of node.data.matchAll(/[^\\s\\-\\u00ad]+/g)) {
        const top = offset => {
          const range = document.createRange();
          range.setStart(node, offset);
          range.setEnd(node, offset + 1);
          // The last box: a letter after a line break also reports the end of the line before.
          const boxes = range.getClientRects();
          return boxes.length ? Math.round(boxes[boxes.length - 1].top) : null;  // hidden
        };
        // Its first and last letter on different lines.
        const first = top(match.index), last = top(match.index + match[0].length - 1);
        if (first !== null && last !== null && first !== last) broken.push(match[0]);
      }
    }
  }
  return broken;
}"""


def test_a_long_dutch_word_in_a_heading_stays_whole_on_a_phone(page, live_server):
    """ "Halfjaarrapportages" broke as "Halfjaarrapportage / s" at 40 px where the browser has no
    Dutch hyphenation; on a phone the headings are a step smaller."""
    page.set_viewport_size(PHONE)
    page.goto(f"{live_server.url}/rapportages/")
    assert page.locator("h1").inner_text() == "Halfjaarrapportages"
    assert page.evaluate(BROKEN_WORDS_JS) == []
    # A word wider than a phone breaks where the page allows it (a soft hyphen).
    page.goto(f"{live_server.url}/toegankelijkheid/")
    assert page.evaluate(BROKEN_WORDS_JS) == []
    page.goto(f"{live_server.url}/rapportages/")
    # The levels keep their order.
    sizes = page.evaluate(
        "() => ['h1', 'h2'].map(t => parseFloat(getComputedStyle(document.querySelector("
        "'main ' + t)).fontSize))"
    )
    assert sizes[0] > sizes[1]
