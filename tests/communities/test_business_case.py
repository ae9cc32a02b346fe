"""The business case of communities (REQUIREMENTS D8): the region records what each community
cost in a year; the page sets that beside what the meetings brought and the other regions."""

import datetime
import html
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from scharnier.communities import business_case as cases
from scharnier.communities import services
from scharnier.communities.models import CommunityCost
from scharnier.organisations.models import Role
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


def _community(region, actor, name: str):
    return services.save_community(
        actor=actor,
        region=region,
        data={"name": name, "kind": "sector", "status": "actief", "reach": 50},
    )


def _meeting(actor, community, *, days_ago: int, people: int, new: int, cancelled=False):
    meeting = services.log_meeting(
        actor=actor,
        community=community,
        data={
            "title": f"Bijeenkomst {community.name}",
            "date": TODAY - datetime.timedelta(days=days_ago),
            "format": "fysiek",
            "participants_count": people,
            "new_participants_count": new,
        },
    )
    if cancelled:
        type(meeting).objects.filter(pk=meeting.pk).update(is_cancelled=True)
    return meeting


class World:
    def __init__(self) -> None:
        self.region = make_region("regio-kosten")
        self.other = make_region("regio-anders")
        self.director = make_user(Role.REGIONAL_DIRECTOR, region=self.region, username="dir")
        self.other_director = make_user(Role.REGIONAL_DIRECTOR, region=self.other, username="dir2")
        self.team = make_user(Role.SCHAKELTEAM_MEMBER, region=self.region, username="team")
        self.analyst = make_user(Role.NATIONAL_ANALYST, username="analist")
        self.editor = make_user(
            Role.PROVIDER_EDITOR, organisation=make_organisation(), username="redacteur"
        )
        self.bakers = _community(self.region, self.director, "Bakkers")
        self.park = _community(self.region, self.director, "Bedrijvenpark")
        self.builders = _community(self.other, self.other_director, "Bouwers")
        # This year: bakers 30 + 20 people (15 new), park 40 (10 new); a cancelled and a
        # last-year meeting do not count.
        days = min(TODAY.timetuple().tm_yday - 1, 10)
        _meeting(self.director, self.bakers, days_ago=days, people=30, new=10)
        _meeting(self.director, self.bakers, days_ago=days, people=20, new=5)
        _meeting(self.director, self.bakers, days_ago=days, people=99, new=99, cancelled=True)
        _meeting(self.director, self.bakers, days_ago=days + 400, people=70, new=70)
        _meeting(self.director, self.park, days_ago=days, people=40, new=10)
        _meeting(self.other_director, self.builders, days_ago=days, people=25, new=20)


@pytest.fixture
def world():
    return World()


def test_cost_per_new_entrepreneur_counts_only_communities_with_costs(world):
    cases.record_community_cost(
        actor=world.director,
        community=world.bakers,
        year=YEAR,
        cost_eur=Decimal("3000"),
        hours=40,
        funders="Gemeente en KvK",
    )
    case = cases.business_case(world.region, YEAR)
    rows = {row.community.name: row for row in case.rows}
    assert (rows["Bakkers"].meetings, rows["Bakkers"].participations) == (2, 50)
    assert rows["Bakkers"].new_participants == 15
    assert rows["Bakkers"].cost_per_new == Decimal("200")
    assert rows["Bakkers"].cost_per_participation == Decimal("60")
    assert rows["Bedrijvenpark"].cost is None and rows["Bedrijvenpark"].cost_per_new is None
    # The park without costs would make the region look cheap: it is left out and named.
    assert case.total_cost == Decimal("3000") and case.cost_per_new == Decimal("200")
    assert case.new_participants == 25
    assert [c.name for c in case.missing_costs] == ["Bedrijvenpark"]
    assert case.other_median_per_new is None

    cases.record_community_cost(
        actor=world.other_director, community=world.builders, year=YEAR, cost_eur=Decimal(5000)
    )
    case = cases.business_case(world.region, YEAR)
    assert (case.other_regions, case.other_median_per_new) == (1, Decimal("250"))

    # No amount removes the year's costs.
    cases.record_community_cost(
        actor=world.director, community=world.bakers, year=YEAR, cost_eur=None
    )
    assert not CommunityCost.objects.filter(community=world.bakers).exists()


def test_costs_are_refused_in_dutch_and_only_the_region_records_them(world):
    for kwargs, field, message in (
        ({"cost_eur": Decimal("-1")}, "cost_eur", "van 0 tot 10.000.000 euro"),
        ({"cost_eur": Decimal("20000000")}, "cost_eur", "van 0 tot 10.000.000 euro"),
        ({"cost_eur": Decimal("1.005")}, "cost_eur", "twee cijfers achter de komma"),
        ({"cost_eur": Decimal(1), "hours": 200_000}, "hours", "van 0 tot 100.000"),
        ({"cost_eur": None, "hours": 5}, "cost_eur", "Vul de kosten in"),
        ({"cost_eur": Decimal(1), "funders": "<b>KvK</b>"}, "funders", "HTML-code"),
        ({"cost_eur": Decimal(1), "year": 2019}, "year", "Kies een jaar van 2020"),
    ):
        arguments = {"year": YEAR, "hours": None, "funders": "", **kwargs}
        with pytest.raises(ValidationError) as error:
            cases.record_community_cost(actor=world.director, community=world.bakers, **arguments)
        assert message in " ".join(error.value.message_dict[field]), kwargs
    for user in (world.other_director, world.analyst, world.editor):
        with pytest.raises(PermissionDenied):
            cases.record_community_cost(
                actor=user, community=world.bakers, year=YEAR, cost_eur=Decimal(1)
            )
    cases.record_community_cost(
        actor=world.team, community=world.bakers, year=YEAR, cost_eur=Decimal(1)
    )
    assert CommunityCost.objects.count() == 1


def test_the_page_is_for_the_region_and_the_analyst(world, client):
    url = f"/regio/{world.region.slug}/communities/businesscase/"
    for user in (world.other_director, world.editor):
        client.force_login(user)
        assert client.get(url).status_code == 403
    client.force_login(world.analyst)
    page = client.get(url)
    assert page.status_code == 200 and "Kosten opslaan" not in page.content.decode()
    assert client.post(url, {"community": world.bakers.pk, "cost_eur": "1"}).status_code == 403

    client.force_login(world.director)
    assert "Businesscase" in client.get(f"/regio/{world.region.slug}/communities/").content.decode()
    # A bad amount: Dutch, what was typed stays, nothing stored.
    answer = client.post(
        url, {"jaar": YEAR, "community": world.bakers.pk, "cost_eur": "veel", "hours": "12"}
    )
    assert answer.status_code == 400
    text = html.unescape(answer.content.decode())
    assert "Vul een bedrag in euro in" in text and 'value="veel"' in text
    assert not CommunityCost.objects.exists()
    answer = client.post(
        url,
        {
            "jaar": YEAR,
            "community": world.bakers.pk,
            "cost_eur": "3.000,00",
            "hours": "40",
            "funders": "Gemeente en KvK",
        },
        follow=True,
    )
    text = html.unescape(answer.content.decode())
    assert f"De kosten van Bakkers in {YEAR} zijn opgeslagen." in text
    assert (
        "€ 200" in text
        and "Nog zonder kosten, terwijl er bijeenkomsten waren: Bedrijvenpark" in text
    )
    # Another region's community cannot be chosen.
    answer = client.post(url, {"jaar": YEAR, "community": world.builders.pk, "cost_eur": "5"})
    assert answer.status_code == 400
    assert "Kies een community van deze regio" in html.unescape(answer.content.decode())
    # The row link opens the form with the stored figures.
    edit = client.get(f"{url}?jaar={YEAR}&community={world.bakers.pk}")
    assert edit.context["form"].initial["cost_eur"] == Decimal("3000.00")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_a_director_records_costs_on_a_phone(page, live_server, login):
    world = World()
    page.set_viewport_size({"width": 390, "height": 844})
    login(world.director)
    page.goto(f"{live_server.url}/regio/{world.region.slug}/communities/businesscase/")
    assert_accessible_and_fits(page)
    page.get_by_label("Community").select_option(label="Bakkers")
    page.get_by_label("Kosten in dit jaar (euro)").fill("1.500")
    page.get_by_role("button", name="Kosten opslaan").click()
    page.wait_for_load_state()
    assert "€ 100" in page.inner_text("main")  # 1.500 over 15 new entrepreneurs
    page.get_by_label("Kosten in dit jaar (euro)").fill("-5")
    page.get_by_label("Community").select_option(label="Bedrijvenpark")
    page.get_by_role("button", name="Kosten opslaan").click()
    page.wait_for_load_state()
    assert "Er is iets niet goed ingevuld" in page.inner_text("main")
    assert_accessible_and_fits(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible_and_fits(page)
