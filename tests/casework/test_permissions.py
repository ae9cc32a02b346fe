"""Role x region x organisation matrix over pages and API: no cross-region or cross-provider leak.

The entrepreneur's e-mail address stands for all personal data: it may appear in a response
only where the matrix allows.
"""

import pytest
import requests
from django.test import Client
from rest_framework.authtoken.models import Token

from scharnier.casework.models import AccessChannel, PersonalDataAccess
from tests.casework.conftest import ROLES, build_world

PERSONAL = "fatima@bakkerij.example"

# Who may open which question's handling page (and so see its personal data).
HANDLERS = {"a": {"schakel_a"}, "b": {"schakel_b"}, "landelijk": {"beheerder"}}
# Who may see which question through the API (handlers plus the provider it was referred to).
API_VIEWERS = {
    "a": {"schakel_a", "aanbieder_a"},
    "b": {"schakel_b", "aanbieder_b"},
    "landelijk": {"beheerder"},
}
REFERRAL_PROVIDERS = {"a": {"aanbieder_a"}, "b": {"aanbieder_b"}}
INBOX_CONTENT = {
    "schakel_a": {"a"},
    "schakel_b": {"b"},
    "beheerder": {"landelijk"},
}
# Who sees the figures of what lies behind the questions (counts only, never a question).
FIGURE_VIEWERS = {"schakel_a", "schakel_b", "beheerder", "analist", "regisseur_a"}


def _client(world, role: str) -> Client:
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


@pytest.mark.django_db
def test_page_matrix(world):
    failures = []
    for role in ROLES:
        client = _client(world, role)
        for name, question in world.questions.items():
            response = client.get(f"/schakelteam/vragen/{question.reference}/")
            allowed = role in HANDLERS[name]
            expected = 200 if allowed else (302 if role == "anoniem" else 404)
            if response.status_code != expected:
                failures.append(("vraag", role, name, response.status_code))
            if (PERSONAL in response.content.decode()) != allowed:
                failures.append(("vraag-gegevens", role, name))
            # Recording an intake: only the handling team; a refusal changes nothing.
            before = world.reload(name).intake_at
            response = client.post(
                f"/schakelteam/vragen/{question.reference}/intake/", {"employees": "7"}
            )
            if not allowed and response.status_code not in (302, 404):
                failures.append(("intake", role, name, response.status_code))
            if not allowed and world.reload(name).intake_at != before:
                failures.append(("intake-opgeslagen", role, name))
        for name, referral in world.referrals.items():
            response = client.get(f"/aanbieder/doorverwijzingen/{referral.public_id}/")
            allowed = role in REFERRAL_PROVIDERS[name]
            expected = 200 if allowed else (302 if role == "anoniem" else 404)
            if response.status_code != expected:
                failures.append(("doorverwijzing", role, name, response.status_code))
            if (PERSONAL in response.content.decode()) != allowed:
                failures.append(("doorverwijzing-gegevens", role, name))
            # Acting on another organisation's referral is refused the same way.
            response = client.post(f"/aanbieder/doorverwijzingen/{referral.public_id}/accepteren/")
            if not allowed and response.status_code not in (302, 404):
                failures.append(("accepteren", role, name, response.status_code))
            if not allowed and response.status_code == 302 and role != "anoniem":
                failures.append(("accepteren-redirect", role, name))
        # Inbox: only the own region's questions, never another's.
        response = client.get("/schakelteam/vragen/?status=alle")
        body = response.content.decode()
        if role == "anoniem":
            assert response.status_code == 302
        elif role not in INBOX_CONTENT:
            if response.status_code != 403:
                failures.append(("inbox", role, response.status_code))
        else:
            if role == "beheerder":
                body = client.get(
                    "/schakelteam/vragen/?regio=landelijk&status=alle"
                ).content.decode()
            seen = {n for n, q in world.questions.items() if q.reference in body}
            if seen != INBOX_CONTENT[role]:
                failures.append(("inbox-inhoud", role, seen))
            if PERSONAL in body:
                failures.append(("inbox-gegevens", role))
        response = client.get("/schakelteam/vraag-achter-de-vraag/")
        expected = 200 if role in FIGURE_VIEWERS else (302 if role == "anoniem" else 403)
        if response.status_code != expected:
            failures.append(("vraag-achter-de-vraag", role, response.status_code))
        if PERSONAL in response.content.decode():
            failures.append(("vraag-achter-de-vraag-gegevens", role))
    # A schakelteam member cannot open another region's inbox by changing the parameter.
    assert _client(world, "schakel_a").get("/schakelteam/vragen/?regio=regio-b").status_code == 404
    # Provider lists: own organisation only.
    for role, own in (("aanbieder_a", "a"), ("aanbieder_b", "b")):
        body = _client(world, role).get("/aanbieder/doorverwijzingen/?status=alle").content.decode()
        seen = {n for n, r in world.referrals.items() if str(r.question.reference) in body}
        if seen != {own}:
            failures.append(("aanbieder-lijst", role, seen))
    assert failures == []


@pytest.mark.django_db
def test_after_rejection_provider_loses_access_to_personal_data(world):
    from scharnier.casework import services

    services.transition_referral(
        actor=world.users["aanbieder_a"],
        referral=world.referrals["a"],
        action="reject",
        reason="Niet ons werkgebied.",
    )
    response = _client(world, "aanbieder_a").get(
        f"/aanbieder/doorverwijzingen/{world.referrals['a'].public_id}/"
    )
    assert response.status_code == 200
    assert PERSONAL not in response.content.decode()
    assert "niet (meer) zichtbaar" in response.content.decode()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_api_matrix(live_server):
    world = build_world()
    api = f"{live_server.url}/api/v1"
    headers = {
        role: ({"Authorization": f"Token {Token.objects.create(user=u).key}"} if u else {})
        for role, u in world.users.items()
    }
    failures = []
    for role in ROLES:
        h = headers[role]
        for name, question in world.questions.items():
            response = requests.get(f"{api}/questions/{question.reference}", headers=h, timeout=10)
            allowed = role in API_VIEWERS[name]
            if role == "anoniem":
                expected = {401, 403}
            else:
                expected = {200} if allowed else {404}
            if response.status_code not in expected:
                failures.append(("detail", role, name, response.status_code))
            if response.status_code >= 400:
                if response.headers["Content-Type"] != "application/problem+json":
                    failures.append(("problem", role, name))
            if (PERSONAL in response.text) != allowed:
                failures.append(("gegevens", role, name))
        response = requests.get(f"{api}/questions", headers=h, timeout=10)
        if role == "anoniem":
            if response.status_code not in (401, 403):
                failures.append(("list", role, response.status_code))
            continue
        refs = {item["reference"] for item in response.json()["results"]}
        expected_refs = {world.questions[n].reference for n, v in API_VIEWERS.items() if role in v}
        if refs != expected_refs:
            failures.append(("list", role, refs))
        if PERSONAL in response.text:
            failures.append(("list-gegevens", role))
        response = requests.get(f"{api}/referrals", headers=h, timeout=10)
        ids = {item["id"] for item in response.json()["results"]}
        expected_ids = {
            str(world.referrals[n].public_id)
            for n in world.referrals
            if role in API_VIEWERS[n] and n != "landelijk"
        }
        if ids != expected_ids:
            failures.append(("referrals", role, ids))
        # Acting on a referral of another organisation / region.
        for name, referral in world.referrals.items():
            response = requests.post(
                f"{api}/referrals/{referral.public_id}/transitions",
                json={"action": "accept"},
                headers=h,
                timeout=10,
            )
            if role == "aanbieder_" + name:
                continue  # the legitimate provider; tested in test_api
            if response.status_code not in (403, 404):
                failures.append(("transition", role, name, response.status_code))
    assert failures == []
    # Each successful detail read was audited through the API channel.
    assert PersonalDataAccess.objects.filter(channel=AccessChannel.API).count() == 5
