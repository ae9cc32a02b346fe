"""Outreach campaigns (Visie 2030, pijler 1: "Samen doelgroepen in kaart brengen en benaderen";
KvK: "latente ondernemersvragen te signaleren en activeren"): the region records whom it
approaches, and the campaign's links count the questions and plans they bring in."""

import datetime
import html
import re

import pytest
from django.utils import timezone

from scharnier.casework.models import Question
from scharnier.catalog.models import SbiSection
from scharnier.communities import campaigns as campaign_queries
from scharnier.communities import services
from scharnier.communities.models import Campaign
from scharnier.geography.models import Municipality
from scharnier.matching import scan
from scharnier.matching.models import Plan
from scharnier.monitoring.queries import broad_sme_firms_by_sbi_row
from scharnier.organisations.models import Role
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import make_organisation, make_region, make_user

TODAY = timezone.localdate()


def _campaign(region, actor, **data) -> Campaign:
    return services.save_campaign(
        actor=actor,
        region=region,
        data={"title": "Brief over netcongestie", "channel": "brief", "starts_on": TODAY, **data},
    )


_asked: list[str] = []


def _ask(client, code: str, text: str = "Ik wil mijn bedrijf verduurzamen en zoek hulp."):
    _asked.append(code)
    return client.post(
        "/hulpvraag/",
        {
            "text": text,
            "municipality": Municipality.objects.get(code="GM0193").pk,
            "email": f"ondernemer{len(_asked)}@example.org",  # one per question: rate limits
            "consent_handling": "on",
            "consent_version": "2026-2",
            "campagne": code,
        },
    )


@pytest.mark.django_db
def test_the_schakelteam_plans_a_campaign_and_gets_its_links(client):
    region = make_region("regio-zwolle", name="Regio Zwolle", municipality_codes=["GM0193"])
    member = make_user(Role.SCHAKELTEAM_MEMBER, region=region)
    url = "/regio/regio-zwolle/benaderacties/"
    assert client.get(url).status_code == 302  # to the login page
    for outsider in (
        make_user(Role.SCHAKELTEAM_MEMBER, region=make_region("achterhoek", ["GM0197"])),
        make_user(Role.PROVIDER_EDITOR, organisation=make_organisation()),
        make_user(Role.NATIONAL_ANALYST),
    ):
        client.force_login(outsider)
        assert client.get(url).status_code == 403
        assert client.post(url + "nieuw/", {"title": "x"}).status_code == 403

    client.force_login(member)
    bad = client.post(
        url + "nieuw/",
        {
            "title": "",
            "channel": "",
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
            "firms_approached": "veel",
        },
    )
    assert bad.status_code == 400
    text = html.unescape(bad.content.decode())
    assert "Geef de actie een naam." in text
    assert "Kies hoe u de bedrijven benadert." in text
    assert 'value="veel"' in text
    assert not Campaign.objects.exists()
    wrong_end = client.post(
        url + "nieuw/",
        {
            "title": "Brief over netcongestie",
            "channel": "brief",
            "starts_on": TODAY.isoformat(),
            "ends_on": (TODAY - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert "De einddatum moet op of na de begindatum liggen." in html.unescape(
        wrong_end.content.decode()
    )
    assert not Campaign.objects.exists()

    bouw = SbiSection.objects.get(code="f")
    ok = client.post(
        url + "nieuw/",
        {
            "title": "Brief over netcongestie",
            "channel": "brief",
            "sbi_sections": [bouw.code],
            "starts_on": TODAY.isoformat(),
            "firms_approached": "200",
        },
    )
    assert ok.status_code == 302
    campaign = Campaign.objects.get()
    # The region, the start of the title and a random tail.
    assert re.fullmatch(r"regio-zwolle-brief-over-netcong-[0-9a-f]{4}", campaign.code)
    page = html.unescape(client.get(url).content.decode())
    assert f"/hulpvraag/?campagne={campaign.code}" in page
    assert f"/toekomstscan/?campagne={campaign.code}" in page
    firms = broad_sme_firms_by_sbi_row(["GM0193"])["F"]
    assert f"Ongeveer {firms:,} bedrijven in het brede mkb (CBS).".replace(",", ".") in page
    assert "0 vragen en toekomstscans via de links van deze actie" in page

    # The code never changes when the campaign is edited.
    edit = client.post(
        f"{url}{campaign.pk}/",
        {"title": "Andere naam", "channel": "bezoek", "starts_on": TODAY.isoformat()},
    )
    assert edit.status_code == 302
    renamed = Campaign.objects.get()
    assert (renamed.title, renamed.code) == ("Andere naam", campaign.code)
    assert client.post(f"{url}{campaign.pk}/verwijderen/").status_code == 302
    assert not Campaign.objects.exists()


@pytest.mark.django_db
def test_the_links_count_questions_and_plans_with_small_counts_hidden(client):
    region = make_region("regio-zwolle", name="Regio Zwolle", municipality_codes=["GM0193"])
    director = make_user(Role.REGIONAL_DIRECTOR, region=region)
    campaign = _campaign(region, director, firms_approached=100)

    form = client.get(f"/hulpvraag/?campagne={campaign.code}").content.decode()
    assert f'<input type="hidden" name="campagne" value="{campaign.code}">' in form
    assert _ask(client, campaign.code).status_code == 302
    assert (
        _ask(client, "<script>", text="Ik zoek hulp bij het vinden van personeel.").status_code
        == 302
    )
    assert list(Question.objects.values_list("campaign_code", flat=True).order_by("pk")) == [
        campaign.code,
        "",  # a malformed code is dropped, the question is kept
    ]

    start = client.get(f"/toekomstscan/?campagne={campaign.code}").content.decode()
    assert f'name="campagne" value="{campaign.code}"' in start
    query = f"gemeente=GM0193&medewerkers=5&leeftijd=3&campagne={campaign.code}"
    answers = {scan.DIRECTION_QUESTION: "groeien"}
    answers.update({code: "2" for code in scan.question_codes() if code != scan.DIRECTION_QUESTION})
    done = client.post(f"/toekomstscan/vragen/?{query}", answers)
    assert done.status_code == 302
    assert Plan.objects.get().campaign_code == campaign.code

    (result,) = campaign_queries.campaign_results(region)
    assert (result.questions, result.plans) == (1, 1)
    assert (result.shown_responses, result.response_rate) == ("<5", "")
    for n in range(3):
        response = _ask(client, campaign.code, text=f"Ik zoek hulp bij mijn administratie, nr {n}.")
        assert response.status_code == 302
    (result,) = campaign_queries.campaign_results(region)
    assert (result.shown_responses, result.response_rate) == ("5", "5,0%")
    client.force_login(director)
    page = html.unescape(client.get("/regio/regio-zwolle/benaderacties/").content.decode())
    assert "5 vragen en toekomstscans via de links van deze actie (5,0% van de benaderde" in page


@pytest.mark.django_db
def test_target_groups_count_the_regions_firms_per_sector_and_the_campaigns_aiming_at_them():
    region = make_region("regio-zwolle", municipality_codes=["GM0193", "GM0200"])
    director = make_user(Role.REGIONAL_DIRECTOR, region=region)
    per_row = broad_sme_firms_by_sbi_row(["GM0193", "GM0200"])
    bouw = SbiSection.objects.get(code="f")
    everyone = _campaign(region, director)
    builders = _campaign(region, director, title="Bouw", sbi_sections=[bouw])
    assert campaign_queries.target_firms(region, [], []) == sum(per_row.values())
    assert campaign_queries.target_firms(region, [bouw], []) == per_row["F"]
    only_zwolle = broad_sme_firms_by_sbi_row(["GM0193"])["F"]
    assert campaign_queries.target_firms(region, [bouw], ["GM0193"]) == only_zwolle
    groups = {g.label: g for g in campaign_queries.target_groups(region, [everyone, builders])}
    assert groups[bouw.label].campaigns == 2 and groups[bouw.label].firms == per_row["F"]
    assert all(g.campaigns >= 1 for g in groups.values())
    with pytest.raises(Exception, match="horen niet bij de regio"):
        _campaign(region, director, municipalities=[Municipality.objects.get(code="GM0197")])


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_a_director_adds_a_campaign_on_a_phone(page, live_server, login):
    region = make_region("regio-zwolle", name="Regio Zwolle", municipality_codes=["GM0193"])
    director = make_user(Role.REGIONAL_DIRECTOR, region=region, username="regisseur-actie")
    page.set_viewport_size({"width": 390, "height": 844})
    login(director)
    page.goto(f"{live_server.url}/regio/regio-zwolle/communities/")
    page.get_by_role("link", name="Benaderacties").click()
    page.get_by_role("link", name="Benaderactie toevoegen").click()
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert "Geef de actie een naam." in page.inner_text("main")
    assert_accessible_and_fits(page)
    page.get_by_label("Naam van de actie").fill("Bezoek aan bouwbedrijven")
    page.get_by_label("Bedrijfsbezoek").check()
    page.get_by_label("Begint op").fill(TODAY.isoformat())
    page.get_by_role("button", name="Opslaan").click()
    page.wait_for_load_state()
    assert "De benaderactie 'Bezoek aan bouwbedrijven' is opgeslagen." in page.inner_text("main")
    assert "/hulpvraag/?campagne=regio-zwolle-bezoek-aan-bouwbed" in page.inner_text("main")
    assert_accessible_and_fits(page)
