"""The open dashboard in a real browser (no login): national, region, municipality and the map
with its table alternative, at 1280 and 390 px, without axe-core violations; the map works
without JavaScript and carries a title, a description and a legend in words."""

import pytest

from scharnier.demo.outcomes import load_demo_outcomes
from tests.browser import assert_accessible
from tests.factories import ensure_reference_data, make_region

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.browser]

PAGES = (
    ("/dashboard/", "Dashboard: hoe ver zijn we in Nederland?"),
    ("/dashboard/regio/regio-zwolle/", "Dashboard Regio Zwolle"),
    ("/dashboard/gemeente/GM0193/", "Gemeente Zwolle op één pagina"),
    ("/dashboard/kaart/", "Kaart: bereik als deel van de opgave"),
)


@pytest.fixture
def data():
    ensure_reference_data()
    make_region("regio-zwolle", municipality_codes=["GM0193", "GM0166"], name="Regio Zwolle")
    make_region("regio-breda", municipality_codes=["GM0758"], name="Regio Breda")
    assert load_demo_outcomes() > 100


@pytest.mark.parametrize("width", (1280, 390))
def test_dashboard_pages_are_accessible(data, live_server, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    for path, heading in PAGES:
        response = page.goto(live_server.url + path)
        assert response.status == 200, path
        assert page.locator("h1").inner_text() == heading
        if path != "/dashboard/kaart/":
            # The Vega-Lite charts draw (vendored scripts, no unsafe-eval under the CSP).
            page.wait_for_selector("[data-chart=funnel] svg", timeout=15000)
            page.wait_for_selector("[data-chart=trajectory] svg", timeout=15000)
            # The half-years stand level, also on a phone (they stood upright, hard to read).
            labels = page.locator("[data-chart=trajectory] .role-axis-label text")
            assert labels.count() >= 2
            turned = [
                t
                for t in labels.evaluate_all("ls => ls.map(l => l.getAttribute('transform') || '')")
                if "rotate" in t
            ]
            assert turned == [], turned
            # No English for screen readers: Vega's own axis and legend descriptions
            # ("X-axis titled ...", "Symbol legend for ...") are left out.
            spoken = page.locator("[data-chart] [aria-label]").evaluate_all(
                "es => es.map(e => e.getAttribute('aria-label'))"
            )
            assert spoken and not [s for s in spoken if "axis" in s or "legend" in s], spoken
        assert_accessible(page)
        # Every KPI links to its definition.
        for link in page.locator("dl.key-figures dt a").all():
            assert "/dashboard/definities/" in link.get_attribute("href")


def test_map_without_javascript_has_title_description_legend_and_table(data, live_server, browser):
    context = browser.new_context(locale="nl-NL", java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/dashboard/kaart/")
    svg = page.locator("svg.choropleth").first
    assert svg.get_attribute("role") == "img"
    labelled = svg.get_attribute("aria-labelledby").split()
    assert page.locator(f"#{labelled[0]}").text_content().startswith("Bereik per regio")
    assert "tabel" in page.locator(f"#{labelled[1]}").text_content()
    legend = page.locator("figure.map-figure").first.locator(".map-legend li")
    assert "2,5% tot 5% van de opgave" in legend.all_text_contents() and legend.count() == 5
    # Classes differ by pattern too, not only by colour.
    fills = {rect.get_attribute("fill") for rect in legend.locator("rect").all()}
    assert sum(fill.startswith("url(#kaart-regios-p-") for fill in fills) >= 3
    assert svg.locator("g.areas path").count() == 342
    table = page.locator("table", has=page.locator("caption#tabel-regios"))
    assert "Regio Zwolle" in table.inner_text()
    context.close()


def test_map_legend_stays_readable_on_a_phone(data, live_server, page):
    """The drawing shrinks to the screen; its legend (HTML beside or under it) does not."""
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/dashboard/kaart/")
    for figure in page.locator("figure.map-figure").all():
        assert figure.locator("svg.choropleth text").count() == 0  # no text scaled with the map
        items = figure.locator(".map-legend li")
        assert items.count() == 5
        for item in items.all():
            size = float(item.evaluate("e => getComputedStyle(e).fontSize").removesuffix("px"))
            assert size >= 14, size
            box = item.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390
            # Each swatch shows its pattern, which lives in the map's own <defs>.
            fill = item.locator("rect").get_attribute("fill")
            if fill.startswith("url(#"):
                assert figure.locator(f"svg.choropleth pattern#{fill[5:-1]}").count() == 1
    assert_accessible(page)


def test_every_view_downloads_as_csv(data, live_server, page):
    for path, _heading in PAGES:
        response = page.request.get(live_server.url + path + "?formaat=csv")
        assert response.status == 200
        assert response.headers["content-type"].startswith("text/csv")
        text = response.text()
        assert text.splitlines()[0] in (
            "gebied,periode,tabel,rij,waarde,kengetal,versie,eenheid",
            "gebied,naam,bereikte_bedrijven,opgave_breed_mkb,procent_van_opgave",
        )
