"""Observability: /healthz, /readyz (503 with the failing check), JSON logs with a request id
and no personal data or secret tokens, Prometheus metrics restricted to an allow list."""

import io
import json
import logging

import pytest
import requests
from django.db.migrations.recorder import MigrationRecorder
from django.test import Client

from scharnier.core.logs import JsonFormatter, RedactFilter, RequestIdFilter, token_hash
from scharnier.core.metrics import TaskQueueCollector
from scharnier.geography.models import Municipality
from scharnier.monitoring import services as monitoring
from scharnier.monitoring.models import OutcomeEventKind
from scharnier.settings.env import redis_reachable

pytestmark = pytest.mark.django_db


def test_healthz_answers_without_database_or_a_known_host():
    response = Client(HTTP_HOST="10.1.2.3:8000").get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"] == "no-store"


def test_readyz_checks_database_migrations_and_redis(settings):
    client = Client(HTTP_HOST="10.1.2.3:8000")
    ready = client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["database"] == "ok"
    assert ready.json()["checks"]["migrations"] == "ok"

    settings.SCHARNIER_REDIS_REQUIRED = True
    settings.REDIS_URL = "redis://127.0.0.1:1/0"
    down = client.get("/readyz")
    assert down.status_code == 503
    body = down.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["redis"].startswith("failed: ConnectionError")
    assert body["checks"]["database"] == "ok"


@pytest.mark.skipif(not redis_reachable("redis://127.0.0.1:6379/0"), reason="no Redis here")
def test_readyz_with_the_real_redis(settings):
    settings.SCHARNIER_REDIS_REQUIRED = True
    settings.REDIS_URL = "redis://127.0.0.1:6379/0"
    response = Client().get("/readyz")
    assert response.status_code == 200, response.json()
    assert response.json()["checks"]["redis"] == "ok"


def test_readyz_reports_unapplied_migrations():
    latest = MigrationRecorder.Migration.objects.filter(app="casework").order_by("-name").first()
    latest.delete()
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"] == (
        f"failed: RuntimeError: 1 not applied: casework.{latest.name}"
    )


@pytest.mark.django_db(transaction=True)
def test_metrics_only_for_the_allow_list(live_server, settings):
    requests.get(f"{live_server.url}/aanbod/", timeout=30)
    settings.SCHARNIER_METRICS_ALLOWED_IPS = ["127.0.0.1/32"]
    response = requests.get(f"{live_server.url}/metrics", timeout=30)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    text = response.text
    assert "django_http_requests_total_by_method_total" in text
    assert "django_http_responses_total_by_status_total" in text
    assert "# TYPE scharnier_jobs gauge" in text
    assert "# TYPE scharnier_task_queue_depth gauge" in text
    settings.SCHARNIER_METRICS_ALLOWED_IPS = ["10.0.0.0/8"]
    refused = requests.get(f"{live_server.url}/metrics", timeout=30)
    assert refused.status_code == 404
    assert "django_http" not in refused.text


@pytest.fixture
def log_output():
    """A handler configured as in settings (JSON, request id, redaction) on the root logger."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    handler.addFilter(RedactFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield stream
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)


def test_question_submission_logs_no_personal_data(log_output, settings):
    settings.CASEWORK_STAFF_MAIL_WINDOW_MINUTES = 0
    personal = {
        "name": "Johanna Bakkerman",
        "email": "johanna.bakkerman@voorbeeld.example",
        "phone": "0687654321",
        "company": "Ijzerhandel Bakkerman",
        "text": "Mijn ijzerhandel heeft een geheim probleem met de boekhouding",
    }
    client = Client()
    site = client.post(
        "/hulpvraag/",
        {
            "text": personal["text"],
            "municipality": str(Municipality.objects.get(code="GM0193").pk),
            "contact_name": personal["name"],
            "company_name": personal["company"],
            "email": personal["email"],
            "phone": personal["phone"],
            "consent_handling": "on",
            "consent_version": "2026-1",
        },
        HTTP_X_REQUEST_ID="test-request-0001",
    )
    assert site.status_code == 302
    assert site["X-Request-ID"] == "test-request-0001"
    status_path = site["Location"]
    token = status_path.rstrip("/").rsplit("/", 1)[1]
    client.get(status_path)
    api = client.post(
        "/api/v1/questions",
        {
            "municipality": "GM0193",
            "text": personal["text"],
            "contactName": personal["name"],
            "email": "api." + personal["email"],
            "consent": ["behandeling"],
            "consentVersion": "2026-1",
        },
        content_type="application/json",
    )
    assert api.status_code == 201, api.content
    # A mistake with personal data in it (a bad address) is logged without it too.
    client.post("/hulpvraag/", {"email": "niet-goed@", "text": personal["text"]})

    output = log_output.getvalue()
    lines = [json.loads(line) for line in output.splitlines()]
    assert lines, "the requests were logged"
    for value in personal.values():
        assert value not in output
    assert token not in output
    assert "johanna" not in output.lower()
    requests_logged = [line for line in lines if line["logger"] == "scharnier.request"]
    assert {"method", "path", "status", "duration_ms", "request_id"} <= set(requests_logged[0])
    first = requests_logged[0]
    assert first["request_id"] == "test-request-0001" and first["path"] == "/hulpvraag/"
    status_line = next(line for line in requests_logged if line["method"] == "GET")
    assert status_line["path"] == f"/hulpvraag/status/{token_hash(token)}/"
    assert all(len(line["request_id"]) >= 8 for line in requests_logged)


def test_access_log_lines_of_runserver_and_gunicorn_are_redacted():
    token = "MDEyMzQ1Njc4OWFiY2RlZg.1:1vBpZl:abcdefghijklmnopqrstuvwxyz"
    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, '"%s" %s %s',
        (f"GET /hulpvraag/status/{token}/gegevens.json HTTP/1.1", "200", "512"), None,
    )  # fmt: skip
    RedactFilter().filter(record)
    message = record.getMessage()
    assert token not in message
    assert f"/hulpvraag/status/{token_hash(token)}/gegevens.json" in message
    plan = logging.LogRecord(
        "gunicorn.access", logging.INFO, __file__, 1, "GET /plan/AbCdEf123456789/ from a@b.nl",
        None, None,
    )  # fmt: skip
    RedactFilter().filter(plan)
    assert "AbCdEf123456789" not in plan.getMessage() and "a@b.nl" not in plan.getMessage()
    # The page to ask for a new link is no secret.
    new_link = logging.LogRecord("x", logging.INFO, __file__, 1, "/hulpvraag/status/nieuwe-link/",
                                 None, None)  # fmt: skip
    RedactFilter().filter(new_link)
    assert new_link.getMessage() == "/hulpvraag/status/nieuwe-link/"


def test_gunicorn_access_log_carries_no_link_tokens(tmp_path):
    """A real gunicorn with its access log on: the status and plan tokens appear only hashed."""
    import os
    import socket
    import subprocess
    import sys
    import time
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = tmp_path / "gunicorn.log"
    env = {
        **os.environ,
        "PYTHONPATH": str(root / "src"),
        "DJANGO_SETTINGS_MODULE": "scharnier.settings.test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SCHARNIER_LOG_FORMAT": "json",
    }
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "scharnier.wsgi:application", "--bind",
             f"127.0.0.1:{port}", "--workers", "1", "--access-logfile", "-"],
            cwd=root, env=env, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            secret = "U2VjcmV0U3RhdHVzVG9rZW4xMjM0NTY3ODk"
            for _attempt in range(120):
                try:  # the worker loads the application on its first request
                    requests.get(f"http://127.0.0.1:{port}/healthz", timeout=60)
                    break
                except requests.RequestException:
                    time.sleep(0.5)
            requests.get(f"http://127.0.0.1:{port}/hulpvraag/status/{secret}/", timeout=30)
            requests.get(f"http://127.0.0.1:{port}/plan/{secret}/doorsturen/", timeout=30)
            time.sleep(1)
        finally:
            server.terminate()
            server.wait(timeout=30)
    text = log.read_text()
    access = [json.loads(line) for line in text.splitlines() if '"gunicorn.access"' in line]
    assert len(access) >= 3, text[-2000:]
    assert secret not in text
    assert any(f"/hulpvraag/status/{token_hash(secret)}/" in line["message"] for line in access)
    assert any(f"/plan/{token_hash(secret)}/doorsturen/" in line["message"] for line in access)


def _samples(collector) -> dict[str, float]:
    return {s.name: s.value for family in collector.collect() for s in family.samples}


def test_metrics_count_outcome_events_waiting_for_the_worker(settings):
    settings.SCHARNIER_TASKS = "queue"
    before = _samples(TaskQueueCollector())
    assert before["scharnier_outcome_events_pending"] == 0
    assert before["scharnier_outcome_events_pending_oldest_seconds"] == 0
    for number in range(3):
        monitoring.record_outcome_event(
            kind=OutcomeEventKind.QUESTION_RECEIVED, source=("test.question", number)
        )
    waiting = _samples(TaskQueueCollector())
    assert waiting["scharnier_outcome_events_pending"] == 3
    assert waiting["scharnier_outcome_events_pending_oldest_seconds"] >= 0
    assert monitoring.apply_pending_events() == 3
    assert _samples(TaskQueueCollector())["scharnier_outcome_events_pending"] == 0
