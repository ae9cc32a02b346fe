"""Monitoring over real HTTP: the registry, protected figures, strict parameters, and the
optional KvK number on POST /api/v1/questions (a keyed hash in monitoring, nowhere else)."""

import pytest
import requests

from scharnier.casework.models import Question
from scharnier.monitoring.models import OutcomeEvent, OutcomeEventKind
from scharnier.monitoring.services import firm_key
from tests.factories import ensure_reference_data, make_region

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _problem(response, status: int) -> dict:
    assert response.status_code == status, response.text
    assert response.headers["Content-Type"] == "application/problem+json"
    return response.json()


def test_metrics_and_kvk_through_the_api(live_server):
    ensure_reference_data()
    make_region("regio-zwolle", municipality_codes=["GM0193"], name="Regio Zwolle")
    api = f"{live_server.url}/api/v1"
    body = {
        "municipality": "GM0193",
        "text": "Ik zoek financiering voor een nieuwe machine.",
        "email": "ondernemer@example.org",
        "consent": ["behandeling"],
        "consentVersion": "2026-1",
    }
    problem = _problem(
        requests.post(f"{api}/questions", json={**body, "kvkNumber": "1234"}, timeout=10), 400
    )
    assert [p["name"] for p in problem["invalidParams"]] == ["kvkNumber"]
    for _ in range(2):  # the same firm asks twice: two questions, one firm
        created = requests.post(
            f"{api}/questions", json={**body, "kvkNumber": "87654321"}, timeout=10
        )
        assert created.status_code == 201, created.text
    assert "87654321" not in repr(list(Question.objects.values()))
    keyed = OutcomeEvent.objects.filter(kind=OutcomeEventKind.QUESTION_RECEIVED)
    assert set(keyed.values_list("firm_key", flat=True)) == {firm_key("87654321")}

    metrics = requests.get(f"{api}/metrics", params={"area": "RG:regio-zwolle"}, timeout=10)
    assert metrics.status_code == 200
    data = metrics.json()
    assert data["area"] == "RG:regio-zwolle" and data["areaName"] == "Regio Zwolle"
    figures = {f["code"]: f for f in data["figures"]}
    assert figures["questions"]["display"] == "<5" and figures["questions"]["value"] is None
    assert figures["firms-reached"]["display"] == "<5"
    assert figures["firms-reached"]["version"] == 1
    assert "87654321" not in metrics.text and firm_key("87654321") not in metrics.text

    areas = requests.get(f"{api}/metrics/areas", timeout=10).json()
    assert areas["metric"] == "firms-reached@v1"
    zwolle = next(a for a in areas["areas"] if a["code"] == "RG:regio-zwolle")
    assert zwolle["reachedDisplay"] == "<5" and zwolle["reached"] is None and zwolle["task"] > 0

    definitions = requests.get(
        f"{api}/metric-definitions", params={"pageSize": 100}, timeout=10
    ).json()
    codes = {d["code"] for d in definitions["results"]}
    assert {"firms-reached", "acceptance-rate", "nps", "white-spots"} <= codes

    problem = _problem(
        requests.get(f"{api}/metrics", params={"area": "XX", "period": "2026-H3"}, timeout=10),
        400,
    )
    assert {p["name"] for p in problem["invalidParams"]} == {"area", "period"}
    _problem(requests.get(f"{api}/metrics", params={"regio": "x"}, timeout=10), 400)
    _problem(requests.get(f"{api}/metrics/areas", params={"area": "GM0193"}, timeout=10), 400)
