"""A story says the sector and size of the firm, so that entrepreneurs find stories of firms
like theirs: on the form, the public list (filter), the story page, the API and open data.
A withdrawal erases them with the rest of the content."""

import re

import pytest
import requests
from rest_framework.authtoken.models import Token

from scharnier.catalog.models import SbiSection, SizeClass
from scharnier.learning import services
from scharnier.learning.models import Story, StoryStatus
from scharnier.learning.serializers import export_story
from tests.learning.world import STORY, build_world

FORM = {**STORY, "region": "regio-a", "sector": "c", "size_class": "klein"}


def _publish(world, story: Story) -> Story:
    services.request_consent(actor=world.users["schakel_a"], story=story, notify=False)
    return services.confirm_consent(story=Story.objects.get(pk=story.pk))


@pytest.mark.django_db
def test_the_form_keeps_sector_and_size_and_refuses_unknown_ones(client):
    world = build_world()
    client.force_login(world.user("schakel_a"))
    form = client.get("/verhalen/nieuw/").content.decode()
    assert '<option value="" selected>Kies een sector</option>' in form
    assert "Industrie en maakbedrijven" in form  # the everyday name, with its examples
    assert '<option value="t"' not in form  # households as employers: no firm to help

    refused = client.post("/verhalen/nieuw/", {**FORM, "sector": "zz", "size_class": "reus"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Kies een sector uit de lijst." in body and "Kies een grootte uit de lijst." in body
    assert 'value="Van netcongestie naar een eigen batterij"' in body  # what was typed stays
    assert not Story.objects.filter(sector__isnull=False).exists()

    saved = client.post("/verhalen/nieuw/", FORM)
    assert saved.status_code == 302
    story = Story.objects.get(sector__code="c")
    assert story.size_class.code == "klein"
    edit = client.get(f"/verhalen/{story.public_id}/bewerken/").content.decode()
    assert '<option value="c" selected>' in edit and '<option value="klein" selected>' in edit
    # Both may be left empty.
    client.post(f"/verhalen/{story.public_id}/bewerken/", {**FORM, "sector": "", "size_class": ""})
    story.refresh_from_db()
    assert story.sector is None and story.size_class is None


@pytest.mark.django_db
def test_entrepreneurs_find_stories_of_their_sector(client):
    world = build_world()
    data = {**STORY, "sector": SbiSection.objects.get(code="c")}
    data["size_class"] = SizeClass.objects.get(code="klein")
    bakery = _publish(
        world,
        services.save_story(actor=world.users["schakel_a"], region=world.regions["a"], data=data),
    )
    builder = _publish(
        world,
        services.save_story(
            actor=world.users["schakel_a"],
            region=world.regions["a"],
            data={**STORY, "title": "Een bouwer over zijn opvolging", "sector": None},
        ),
    )
    listed = client.get("/verhalen/").content.decode()
    assert "Industrie en maakbedrijven · " in listed and builder.title in listed
    only = client.get("/verhalen/", {"sector": "c"}).content.decode()
    assert bakery.title in only and builder.title not in only
    assert '<option value="c" selected>' in only
    none = client.get("/verhalen/", {"sector": "f"}).content.decode()
    assert "Er zijn nog geen verhalen die bij uw keuze passen." in none

    page = client.get(f"/verhalen/{bakery.public_id}/").content.decode()
    assert "· Industrie en maakbedrijven · Klein (10 tot 50 medewerkers) ·" in page
    assert 'href="/verhalen/?sector=c"' in page and "Meer verhalen uit de sector" in page
    assert (
        "Meer verhalen uit de sector"
        not in client.get(f"/verhalen/{builder.public_id}/").content.decode()
    )

    row = export_story(Story.objects.get(pk=bakery.pk))
    assert (row["sector"], row["sizeClass"]) == ("c", "klein")
    assert export_story(Story.objects.get(pk=builder.pk))["sector"] is None

    # Withdrawn: sector and size go with the rest of the content.
    services.withdraw_story(story=Story.objects.get(pk=bakery.pk), by_entrepreneur=True)
    withdrawn = Story.objects.get(pk=bakery.pk)
    assert withdrawn.status == StoryStatus.WITHDRAWN
    assert withdrawn.sector is None and withdrawn.size_class is None


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_api_takes_and_gives_sector_and_size(live_server):
    world = build_world()
    api = f"{live_server.url}/api/v1/stories"
    own = {"Authorization": f"Token {Token.objects.create(user=world.users['schakel_a']).key}"}
    body = {k: v for k, v in STORY.items() if k != "consent_email"}
    body.update(region="regio-a", consentEmail=STORY["consent_email"])
    body.update(sector="c", sizeClass="micro")
    for field, value in (("sector", "zz"), ("sector", "t"), ("sizeClass", 5)):
        bad = requests.post(api, json={**body, field: value}, headers=own, timeout=10)
        assert bad.status_code == 400, (field, value)
        assert bad.headers["Content-Type"] == "application/problem+json"
        assert [p["name"] for p in bad.json()["invalidParams"]] == [field], bad.text
    assert not Story.objects.filter(sector__isnull=False).exists()
    created = requests.post(api, json=body, headers=own, timeout=10)
    assert created.status_code == 201, created.text
    story = Story.objects.get(public_id=created.json()["id"])
    assert (story.sector.code, story.size_class.code) == ("c", "micro")
    _publish(world, story)

    detail = requests.get(f"{api}/{story.public_id}", timeout=10).json()
    assert (detail["sector"], detail["sizeClass"]) == ("c", "micro")
    assert [s["id"] for s in requests.get(f"{api}?sector=c", timeout=10).json()["results"]] == [
        str(story.public_id)
    ]
    assert requests.get(f"{api}?sector=f", timeout=10).json()["results"] == []
    unknown = requests.get(f"{api}?sector=zz", timeout=10)
    assert unknown.status_code == 400
    assert unknown.headers["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_the_half_year_report_names_the_firms_sector_and_size():
    from tests.learning.reports_world import build_report_world
    from tests.learning.reports_world import publish as publish_report

    world = build_report_world()
    story = world.stories["region_draft"]
    Story.objects.filter(pk=story.pk).update(
        sector=SbiSection.objects.get(code="c"), size_class=SizeClass.objects.get(code="klein")
    )
    story = _publish(world, Story.objects.get(pk=story.pk))
    html = bytes(publish_report(world, "a", stories=[story]).html).decode()
    line = f"{story.entrepreneur} · {story.sector.name} · {story.size_class.label}"
    assert f'<p class="meta">{line}</p>' in html
    # Without them the line is only who the story is about, as before.
    Story.objects.filter(pk=story.pk).update(sector=None, size_class=None)
    assert Story.objects.get(pk=story.pk).firm_line() == story.entrepreneur


@pytest.mark.django_db
def test_the_managers_list_shows_which_drafts_still_lack_a_sector(client):
    world = build_world()
    draft = world.stories["region_draft"]
    with_sector = world.stories["provider_draft"]
    Story.objects.filter(pk=with_sector.pk).update(sector=SbiSection.objects.get(code="c"))
    published = services.save_story(
        actor=world.users["schakel_a"],
        region=world.regions["a"],
        data={**STORY, "title": "Al gepubliceerd zonder sector"},
    )
    _publish(world, published)
    for number in range(24):  # 27 stories: two pages
        services.save_story(
            actor=world.users["schakel_a"],
            region=world.regions["a"],
            data={**STORY, "title": f"Extra verhaal {number:02}"},
        )
    client.force_login(world.user("schakel_a"))

    def cells(page: str) -> dict[str, str]:
        rows = re.findall(
            r'href="/verhalen/([0-9a-f-]+)/">[^<]*</a></th>.*?data-testid="story-sector">(.*?)</td>',
            page,
            re.S,
        )
        return dict(rows)

    first = client.get("/verhalen/beheer/").content.decode()
    second = client.get("/verhalen/beheer/?pagina=2").content.decode()
    assert "27 verhalen die u mag zien" in first and 'href="?pagina=2"' in first
    shown = cells(first) | cells(second)
    assert len(cells(first)) == 25 and len(shown) == 27
    # A draft without a sector links to its form; a published one cannot change any more.
    assert (
        f'href="/verhalen/{draft.public_id}/bewerken/">Nog niet ingevuld'
        in shown[str(draft.public_id)]
    )
    assert shown[str(with_sector.public_id)] == "Industrie en maakbedrijven"
    assert shown[str(published.public_id)] == "-"
