"""The intake over real HTTP: PUT replaces it, bad input is a problem+json 400 that changes
nothing, and a referred provider reads the profile but not the team's words."""

import json

import pytest
import requests
from rest_framework.authtoken.models import Token

from scharnier.casework.models import Question
from tests.casework.conftest import build_world

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _token(user) -> dict:
    return {"Authorization": f"Token {Token.objects.get_or_create(user=user)[0].key}"}


def test_the_intake_through_the_api(live_server):
    world = build_world()
    question = world.questions["a"]
    url = f"{live_server.url}/api/v1/questions/{question.reference}"
    staff = _token(world.users["schakel_a"])
    body = {
        "underlyingThemes": ["financiering"],
        "underlyingNeed": "Wil eigenlijk weten of uitbreiden nu kan.",
        "direction": "groeien",
        "employees": 12,
        "sbiSection": "c",
        "companyAgeYears": 7,
        "kvkNumber": "87654321",
    }
    huge = json.dumps({**body, "employees": 0}).replace('"employees": 0', '"employees": 1e400')
    response = requests.put(
        f"{url}/intake",
        data=huge,
        headers={**staff, "Content-Type": "application/json"},
        timeout=10,
    )
    assert response.status_code == 400, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "Een getal in de JSON is te groot."
    for bad, name in (
        ({"employees": 2.5}, "employees"),
        ({"employees": -1}, "employees"),
        ({"direction": "vliegen"}, "direction"),
        ({"sbiSection": "zz"}, "sbiSection"),
        ({"underlyingThemes": ["bestaat-niet"]}, "underlyingThemes"),
        ({"underlyingNeed": "<script>x</script>"}, "underlyingNeed"),
        ({"underlyingNeed": "a\x00b"}, "underlyingNeed"),
        ({"kvkNumber": "123"}, "kvkNumber"),
    ):
        response = requests.put(f"{url}/intake", json={**body, **bad}, headers=staff, timeout=10)
        assert response.status_code == 400, (bad, response.text)
        assert response.headers["Content-Type"] == "application/problem+json"
        assert [p["name"] for p in response.json()["invalidParams"]] == [name]
    assert Question.objects.get(pk=question.pk).intake_at is None
    other = requests.put(
        f"{url}/intake", json=body, headers=_token(world.users["schakel_b"]), timeout=10
    )
    assert other.status_code in (403, 404)
    done = requests.put(f"{url}/intake", json=body, headers=staff, timeout=10)
    assert done.status_code == 200, done.text
    assert done.json()["reference"] == question.reference

    detail = requests.get(url, headers=staff, timeout=10).json()
    intake = detail["intake"]
    assert intake["underlyingThemes"] == ["financiering"] and intake["employees"] == 12
    assert intake["underlyingNeed"].startswith("Wil eigenlijk")
    assert "kvkNumber" not in intake and "87654321" not in str(detail)
    provider = requests.get(url, headers=_token(world.users["aanbieder_a"]), timeout=10).json()
    assert provider["intake"]["employees"] == 12 and provider["intake"]["underlyingNeed"] == ""
    # Another question without an intake says so with null.
    other_url = f"{live_server.url}/api/v1/questions/{world.questions['b'].reference}"
    assert (
        requests.get(other_url, headers=_token(world.users["schakel_b"]), timeout=10).json()[
            "intake"
        ]
        is None
    )
