"""The search for help inside a regional portal's page (REQUIREMENTS A11: national help "via een
modulair opgebouwde en toegankelijke digitale infrastructuur beschikbaar ... aan regionale
netwerken"): /vraag/insluiten/ in an iframe, links that open Scharnier in the whole window."""

import html
import re
import threading
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.test import Client

from scharnier.matching.matcher import match
from scharnier.matching.queries import Profile
from scharnier.organisations.models import Role
from tests.browser import CHROMIUM, assert_accessible
from tests.factories import make_user

PORTAL = "https://portaal.example"


@pytest.mark.django_db
def test_the_search_may_be_framed_opens_on_the_portals_municipality_and_shows_a_few_offers(
    small_catalog, settings
):
    settings.SCHARNIER_EMBED_FRAME_ANCESTORS = [PORTAL]
    zwolle, offers = small_catalog
    client = Client()
    first = client.get("/vraag/insluiten/?gemeente=GM0193")
    assert first.status_code == 200
    assert "X-Frame-Options" not in first
    assert f"frame-ancestors 'self' {PORTAL}" in first["Content-Security-Policy"]
    page = first.content.decode()
    assert '<base target="_top">' in page and 'target="_self"' in page
    assert re.search(r'<option value="GM0193"[^>]*selected', page)
    assert "Schrijf uw vraag op." not in page  # no error on arrival

    question = "Mijn energierekening is verdubbeld"
    answered = client.get("/vraag/insluiten/", {"vraag": question, "gemeente": "GM0193"})
    assert answered.status_code == 200
    page = html.unescape(answered.content.decode())
    expected = match(question, Profile(municipality=zwolle))
    ranked = ([expected.entry_point] if expected.entry_point else []) + list(
        expected.matches_beside_entry_point
    )
    shown = [m.offer.title for m in ranked[:5]]
    titles = re.findall(r'<h3 class="utrecht-heading-3"><a [^>]*>([^<]+)</a>', page)
    assert titles == shown
    assert offers["energy"].title in titles
    assert "/vraag/?vraag=Mijn+energierekening+is+verdubbeld&gemeente=GM0193" in page
    assert "/hulpvraag/?vraag=Mijn+energierekening+is+verdubbeld&gemeente=GM0193" in page
    # Other pages stay unframeable.
    assert client.get("/vraag/")["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_an_empty_question_is_refused_in_dutch_with_the_municipality_kept(small_catalog):
    response = Client().get("/vraag/insluiten/", {"vraag": "", "gemeente": "GM0193"})
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "Schrijf uw vraag op." in page
    assert re.search(r'<option value="GM0193"[^>]*selected', page)
    assert "Hulp die bij u past" not in page


@pytest.mark.django_db
def test_the_regions_director_finds_the_codes_to_paste(small_catalog, client):
    zwolle, _offers = small_catalog
    from scharnier.geography.models import Region

    region = Region.objects.get(slug="regio-zwolle")
    anonymous = client.get("/regio/regio-zwolle/").content.decode()
    assert "/vraag/insluiten/" not in anonymous
    client.force_login(make_user(Role.REGIONAL_DIRECTOR, region=region))
    page = client.get("/regio/regio-zwolle/").content.decode()
    first = region.municipalities.order_by("name").first()
    assert f"&lt;iframe src=&quot;http://testserver/vraag/insluiten/?gemeente={first.code}" in (
        page.replace('"', "&quot;")
    )
    assert "http://testserver/hulpvraag/insluiten/" in page


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_portal_frames_the_search_and_an_offer_opens_in_the_whole_window(
    small_catalog, live_server, page, settings
):
    _zwolle, offers = small_catalog
    with portal_serving(live_server.url) as portal:
        settings.SCHARNIER_EMBED_FRAME_ANCESTORS = [portal]
        page.set_viewport_size({"width": 420, "height": 900})
        page.goto(f"{portal}/")
        _search_in_the_frame(page, portal, live_server, offers)


@contextmanager
def portal_serving(scharnier_url: str):
    """A regional portal on its own origin on this machine (a page on a public address may
    not frame a local one, and a https page no http frame): one page with the iframe."""
    body = (
        '<!doctype html><html lang="nl"><head><title>Regio Zwolle</title></head><body>'
        "<h1>Ondernemersportaal</h1>"
        f'<iframe src="{scharnier_url}/vraag/insluiten/?gemeente=GM0193" '
        'title="Zoek hulp voor uw bedrijf" width="390" height="1200"></iframe></body></html>'
    ).encode()

    class Portal(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the standard library's name
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


def _search_in_the_frame(page, portal, live_server, offers) -> None:
    frame = page.frame_locator("iframe")
    frame.get_by_role("button", name="Zoek hulp").click()
    # The answer is a new page inside the frame: wait for it, not for the click to return.
    frame.locator("main").get_by_text("Schrijf uw vraag op.").first.wait_for()
    assert "Schrijf uw vraag op." in frame.locator("main").inner_text()  # inside the frame
    frame.get_by_label("Wat is uw vraag?").fill("Mijn energierekening is verdubbeld")
    frame.get_by_role("button", name="Zoek hulp").click()
    frame.locator("ol.match-list").wait_for()
    assert page.url == f"{portal}/"  # the search stayed in the frame
    (inner,) = [f for f in page.frames if f != page.main_frame]
    assert_accessible(inner)
    assert inner.evaluate("document.documentElement.scrollWidth") <= 390
    frame.get_by_role("link", name=offers["energy"].title).first.click()
    page.wait_for_url(f"{live_server.url}/aanbod/**")
    assert offers["energy"].title in page.inner_text("main")
