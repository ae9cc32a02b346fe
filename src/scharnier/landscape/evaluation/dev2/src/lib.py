"""Helpers: load the dev2 catalogue and compute area / period facts (EUPL-1.2)."""

import csv
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[6]
CAT = ROOT / "src/scharnier/matching/data/eval/dev2/catalog.json"
GEO = Path("/work/shared/data/geography/gemeenten_2023_2026.csv")
REF = "2026-11-30"


def load():
    offers = json.load(open(CAT, encoding="utf-8"))
    return {o["aanbieder"] + "/" + o["kenmerk"]: o for o in offers}


def gm2pv():
    with open(GEO, encoding="utf-8") as f:
        return {r["gm_code"]: r["pv_code"] for r in csv.DictReader(f)}


def area(o, g):
    """Set of municipality codes covered, or None for national."""
    if o["gebied"] == "nationaal":
        return None
    s = set(o["gemeenten"] or [])
    for pv in o["provincies"] or []:
        s |= {gm for gm, p in g.items() if p == pv}
    return s


def intersects(a, b, g):
    x, y = area(a, g), area(b, g)
    if x is None or y is None:
        return True
    return bool(x & y)


def status(o, ref=REF):
    if o["geldig_vanaf"] and o["geldig_vanaf"] > ref:
        return "planned"
    if o["geldig_tot"] and o["geldig_tot"] < ref:
        return "expired"
    return "current"
