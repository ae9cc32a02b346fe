"""Issue 11: load test of a realistic mix against gunicorn + PostgreSQL, beside the baseline.

The mix: catalog search, offer detail, region page, `POST /api/v1/matches` and a question
submitted through the embeddable form, at concurrency 5, 20 and 50. The same mix runs against
the commit before issue 11 (`BASELINE_COMMIT`, checked out in a temporary `git worktree`), on
the same data in its own PostgreSQL schema, interleaved level by level so both see the same
machine load. Reported per level: req/s, p50/p95/p99, errors, peak server memory (RSS of the
gunicorn master and workers) and the load average; and the ratio current / baseline.

Targets (2-core machine): throughput >= 2x the baseline figure of the issue (42 req/s at
concurrency 5), p95 <= 250 ms at concurrency 20, zero errors.

Both servers run with the same gunicorn settings and environment: DEBUG off, persistent
database connections (DATABASE_CONN_MAX_AGE=60), mail to the dummy backend. The current code
uses the development settings module with DEBUG off (production settings would redirect plain
HTTP to HTTPS on loopback), the Redis cache and, as in production, one Celery worker
(SCHARNIER_TASKS=queue): mails and the monitoring rollups of new questions run there, on the
same two cores, and its memory counts in the peak. Redis: BENCH_LOAD_REDIS_URL (default
database 11, emptied at the start). Environment: BENCH_LOAD_SECONDS
(per level and server, default 20), BENCH_LOAD_WORKERS (gunicorn workers, default 4),
BENCH_LOAD_PORTS (default 8104,8105), BENCH_LOAD_MAX_REQUESTS (per level, default 6000),
BENCH_LOAD_REUSE=1 (keep the data of an earlier run when running this module directly).
"""

from __future__ import annotations

import http.client
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

from benchmarks.common import ROOT, WORK_DIR, percentile, write_result

BASELINE_COMMIT = "387c818"
BASELINE_FIGURE_RPS = 42.0  # issue 11: concurrency 5 on this machine, before the issue
N_OFFERS = 5_000
CONCURRENCY = (5, 20, 50)
SECONDS = float(os.environ.get("BENCH_LOAD_SECONDS", "20"))
MAX_REQUESTS = int(os.environ.get("BENCH_LOAD_MAX_REQUESTS", "6000"))
WORKERS = int(os.environ.get("BENCH_LOAD_WORKERS", "4"))
PORTS = [int(p) for p in os.environ.get("BENCH_LOAD_PORTS", "8104,8105").split(",")]
REDIS_URL = os.environ.get("BENCH_LOAD_REDIS_URL", "redis://127.0.0.1:6379/11")
SEED = 20261130

# The share of each kind of request in the mix.
MIX = {
    "search": 0.30,
    "offer_detail": 0.30,
    "region": 0.15,
    "matches": 0.15,
    "question": 0.10,
}
SEARCH_WORDS = ["energie", "subsidie", "advies", "export", "personeel", "innovatie", "lening"]
QUESTIONS = [
    "Mijn energierekening is verdubbeld, hoe kan ik besparen?",
    "Ik wil mijn bedrijf digitaliseren en zoek advies.",
    "Hoe vind ik personeel voor mijn werkplaats?",
    "Ik zoek financiering voor een nieuwe machine.",
    "Ik wil gaan exporteren naar Duitsland.",
    "Hoe regel ik de opvolging van mijn bedrijf?",
]

# Seeding runs in each code version's own interpreter path: only APIs both versions have.
SEED_SCRIPT = f"""
import os, random
import benchmarks.common as c
c.setup()
import benchmarks.bench_catalog as bc
from benchmarks.common import bench_world
from django.db import connection
from scharnier.catalog.importing import import_offers
from scharnier.matching.services import compute_offer_embeddings
bc.N_OFFERS = {N_OFFERS}
rng = random.Random({SEED})
regions, providers = bench_world(rng, 40)
report = import_offers(content=bc._generate_csv(rng, regions, providers), filename="b.csv",
                       actor=None)
assert report.ok, report.problems[:3]
compute_offer_embeddings()
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
print("seeded")
"""


REFRESH_SCRIPT = """
import benchmarks.common as c
c.setup()
from django.db import connection
from scharnier.matching.services import compute_offer_embeddings
compute_offer_embeddings()
with connection.cursor() as cursor:
    cursor.execute("ANALYZE")
"""


def _database_url(schema: str) -> str:
    base = os.environ["DATABASE_URL"]
    if schema == "public":
        return base
    return base + "?" + urllib.parse.urlencode({"options": f"-c search_path={schema}"})


def _psql(sql: str, schema: str = "public") -> str:
    out = subprocess.run(
        ["psql", os.environ["DATABASE_URL"], "-qAtX", "-c", sql],
        env={**os.environ, "PGOPTIONS": f"-c search_path={schema}"},
        check=True,
        capture_output=True,
        text=True,
    )
    return out.stdout


def _baseline_checkout() -> Path:
    path = WORK_DIR / f"baseline-{BASELINE_COMMIT}"
    if not (path / "src").exists():
        WORK_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["git", "worktree", "prune"], cwd=ROOT, check=True)
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(path), BASELINE_COMMIT],
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    return path


def _environment(code: Path, schema: str, settings_module: str, tasks: str = "eager") -> dict:
    return {
        **os.environ,
        "PYTHONPATH": f"{code / 'src'}{os.pathsep}{code}",
        "DJANGO_SETTINGS_MODULE": settings_module,
        "DATABASE_URL": _database_url(schema),
        "DATABASE_CONN_MAX_AGE": "60",
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-" + "k" * 60,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "SCHARNIER_LOG_LEVEL": "WARNING",
        "SCHARNIER_TASKS": tasks,
        "REDIS_URL": REDIS_URL,
        # One client IP sends the whole mix: the abuse limits (issue 11) are raised so they
        # do not turn the load test into a rate-limit test (429s would count as errors).
        "SCHARNIER_RATE_QUESTIONS_IP": "1000000/h",
        "SCHARNIER_RATE_QUESTIONS_EMAIL": "1000000/h",
        "SCHARNIER_RATE_MATCHES_IP": "1000000/m",
    }


class Server:
    """gunicorn with WORKERS sync workers on a loopback port; memory sampled while it runs."""

    def __init__(self, label: str, env: dict, port: int, cwd: Path) -> None:
        self.label, self.port = label, port
        if _listening(port):  # e.g. a server left by an interrupted run would be measured
            raise RuntimeError(f"port {port} is in use: stop what listens there first")
        self.worker: subprocess.Popen | None = None
        if env.get("SCHARNIER_TASKS") == "queue":
            self.worker = _start_worker(env, cwd)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "scharnier.wsgi:application",
             "-w", str(WORKERS), "-b", f"127.0.0.1:{port}", "--timeout", "60",
             "--log-level", "warning"],
            env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline and self.process.poll() is None:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                connection.request("GET", "/")
                if connection.getresponse().status == 200:
                    return
            except OSError:
                time.sleep(0.5)
        self.stop()
        raise RuntimeError(f"{label} server did not start: {self.process.stderr.read()[:2000]}")

    def rss_mb(self) -> float:
        processes = [p for p in (self.process, self.worker) if p is not None]
        return round(sum(_tree_rss_kb(p.pid) for p in processes) / 1024, 1)

    def stop(self) -> None:
        for process in (self.process, self.worker):
            if process is None:
                continue
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def _tree_rss_kb(pid: int) -> int:
    pids = [pid]
    try:
        pids += [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        pass
    total = 0
    for each in pids:
        try:
            for line in Path(f"/proc/{each}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            continue
    return total


def _start_worker(env: dict, cwd: Path) -> subprocess.Popen:
    """One Celery worker (one process) beside the web server, as in production."""
    import redis
    from celery import Celery

    redis.Redis.from_url(REDIS_URL).flushdb()
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "scharnier", "worker", "--concurrency=1",
         "--loglevel=WARNING", "--without-gossip", "--without-mingle", "-n", "bench-load@%h"],
        env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if worker.poll() is not None:
            raise RuntimeError(f"worker stopped: {worker.stderr.read()[:2000]}")
        if Celery(broker=REDIS_URL).control.ping(timeout=1):
            return worker
    raise RuntimeError("the Celery worker did not start")


def _pools(schema: str) -> dict:
    """What the mix picks from, read from the server's own schema."""

    def rows(sql: str) -> list[str]:
        return _psql(sql, schema).split()

    return {
        "offers": rows("SELECT public_id FROM catalog_offer ORDER BY id LIMIT 400"),
        "regions": rows("SELECT slug FROM geography_region ORDER BY slug"),
        "themes": rows("SELECT code FROM catalog_theme ORDER BY code"),
        "municipalities": [
            line.split("|")
            for line in rows("SELECT id, code FROM geography_municipality ORDER BY code LIMIT 60")
        ],
    }


def _request(rng: random.Random, pools: dict) -> tuple[str, str, str, bytes | None, dict]:
    kind = rng.choices(list(MIX), weights=list(MIX.values()))[0]
    if kind == "search":
        params = {"q": rng.choice(SEARCH_WORDS)}
        if rng.random() < 0.5:
            params["thema"] = rng.choice(pools["themes"])
        return kind, "GET", "/aanbod/?" + urllib.parse.urlencode(params), None, {}
    if kind == "offer_detail":
        # Popular offers are read most: 80% of views go to the first 50.
        offers = pools["offers"]
        offer = rng.choice(offers[:50]) if rng.random() < 0.8 else rng.choice(offers)
        return kind, "GET", f"/aanbod/{offer}/", None, {}
    if kind == "region":
        return kind, "GET", f"/regio/{rng.choice(pools['regions'])}/", None, {}
    pk, code = rng.choice(pools["municipalities"])
    if kind == "matches":
        body = {"question": rng.choice(QUESTIONS), "municipality": code, "employees": 12}
        headers = {"Content-Type": "application/json"}
        return kind, "POST", "/api/v1/matches", json.dumps(body).encode(), headers
    form = {
        "text": rng.choice(QUESTIONS),
        "municipality": pk,
        "email": f"ondernemer{rng.randint(1, 10**6)}@example.nl",
        "consent_handling": "on",
        "consent_version": "2026-1",
    }
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    return kind, "POST", "/hulpvraag/insluiten/", urllib.parse.urlencode(form).encode(), headers


def run_level(server: Server, pools: dict, concurrency: int) -> dict:
    samples: list[tuple[str, float, int]] = []
    errors: list[str] = []
    lock = threading.Lock()
    stop_at = time.monotonic() + SECONDS
    count = [0]
    peak_rss = [server.rss_mb()]

    def client(number: int) -> None:
        rng = random.Random(SEED * 100 + number)
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
        while time.monotonic() < stop_at:
            with lock:
                if count[0] >= MAX_REQUESTS:
                    return
                count[0] += 1
            kind, method, path, body, headers = _request(rng, pools)
            start = time.perf_counter()
            try:
                connection.request(method, path, body=body, headers=headers)
                response = connection.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as error:
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
                status = 0
                with lock:
                    errors.append(f"{kind}: {type(error).__name__}")
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                samples.append((kind, elapsed, status))
                if status != 200 and status != 0:
                    errors.append(f"{kind}: HTTP {status} {path[:60]}")

    def sample_memory() -> None:
        while time.monotonic() < stop_at:
            peak_rss[0] = max(peak_rss[0], server.rss_mb())
            time.sleep(0.5)

    load_before = os.getloadavg()
    threads = [threading.Thread(target=client, args=(n,)) for n in range(concurrency)]
    threads.append(threading.Thread(target=sample_memory))
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    latencies = [ms for _kind, ms, _status in samples]
    per_kind = {}
    for kind in MIX:
        values = [ms for k, ms, _s in samples if k == kind]
        if values:
            per_kind[kind] = {
                "n": len(values),
                "p50_ms": round(percentile(values, 50), 1),
                "p95_ms": round(percentile(values, 95), 1),
            }
    return {
        "requests": len(samples),
        "seconds": round(wall, 1),
        "req_per_s": round(len(samples) / wall, 1),
        "p50_ms": round(percentile(latencies, 50), 1),
        "p95_ms": round(percentile(latencies, 95), 1),
        "p99_ms": round(percentile(latencies, 99), 1),
        "errors": len(errors),
        "error_examples": sorted(set(errors))[:5],
        "peak_server_rss_mb": peak_rss[0],
        "loadavg_before": [round(x, 2) for x in load_before],
        "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        "per_kind": per_kind,
    }


def _drain(schema: str, timeout: float = 120) -> float:
    """Seconds until the worker has added every pending outcome event after a level (so its
    backlog does not run into the next measurement)."""
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        if _psql("SELECT count(*) FROM monitoring_pendingoutcomeevent", schema).strip() == "0":
            break
        time.sleep(0.2)
    else:
        raise RuntimeError("the worker did not add the pending outcome events in time")
    return round(time.monotonic() - started, 1)


def _warm_up(server: Server, pools: dict) -> None:
    rng = random.Random(SEED)
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    for _ in range(60):
        _kind, method, path, body, headers = _request(rng, pools)
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        assert response.status == 200, (server.label, path, response.status)


def _seeded(schema: str) -> bool:
    try:
        return int(_psql("SELECT count(*) FROM catalog_offer", schema).strip()) == N_OFFERS
    except (subprocess.CalledProcessError, ValueError):
        return False


def seed(code: Path, schema: str, settings_module: str) -> None:
    if schema != "public":
        _psql(f"DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")
    env = _environment(code, schema, settings_module)
    subprocess.run([sys.executable, "-c", SEED_SCRIPT], env=env, cwd=code, check=True)


def main(db_label: str) -> dict:
    if db_label != "postgresql":
        print("load benchmark: PostgreSQL only (gunicorn + PostgreSQL), skipped on", db_label)
        return {}
    baseline_code = _baseline_checkout()
    versions = {
        "baseline": (baseline_code, "baseline", "scharnier.settings"),
        "current": (ROOT, "public", "scharnier.settings.development"),
    }
    tasks = {"baseline": "eager", "current": "queue"}
    started = time.perf_counter()
    for code, schema, settings_module in versions.values():
        if os.environ.get("BENCH_LOAD_REUSE") == "1" and _seeded(schema):
            # The data of an earlier run (same seed): only new migrations and features.
            env = _environment(code, schema, settings_module)
            subprocess.run([sys.executable, "-c", REFRESH_SCRIPT], env=env, cwd=code, check=True)
            continue
        seed(code, schema, settings_module)
    seed_seconds = round(time.perf_counter() - started, 1)
    pools = {label: _pools(schema) for label, (_c, schema, _s) in versions.items()}
    servers = {}
    try:
        for (label, (code, schema, settings_module)), port in zip(
            versions.items(), PORTS, strict=True
        ):
            env = _environment(code, schema, settings_module, tasks[label])
            servers[label] = Server(label, env, port, code)
            _warm_up(servers[label], pools[label])
        levels = {}
        for concurrency in CONCURRENCY:
            level = {}
            for label in ("baseline", "current"):
                level[label] = run_level(servers[label], pools[label], concurrency)
                if tasks[label] == "queue":
                    level[label]["worker_drain_s"] = _drain(versions[label][1])
                print(concurrency, label, json.dumps(level[label])[:300], flush=True)
            level["ratio_req_per_s"] = round(
                level["current"]["req_per_s"] / max(level["baseline"]["req_per_s"], 0.1), 2
            )
            level["ratio_p95"] = round(
                level["current"]["p95_ms"] / max(level["baseline"]["p95_ms"], 0.1), 2
            )
            levels[str(concurrency)] = level
    finally:
        for server in servers.values():
            server.stop()
    current = {c: levels[str(c)]["current"] for c in CONCURRENCY}
    targets = {
        "throughput_at_5_vs_issue_baseline": round(
            current[5]["req_per_s"] / BASELINE_FIGURE_RPS, 2
        ),
        "throughput_target_met": current[5]["req_per_s"] >= 2 * BASELINE_FIGURE_RPS,
        "p95_at_20_ms": current[20]["p95_ms"],
        "p95_target_met": current[20]["p95_ms"] <= 250,
        "zero_errors": all(current[c]["errors"] == 0 for c in CONCURRENCY),
    }
    result = {
        "mix": MIX,
        "offers": N_OFFERS,
        "gunicorn_workers": WORKERS,
        "seconds_per_level": SECONDS,
        "baseline_commit": BASELINE_COMMIT,
        "seed_seconds": seed_seconds,
        "levels": levels,
        "targets": targets,
        "passed": all(v for k, v in targets.items() if k.endswith(("met", "errors"))),
    }
    write_result("load", db_label, result)
    return result
