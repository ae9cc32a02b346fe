"""Public pages through the Django test client: filters, bad input, detail, region, organisation."""

import datetime
import re
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scharnier.catalog import services as catalog_services
from scharnier.catalog.models import (
    JourneyPhase,
    Offer,
    OfferType,
    SbiSection,
    ScopeLevel,
    SizeClass,
    Theme,
)
from scharnier.geography.models import Municipality, Province
from scharnier.organisations import services as organisation_services
from scharnier.organisations.models import OrganisationKind, RegionalRoleKind, Role
from tests.factories import make_offer, make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()


@pytest.fixture
def catalog():
    """A small catalog around Regio Zwolle (Zwolle + Kampen) and a region elsewhere."""
    zwolle_region = make_region(
        "regio-zwolle", name="Regio Zwolle", municipality_codes=["GM0193", "GM0166"]
    )
    breda_region = make_region("regio-breda", name="Regio Breda", municipality_codes=["GM0758"])
    provider = make_organisation("ondernemershuis", name="Ondernemershuis Zwolle")
    other = make_organisation("kvk", name="KvK", kind=OrganisationKind.UITVOERINGSORGANISATIE)
    offers = {
        "national": make_offer(
            provider=other,
            title="Digitaal op weg",
            summary="Gratis hulp bij digitaliseren.",
            themes=[Theme.objects.get(code="digitalisering")],
        ),
        "energy": make_offer(
            provider=provider,
            title="Energiescan Overijssel",
            summary="Bespaar energie in uw pand.",
            themes=[Theme.objects.get(code="verduurzaming")],
            offer_type=OfferType.objects.get(code="scan"),
            scope_level=ScopeLevel.PROVINCE,
            provinces=[Province.objects.get(code="PV23")],
            size_classes=[SizeClass.objects.get(code="micro")],
        ),
        "regional": make_offer(
            provider=provider,
            title="Personeel in de regio",
            themes=[Theme.objects.get(code="arbeidsmarkt")],
            scope_level=ScopeLevel.REGION,
            regions=[zwolle_region],
        ),
        "breda": make_offer(
            provider=other,
            title="Bredase ondernemersdag",
            scope_level=ScopeLevel.REGION,
            regions=[breda_region],
        ),
        "expired": make_offer(
            provider=other,
            title="Oude regeling",
            valid_from=TODAY - datetime.timedelta(days=400),
            valid_until=TODAY - datetime.timedelta(days=30),
        ),
    }
    return {
        "offers": offers,
        "provider": provider,
        "other": other,
        "region": zwolle_region,
        "breda": breda_region,
    }


def body(response) -> str:
    return response.content.decode()


def titles(response) -> list[str]:
    return [offer.title for offer in response.context["page"].object_list]


def test_search_lists_active_offers_with_count(client, catalog):
    response = client.get("/aanbod/")
    assert response.status_code == 200
    assert sorted(titles(response)) == sorted(
        [
            "Digitaal op weg",
            "Energiescan Overijssel",
            "Personeel in de regio",
            "Bredase ondernemersdag",
        ]
    )
    assert "4 resultaten" in response.content.decode()


def test_search_filters_speak_the_entrepreneurs_language(client, catalog):
    html = client.get("/aanbod/").content.decode()
    sector = html.split('name="sector"', 1)[1].split("</select>", 1)[0]
    # Everyday names with examples: a café owner finds "Horeca", not CBS's "Logies-, ...".
    assert ">Handel en winkels (winkel, webwinkel, groothandel, garage)<" in sector
    assert ">Horeca (hotel, camping, restaurant, café, catering)<" in sector
    assert ">G Handel<" not in sector and "Logies-" not in sector
    assert "Huishoudens" not in sector and "Extraterritoriale" not in sector
    assert "Sector (SBI)" not in html
    assert "Weten: u zoekt informatie. Willen: u maakt een plan." in html


def test_search_free_text_and_theme_filter(client, catalog):
    assert titles(client.get("/aanbod/", {"q": "energie"})) == ["Energiescan Overijssel"]
    response = client.get("/aanbod/", {"thema": ["verduurzaming", "arbeidsmarkt"]})
    assert sorted(titles(response)) == ["Energiescan Overijssel", "Personeel in de regio"]


def test_search_offer_type_size_and_scope_filters(client, catalog):
    assert titles(client.get("/aanbod/", {"soort": "scan"})) == ["Energiescan Overijssel"]
    # An offer without size classes is open to every size, so 'klein' excludes only the micro one.
    klein = titles(client.get("/aanbod/", {"grootte": "klein"}))
    assert "Energiescan Overijssel" not in klein and "Digitaal op weg" in klein
    assert titles(client.get("/aanbod/", {"gebied": "provincie"})) == ["Energiescan Overijssel"]


def test_search_status_filter_shows_expired_only_when_asked(client, catalog):
    assert "Oude regeling" not in titles(client.get("/aanbod/"))
    assert titles(client.get("/aanbod/", {"status": "verlopen"})) == ["Oude regeling"]


@pytest.mark.parametrize("value", ["GM0193", "gm0193", "Zwolle", "zwolle"])
def test_available_in_my_municipality_by_code_or_name(client, catalog, value):
    response = client.get("/aanbod/", {"gemeente": value})
    assert response.status_code == 200
    assert sorted(titles(response)) == [
        "Digitaal op weg",
        "Energiescan Overijssel",
        "Personeel in de regio",
    ]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"thema": "bestaat-niet"}, "Het thema &#x27;bestaat-niet&#x27; bestaat niet"),
        ({"fase": "later"}, "De fase &#x27;later&#x27; bestaat niet"),
        ({"soort": "x"}, "De soort aanbod &#x27;x&#x27; bestaat niet"),
        ({"grootte": "reus"}, "De grootte &#x27;reus&#x27; bestaat niet"),
        ({"sector": "zz"}, "De sector &#x27;zz&#x27; bestaat niet"),
        ({"gebied": "heelal"}, "Het niveau &#x27;heelal&#x27; bestaat niet"),
        ({"status": "gearchiveerd"}, "De status &#x27;gearchiveerd&#x27; bestaat niet"),
        ({"gemeente": "Atlantis"}, "De gemeente &#x27;Atlantis&#x27; kennen we niet"),
        ({"q": "x" * 201}, "Gebruik maximaal 200 tekens om te zoeken."),
    ],
)
def test_invalid_filter_gives_dutch_message_not_500(client, catalog, params, message):
    response = client.get("/aanbod/", params)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Er is iets niet goed ingevuld" in body
    assert response.context["page"] is None


def test_wrong_page_number_falls_back_to_a_real_page(client, catalog):
    assert client.get("/aanbod/", {"pagina": "abc"}).status_code == 200
    assert client.get("/aanbod/", {"pagina": "999"}).context["page"].number == 1


def test_empty_state_is_explained(client, catalog):
    response = client.get("/aanbod/", {"q": "onvindbaarwoord"})
    body = response.content.decode()
    assert "0 resultaten" in body
    assert "Geen aanbod gevonden" in body


def test_pagination_keeps_filters(client, catalog):
    provider = catalog["provider"]
    for number in range(25):
        make_offer(provider=provider, title=f"Training {number:02d}")
    response = client.get("/aanbod/", {"q": "Training"})
    page = response.context["page"]
    assert page.paginator.count == 25 and len(page.object_list) == 20
    assert "?q=Training&amp;pagina=2" in response.content.decode()
    second = client.get("/aanbod/", {"q": "Training", "pagina": 2})
    assert titles(second) == [f"Training {n:02d}" for n in range(20, 25)]


@pytest.mark.parametrize(
    "url",
    ["/aanbod/", "/regio/regio-zwolle/", "/organisaties/ondernemershuis/", "/gemeente/GM0193/"],
)
def test_offer_lists_do_not_query_per_row(client, catalog, url):
    provider = catalog["provider"]

    def count_queries() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    few = count_queries()
    for number in range(15):
        make_offer(
            provider=provider,
            title=f"Extra {number}",
            scope_level=ScopeLevel.MUNICIPALITY,
            municipalities=[Municipality.objects.get(code="GM0193")],
            size_classes=[SizeClass.objects.get(code="klein")],
        )
    assert count_queries() == few


def test_offer_detail_shows_fields_with_dutch_labels(client, catalog):
    offer = catalog["offers"]["energy"]
    body = client.get(f"/aanbod/{offer.public_id}/").content.decode()
    for text in (
        "Energiescan Overijssel",
        "Ondernemershuis Zwolle",
        "Soort aanbod",
        "Verduurzaming en energie",
        "Provincie Overijssel",
        "Grootte van het bedrijf",
        "Micro",
        "Kosten voor de ondernemer",
        "Laatst gecontroleerd",
        "Actief",
    ):
        assert text in body, text
    assert f'href="/organisaties/{catalog["provider"].slug}/"' in body


def test_offer_detail_names_sectors_as_entrepreneurs_say_them(client, catalog):
    offer = catalog["offers"]["energy"]
    offer.sbi_sections.set(SbiSection.objects.filter(code__in=["g", "i"]))
    body = client.get(f"/aanbod/{offer.public_id}/").content.decode()
    assert "Handel en winkels, Horeca</dd>" in body
    assert "G Handel" not in body and "Sectoren (SBI)" not in body


def test_offer_detail_does_not_say_free_twice(client, catalog):
    offer = catalog["offers"]["energy"]
    Offer.objects.filter(pk=offer.pk).update(cost_eur=0, cost_note="Gratis.")
    body = client.get(f"/aanbod/{offer.public_id}/").content.decode()
    assert "Gratis</dd>" in body and "(Gratis.)" not in body
    Offer.objects.filter(pk=offer.pk).update(cost_note="Gratis voor leden van de vereniging.")
    body = client.get(f"/aanbod/{offer.public_id}/").content.decode()
    assert "Gratis (Gratis voor leden van de vereniging.)</dd>" in body


def test_version_history_only_for_editors_of_the_organisation(client, catalog):
    provider = catalog["provider"]
    editor = make_user(Role.PROVIDER_EDITOR, organisation=provider, username="redacteur-zwolle")
    offer = catalog_services.update_offer(
        actor=editor, offer=catalog["offers"]["energy"], data={"title": "Energiescan Plus"}
    )
    url = f"/aanbod/{offer.public_id}/"
    assert "redacteur-zwolle" not in client.get(url).content.decode()
    outsider = make_user(Role.PROVIDER_EDITOR, organisation=catalog["other"])
    client.force_login(outsider)
    assert "Versies" not in client.get(url).content.decode()
    client.force_login(editor)
    body = client.get(url).content.decode()
    assert "Versies" in body and "redacteur-zwolle" in body and "titel" in body


def test_archived_offer_is_gone_for_the_public(client, catalog):
    offer = catalog_services.archive_offer(actor=None, offer=catalog["offers"]["national"])
    assert client.get(f"/aanbod/{offer.public_id}/").status_code == 404
    assert "Digitaal op weg" not in titles(client.get("/aanbod/"))
    assert client.get("/aanbod/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_region_list_shows_wave_and_status(client, catalog):
    body = client.get("/regio/").content.decode()
    assert "Regio Zwolle" in body and "Focusregio 2024" in body and "Actief" in body


def test_region_detail_municipalities_stakeholders_check_and_offers(client, catalog):
    region = catalog["region"]
    organisation_services.set_regional_role(
        region=region, organisation=catalog["other"], role=RegionalRoleKind.CORE_PARTNER
    )
    province = make_organisation("provincie-overijssel", kind=OrganisationKind.PROVINCIE)
    organisation_services.set_regional_role(
        region=region, organisation=province, role=RegionalRoleKind.FUNDER
    )
    response = client.get("/regio/regio-zwolle/")
    body = response.content.decode()
    assert "Zwolle" in body and "Kampen" in body
    assert "Kernpartner" in body and "Financier" in body
    checks = {check.stakeholder.code: check.present for check in response.context["checks"]}
    assert checks["kvk"] and checks["provincie"] and not checks["rom"]
    # Present/missing is written out, not shown by colour only.
    assert body.count("Ja, aanwezig") == 2 and body.count("Nee, ontbreekt") == 4
    assert sorted(titles(response)) == [
        "Digitaal op weg",
        "Energiescan Overijssel",
        "Personeel in de regio",
    ]
    filtered = client.get("/regio/regio-zwolle/", {"thema": "arbeidsmarkt"})
    assert titles(filtered) == ["Personeel in de regio"]
    assert client.get("/regio/bestaat-niet/").status_code == 404


def test_region_municipality_filter_only_accepts_its_own_municipalities(client, catalog):
    response = client.get("/regio/regio-zwolle/", {"gemeente": "GM0758"})
    assert response.status_code == 400
    assert "De gemeente &#x27;GM0758&#x27; kennen we niet" in response.content.decode()


def test_organisation_pages(client, catalog):
    organisation_services.set_regional_role(
        region=catalog["region"], organisation=catalog["provider"], role=RegionalRoleKind.LEAD
    )
    catalog["provider"].kvk_number = "12345678"
    catalog["provider"].save()
    listing = client.get("/organisaties/").content.decode()
    assert "Ondernemershuis Zwolle" in listing and "KvK" in listing
    response = client.get("/organisaties/ondernemershuis/")
    body = response.content.decode()
    assert "12345678" in body and "Private partij" in body and "Regio Zwolle" in body
    assert sorted(titles(response)) == ["Energiescan Overijssel", "Personeel in de regio"]


def test_municipality_page(client, catalog):
    response = client.get("/gemeente/GM0193/")
    body = response.content.decode()
    assert "Gemeente Zwolle" in body and "Overijssel" in body and "Regio Zwolle" in body
    assert response.context["municipality"].corop_area.name in body
    assert response.context["municipality"].labour_market_region.name in body
    # Numbers as written in Dutch, names without statistics jargon alone.
    Municipality.objects.filter(code="GM0193").update(population=133141)
    body = client.get("/gemeente/GM0193/").content.decode()
    assert "133.141</dd>" in body and "CBS-code" not in body
    assert sorted(titles(response)) == [
        "Digitaal op weg",
        "Energiescan Overijssel",
        "Personeel in de regio",
    ]
    assert client.get("/gemeente/GM9999/").status_code == 404


def test_home_page_links_to_entry_points(client, catalog):
    body = client.get("/").content.decode()
    for href in ('href="/aanbod/"', 'href="/regio/"', 'href="/organisaties/"'):
        assert href in body
    assert Offer.objects.count() == 5


def test_empty_filter_values_mean_no_filter_and_active_is_ticked(client, catalog):
    response = client.get("/aanbod/", {"thema": "", "fase": "", "q": ""})
    assert response.status_code == 200
    assert len(titles(response)) == 4
    assert response.context["form"]["status"].value() == ["actief"]
    assert re.search(
        r'<input type="checkbox" name="status" value="actief"[^>]* checked', body(response)
    )


def test_null_characters_are_refused_with_a_message(client, catalog):
    response = client.get("/aanbod/", {"q": "energie\x00"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Er stond een onzichtbaar teken in de tekst." in page
    assert "Null-tekens" not in page


@pytest.mark.django_db
def test_favicon_ico_leads_to_the_logo_every_page_names(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    assert response["Location"] == static("web/scharnier-logo.svg")
    assert "<svg" in Path(finders.find("web/scharnier-logo.svg")).read_text()
    assert f'href="{response["Location"]}"' in client.get("/").content.decode()


def test_search_words_find_other_forms_and_skip_filler_words(client, catalog):
    """The search box's own example must find something: "besparen" finds "Bespaar"/"besparing",
    "ik wil" is left out; every remaining word must still occur."""
    assert titles(client.get("/aanbod/", {"q": "energie besparen"})) == ["Energiescan Overijssel"]
    assert titles(client.get("/aanbod/", {"q": "ik wil energie scannen"})) == [
        "Energiescan Overijssel"
    ]
    assert titles(client.get("/aanbod/", {"q": "digitaliseren"})) == ["Digitaal op weg"]
    every_word = client.get("/aanbod/", {"q": "energie besparen"})
    assert not every_word.context["some_words"]
    assert "Geen aanbod met al uw zoekwoorden" not in body(every_word)


def test_without_an_offer_holding_every_word_offers_with_some_come_rare_words_first(
    client, catalog
):
    """Several words typed gave nothing as soon as one was missing from every offer."""
    make_offer(provider=catalog["provider"], title="Bakkerij van de toekomst")
    make_offer(provider=catalog["provider"], title="Personeel zoeken", summary="Voor elk bedrijf.")
    response = client.get("/aanbod/", {"q": "personeel bakkerij"})
    assert response.status_code == 200 and response.context["some_words"]
    # "bakkerij" is in one offer, "personeel" in two: the rarer word weighs more.
    assert titles(response) == [
        "Bakkerij van de toekomst",
        "Personeel in de regio",
        "Personeel zoeken",
    ]
    # More of the words come before a rarer one.
    assert titles(client.get("/aanbod/", {"q": "personeel zoeken bakkerij"})) == [
        "Personeel zoeken",
        "Bakkerij van de toekomst",
        "Personeel in de regio",
    ]
    page = body(response)
    assert "Geen aanbod met al uw zoekwoorden." in page and "3 resultaten" in page
    assert 'href="/vraag/?vraag=personeel%20bakkerij"' in page
    # The other filters still hold: in Breda the regional Zwolle offer is not shown.
    in_breda = client.get("/aanbod/", {"q": "personeel bakkerij", "gemeente": "GM0758"})
    assert "Personeel in de regio" not in titles(in_breda)
    # A word most offers hold, in a title, does not push aside a rare word in the text.
    for title in ("Hulp bij personeel", "Hulp bij de boekhouding", "Hulp bij ondernemen"):
        make_offer(provider=catalog["provider"], title=title)
    make_offer(
        provider=catalog["provider"], title="Nieuwe markten", summary="Export naar Duitsland."
    )
    assert titles(client.get("/aanbod/", {"q": "hulp export"}))[0] == "Nieuwe markten"
    # One word that no offer holds stays an empty search, with its advice.
    nothing = client.get("/aanbod/", {"q": "klanten betalen"})
    assert titles(nothing) == [] and not nothing.context["some_words"]
    assert "Geen aanbod gevonden" in body(nothing)


def test_an_empty_search_points_to_asking_the_question_in_a_sentence(client, catalog):
    page = client.get("/aanbod/", {"q": "klanten betalen niet"}).content.decode()
    assert "Geen aanbod gevonden" in page
    assert 'href="/vraag/?vraag=klanten%20betalen%20niet"' in page
    assert "/vraag/?vraag=" not in client.get("/aanbod/", {"thema": "innovatie"}).content.decode()


def test_the_way_to_the_question_page_takes_the_municipality_along(client, catalog):
    """From an empty search in Zwolle the entrepreneur had to choose Zwolle again on /vraag/."""
    chosen = client.get("/aanbod/", {"q": "klanten betalen niet", "gemeente": "GM0193"})
    assert 'href="/vraag/?vraag=klanten%20betalen%20niet&amp;gemeente=GM0193"' in (
        chosen.content.decode()
    )
    own_page = client.get("/gemeente/GM0193/", {"q": "klanten betalen niet"}).content.decode()
    assert 'href="/vraag/?vraag=klanten%20betalen%20niet&amp;gemeente=GM0193"' in own_page


def test_offer_detail_explains_the_step_it_helps_with_in_words(client, catalog):
    offer = catalog["offers"]["energy"]
    offer.journey_phases.set(JourneyPhase.objects.filter(code="kunnen"))
    body = client.get(f"/aanbod/{offer.public_id}/").content.decode()
    assert "Helpt bij deze stap" in body and "Fase van uw plan" not in body
    assert "Kunnen: de ondernemer voert het plan uit, met geld, kennis of begeleiding" in body
    assert "Is het effect onderzocht?" in body and "Nee of onbekend" not in body


def test_a_page_number_past_any_list_shows_the_last_page(client, catalog):
    """?pagina=999999999999999999999 overflowed the database's OFFSET (a 500 on SQLite)."""
    response = client.get("/aanbod/", {"pagina": "9" * 21})
    assert response.status_code == 200
    assert response.context["page"].number == response.context["page"].paginator.num_pages
