"""The personal plan names a community nearby and how other entrepreneurs went about it
(DESIGN: "a community nearby, how similar firms are doing"); before, it listed offers only."""

import re
from datetime import timedelta

import pytest
import requests
from django.utils import timezone

from scharnier.catalog.models import SbiSection, Theme
from scharnier.communities import services as community_services
from scharnier.communities.queries import communities_to_join
from scharnier.geography.models import Municipality, Region
from scharnier.learning.models import Story, StoryStatus
from scharnier.learning.queries import stories_like
from scharnier.matching import scan, services
from scharnier.matching.queries import Profile
from scharnier.organisations.models import Role
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import make_organisation, make_region, make_user

THEME_QUESTIONS = [q["code"] for q in scan.framework()["theme_questions"]]


def _themes(*codes):
    return [Theme.objects.get(code=c) for c in codes]


@pytest.fixture
def region_map(small_catalog):
    """Regio Zwolle (Zwolle, Kampen) with communities that do and do not fit a baker in Zwolle
    whose plan is about succession first, energy second."""
    zwolle, _offers = small_catalog
    region = Region.objects.get(slug="regio-zwolle")
    kampen = Municipality.objects.get(code="GM0166")
    team = make_user(Role.SCHAKELTEAM_MEMBER, region=region)
    organiser = make_organisation(
        "ondernemersvereniging-zwolle", name="Ondernemend Zwolle", email="info@ondernemend.example"
    )

    def community(name, kind="thema", themes=(), sectors=(), places=(), status="actief", reach=0):
        return community_services.save_community(
            actor=team,
            region=region,
            data={
                "name": name,
                "kind": kind,
                "status": status,
                "reach": reach,
                "organiser": organiser,
                "themes": _themes(*themes),
                "sbi_sections": [SbiSection.objects.get(code=s) for s in sectors],
                "municipalities": list(places),
            },
        )

    made = {
        "succession": community("Familiebedrijven", "peer-groep", ["bedrijfsopvolging"]),
        "energy_sector": community(
            "Bakkers en energie", "sector", ["verduurzaming"], sectors=["c"], reach=10
        ),
        "energy_place": community(
            "Bedrijvenpark Zwolle", "plaats", ["verduurzaming"], places=[zwolle], reach=90
        ),
        "association": community("Ondernemend Zwolle", "ondernemersvereniging"),
        # Left out: another sector, another place, stopped, another theme.
        "other_sector": community("Bouwers", "sector", ["verduurzaming"], sectors=["f"]),
        "other_place": community("Kampen Zuid", "plaats", ["verduurzaming"], places=[kampen]),
        "stopped": community("Oud netwerk", "thema", ["bedrijfsopvolging"], status="gestopt"),
        "other_theme": community("Webwinkeliers", "thema", ["digitalisering"]),
    }
    return zwolle, region, team, made


def _plan(municipality, sbi_section="c"):
    answers = {scan.DIRECTION_QUESTION: "groeien", **{code: 0 for code in THEME_QUESTIONS}}
    answers.update(opvolging=3, energie=2)
    return services.create_plan(
        profile=Profile(
            municipality=municipality,
            employees=8,
            company_age_years=20,
            sbi_section=sbi_section,
        ),
        answers=answers,
    )


def _succession_evening(team, community):
    """A public meeting about succession, nine days ahead."""
    return community_services.log_meeting(
        actor=team,
        community=community,
        data={
            "title": "Avond over overdragen",
            "date": timezone.localdate() + timedelta(days=9),
            "format": "fysiek",
            "is_public": True,
            "themes": _themes("bedrijfsopvolging"),
        },
    )


def _story(region, title, themes, status=StoryStatus.PUBLISHED, days_ago=1):
    story = Story.objects.create(
        region=region,
        title=title,
        entrepreneur="Anna, eigenaar van een bakkerij",
        question="Hoe draag ik mijn zaak over?",
        helpers="Het Ondernemerspunt.",
        change="Mijn dochter neemt de zaak over.",
        status=status,
        published_at=timezone.now() - timedelta(days=days_ago),
    )
    story.themes.set(_themes(*themes))
    return story


@pytest.mark.django_db
def test_the_communities_that_fit_come_first_and_others_are_left_out(region_map):
    zwolle, region, _team, made = region_map
    themes = _themes("bedrijfsopvolging", "verduurzaming")
    found = communities_to_join(
        region=region, themes=themes, sbi_section="c", municipality=zwolle, limit=10
    )
    # The first priority's community first; on the second, own sector before own place
    # (although the business park reaches more firms); one about nothing in particular last.
    assert [c.name for c in found] == [
        "Familiebedrijven",
        "Bakkers en energie",
        "Bedrijvenpark Zwolle",
        "Ondernemend Zwolle",
    ]
    assert len(communities_to_join(region=region, themes=themes, municipality=zwolle)) == 3
    # Without a sector chosen a sector group is not ruled out; in Kampen the park in Zwolle is.
    kampen = Municipality.objects.get(code="GM0166")
    names = {
        c.name
        for c in communities_to_join(region=region, themes=themes, municipality=kampen, limit=10)
    }
    assert names == {
        "Familiebedrijven",
        "Bakkers en energie",
        "Bouwers",
        "Kampen Zuid",
        "Ondernemend Zwolle",
    }


@pytest.mark.django_db
def test_stories_of_the_region_and_the_plans_themes_come_first(region_map):
    _zwolle, region, _team, _made = region_map
    other = make_region("regio-elders", municipality_codes=["GM0200"])
    _story(other, "Elders: overdracht en energie", ["bedrijfsopvolging", "verduurzaming"])
    _story(region, "Zwolle: overdracht", ["bedrijfsopvolging"], days_ago=30)
    both = ["bedrijfsopvolging", "verduurzaming"]
    _story(region, "Zwolle: overdracht en energie", both, days_ago=60)
    _story(region, "Zwolle: webwinkel", ["digitalisering"])
    _story(region, "Zwolle: nog geen toestemming", ["bedrijfsopvolging"], StoryStatus.DRAFT)
    _story(region, "Zwolle: ingetrokken", ["bedrijfsopvolging"], StoryStatus.WITHDRAWN)
    themes = _themes("bedrijfsopvolging", "verduurzaming")
    assert [s.title for s in stories_like(themes=themes, region=region)] == [
        "Zwolle: overdracht en energie",
        "Zwolle: overdracht",
        "Elders: overdracht en energie",
    ]
    assert [s.title for s in stories_like(themes=themes, region=region, limit=1)] == [
        "Zwolle: overdracht en energie"
    ]
    assert stories_like(themes=[], region=region) == []
    assert [s.title for s in stories_like(themes=_themes("digitalisering"))] == [
        "Zwolle: webwinkel"
    ]


@pytest.mark.django_db
def test_stories_of_a_firm_in_the_same_sector_come_before_the_region(region_map):
    _zwolle, region, _team, _made = region_map
    other = make_region("regio-elders", municipality_codes=["GM0200"])
    bakery = _story(other, "Elders: een andere bakker", ["bedrijfsopvolging"], days_ago=90)
    bakery.sector = SbiSection.objects.get(code="c")
    bakery.save(update_fields=["sector"])
    _story(region, "Zwolle: overdracht", ["bedrijfsopvolging"], days_ago=30)
    themes = _themes("bedrijfsopvolging")
    # The same sector first, even from another region and older.
    assert [s.title for s in stories_like(themes=themes, region=region, sbi_section="c")] == [
        "Elders: een andere bakker",
        "Zwolle: overdracht",
    ]
    # Another sector, or none told: the region comes first as before.
    for code in ("f", ""):
        assert [s.title for s in stories_like(themes=themes, region=region, sbi_section=code)][
            0
        ] == "Zwolle: overdracht"


@pytest.mark.django_db
def test_the_plan_names_communities_meetings_and_stories(client, region_map):
    zwolle, region, team, made = region_map
    _succession_evening(team, made["succession"])
    story = _story(region, "De zaak overdragen aan mijn dochter", ["bedrijfsopvolging"])
    plan = _plan(zwolle)
    page = client.get(f"/plan/{plan.token}/").content.decode()
    section = page[page.index('id="ontmoeten"') : page.index('id="doorsturen"')]
    assert section.index("Familiebedrijven") < section.index("Bakkers en energie")
    assert "Bouwers" not in section and "Oud netwerk" not in section
    assert (
        'Meedoen? Neem contact op met <a class="utrecht-link" '
        'href="/organisaties/ondernemersvereniging-zwolle/">Ondernemend Zwolle</a>.'
    ) in section
    assert "Avond over overdragen" in section
    assert 'href="/regio/regio-zwolle/communities/"' in section
    assert f'href="/verhalen/{story.public_id}/"' in section
    assert "De zaak overdragen aan mijn dochter" in section
    assert "Zo pakten andere ondernemers het aan" in section


@pytest.mark.django_db
def test_a_plan_with_nothing_to_meet_or_read_says_nothing_about_it(client, small_catalog):
    zwolle, _offers = small_catalog
    page = client.get(f"/plan/{_plan(zwolle).token}/").content.decode()
    assert 'id="ontmoeten"' not in page and 'id="verhalen"' not in page
    # Outside the regions there is no community map to point to, but stories still help.
    _story(Region.objects.get(slug="regio-zwolle"), "Overdragen in Zwolle", ["bedrijfsopvolging"])
    outside = Municipality.objects.get(code="GM0363")  # Amsterdam: no demo region
    page = client.get(f"/plan/{_plan(outside).token}/").content.decode()
    assert 'id="ontmoeten"' not in page
    assert "Overdragen in Zwolle" in page
    assert "Overdragen in Zwolle</a> · Anna, eigenaar van een bakkerij · Regio Zwolle" in re.sub(
        r"\s+", " ", page
    )


@pytest.mark.django_db
def test_the_question_page_tells_how_others_went_about_it(client, region_map):
    _zwolle, region, _team, _made = region_map
    story = _story(region, "De zaak overdragen aan mijn dochter", ["bedrijfsopvolging"])
    _story(region, "Een nieuwe webwinkel", ["digitalisering"])
    query = {"vraag": "Ik wil over een paar jaar mijn bedrijf overdragen.", "gemeente": "GM0193"}
    page = client.get("/vraag/", query).content.decode()
    section = page[page.index('id="verhalen"') :]
    assert f'href="/verhalen/{story.public_id}/"' in section
    # A community on succession, and one open to all; none for energy, none for another sector.
    meet = page[page.index('id="ontmoeten"') : page.index('id="verhalen"')]
    assert meet.index("Familiebedrijven") < meet.index("Ondernemend Zwolle")
    assert "Bakkers en energie" not in meet and "Bouwers" not in meet
    assert "Deze groepen in Regio Zwolle passen bij uw vraag." in meet
    assert "Een nieuwe webwinkel" not in page
    # A story of the reader's own region does not repeat the region's name.
    assert "Anna, eigenaar van een bakkerij · Regio Zwolle" not in re.sub(r"\s+", " ", section)
    # A question about something private gets no stories, as it gets no meetings ("zoon"
    # hints at succession, the theme of the story).
    private = {"vraag": "mijn zoon zoekt een bijbaantje", "gemeente": "GM0193"}
    private_page = client.get("/vraag/", private).content.decode()
    assert 'id="verhalen"' not in private_page and 'id="ontmoeten"' not in private_page


@pytest.mark.django_db(transaction=True)
def test_the_matches_api_gives_the_same_stories(live_server, region_map):
    _zwolle, region, team, made = region_map
    _succession_evening(team, made["succession"])
    story = _story(region, "De zaak overdragen aan mijn dochter", ["bedrijfsopvolging"])
    url = f"{live_server.url}/api/v1/matches"
    question = {
        "question": "Ik wil over een paar jaar mijn bedrijf overdragen.",
        "municipality": "GM0193",
    }
    body = requests.post(url, json=question, timeout=30).json()
    assert [m["title"] for m in body["meetings"]] == ["Avond over overdragen"]
    # The same communities as the page: on succession first, then one open to all.
    names = [c["name"] for c in body["communities"]]
    assert names == ["Familiebedrijven", "Ondernemend Zwolle"]
    assert body["communities"][0]["organiser"] == "ondernemersvereniging-zwolle"
    (shown,) = body["stories"]
    assert shown["id"] == str(story.public_id)
    assert shown["region"] == "regio-zwolle" and shown["themes"] == ["bedrijfsopvolging"]
    assert "consentEmail" not in shown and "createdBy" not in shown
    private = {"question": "mijn zoon zoekt een bijbaantje", "municipality": "GM0193"}
    # Nor meetings, as on the page ("zoon" hints at succession).
    answer = requests.post(url, json=private, timeout=30).json()
    assert answer["stories"] == answer["meetings"] == answer["communities"] == []


@pytest.mark.django_db
def test_each_community_says_whom_to_ask_to_join(client, region_map):
    zwolle, region, team, made = region_map
    # An organiser that cannot be reached is no contact: the region's hub is asked instead.
    silent = make_organisation("stille-club", name="Stille Club")
    community_services.save_community(
        actor=team,
        region=region,
        community=made["succession"],
        data={"name": "Familiebedrijven", "kind": "peer-groep", "organiser": silent},
    )
    page = client.get(f"/plan/{_plan(zwolle).token}/").content.decode()
    section = page[page.index('id="ontmoeten"') : page.index('id="doorsturen"')]
    assert (
        'Meedoen? Neem contact op met <a class="utrecht-link" '
        'href="/organisaties/ondernemershuis-zwolle/">'
    ) in section
    assert "het ondernemerspunt van de regio." in section
    assert "Stille Club" not in section
    # A region without a hub: the schakelteam brings the entrepreneur in touch.
    elsewhere = make_region("regio-zonder-punt", municipality_codes=["GM0200"])
    community_services.save_community(
        actor=make_user(Role.SCHAKELTEAM_MEMBER, region=elsewhere),
        region=elsewhere,
        data={"name": "Club zonder contact", "kind": "ondernemersvereniging"},
    )
    apeldoorn = Municipality.objects.get(code="GM0200")
    page = client.get(f"/plan/{_plan(apeldoorn).token}/").content.decode()
    assert (
        'Meedoen? <a class="utrecht-link" href="/hulpvraag/">Vraag het schakelteam</a> om u in '
        "contact te brengen."
    ) in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_the_plans_new_parts_on_a_phone_and_a_desk(page, live_server, region_map):
    zwolle, region, _team, _made = region_map
    _story(region, "De zaak overdragen aan mijn dochter", ["bedrijfsopvolging"])
    plan = _plan(zwolle)
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(f"{live_server.url}/plan/{plan.token}/")
        page.get_by_role("heading", name="Ontmoet andere ondernemers").wait_for()
        page.get_by_role("heading", name="Zo pakten andere ondernemers het aan").wait_for()
        assert_accessible_and_fits(page)
        page.get_by_role("link", name="De zaak overdragen aan mijn dochter").click()
        page.get_by_role("heading", name="De zaak overdragen aan mijn dochter").wait_for()
        page.go_back()
        page.get_by_role("link", name="Alle communities in Regio Zwolle").click()
        page.get_by_role("heading", name="Communities in Regio Zwolle", level=1).wait_for()
