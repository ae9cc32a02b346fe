"""Shared plumbing for benchmarks: a fresh database, a real HTTP server, timing, results.

Each benchmark is a module `benchmarks/bench_<name>.py` with a `main(db_label: str) -> dict`.
`benchmarks.run` starts it in a subprocess whose DATABASE_URL points at a fresh database
(SQLite file or PostgreSQL database `bench_<name>`), so benchmarks never touch dev data.
"""

import json
import os
import platform
import resource
import socket
import statistics
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "benchmarks" / "results"
WORK_DIR = ROOT / "benchmarks" / "work"


def setup() -> None:
    """Configure Django for the benchmark database and migrate it."""
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "scharnier.settings.development")
    os.environ.setdefault("SCHARNIER_LOG_LEVEL", "WARNING")
    # As in production: with DEBUG on Django keeps and formats every SQL statement it runs,
    # which cost the ingestion benches a measurable share.
    os.environ.setdefault("DJANGO_DEBUG", "0")
    # Benchmarks measure speed from one address: the abuse limits (tested in
    # tests/operations/test_ratelimit.py) would answer 429 here, so they are off.
    for name in (
        "SCHARNIER_RATE_QUESTIONS_IP",
        "SCHARNIER_RATE_QUESTIONS_EMAIL",
        "SCHARNIER_RATE_MATCHES_IP",
        "SCHARNIER_RATE_CHECKS_IP",
        "SCHARNIER_RATE_SIGNALS_IP",
        "SCHARNIER_RATE_SIGNALS_EMAIL",
    ):
        os.environ.setdefault(name, "")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def verified_session_cookie(user) -> str:
    """A session cookie of `user` that has passed the second factor, as after a real login."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY

    from scharnier.accounts import services

    client = Client()
    client.force_login(user)
    device = services.set_known_device(user, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return client.cookies["sessionid"].value


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def latency_summary(samples_ms: list[float]) -> dict:
    return {
        "n": len(samples_ms),
        "p50_ms": round(percentile(samples_ms, 50), 2),
        "p95_ms": round(percentile(samples_ms, 95), 2),
        "max_ms": round(max(samples_ms), 2),
        "mean_ms": round(statistics.fmean(samples_ms), 2),
        "stdev_ms": round(statistics.pstdev(samples_ms), 2),
    }


def peak_rss_mb() -> float:
    """Peak resident memory of this process (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


@contextmanager
def timed() -> Iterator[Callable[[], float]]:
    start = time.perf_counter()
    elapsed: list[float] = []
    yield lambda: elapsed[0] if elapsed else time.perf_counter() - start
    elapsed.append(time.perf_counter() - start)


@contextmanager
def live_http_server() -> Iterator[str]:
    """Serve the Django app over real HTTP on a free loopback port, in a thread."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.servers.basehttp import ThreadedWSGIServer, WSGIRequestHandler

    class QuietHandler(WSGIRequestHandler):
        def setup(self) -> None:
            super().setup()
            # As production front ends do: without it, Nagle's algorithm and delayed ACKs add
            # ~40 ms to keep-alive responses written in more than one send().
            self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

        def log_message(self, *args) -> None:
            pass

    server = ThreadedWSGIServer(("127.0.0.1", 0), QuietHandler, allow_reuse_address=True)
    server.set_app(WSGIHandler())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def write_result(name: str, db_label: str, result: dict) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    result = {
        "benchmark": name,
        "database": db_label,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "loadavg_at_end": os.getloadavg(),
        },
        **result,
    }
    path = RESULTS_DIR / f"{name}-{db_label}.json"
    path.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))
    return path


def bench_world(rng, n_providers: int):
    """40 regions (one per COROP area, so every municipality lies in one) and providers."""
    from scharnier.geography.models import CoropArea, Municipality, RegionStatus
    from scharnier.geography.services import save_region
    from scharnier.organisations.models import OrganisationKind
    from scharnier.organisations.services import save_organisation

    regions = [
        save_region(
            slug=f"bench-{corop.code.lower()}",
            name=f"Regio {corop.name}",
            municipalities=Municipality.objects.filter(corop_area=corop),
            rollout_wave=rng.randint(1, 4),
            status=RegionStatus.ACTIVE,
        )
        for corop in CoropArea.objects.all()
    ]
    kinds = list(OrganisationKind.values)
    providers = [
        save_organisation(
            slug=f"bench-org-{i}", name=f"Bench organisatie {i}", kind=kinds[i % len(kinds)]
        )
        for i in range(n_providers)
    ]
    return regions, providers
