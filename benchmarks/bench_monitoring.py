"""Monitoring: 40 regions, 342 municipalities, 2,000,000 outcome events of 200,000 firms.

Targets (issue 9): full rollup rebuild <= 120 s and <= 2 GB; incremental ingestion >= 2,000
events/s; dashboard pages (national, region) and the metrics API p95 <= 200 ms over real HTTP.

`BENCH_MONITORING_SCALE` (default 1) multiplies the number of events and firms, for a quick
run at reduced size (e.g. 0.02). Events are bulk-inserted; the rebuild is measured on its own.
"""

import datetime
import os
import random
import resource
import time

import requests

from benchmarks.common import latency_summary, live_http_server, peak_rss_mb, timed, write_result

SCALE = float(os.environ.get("BENCH_MONITORING_SCALE", "1") or "1")
EVENTS = int(2_000_000 * SCALE)
FIRMS = int(200_000 * SCALE)
REGIONS = 40
INGEST = max(2_000, int(20_000 * SCALE))
TARGET_REBUILD_S = 120.0
TARGET_REBUILD_MB = 2048.0
TARGET_INGEST_PER_S = 2_000.0
TARGET_P95_MS = 200.0
ROUNDS = 20


def _regions():
    from scharnier.geography import services as geography_services
    from scharnier.geography.models import Municipality, RegionStatus

    municipalities = list(Municipality.objects.order_by("code"))
    regions = []
    for index in range(REGIONS):
        members = municipalities[index::REGIONS]
        regions.append(
            geography_services.save_region(
                slug=f"bench-regio-{index:02d}",
                name=f"Benchregio {index:02d}",
                municipalities=members,
                rollout_wave=1 + index % 4,
                status=RegionStatus.ACTIVE,
            )
        )
    return regions, municipalities


KINDS = (
    "question_received", "question_triaged", "first_contact", "referral_made",
    "referral_accepted", "referral_result", "scan_completed", "feedback_given",
    "meeting_participation", "referral_rejected",
)  # fmt: skip
VALUED = ("first_contact", "feedback_given")
THEMES = ("digitalisering", "verduurzaming", "financiering", "arbeidsmarkt", "innovatie")
# Column order of `_event_rows` (and of the COPY / INSERT that writes them).
COLUMNS = (
    "kind", "occurred_at", "recorded_at", "municipality_id", "region_id", "themes", "size_class",
    "sector", "door", "phase", "subject", "value", "firm_key", "quantity", "source_type",
    "source_id",
)  # fmt: skip


def _event_rows(rng, regions_of, municipalities, count, start_serial=0, days=730):
    """Plain tuples (COLUMNS), one firm's acts after another; themes as a JSON text."""
    from django.utils import timezone

    now = timezone.now()
    per_firm = max(1, round(EVENTS / max(FIRMS, 1)))
    serial = start_serial
    produced = 0
    hour = datetime.timedelta(hours=1)
    while produced < count:
        firm = rng.randrange(FIRMS)
        municipality = municipalities[firm % len(municipalities)]
        key = f"{firm:064x}" if firm % 5 < 2 else ""
        subject = f"bench.firm:{firm}:{rng.randrange(3)}"
        at = now - datetime.timedelta(minutes=rng.randrange(days * 24 * 60))
        for step in range(per_firm):
            serial += 1
            kind = KINDS[step % len(KINDS)]
            yield (
                kind,
                at + step * hour,
                now,
                municipality.pk,
                regions_of[municipality.pk],
                f'["{THEMES[(firm + step) % len(THEMES)]}"]',
                ("1", "2-9", "10-49", "50+")[firm % 4],
                ("a", "bf", "gi", "hj", "kl", "mn", "oq", "ru")[firm % 8],
                ("site", "scan", "staff", "api")[firm % 4],
                "",
                subject,
                (step % 11) if kind in VALUED else None,
                key,
                1,
                "bench.event",
                str(serial),
            )
            produced += 1
            if produced >= count:
                return


def _event_stream(rng, regions_of, municipalities, count, start_serial=0, days=730):
    """Unsaved OutcomeEvent objects in batches of 5,000 (for the ingestion service)."""
    import json

    from scharnier.monitoring.models import OutcomeEvent

    batch = []
    for row in _event_rows(rng, regions_of, municipalities, count, start_serial, days):
        values = dict(zip(COLUMNS, row, strict=True))
        values["themes"] = json.loads(values["themes"])
        batch.append(OutcomeEvent(**values))
        if len(batch) >= 5000:
            yield batch
            batch = []
    if batch:
        yield batch


def _bulk_load(rows) -> None:
    """Write generated events fast: COPY on PostgreSQL, one prepared INSERT on SQLite.

    Test data only (the ORM's per-object work made 2,000,000 events take longer than the
    measurements); the service path is what the ingestion figure measures.
    """
    from django.db import connection

    from scharnier.monitoring.models import OutcomeEvent

    table = OutcomeEvent._meta.db_table
    columns = ", ".join(COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        adapt = connection.ops.adapt_datetimefield_value
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(COLUMNS))})"  # noqa: S608
        chunk = []
        for row in rows:
            chunk.append((row[0], adapt(row[1]), adapt(row[2]), *row[3:]))
            if len(chunk) >= 20_000:
                cursor.executemany(sql, chunk)
                chunk = []
        if chunk:
            cursor.executemany(sql, chunk)


def main(db_label: str) -> dict:
    from django.db import connection, transaction

    from scharnier.monitoring.models import OutcomeEvent, OutcomeRollup
    from scharnier.monitoring.services import rebuild_rollups, record_outcome_events

    rng = random.Random(9)
    regions, municipalities = _regions()
    regions_of = {m.pk: regions[i % REGIONS].pk for i, m in enumerate(municipalities)}
    with timed() as generation:
        with transaction.atomic():
            _bulk_load(_event_rows(rng, regions_of, municipalities, EVENTS))
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    rss_before = peak_rss_mb()
    with timed() as rebuild:
        built = rebuild_rollups()
    rebuild_peak = peak_rss_mb()
    print(f"rebuild {rebuild():.1f} s, peak RSS {rebuild_peak} MB, {built}", flush=True)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    # Incremental ingestion through the service (events + firm funnels + rollups).
    ingest_batches = list(
        _event_stream(rng, regions_of, municipalities, INGEST, start_serial=EVENTS + 1, days=30)
    )
    with timed() as ingestion:
        for batch in ingest_batches:
            for start in range(0, len(batch), 500):
                record_outcome_events(batch[start : start + 500])
    ingest_rate = INGEST / ingestion()
    print(f"ingestion {ingest_rate:.0f} events/s", flush=True)
    region = regions[0]
    scenarios = {
        "dashboard national": "/dashboard/",
        "dashboard region": f"/dashboard/regio/{region.slug}/",
        "dashboard region half-year": f"/dashboard/regio/{region.slug}/?periode=2026-H1",
        "metrics API national": "/api/v1/metrics",
        "metrics API region": f"/api/v1/metrics?area=RG:{region.slug}",
        "metrics API areas": "/api/v1/metrics/areas",
    }
    samples: dict[str, list[float]] = {name: [] for name in scenarios}
    cold: dict[str, float] = {}
    with live_http_server() as base, requests.Session() as session:
        for name, url in scenarios.items():
            start = time.perf_counter()
            assert session.get(base + url, timeout=120).status_code == 200, url
            cold[name] = round((time.perf_counter() - start) * 1000, 1)
        for _round in range(ROUNDS):
            for name, url in scenarios.items():
                start = time.perf_counter()
                response = session.get(base + url, timeout=60)
                samples[name].append((time.perf_counter() - start) * 1000)
                assert response.status_code == 200, (url, response.status_code)
    overall = latency_summary([s for values in samples.values() for s in values])
    result = {
        "scale": SCALE,
        "targets": {
            "rebuild_s": TARGET_REBUILD_S,
            "rebuild_peak_mb": TARGET_REBUILD_MB,
            "ingest_events_per_s": TARGET_INGEST_PER_S,
            "pages_p95_ms": TARGET_P95_MS,
        },
        "data": {
            "events": OutcomeEvent.objects.count(),
            "firms": FIRMS,
            "regions": REGIONS,
            "municipalities": len(municipalities),
            "rollup_rows": OutcomeRollup.objects.count(),
            "generation_s": round(generation(), 1),
        },
        "rebuild": {
            "seconds": round(rebuild(), 1),
            "peak_rss_mb": rebuild_peak,
            "rss_before_mb": rss_before,
            **built,
        },
        "ingestion": {"events": INGEST, "events_per_s": round(ingest_rate)},
        "http_cold_ms": cold,
        "http_overall": overall,
        "per_scenario": {name: latency_summary(values) for name, values in samples.items()},
        "load_average": os.getloadavg(),
        "max_rss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    }
    result["passed"] = (
        result["rebuild"]["seconds"] <= TARGET_REBUILD_S
        and rebuild_peak <= TARGET_REBUILD_MB
        and ingest_rate >= TARGET_INGEST_PER_S
        and overall["p95_ms"] <= TARGET_P95_MS
    )
    write_result("monitoring", db_label, result)
    print(result)
    return result
