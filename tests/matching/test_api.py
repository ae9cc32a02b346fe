"""POST /api/v1/matches over real HTTP: answers, and problem+json for bad input."""

import pytest
import requests

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PROBLEM = "application/problem+json"


def post(live_server, body, **kw):
    return requests.post(f"{live_server.url}/api/v1/matches", json=body, timeout=30, **kw)


def test_match_answers_ranked_explained_eligible_offers(small_catalog, live_server):
    zwolle, offers = small_catalog
    response = post(
        live_server,
        {
            "question": "Mijn energierekening is verdubbeld",
            "municipality": "GM0193",
            "employees": 8,
            "sbiSection": "g",
            "companyAgeYears": 12,
        },
    )
    assert response.status_code == 200, response.text
    body = response.json()
    assert "verduurzaming" in [t["code"] for t in body["needs"]["themes"]]
    ids = [r["id"] for r in body["results"]]
    # Ineligible: other region, expired, large firms only, agriculture only.
    for key in ("breda", "expired", "large_only", "agri"):
        assert str(offers[key].public_id) not in ids
    assert body["results"][0]["isRegionalEntryPoint"] is True
    ranked = [r for r in body["results"] if not r["isRegionalEntryPoint"]]
    assert ranked[0]["id"] in {str(offers["energy"].public_id), str(offers["energy2"].public_id)}
    assert all(r["explanation"] and r["nextStep"] for r in body["results"])
    scores = [r["score"] for r in ranked]
    assert scores == sorted(scores, reverse=True)
    # The 2026 copy of the energy subsidy is grouped under it, not a separate result.
    energy = next(r for r in ranked if r["id"] == str(offers["energy"].public_id))
    assert [s["id"] for s in energy["similar"]] == [str(offers["energy_dup"].public_id)]
    assert str(offers["energy_dup"].public_id) not in ids


BAD_INPUT = [
    ({"municipality": "GM0193"}, "question"),
    ({"question": "hoi", "municipality": "GM9999"}, "municipality"),
    ({"question": "energie", "municipality": "GM0193", "employees": -1}, "employees"),
    ({"question": "energie", "municipality": "GM0193", "sbiSection": "zz"}, "sbiSection"),
    ({"question": "energie", "municipality": "GM0193", "limit": 500}, "limit"),
    ({"question": "energie", "municipality": "GM0193", "date": "gisteren"}, "date"),
    ({"question": "x" * 1001, "municipality": "GM0193"}, "question"),
    ({"question": ["energie"], "municipality": "GM0193"}, "question"),
]


def test_bad_input_is_problem_json_400(live_server):
    # One live server for all cases: each transactional test reloads the reference data.
    for body, param in BAD_INPUT:
        response = post(live_server, body)
        assert response.status_code == 400, (body, response.text)
        assert response.headers["Content-Type"].startswith(PROBLEM)
        problem = response.json()
        assert problem["status"] == 400
        assert param in [p["name"] for p in problem["invalidParams"]], (body, problem)
        assert all(p["reason"] for p in problem["invalidParams"])


def test_body_that_is_not_json_is_problem_json(live_server):
    response = requests.post(
        f"{live_server.url}/api/v1/matches",
        data="{niet json",
        headers={"Content-Type": "application/json"},
        timeout=30,
    )
    assert response.status_code == 400
    assert response.headers["Content-Type"].startswith(PROBLEM)


def test_matches_is_in_the_openapi_document(live_server):
    document = requests.get(f"{live_server.url}/api/v1/openapi.json", timeout=60).json()
    operation = document["paths"]["/matches"]["post"]
    assert "200" in operation["responses"]


def test_unknown_profile_field_gives_check_verdict_per_rule(small_catalog, live_server):
    zwolle, offers = small_catalog
    body = {"question": "We hebben zwaar weer en schulden, doorstart?", "municipality": "GM0193"}
    unknown = post(live_server, body).json()
    hit = next(r for r in unknown["results"] if r["id"] == str(offers["old_firms"].public_id))
    assert hit["eligibility"] == [
        {
            "rule": "bedrijfsleeftijd",
            "verdict": "controleer",
            "message": "Alleen voor bedrijven van minstens 10 jaar oud.",
        }
    ]
    known = post(live_server, {**body, "companyAgeYears": 12}).json()
    hit = next(r for r in known["results"] if r["id"] == str(offers["old_firms"].public_id))
    assert [r["verdict"] for r in hit["eligibility"]] == ["voldoet"]
    # Too young: the rule excludes the offer, it is not shown with a verdict.
    young = post(live_server, {**body, "companyAgeYears": 2}).json()
    assert str(offers["old_firms"].public_id) not in [r["id"] for r in young["results"]]
