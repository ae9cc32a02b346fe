"""The one form renderer, the two entry points, counts and labels that agree across pages,
and menus that follow the user's roles."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser

from scharnier.catalog.models import ScopeLevel
from scharnier.core import navigation
from scharnier.geography.models import Region
from scharnier.organisations.models import Role
from tests.factories import make_offer, make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db


def _labels_marked_optional(html: str) -> set[str]:
    return {
        re.sub(r"<[^>]+>", "", label).strip()
        for label in re.findall(r'<label[^>]*>([^<]*)<span class="optional">', html)
    }


def test_question_form_reports_every_error_in_one_round_with_linked_summary(client):
    response = client.post("/hulpvraag/", {"consent_version": "2024-1"})
    html = response.content.decode()
    assert response.status_code == 400
    summary = html.split('class="utrecht-alert utrecht-alert--error error-summary"')[1]
    summary = summary.split("</div>")[0]
    # Form checks (municipality) and service checks (text, contact, consent) together.
    for target in ("#id_text", "#id_municipality", "#id_email", "#id_consent_handling"):
        assert f'href="{target}"' in summary, target
    assert "Er zijn 4 fouten." in summary
    assert html.count('aria-invalid="true"') >= 4


def test_question_form_marks_only_optional_fields_and_explains_contact_once(client):
    html = client.get("/hulpvraag/").content.decode()
    assert _labels_marked_optional(html) == {
        "Uw naam",
        "Naam van uw bedrijf",
        "KvK-nummer",
        "Ik wil na afloop een e-mail krijgen met de vraag hoe ik geholpen ben.",
    }
    assert "Uw vraag" not in _labels_marked_optional(html)
    assert "E-mailadres" not in _labels_marked_optional(html)
    assert html.count("Vul een e-mailadres of telefoonnummer in") == 1
    assert " required" not in html  # no :invalid styling before the user did anything


def test_matching_results_link_to_the_adviser_form_carrying_the_question(client):
    make_offer(title="Energie besparen", scope_level=ScopeLevel.NATIONAL)
    response = client.get(
        "/vraag/",
        {"vraag": "energie besparen", "gemeente": "GM0193", "medewerkers": "5", "leeftijd": "3"},
    )
    html = response.content.decode()
    link = re.search(r'href="(/hulpvraag/\?[^"]+)"', html).group(1).replace("&amp;", "&")
    form = client.get(link).content.decode()
    assert "energie besparen</textarea>" in form
    assert re.search(r'<option value="\d+" selected>Zwolle</option>', form)


def test_home_offers_both_entry_points_and_the_list_count(client):
    make_offer()
    make_offer()
    html = client.get("/").content.decode()
    assert 'href="/vraag/"' in html and "Zoek hulp bij uw vraag" in html
    assert 'href="/hulpvraag/"' in html and "Vraag een adviseur om hulp" in html
    home_count = re.search(r"Bekijk alle (\d+) vormen", html).group(1)
    listed = re.search(r"(\d+) resultaten", client.get("/aanbod/").content.decode()).group(1)
    assert home_count == listed == "2"
    # Each door has its own heading, the one the home page uses for it.
    h1 = re.compile(r"<h1[^>]*>([^<]+)</h1>")
    assert h1.search(client.get("/vraag/").content.decode()).group(1) == "Zoek hulp bij uw vraag"
    assert h1.search(client.get("/hulpvraag/").content.decode()).group(1) == (
        "Vraag een adviseur om hulp"
    )


def test_each_door_has_one_name_in_menu_heading_button_and_links(client):
    make_offer()
    menu = {item["url"]: str(item["label"]) for item in navigation.entries("main", AnonymousUser())}
    assert menu["/vraag/"] == "Zoek hulp"
    assert menu["/hulpvraag/"] == "Vraag een adviseur"
    search = client.get("/vraag/").content.decode()
    assert ">Zoek hulp</a>" in search and ">Zoek hulp</button>" in search
    assert "Zoek hulp bij uw vraag</h1>" in search
    for page in ("/", "/contact/"):
        html = client.get(page).content.decode()
        assert "Vraag een adviseur om hulp" in html and "meedenken" not in html
        assert ">Vraag een adviseur</a>" in html and ">Zoek hulp</a>" in html
    # The contact page speaks one way: "Heeft u", as the rest of the site.
    contact = client.get("/contact/").content.decode()
    assert "Hebt u" not in contact and "Heeft u nog geen account?" in contact
    assert "Hebt u" not in client.get("/privacy/").content.decode()


def test_regional_offer_reads_regio_zwolle_once(client):
    region = make_region("regio-zwolle", name="Regio Zwolle")
    offer = make_offer(scope_level=ScopeLevel.REGION, regions=[region])
    html = client.get(f"/aanbod/{offer.public_id}/").content.decode()
    assert "Regio Zwolle" in html and "Regio Regio" not in html
    assert Region.objects.count() >= 1


def test_scan_questions_show_no_error_styling_before_an_answer(client):
    html = client.get(
        "/toekomstscan/vragen/", {"gemeente": "GM0193", "medewerkers": "5", "leeftijd": "3"}
    ).content.decode()
    assert 'type="radio"' in html
    assert " required" not in html and "--invalid" not in html and "aria-invalid" not in html


def test_menus_follow_roles():
    region = make_region()
    provider = make_organisation()

    def urls(menu, user):
        return {item["url"] for item in navigation.entries(menu, user)}

    anonymous = AnonymousUser()
    editor = make_user(Role.PROVIDER_EDITOR, organisation=provider)
    staff = make_user(Role.SCHAKELTEAM_MEMBER, region=region)
    analyst = make_user(Role.NATIONAL_ANALYST)
    assert not urls("work", anonymous) & {"/beheer/aanbod/", "/schakelteam/vragen/"}
    assert "/beheer/aanbod/" in urls("work", editor)
    assert "/schakelteam/vragen/" not in urls("work", editor)
    assert "/schakelteam/vragen/" in urls("work", staff)
    assert "/stelsel/overlap/" in urls("work", analyst)
    # Tasks come from uploading offer files: only who may do that sees the menu item.
    assert "/taken/" in urls("work", editor)
    assert not {"/taken/"} & (urls("work", staff) | urls("work", analyst) | urls("work", anonymous))
    assert "/stelsel/overlap/" not in urls("landscape", anonymous)
    assert navigation.home_url(editor) == "/beheer/aanbod/"
    assert navigation.home_url(staff) == "/schakelteam/vragen/"
    assert navigation.home_url(analyst) == "/stelsel/"
    assert navigation.home_url(make_user()) == "/"


def test_the_privacy_statement_names_the_period_for_a_closed_question(client, settings):
    """It said "na een vaste termijn" while the consent box says "24 maanden"; it now names
    the period the retention job uses."""
    assert "vaste termijn" not in client.get("/privacy/").content.decode()
    assert "Is uw vraag afgesloten? Dan halen we 24 maanden later" in (
        client.get("/privacy/").content.decode()
    )
    settings.CASEWORK_RETENTION_MONTHS = 12
    assert "Dan halen we 12 maanden later" in client.get("/privacy/").content.decode()


def test_the_administrator_finds_site_management_in_the_header(client):
    """Django's admin was linked from no page; a user with staff status (whom the admin lets
    in) now finds "Websitebeheer" beside its name in the header; nobody else sees it."""
    editor = make_user(Role.PROVIDER_EDITOR, organisation=make_organisation())
    client.force_login(editor)
    assert 'href="/admin/"' not in client.get("/aanbod/").content.decode()
    administrator = make_user(Role.ADMINISTRATOR)
    administrator.is_staff = True
    administrator.save(update_fields=["is_staff"])
    client.force_login(administrator)
    html = client.get("/aanbod/").content.decode()
    assert re.search(
        r'<a class="utrecht-link site-account__admin" href="/admin/">Websitebeheer</a>', html
    )


def test_the_privacy_statement_says_who_reads_a_question_inside_and_outside_the_regions(client):
    """It said "Alleen het schakelteam van uw regio ziet deze gegevens", but a question from a
    municipality in no region goes to the national queue; it now names both teams, as the
    answer page and the plan hand-over do."""
    html = client.get("/privacy/").content.decode()
    assert "Alleen het schakelteam van uw regio ziet deze gegevens" not in html
    assert (
        "Hoort uw gemeente bij een regio met een schakelteam? Dan ziet alleen het schakelteam "
        "van uw regio deze gegevens." in html
    )
    assert (
        "Hoort uw gemeente nog niet bij zo'n regio? Dan ziet alleen een landelijk team "
        "deze gegevens." in html
    )
