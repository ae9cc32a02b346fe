"""Run every benchmark (or those named) on SQLite and on PostgreSQL.

    python -m benchmarks.run [name ...] [--db sqlite|postgresql]

Each benchmark runs in its own process on a fresh database; results go to benchmarks/results/.
"""

import argparse
import importlib
import os
import subprocess
import sys

from benchmarks.common import ROOT, WORK_DIR

PG_ADMIN_URL = os.environ.get("BENCH_PG_URL", "postgres://postgres@127.0.0.1:5432")


def available() -> list[str]:
    return sorted(p.stem.removeprefix("bench_") for p in (ROOT / "benchmarks").glob("bench_*.py"))


def fresh_database_url(name: str, db_label: str) -> str:
    if db_label == "sqlite":
        WORK_DIR.mkdir(parents=True, exist_ok=True)
        path = WORK_DIR / f"bench_{name}.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            path.with_name(path.name + suffix).unlink(missing_ok=True)
        return f"sqlite:///{path}"
    # BENCH_DATABASE_NAME: one database for every benchmark (dropped and created for each).
    database = os.environ.get("BENCH_DATABASE_NAME") or f"bench_{name}"
    for sql in (f"DROP DATABASE IF EXISTS {database}", f"CREATE DATABASE {database}"):
        subprocess.run(["psql", f"{PG_ADMIN_URL}/postgres", "-q", "-c", sql], check=True)
    return f"{PG_ADMIN_URL}/{database}"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("names", nargs="*")
    parser.add_argument("--db", choices=["sqlite", "postgresql"], action="append")
    args = parser.parse_args()
    names = args.names or available()
    failures = 0
    for name in names:
        for db_label in args.db or ["sqlite", "postgresql"]:
            print(f"== benchmark {name} on {db_label}", flush=True)
            env = {
                **os.environ,
                "DATABASE_URL": fresh_database_url(name, db_label),
                "PYTHONPATH": str(ROOT / "src") + os.pathsep + str(ROOT),
                # Persistent database connections, as a production deployment sets them.
                "DATABASE_CONN_MAX_AGE": os.environ.get("DATABASE_CONN_MAX_AGE", "60"),
            }
            code = (
                f"import benchmarks.common as c; c.setup(); "
                f"import benchmarks.bench_{name} as b; b.main({db_label!r})"
            )
            result = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT)
            failures += result.returncode != 0
    importlib.invalidate_caches()
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
