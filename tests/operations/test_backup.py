"""Backup and restore as the README describes it: pg_dump (custom format), wipe, pg_restore,
and every table's rows (and every sequence) come back identical, compared by hashes."""

import os
import shutil
import subprocess

import pytest
from django.db import connection

from scharnier.accounts import services as accounts_services
from scharnier.casework.models import Question
from tests.casework.conftest import build_world

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="pg_dump/pg_restore back up PostgreSQL; on SQLite the backup is a copy of the "
        "database file (run with DATABASE_URL=postgres://... to test this)",
    ),
]


def pg_environment() -> tuple[list[str], dict[str, str]]:
    settings = connection.settings_dict
    args = ["-h", settings["HOST"] or "127.0.0.1", "-p", str(settings["PORT"] or 5432)]
    args += ["-U", settings["USER"] or "postgres"]
    env = {**os.environ, "PGPASSWORD": settings["PASSWORD"] or ""}
    return args, env


def table_hashes() -> dict[str, tuple[int, str]]:
    """Per table in the public schema: (row count, hash over all rows in a stable order)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
        )
        tables = [row[0] for row in cursor.fetchall()]
        hashes = {}
        for table in tables:
            quoted = connection.ops.quote_name(table)
            cursor.execute(
                f"SELECT count(*), coalesce(md5(string_agg(md5(t::text), '' "  # noqa: S608
                f"ORDER BY md5(t::text))), '') FROM {quoted} AS t"
            )
            hashes[table] = tuple(cursor.fetchone())
        cursor.execute(
            "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"
        )
        for name, last_value in cursor.fetchall():
            hashes[f"sequence:{name}"] = (last_value, "")
    return hashes


@pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed")
def test_dump_wipe_restore_gives_back_every_row(tmp_path):
    world = build_world()
    accounts_services.set_known_device(world.users["schakel_a"], "JBSWY3DPEHPK3PXP")
    before = table_hashes()
    assert before["casework_question"][0] == 3
    assert len([t for t in before if not t.startswith("sequence:")]) > 30

    args, env = pg_environment()
    database = connection.settings_dict["NAME"]
    dump = tmp_path / "scharnier.dump"
    subprocess.run(
        ["pg_dump", *args, "--format=custom", "--no-owner", "--file", str(dump), database],
        env=env, check=True, timeout=300,
    )  # fmt: skip
    assert dump.stat().st_size > 10_000

    # Wipe: nothing of the schema is left.
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    assert table_hashes() == {}

    restored = subprocess.run(
        ["pg_restore", *args, "--no-owner", "--exit-on-error", "--dbname", database, str(dump)],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert restored.returncode == 0, restored.stderr
    connection.close()  # fresh connection: no cached state from before the wipe

    after = table_hashes()
    assert after.keys() == before.keys()
    differing = [table for table in before if before[table] != after[table]]
    assert differing == []
    # The application reads the restored data as before.
    assert Question.objects.get(pk=world.questions["a"].pk).email == "fatima@bakkerij.example"
