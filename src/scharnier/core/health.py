"""Probes for the orchestrator: /healthz (the process answers) and /readyz (database, Redis and
migrations are in order; 503 with the failing check otherwise), and /metrics for Prometheus,
restricted to SCHARNIER_METRICS_ALLOWED_IPS.

Answered by a middleware before host validation, HTTPS redirect and login, because probes and
scrapers use the pod's address over plain HTTP.
"""

import ipaddress
import json
from collections.abc import Callable

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, HttpResponse, JsonResponse
from prometheus_client import CONTENT_TYPE_LATEST

from .metrics import render_latest


def check_database() -> str:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def check_migrations() -> str:
    connection = connections[DEFAULT_DB_ALIAS]
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan[:5])
        raise RuntimeError(f"{len(plan)} not applied: {names}")
    return "ok"


def check_redis() -> str:
    if not getattr(settings, "SCHARNIER_REDIS_REQUIRED", True):
        return "not used (local-memory cache)"
    import redis  # noqa: PLC0415 - only the probe needs the client directly

    client = redis.Redis.from_url(settings.REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    finally:
        client.close()
    return "ok"


CHECKS: dict[str, Callable[[], str]] = {
    "database": check_database,
    "migrations": check_migrations,
    "redis": check_redis,
}


def readiness() -> tuple[bool, dict[str, str]]:
    results = {}
    ready = True
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception as error:  # noqa: BLE001 - any failure means "not ready"
            ready = False
            results[name] = f"failed: {error.__class__.__name__}: {error}"[:300]
    return ready, results


def _json(body: dict, status: int) -> JsonResponse:
    response = JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-store"
    return response


def metrics_allowed(request: HttpRequest) -> bool:
    address = request.META.get("REMOTE_ADDR", "")
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    for allowed in getattr(settings, "SCHARNIER_METRICS_ALLOWED_IPS", []):
        if ip in ipaddress.ip_network(allowed, strict=False):
            return True
    return False


def metrics_response() -> HttpResponse:
    response = HttpResponse(render_latest(), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response


class HealthCheckMiddleware:
    """Put first in MIDDLEWARE (before SecurityMiddleware and host checks)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        if path == "/healthz":
            return _json({"status": "ok"}, 200)
        if path == "/readyz":
            ready, checks = readiness()
            return _json({"status": "ok" if ready else "unavailable", "checks": checks},
                         200 if ready else 503)  # fmt: skip
        if path == "/metrics":
            if not metrics_allowed(request):
                return HttpResponse(
                    json.dumps({"status": 404, "title": "Niet gevonden"}),
                    status=404,
                    content_type="application/problem+json",
                )
            return metrics_response()
        return self.get_response(request)
