"""Issue 2: import of a 25,000-offer catalog and 'offers available in municipality X with 2
filters' over the real HTTP API.

Targets on the 2-core machine: import <= 60 s; API p95 <= 50 ms.
"""

import csv
import io
import json
import os
import random
import subprocess
import sys
import time

import requests

from benchmarks.common import (
    bench_world,
    latency_summary,
    live_http_server,
    peak_rss_mb,
    write_result,
)

N_OFFERS = 25_000
N_PROVIDERS = 60
N_REQUESTS = 300
WARMUP = 30
SEED = 20261123

WORDS = (
    "ondernemers advies subsidie digitalisering energie personeel innovatie export regio "
    "begeleiding training netwerk scan financiering lening voucher duurzaam circulair opvolging"
).split()


def _generate_csv(rng: random.Random, regions, providers) -> bytes:
    from scharnier.catalog.models import VOCABULARIES
    from scharnier.geography.models import Municipality, Province

    codes = {
        name: list(model.objects.values_list("code", flat=True))
        for name, model in VOCABULARIES.items()
    }
    provinces = list(Province.objects.values_list("code", flat=True))
    municipalities = list(Municipality.objects.values_list("code", flat=True))
    headers = [
        "kenmerk", "aanbieder", "titel", "samenvatting", "beschrijving", "soort", "themas", "fasen",
        "grootteklassen", "sectoren", "gebied", "provincies", "regios", "gemeenten", "kanalen",
        "geldig_vanaf", "geldig_tot", "structureel",
    ]  # fmt: skip
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(headers)
    for i in range(N_OFFERS):
        roll = rng.random()
        level, provs, regs, munis = "nationaal", "", "", ""
        if roll < 0.15:
            level, provs = "provincie", rng.choice(provinces)
        elif roll < 0.45:
            level, regs = "regio", rng.choice(regions).slug
        elif roll < 0.95:
            level = "gemeente"
            munis = "|".join(rng.sample(municipalities, rng.randint(1, 3)))
        start_year = rng.choice([2023, 2024, 2025, 2026, 2027])
        writer.writerow(
            [
                f"bench-{i}",
                rng.choice(providers).slug,
                " ".join(rng.sample(WORDS, 4)).capitalize() + f" {i}",
                " ".join(rng.sample(WORDS, 10)),
                " ".join(rng.choices(WORDS, k=60)),
                rng.choice(codes["offer_type"]),
                "|".join(rng.sample(codes["theme"], rng.randint(1, 3))),
                "|".join(rng.sample(codes["journey_phase"], rng.randint(1, 2))),
                "|".join(rng.sample(codes["size_class"], rng.randint(0, 2))),
                "|".join(rng.sample(codes["sbi_section"], rng.choice([0, 0, 1, 3]))),
                level,
                provs,
                regs,
                munis,
                "|".join(rng.sample(codes["channel"], rng.randint(1, 2))),
                f"{start_year}-01-01" if rng.random() < 0.5 else "",
                f"{start_year + rng.randint(0, 3)}-12-31" if rng.random() < 0.5 else "",
                rng.choice(["ja", "nee"]),
            ]
        )
    return out.getvalue().encode("utf-8")


def main(db_label: str) -> dict:
    from scharnier.catalog.importing import import_offers
    from scharnier.catalog.models import Offer

    rng = random.Random(SEED)
    regions, providers = bench_world(rng, N_PROVIDERS)
    content = _generate_csv(rng, regions, providers)

    start = time.perf_counter()
    report = import_offers(content=content, filename="bench.csv", actor=None)
    import_seconds = time.perf_counter() - start
    assert report.ok, report.problems[:5]
    assert Offer.objects.count() == N_OFFERS

    start = time.perf_counter()
    again = import_offers(content=content, filename="bench.csv", actor=None)
    reimport_seconds = time.perf_counter() - start
    assert again.ok and again.unchanged == N_OFFERS, (again.created, again.updated)

    # The API is served by a fresh process, as in production the web process is not the one
    # that ran the import (whose large heap would slow Python's garbage collector).
    measured = subprocess.run(
        [sys.executable, "-c", _MEASURE_IN_FRESH_PROCESS],
        env=os.environ,
        capture_output=True,
        text=True,
        check=True,
    )
    samples, result_counts = json.loads(measured.stdout.strip().splitlines()[-1])

    api = latency_summary(samples)
    result = {
        "offers": N_OFFERS,
        "import_seconds": round(import_seconds, 2),
        "import_target_seconds": 60,
        "reimport_unchanged_seconds": round(reimport_seconds, 2),
        "api_offers_in_municipality_two_filters": api,
        "api_p95_target_ms": 50,
        "median_result_count": sorted(result_counts)[len(result_counts) // 2],
        "peak_rss_mb": peak_rss_mb(),
        "targets_met": import_seconds <= 60 and api["p95_ms"] <= 50,
    }
    write_result("catalog", db_label, result)
    return result


_MEASURE_IN_FRESH_PROCESS = (
    "import json, benchmarks.common as c; c.setup(); import benchmarks.bench_catalog as b; "
    "print(json.dumps(b.measure_api()))"
)


def measure_api() -> tuple[list[float], list[int]]:
    """Latency of 'offers available in municipality X with 2 filters' over real HTTP."""
    from scharnier.catalog.models import JourneyPhase, OfferType, Theme
    from scharnier.geography.models import Municipality

    rng = random.Random(SEED + 1)
    municipalities = list(Municipality.objects.values_list("code", flat=True))
    themes = list(Theme.objects.values_list("code", flat=True))
    phases = list(JourneyPhase.objects.values_list("code", flat=True))
    types = list(OfferType.objects.values_list("code", flat=True))
    samples: list[float] = []
    result_counts: list[int] = []
    with live_http_server() as base_url, requests.Session() as session:
        for n in range(WARMUP + N_REQUESTS):
            second_filter = rng.choice(
                [("offerType", rng.choice(types)), ("journeyPhase", rng.choice(phases))]
            )
            params = {
                "municipality": rng.choice(municipalities),
                "theme": rng.choice(themes),
                second_filter[0]: second_filter[1],
            }
            t0 = time.perf_counter()
            response = session.get(f"{base_url}/api/v1/offers", params=params, timeout=30)
            elapsed_ms = (time.perf_counter() - t0) * 1000
            response.raise_for_status()
            if n >= WARMUP:
                samples.append(elapsed_ms)
                result_counts.append(response.json()["count"])

    return samples, result_counts
