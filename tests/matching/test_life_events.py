"""Life events as entry points across providers (REQUIREMENTS B5: "werken vanuit klantreizen
en/of levensgebeurtenissen"): /ik-wil/ and the help of one event per journey phase."""

import html
import re

import pytest
from django.test import Client

from scharnier.catalog.models import JourneyPhase, Offer
from scharnier.matching import life_events
from scharnier.matching.queries import Profile, eligible_offers
from tests.browser import CHROMIUM, assert_accessible_and_fits

pytestmark = pytest.mark.django_db


def _titles_per_phase(page: str) -> dict[str, list[str]]:
    sections = re.findall(r'<section aria-labelledby="fase-([a-z]+)".*?</section>', page, re.S)
    found = {}
    for code in sections:
        block = re.search(rf'<section aria-labelledby="fase-{code}".*?</section>', page, re.S)
        found[code] = re.findall(r'<h3 class="utrecht-heading-4"><a [^>]*>([^<]+)</a>', block[0])
    return found


def test_every_event_names_known_themes_and_the_index_lists_them(client):
    events = life_events.life_events()
    assert len({e.code for e in events}) == len(events) >= 8
    from scharnier.catalog.models import Theme

    known = set(Theme.objects.values_list("code", flat=True))
    assert all(set(e.themes) <= known and e.themes for e in events)
    page = html.unescape(client.get("/ik-wil/").content.decode())
    for event in events:
        assert f'href="/ik-wil/{event.code}/"' in page and event.title in page
    assert 'href="/ik-wil/"' in client.get("/").content.decode()


def test_the_help_of_an_event_per_phase_nearest_first(small_catalog):
    zwolle, offers = small_catalog
    event = life_events.life_event("verduurzamen")
    response = Client().get("/ik-wil/verduurzamen/", {"gemeente": "GM0193"})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    shown = _titles_per_phase(page)
    assert list(shown) == list(
        JourneyPhase.objects.order_by("position").values_list("code", flat=True)
    )
    # Independently: what reaches a firm in Zwolle, on the event's themes, per phase.
    reach = eligible_offers(Profile(municipality=zwolle)).filter(themes__code__in=event.themes)
    for code, titles in shown.items():
        expected = set(reach.filter(journey_phases__code=code).values_list("title", flat=True))
        assert set(titles) <= expected
        assert len(titles) == min(len(expected), life_events.OFFERS_PER_PHASE)
    assert offers["energy"].title in shown["kunnen"]
    assert offers["breda"].title not in page  # Breda's help does not reach Zwolle
    assert offers["expired"].title not in page
    # The region's own help before national help in the same phase.
    weten = shown["weten"]
    regional = [t for t in weten if Offer.objects.get(title=t).scope_level != "nationaal"]
    assert weten[: len(regional)] == regional
    assert "/vraag/?vraag=Ik+wil+energie+besparen+en+verduurzamen&amp;gemeente=GM0193" in (
        response.content.decode()
    )


def test_without_a_municipality_only_national_help_and_a_wrong_one_is_refused(small_catalog):
    _zwolle, offers = small_catalog
    page = html.unescape(Client().get("/ik-wil/digitaliseren/").content.decode())
    assert "U ziet nu alleen landelijke hulp." in page
    assert offers["overijssel"].title not in page  # provincial help needs a municipality
    page = html.unescape(Client().get("/ik-wil/digitaliseren/?gemeente=GM0193").content.decode())
    assert offers["overijssel"].title in page
    refused = Client().get("/ik-wil/digitaliseren/", {"gemeente": "GM9999"})
    assert refused.status_code == 400
    assert "Kies een gemeente uit de lijst." in html.unescape(refused.content.decode())
    missing = Client().get("/ik-wil/bestaat-niet/")
    assert missing.status_code == 404
    assert "Pagina niet gevonden" in html.unescape(missing.content.decode())


def test_a_starter_sees_no_help_for_firms_of_some_years(small_catalog):
    zwolle, offers = small_catalog
    old_firms = offers["old_firms"]
    assert old_firms.min_company_age_years == 10
    event = life_events.LifeEvent(
        code="test", title="t", lead="l", themes=("zwaar-weer",), question="q", company_age_years=0
    )
    starter = {o.pk for row in life_events.offers_per_phase(event, zwolle) for o in row.offers}
    assert old_firms.pk not in starter
    older = life_events.LifeEvent(
        code="test", title="t", lead="l", themes=("zwaar-weer",), question="q"
    )
    anyone = {o.pk for row in life_events.offers_per_phase(older, zwolle) for o in row.offers}
    assert old_firms.pk in anyone


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_entrepreneur_chooses_an_event_and_a_municipality_on_a_phone(
    small_catalog, live_server, page
):
    _zwolle, offers = small_catalog
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Wat wilt u met uw bedrijf?").click()
    assert_accessible_and_fits(page)
    page.get_by_role("link", name="Ik wil energie besparen en verduurzamen").click()
    page.get_by_label("In welke gemeente zit uw bedrijf?").select_option("GM0193")
    page.get_by_role("button", name="Toon de hulp").click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "Hulp voor een bedrijf in Zwolle" in main and offers["energy"].title in main
    assert_accessible_and_fits(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible_and_fits(page)
