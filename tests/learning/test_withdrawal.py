"""Consent withdrawal over real HTTP: after the entrepreneur withdraws through the link, the
story is gone from every page, API response and open-data export at once."""

import pytest
import requests
from django.core.exceptions import ValidationError
from django.utils.html import escape
from rest_framework.authtoken.models import Token

from scharnier.learning import services
from scharnier.learning.models import HalfYearReport
from tests.learning.reports_world import NARRATIVE, build_report_world, current_period
from tests.learning.reports_world import publish as publish_report
from tests.learning.test_services import _png
from tests.learning.world import build_world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _places(base: str, public_id: str) -> dict[str, str]:
    return {
        "gallery": f"{base}/verhalen/",
        "gallery by region": f"{base}/verhalen/?regio=regio-a",
        "gallery by theme": f"{base}/verhalen/?thema=netcongestie",
        "detail": f"{base}/verhalen/{public_id}/",
        "photo": f"{base}/verhalen/{public_id}/foto/",
        "api list": f"{base}/api/v1/stories",
        "api list by region": f"{base}/api/v1/stories?region=regio-a",
        "api detail": f"{base}/api/v1/stories/{public_id}",
        "open data": f"{base}/open-data/verhalen.json",
    }


def _shows(response: requests.Response, title: str, public_id: str) -> bool:
    if response.headers.get("Content-Type", "").startswith("image/"):
        return response.status_code == 200
    return response.status_code == 200 and (title in response.text or public_id in response.text)


def test_withdrawn_story_is_absent_everywhere(live_server):
    world = build_world()
    story = services.save_story(
        actor=world.users["schakel_a"],
        region=world.regions["a"],
        story=world.stories["region_draft"],
        data={"photo": _png(), "photo_alt": "Anna bij haar oven"},
    )
    token = services.request_consent(actor=world.users["schakel_a"], story=story)
    title, public_id = story.title, str(story.public_id)
    places = _places(live_server.url, public_id)
    # Before consent: nowhere.
    assert [
        n for n, url in places.items() if _shows(requests.get(url, timeout=10), title, public_id)
    ] == []
    page = requests.Session()
    consent_url = f"{live_server.url}/verhalen/toestemming/{token}/"
    form = page.get(consent_url, timeout=10)
    assert title in form.text
    csrf = page.cookies["csrftoken"]
    page.post(
        consent_url,
        data={"keuze": "akkoord", "csrfmiddlewaretoken": csrf},
        headers={"Referer": consent_url},
        timeout=10,
    )
    shown = [
        n for n, url in places.items() if _shows(requests.get(url, timeout=10), title, public_id)
    ]
    assert shown == list(places)
    api = requests.get(places["api detail"], timeout=10).json()
    assert api["photoUrl"].endswith("/foto/") and "consentEmail" not in api
    assert "anna@example.org" not in requests.get(places["open data"], timeout=10).text
    # The entrepreneur withdraws through the same link.
    answer = page.post(
        consent_url,
        data={"keuze": "intrekken", "csrfmiddlewaretoken": csrf},
        headers={"Referer": consent_url},
        timeout=10,
    )
    assert "Uw verhaal is weggehaald" in answer.text
    still = {}
    for name, url in places.items():
        response = requests.get(url, timeout=10)
        if _shows(response, title, public_id):
            still[name] = response.status_code
    assert still == {}
    assert requests.get(places["detail"], timeout=10).status_code == 404
    assert requests.get(places["api detail"], timeout=10).status_code == 404
    assert requests.get(places["open data"], timeout=10).json() == {"stories": []}
    # The link now leads nowhere: the token hash was erased with the content.
    assert page.get(consent_url, timeout=10).status_code == 404


def test_api_drafts_need_a_token_and_a_right(live_server):
    world = build_world()
    api = f"{live_server.url}/api/v1/stories"
    body = {
        "region": "regio-a",
        "title": "Een nieuw verhaal",
        "entrepreneur": "Piet, loodgieter",
        "question": "Hoe vind ik personeel?",
        "helpers": "Het leerwerkloket.",
        "change": "Twee leerlingen in dienst.",
        "themes": ["arbeidsmarkt"],
    }
    anonymous = requests.post(api, json=body, timeout=10)
    assert anonymous.status_code == 401
    assert anonymous.headers["Content-Type"] == "application/problem+json"
    other = {"Authorization": f"Token {Token.objects.create(user=world.users['schakel_b']).key}"}
    assert requests.post(api, json=body, headers=other, timeout=10).status_code == 403
    own = {"Authorization": f"Token {Token.objects.create(user=world.users['schakel_a']).key}"}
    bad = requests.post(api, json={**body, "title": ""}, headers=own, timeout=10)
    assert bad.status_code == 400 and bad.headers["Content-Type"] == "application/problem+json"
    created = requests.post(api, json=body, headers=own, timeout=10)
    assert created.status_code == 201, created.text
    assert created.json()["status"] == "concept"
    # A draft is not published: the list stays empty, and unknown filters are a 400.
    assert requests.get(api, timeout=10).json()["results"] == []
    assert requests.get(f"{api}?regio=regio-a", timeout=10).status_code == 400
    assert requests.get(f"{api}?region=bestaat-niet", timeout=10).status_code == 400


def test_withdrawal_leaves_draft_reports_at_once_but_not_frozen_ones(client):
    world = build_report_world()
    story = world.stories["region_draft"]
    services.request_consent(actor=world.users["schakel_a"], story=story, notify=False)
    services.confirm_consent(story=story)
    title, change = story.title, escape(story.change)  # as it stands in HTML
    frozen = publish_report(world, "a", stories=[story])
    draft = services.correct_report(actor=world.user("regisseur_a"), report=frozen)
    assert list(draft.stories.all()) == [story]
    client.force_login(world.user("regisseur_a"))
    draft_url = f"/rapportages/{draft.public_id}/"
    assert title in client.get(draft_url).content.decode()
    frozen_html = bytes(frozen.html)
    assert title in frozen_html.decode() and change in frozen_html.decode()

    services.withdraw_story(story=story, by_entrepreneur=True)

    assert draft.stories.count() == 0
    page = client.get(draft_url).content.decode()
    assert title not in page and change not in page
    assert "Er zijn geen verhalen gekozen." in page
    # A story chosen again is refused: it has no consent any more.
    with pytest.raises(ValidationError):
        services.save_report(
            actor=world.user("regisseur_a"), report=draft, data={**NARRATIVE, "stories": [story]}
        )
    # The frozen report keeps what was published with consent, byte for byte.
    stored = HalfYearReport.objects.get(pk=frozen.pk)
    assert bytes(stored.html) == frozen_html
    assert client.get(f"/rapportages/{frozen.public_id}/").content == frozen_html
    assert current_period() == frozen.period
