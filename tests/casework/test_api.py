"""The casework API over real HTTP: a whole case, problem+json errors, and the OpenAPI document."""

import pytest
import requests
from rest_framework.authtoken.models import Token

from scharnier.casework.models import Question
from tests.casework.conftest import MUNICIPALITY_B, build_world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    return response.json()


def test_case_through_the_api(live_server):
    world = build_world()
    api = f"{live_server.url}/api/v1"
    staff = {"Authorization": f"Token {Token.objects.create(user=world.users['schakel_b']).key}"}
    provider = {
        "Authorization": f"Token {Token.objects.create(user=world.users['aanbieder_a']).key}"
    }

    # A regional portal posts a question (no account); consent is required.
    body = {
        "municipality": MUNICIPALITY_B,
        "text": "Ik zoek financiering voor een nieuwe machine.",
        "email": "ondernemer@example.org",
        "consent": ["behandeling"],
        "consentVersion": "2026-1",
    }
    _problem(requests.post(f"{api}/questions", json={**body, "consent": []}, timeout=10), 400)
    _problem(
        requests.post(f"{api}/questions", json={**body, "municipality": "GM9999"}, timeout=10),
        400,
    )
    _problem(
        requests.post(
            f"{api}/questions",
            data="{niet json",
            headers={"Content-Type": "application/json"},
            timeout=10,
        ),
        400,
    )
    # One dialect: the old snake_case name is refused, not half understood.
    snake = {**body, "consent_version": body["consentVersion"]}
    del snake["consentVersion"]
    problem = _problem(requests.post(f"{api}/questions", json=snake, timeout=10), 400)
    assert [p["name"] for p in problem["invalidParams"]] == ["consent_version"]
    created = requests.post(f"{api}/questions", json=body, timeout=10)
    assert created.status_code == 201, created.text
    reference = created.json()["reference"]
    assert "/hulpvraag/status/" in created.json()["statusUrl"]
    assert Question.objects.get(reference=reference).door == "api"

    # The region's schakelteam triages and refers it to provider A's offer.
    url = f"{api}/questions/{reference}"
    detail = requests.get(f"{url}", headers=staff, timeout=10).json()
    assert detail["email"] == "ondernemer@example.org" and detail["status"] == "nieuw"
    # camelCase on the wire for casework too.
    assert {"contactName", "companyName", "submittedAt", "responseDueAt"} <= set(detail)
    assert all("_" not in key for key in detail)
    assert {"fromStatus", "toStatus"} <= set(detail["events"][0])
    _problem(
        requests.post(
            f"{url}/triage", json={"themes": ["x"], "urgency": "hoog"}, headers=staff, timeout=10
        ),
        400,
    )
    triaged = requests.post(
        f"{url}/triage",
        json={"themes": ["financiering"], "urgency": "hoog"},
        headers=staff,
        timeout=10,
    )
    assert triaged.json()["status"] == "beoordeeld" and triaged.json()["themes"] == ["financiering"]
    assert (
        requests.post(
            f"{url}/notes", json={"text": "Gebeld."}, headers=staff, timeout=10
        ).status_code
        == 201
    )
    referral = requests.post(
        f"{url}/referrals",
        json={"offer": str(world.offer.public_id), "message": "Graag oppakken."},
        headers=staff,
        timeout=10,
    )
    assert referral.status_code == 201, referral.text
    referral_id = referral.json()["id"]
    assert referral.json()["organisation"] == "aanbieder-a"
    assert referral.json()["handoverMessage"] == "Graag oppakken."
    # Closing with an open referral is a conflict.
    problem = _problem(
        requests.post(f"{url}/close", json={"outcome": "beantwoord"}, headers=staff, timeout=10),
        409,
    )
    assert "doorverwijzingen" in problem["detail"]

    # The provider now sees it, acts, and an illegal step is a 409 with a clear message.
    transitions = f"{api}/referrals/{referral_id}/transitions"
    assert requests.get(f"{url}", headers=provider, timeout=10).json()["text"].startswith("Ik zoek")
    problem = _problem(
        requests.post(
            transitions, json={"action": "complete", "result": "x"}, headers=provider, timeout=10
        ),
        409,
    )
    assert "Vanuit die status kan dat niet" in problem["detail"]
    _problem(
        requests.post(transitions, json={"action": "vliegen"}, headers=provider, timeout=10), 400
    )
    for step in ({"action": "accept"}, {"action": "record_contact"}):
        assert (
            requests.post(transitions, json=step, headers=provider, timeout=10).status_code == 200
        )
    _problem(
        requests.post(transitions, json={"action": "complete"}, headers=provider, timeout=10), 400
    )
    done = requests.post(
        transitions,
        json={"action": "complete", "result": "Lening geregeld."},
        headers=provider,
        timeout=10,
    )
    assert done.json()["status"] == "afgerond"
    final = requests.get(f"{url}", headers=staff, timeout=10).json()
    assert (final["status"], final["outcome"]) == ("afgesloten", "geholpen")
    kinds = [e["kind"] for e in final["events"]]
    assert kinds == [
        "ingediend",
        "beoordeeld",
        "notitie",
        "doorverwezen",
        "geaccepteerd",
        "contact",
        "afgerond",
        "afgesloten",
    ]
    # The staff's notes never leak through the API events (only that a note was made).
    assert "Gebeld" not in str(final["events"])
    # Unknown reference: 404 problem.
    _problem(requests.get(f"{api}/questions/VR-ONBEKEND", headers=staff, timeout=10), 404)


def test_openapi_document_describes_casework():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    paths = schema["paths"]
    for path in (
        "/questions",
        "/questions/{reference}",
        "/questions/{reference}/triage",
        "/questions/{reference}/referrals",
        "/questions/{reference}/close",
        "/referrals",
        "/referrals/{id}",
        "/referrals/{id}/transitions",
    ):
        assert any(p.endswith(path) for p in paths), path
    assert "TransitionRequest" in schema["components"]["schemas"]
