"""Integration: a real `celery worker` process and the real Redis run jobs end to end.

The worker and the job starter are separate processes on their own SQLite file, as web and
worker are in production; this test reads the job table directly. Redis: TEST_REDIS_URL
(default DB 15 on the local Redis; that database is emptied, so give CI its own).
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
PYTHON = sys.executable


def _redis_or_skip() -> None:
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")


@pytest.fixture(scope="module")
def environment(tmp_path_factory):
    _redis_or_skip()
    redis.Redis.from_url(REDIS_URL).flushdb()
    database = tmp_path_factory.mktemp("worker") / "scharnier.sqlite3"
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "DJANGO_SETTINGS_MODULE": "scharnier.settings.development",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": REDIS_URL,
        "SCHARNIER_TASKS": "queue",
        "JOBS_MAX_ATTEMPTS": "3",
        "JOBS_RETRY_BACKOFF_SECONDS": "1",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "DJANGO_EMAIL_FILE_PATH": str(database.parent / "mail"),
    }
    subprocess.run(
        [PYTHON, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=600
    )
    workers: list[subprocess.Popen] = []
    log = (database.parent / "worker.log").open("w")  # read by the mail test

    def start_worker() -> None:
        worker = subprocess.Popen(
            [PYTHON, "-m", "celery", "-A", "scharnier", "worker", "--pool=solo",
             "--loglevel=INFO", "--without-gossip", "--without-mingle",
             "-n", f"test-{os.getpid()}@%h"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        workers.append(worker)
        _wait_for_worker(worker)

    try:
        yield env, database, start_worker
    finally:
        for worker in workers:
            worker.send_signal(signal.SIGTERM)
            try:
                worker.wait(timeout=30)
            except subprocess.TimeoutExpired:
                worker.kill()
        log.close()


def _wait_for_worker(worker: subprocess.Popen) -> None:
    from celery import Celery

    app = Celery(broker=REDIS_URL)
    # A solo worker answers no ping while it runs a task; the embedding jobs queued by the
    # import test take minutes on a slow machine (2-3 each here), so wait that long.
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        assert worker.poll() is None, "the worker stopped"
        if app.control.ping(timeout=1):
            return
    raise AssertionError("the worker did not start")


def _drive(env, *args: str) -> dict:
    out = subprocess.run(
        [PYTHON, str(ROOT / "tests/jobs/worker_driver.py"), *args],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    return json.loads(out.stdout.strip().splitlines()[-1])


def _job(database: Path, pk: int) -> dict:
    with sqlite3.connect(database) as db:
        db.row_factory = sqlite3.Row
        row = db.execute("SELECT * FROM jobs_job WHERE id = ?", (pk,)).fetchone()
        return dict(row)


def _follow(database: Path, pk: int, timeout: float = 240) -> tuple[list[str], dict]:
    """States seen (in order, without repeats) until the job is finished."""
    seen: list[str] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = _job(database, pk)
        if not seen or seen[-1] != job["state"]:
            seen.append(job["state"])
        if job["state"] in {"succeeded", "failed"}:
            return seen, job
        time.sleep(0.05)
    raise AssertionError(f"job {pk} not finished; states seen: {seen}")


def test_worker_checks_and_saves_an_upload_and_fails_a_broken_job(environment):
    env, database, start_worker = environment
    # Started before any worker runs: the jobs wait in the Redis queue.
    ids = _drive(env, "start", "3000")
    assert _job(database, ids["check"])["state"] == "queued"
    assert redis.Redis.from_url(REDIS_URL).llen("celery") == 2
    # Watch the job from before the worker starts, so the running state cannot be missed.
    with ThreadPoolExecutor(1) as pool:
        watching = pool.submit(_follow, database, ids["check"])
        start_worker()
        seen, check = watching.result()
    assert seen[0] in {"queued", "running"} and seen[-2:] == ["running", "succeeded"], seen
    result = json.loads(check["result"])
    assert result["ok"] and result["dry_run"] and result["created"] == 3000
    assert check["attempts"] == 1 and check["started_at"] <= check["finished_at"]
    assert check["progress_done"] == check["progress_total"] == 3000
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM catalog_offer").fetchone()[0] == 0

    save = _drive(env, "confirm", str(ids["check"]))["save"]
    seen, saved = _follow(database, save)
    assert seen[-1] == "succeeded", seen
    assert json.loads(saved["result"])["created"] == 3000
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM catalog_offer").fetchone()[0] == 3000
        # The saved file is not kept once it is in the catalog.
        assert (
            db.execute(
                "SELECT count(*) FROM jobs_job WHERE input_data IS NOT NULL AND id IN (?, ?)",
                (ids["check"], save),
            ).fetchone()[0]
            == 0
        )

    seen, broken = _follow(database, ids["broken"])
    assert seen[-1] == "failed" and broken["attempts"] == 3, (seen, broken)
    assert "3 keer geprobeerd en steeds mislukt" in broken["error"]
    assert broken["finished_at"] is not None


def _ensure_worker(start_worker) -> None:
    from celery import Celery

    if not Celery(broker=REDIS_URL).control.ping(timeout=1):
        start_worker()


def test_worker_adds_the_rollup_cells_of_events_recorded_while_tasks_are_queued(environment):
    """Monitoring off the request: events are marked pending, the worker adds them in batches."""
    env, database, start_worker = environment
    _ensure_worker(start_worker)
    assert _drive(env, "events", "25") == {"events": 25}
    deadline = time.monotonic() + 120
    while True:
        with sqlite3.connect(database) as db:
            pending = db.execute("SELECT count(*) FROM monitoring_pendingoutcomeevent").fetchone()
            counted = db.execute(
                "SELECT coalesce(sum(count), 0) FROM monitoring_outcomerollup"
                " WHERE measure = 'question_received' AND dimension = ''"
            ).fetchone()
        if pending[0] == 0 and counted[0] == 25:
            break
        assert time.monotonic() < deadline, (pending, counted)
        time.sleep(0.2)


def test_worker_delivers_a_queued_mail_and_its_log_never_shows_the_address(environment):
    env, database, start_worker = environment
    _ensure_worker(start_worker)
    address = "anna@bakkerij.example"
    assert _drive(env, "mail", address) == {"queued": True}
    folder = database.parent / "mail"
    deadline = time.monotonic() + 120
    while not (folder.exists() and any(folder.iterdir())):
        assert time.monotonic() < deadline, "no mail delivered"
        time.sleep(0.2)
    message = next(folder.iterdir()).read_text()
    assert f"To: {address}" in message and "Tekst met een link." in message
    time.sleep(1)  # the worker logs the task's end after the message is written
    log = (database.parent / "worker.log").read_text()
    assert "scharnier.deliver_mail" in log and "anna" not in log
