"""Abuse limits on anonymous writes: per IP and per e-mail address, 429 problem+json in the API
and a Dutch 429 page on the site; nothing is created over the limit. Backed by the cache (the
Redis tests use the real Redis at REDIS_URL)."""

import logging

import pytest
import requests
from django.conf import settings as django_settings
from django.core.cache import caches
from django.test import Client, RequestFactory, override_settings

from scharnier.casework.models import Question
from scharnier.core import ratelimit
from scharnier.geography.models import Municipality
from scharnier.settings.env import redis_cache, redis_reachable

pytestmark = pytest.mark.django_db

LIMITS = {
    "questions": {"ip": "4/h", "email": "2/h"},
    "matches": {"ip": "3/m"},
    "consistency-checks": {"ip": "1/h"},
}


def question_form(email: str) -> dict:
    return {
        "text": "Hoe vind ik personeel voor mijn installatiebedrijf?",
        "municipality": str(Municipality.objects.get(code="GM0193").pk),
        "contact_name": "Piet Jansen",
        "email": email,
        "consent_handling": "on",
        "consent_version": "2026-1",
    }


@pytest.mark.parametrize(("path", "ok"), [("/hulpvraag/", 302), ("/hulpvraag/insluiten/", 200)])
def test_site_forms_limit_per_email_and_per_ip(path, ok, settings):
    settings.SCHARNIER_RATE_LIMITS = LIMITS
    client = Client()
    statuses = [client.post(path, question_form("piet@example.nl")).status_code for _ in range(3)]
    assert statuses == [ok, ok, 429]
    assert Question.objects.filter(email="piet@example.nl").count() == 2
    page = client.post(path, question_form("piet@example.nl"))
    body = page.content.decode()
    assert page.status_code == 429
    assert "U heeft dit te vaak gedaan. Probeer het over" in body
    assert "<h1" in body and "Even wachten" in body
    assert int(page["Retry-After"]) > 0
    # From another address, different e-mail addresses: the per-IP limit (4/h) holds.
    other_ip = Client(REMOTE_ADDR="10.0.0.9")
    statuses = [
        other_ip.post(path, question_form(f"ander{n}@example.nl")).status_code for n in range(5)
    ]
    assert statuses == [ok, ok, ok, ok, 429]
    assert Question.objects.count() == 6


def test_invalid_submissions_do_not_use_up_the_limit(settings):
    settings.SCHARNIER_RATE_LIMITS = LIMITS
    client = Client()
    for _ in range(5):
        assert client.post("/hulpvraag/", {"email": "piet@example.nl"}).status_code == 400
    assert client.post("/hulpvraag/", question_form("piet@example.nl")).status_code == 302


@pytest.mark.django_db(transaction=True)
def test_api_questions_matches_and_checks_answer_429_problem(live_server, settings):
    settings.SCHARNIER_RATE_LIMITS = LIMITS
    api = f"{live_server.url}/api/v1"
    body = {
        "municipality": "GM0193",
        "text": "Ik zoek financiering voor een nieuwe machine.",
        "email": "ondernemer@example.org",
        "consent": ["behandeling"],
        "consentVersion": "2026-1",
    }
    statuses = [requests.post(f"{api}/questions", json=body, timeout=30) for _ in range(3)]
    assert [r.status_code for r in statuses] == [201, 201, 429]
    problem = statuses[2]
    assert problem.headers["Content-Type"] == "application/problem+json"
    assert problem.json()["status"] == 429
    assert problem.json()["title"] == "Te veel verzoeken"
    assert int(problem.headers["Retry-After"]) > 0
    assert Question.objects.count() == 2

    match = {"question": "Mijn energierekening is verdubbeld", "municipality": "GM0193"}
    statuses = [
        requests.post(f"{api}/matches", json=match, timeout=60).status_code for _ in range(4)
    ]
    assert statuses == [200, 200, 200, 429]

    first = requests.post(f"{api}/consistency-checks", json={}, timeout=30)
    assert first.status_code == 400  # counted: the check itself is the expensive part
    second = requests.post(f"{api}/consistency-checks", json={}, timeout=30)
    assert second.status_code == 429
    assert second.headers["Content-Type"] == "application/problem+json"


def test_forwarded_for_counts_only_behind_trusted_proxies(settings):
    factory = RequestFactory()
    request = factory.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 1.2.3.4")
    settings.SCHARNIER_PROXY_COUNT = 0
    assert ratelimit.client_ip(request) == "10.0.0.1"
    settings.SCHARNIER_PROXY_COUNT = 1
    # The entry our proxy appended, not what the client wrote itself.
    assert ratelimit.client_ip(request) == "1.2.3.4"


def test_parse_rate():
    assert ratelimit.parse_rate("10/h") == (10, 3600)
    assert ratelimit.parse_rate("20/10m") == (20, 600)
    assert ratelimit.parse_rate("3/s") == (3, 1)


REDIS_URL = django_settings.REDIS_URL


@pytest.mark.skipif(not redis_reachable(REDIS_URL), reason=f"no Redis at {REDIS_URL}")
def test_limits_hold_in_redis_shared_by_processes(settings):
    settings.SCHARNIER_RATE_LIMITS = LIMITS
    prefix = "scharnier-test-ratelimit"
    with override_settings(CACHES={"default": {**redis_cache(REDIS_URL), "KEY_PREFIX": prefix}}):
        redis = caches["default"]._cache.get_client()

        def forget() -> None:
            # Only our own keys: the Redis database may be shared (never FLUSHDB).
            for key in redis.scan_iter(f"{prefix}:*"):
                redis.delete(key)

        forget()
        try:
            client = Client()
            statuses = [
                client.post("/hulpvraag/", question_form("redis@example.nl")).status_code
                for _ in range(3)
            ]
            assert statuses == [302, 302, 429]
            # The counter lives in Redis: a fresh connection (another worker) sees it.
            keys = list(redis.scan_iter(f"{prefix}:*ratelimit:questions*"))
            assert len(keys) == 2  # one per IP, one per e-mail address; both hashed
            assert not any(b"redis@example.nl" in key for key in keys)
        finally:
            forget()


def test_an_unreachable_cache_lets_requests_through(settings, caplog):
    settings.SCHARNIER_RATE_LIMITS = LIMITS
    dead = redis_cache("redis://127.0.0.1:1/0")
    with override_settings(CACHES={"default": dead}), caplog.at_level(logging.WARNING):
        client = Client()
        statuses = [
            client.post("/hulpvraag/", question_form("los@example.nl")).status_code
            for _ in range(3)
        ]
    assert statuses == [302, 302, 302]
    assert "rate limit cache unavailable" in caplog.text


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_public_signals_are_limited_too(live_server, settings):
    from scharnier.signals.models import Signal
    from tests.signals.world import MUNICIPALITY_A
    from tests.signals.world import build_world as build_signals_world

    build_signals_world()
    settings.SCHARNIER_RATE_LIMITS = {"signals": {"ip": "10/h", "email": "2/h"}}
    before = Signal.objects.count()
    body = {
        "kind": "knelpunt",
        "text": "Wij krijgen geen grotere aansluiting op het stroomnet door netcongestie.",
        "municipality": MUNICIPALITY_A,
        "themes": ["netcongestie"],
        "contactEmail": "melder@example.org",
        "replyConsent": True,
    }
    url = f"{live_server.url}/api/v1/signals"
    statuses = [requests.post(url, json=body, timeout=30).status_code for _ in range(3)]
    assert statuses == [201, 201, 429]
    assert Signal.objects.count() == before + 2
