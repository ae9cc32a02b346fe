"""Learning pages through the Django client: menus per role, role home, page rights."""

import datetime
import html
import re
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format

from scharnier.core import navigation
from scharnier.geography.models import Municipality
from scharnier.learning.models import Story
from scharnier.matching import services as matching_services
from scharnier.matching.queries import Profile
from scharnier.matching.scan import framework as scan_framework
from scharnier.organisations.models import OrganisationKind, RegionalRole
from tests.factories import make_offer, make_organisation
from tests.learning.world import STORY, build_world

pytestmark = pytest.mark.django_db


def _urls(menu: str, user) -> set[str]:
    return {item["url"] for item in navigation.entries(menu, user)}


def test_menus_and_home_follow_roles():
    world = build_world()
    assert {"/verhalen/", "/provincie/"} <= _urls("footer", AnonymousUser())
    learning_work = {"/zelfanalyse/", "/visitaties/", "/verhalen/beheer/"}
    assert not _urls("work", AnonymousUser()) & learning_work
    assert learning_work <= _urls("work", world.user("regisseur_a"))
    assert _urls("work", world.user("aanbieder_other")) & learning_work == {"/verhalen/beheer/"}
    assert _urls("work", world.user("provincie_a")) & learning_work == {
        "/zelfanalyse/",
        "/visitaties/",
    }
    assert navigation.home_url(world.user("provincie_a")) == "/provincie/overijssel/"


def test_the_province_finds_its_own_page_in_its_work_menu(client):
    """The province lands on its province's page after login; "Mijn provincie" in its work menu
    leads back there (before, only the footer's list of all provinces did)."""
    world = build_world()
    assert "/provincie/mijn/" in _urls("work", world.user("provincie_a"))
    for other in ("regisseur_a", "schakel_a", "aanbieder_other"):
        assert "/provincie/mijn/" not in _urls("work", world.user(other))
    assert "/provincie/mijn/" not in _urls("work", AnonymousUser())
    client.force_login(world.user("provincie_a"))
    assert client.get("/provincie/mijn/").url == "/provincie/overijssel/"
    page = client.get("/provincie/overijssel/").content.decode()
    link = re.search(r'<a[^>]*href="/provincie/mijn/"[^>]*>Mijn provincie</a>', page).group(0)
    assert 'aria-current="page"' in link
    # Its own province's page is where "Mijn provincie" leads: the menu marks it as current.
    mine = [
        e for e in navigation.entries("work", world.user("provincie_a"), "/provincie/overijssel/")
    ]
    assert [e["label"] for e in mine if e["current"]] == ["Mijn provincie"]
    elsewhere = navigation.entries("work", world.user("provincie_a"), "/provincie/gelderland/")
    assert not any(e["current"] for e in elsewhere)
    client.force_login(world.user("regisseur_a"))
    assert client.get("/provincie/mijn/").status_code == 403
    client.logout()
    assert client.get("/provincie/mijn/").status_code == 302  # to the login page


def test_pages_answer_by_role(client):
    world = build_world()
    draft = world.stories["region_draft"]
    assert client.get(f"/verhalen/{draft.public_id}/").status_code == 404
    assert client.get("/zelfanalyse/").status_code == 302  # to the login page
    client.force_login(world.user("provincie_b"))
    assert client.get("/zelfanalyse/regio-a/").status_code == 403
    assert client.get("/zelfanalyse/regio-b/").status_code == 200
    assert client.get(f"/visitaties/{world.visitation.public_id}/").status_code == 403
    assert client.get("/verhalen/nieuw/").status_code == 403
    client.force_login(world.user("provincie_a"))
    response = client.get(f"/visitaties/{world.visitation.public_id}/")
    assert response.status_code == 200
    assert "Actie toevoegen" not in response.content.decode()  # reads, does not record
    client.force_login(world.user("aanbieder_other"))
    assert client.get(f"/verhalen/{draft.public_id}/").status_code == 404
    assert client.get(f"/verhalen/{draft.public_id}/bewerken/").status_code == 403
    client.force_login(world.user("schakel_a"))
    page = client.get(f"/verhalen/{draft.public_id}/").content.decode()
    assert "Dit verhaal is niet openbaar" in page
    assert "Goedkeuren en toestemming vragen" in page
    assert client.get("/provincie/bestaat-niet/").status_code == 404


def test_plan_page_leads_to_the_rescan_and_the_comparison(client):
    build_world()
    data = scan_framework()
    answers = {"richting": data["direction_question"]["options"][0]["direction"]}
    answers |= {q["code"]: 0 for q in data["theme_questions"]}
    plan = matching_services.create_plan(
        profile=Profile(municipality=Municipality.objects.get(code="GM0193"), employees=12),
        answers=answers,
    )
    page = client.get(f"/plan/{plan.token}/").content.decode()
    assert f"/plan/{plan.token}/opnieuw/" in page
    form = client.get(f"/plan/{plan.token}/opnieuw/").content.decode()
    assert form.count(" checked") == len(answers)  # every T0 answer filled in
    first = data["theme_questions"][0]["code"]
    response = client.post(
        f"/plan/{plan.token}/opnieuw/", {**{k: str(v) for k, v in answers.items()}, first: "3"}
    )
    assert response.status_code == 302
    comparison = client.get(response["Location"]).content.decode()
    assert "Wat is er veranderd?" in comparison
    assert data["theme_questions"][0]["text"] in comparison
    assert comparison.count("(veranderd)") == 1


def test_every_page_footer_shows_the_footer_menu(client):
    """The footer is drawn from the footer menu, so the pages apps register there are reachable."""
    html = client.get("/").content.decode()
    footer = html[html.index("<footer") :]
    for item in navigation.entries("footer", AnonymousUser()):
        assert f'href="{item["url"]}"' in footer, item
    for href in ("/verhalen/", "/provincie/", "/rapportages/", "/privacy/", "/open-data/"):
        assert f'href="{href}"' in footer
    assert "Privacyverklaring" in footer and "Halfjaarrapportages" in footer


def test_region_visitation_counts_agree_with_their_number():
    """'1 actie klaar, 2 acties open': each count carries its own singular or plural."""

    def row(done: int, open_: int):
        visitation = SimpleNamespace(
            date=datetime.date(2026, 3, 2), get_status_display=lambda: "Gedaan"
        )
        return SimpleNamespace(
            as_host=True, visitation=visitation, done_actions=done, open_actions=open_
        )

    region = SimpleNamespace(slug="regio-zwolle")
    html = render_to_string(
        "learning/_region_visitations.html",
        {
            "region": region,
            "rows": [row(1, 2), row(2, 1), row(0, 0)],
            "reports": [],
            "interventions": SimpleNamespace(year=2026, done=1),
            "aim": (5, 10),
        },
    )
    assert "1 actie klaar, 2 acties open" in html
    assert "2 acties klaar, 1 actie open" in html
    assert "0 acties klaar, 0 acties open" in html
    assert "In 2026 is 1 verbetering doorgevoerd" in html


def test_province_page_names_the_assessment_rounds_in_words(client):
    from scharnier.learning import services

    world = build_world()
    services.start_assessment(actor=world.users["regisseur_a"], region=world.regions["a"])
    client.force_login(world.user("provincie_a"))
    page = client.get("/provincie/overijssel/").content.decode()
    assert ">eerste ronde</a>" in page
    assert ">T0<" not in page and "T0," not in page
    overview = client.get("/zelfanalyse/").content.decode()
    assert ">T0<" not in overview and "T0, T1" not in overview  # the URLs keep T0
    assert ">eerste ronde</a>" in overview


def test_finalising_with_open_items_names_and_links_each_item(client):
    from scharnier.learning import framework, services

    world = build_world()
    region = world.regions["a"]
    services.start_assessment(actor=world.users["regisseur_a"], region=region)
    first, *rest = framework.criteria()
    client.force_login(world.user("regisseur_a"))
    page = client.post(
        "/zelfanalyse/regio-a/T0/", {f"{first.code}-niveau": "2", "vaststellen": "1"}
    ).content.decode()
    summary = page.split('class="utrecht-unordered-list">')[1].split("</ul>")[0]
    lines = re.findall(r'<li><a class="utrecht-link" href="#([^"]+)">([^<]+)</a></li>', summary)
    assert len(lines) == len(rest) == 11
    for criterion, (target, text) in zip(rest, lines, strict=True):
        assert target == f"id_{criterion.code}-niveau_0" and f'id="{target}"' in page
        item = html.escape(criterion.text.rstrip("."))
        assert text == f"Niveau bij “{item}”: Kies een niveau voordat u de zelfanalyse vaststelt."


def test_rounds_say_when_they_were_fixed_once(client):
    from scharnier.learning import framework, services

    world = build_world()
    director = world.users["regisseur_a"]
    t0 = services.start_assessment(actor=director, region=world.regions["a"])
    services.score_assessment(
        actor=director, assessment=t0, scores={c: (2, "") for c in framework.criterion_codes()}
    )
    services.finalise_assessment(actor=director, assessment=t0)
    services.start_assessment(actor=director, region=world.regions["a"])
    client.force_login(director)
    page = client.get("/zelfanalyse/regio-a/").content.decode()
    day = date_format(timezone.localdate(), "j F Y")
    assert f"eerste ronde</a>: vastgesteld op {day}</li>" in page
    assert "tweede ronde</a>: concept</li>" in page


def test_province_page_counts_its_offers_as_forms_of_offer(client):
    build_world()
    province = Municipality.objects.get(code="GM0193").province
    provider = make_organisation("provincie-test", kind=OrganisationKind.PROVINCIE)
    provider.province = province
    provider.save()
    make_offer(provider=provider, title="Energieadvies voor het mkb")
    assert (
        "1 vorm van aanbod van de provincie</h2>"
        in client.get("/provincie/overijssel/").content.decode()
    )
    make_offer(provider=provider, title="Vakkrachtenfonds")
    page = client.get("/provincie/overijssel/").content.decode()
    assert "2 vormen van aanbod van de provincie</h2>" in page and "keer aanbod" not in page


def test_story_form_starts_in_the_users_own_region_and_ticks_offers(client):
    world = build_world()
    region_a = world.regions["a"]
    table = make_organisation("ondernemerspunt-a")
    RegionalRole.objects.create(organisation=table, region=region_a, role="uitvoerder")
    at_table = make_offer(provider=table, title="Ondernemersspreekuur A")
    own = make_offer(provider=world.base.organisations["owner"], title="Subsidie van de eigenaar")
    elsewhere = make_offer(provider=make_organisation("elders"), title="Aanbod van elders")
    client.force_login(world.user("schakel_a"))
    page = client.get("/verhalen/nieuw/").content.decode()
    assert '<option value="regio-a" selected>' in page
    assert "Ctrl" not in page
    assert f'type="checkbox" name="offers" value="{at_table.public_id}"' in page
    assert str(own.public_id) not in page and str(elsewhere.public_id) not in page
    # A provider editor works for every region: an empty first choice, required; the offers
    # are its own organisation's.
    client.force_login(world.user("aanbieder_owner"))
    page = client.get("/verhalen/nieuw/").content.decode()
    assert '<option value="" selected>Kies een regio</option>' in page
    assert f'type="checkbox" name="offers" value="{own.public_id}"' in page
    assert str(at_table.public_id) not in page
    refused = client.post("/verhalen/nieuw/", {**STORY, "offers": [str(own.public_id)]})
    assert "Kies de regio waar het verhaal over gaat." in refused.content.decode()
    saved = client.post(
        "/verhalen/nieuw/", {**STORY, "region": "regio-a", "offers": [str(own.public_id)]}
    )
    assert saved.status_code == 302
    story = Story.objects.get(title=STORY["title"], organisation=world.base.organisations["owner"])
    assert list(story.offers.all()) == [own]
