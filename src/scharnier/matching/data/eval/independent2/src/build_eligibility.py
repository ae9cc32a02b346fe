"""Mechanical eligibility check for the independent2 question set (standard library only).

An offer is eligible for a profile when it is current on the reference date and its area, size,
sector and minimum company age fit the profile. An unknown profile field (None) excludes nothing.
Usage: python3 build_eligibility.py [PROFILE_JSON]  -> prints eligible offer keys.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CATALOG = HERE.parent.parent / "independent" / "catalog.json"
REFERENCE_DATE = "2026-11-30"
# Size classes as in vocabularies.json (EU classes by employees).
SIZE_BOUNDS = {"micro": (0, 9), "klein": (10, 49), "middel": (50, 249), "groot": (250, 10**9)}


def load_catalog() -> list[dict]:
    return json.loads(CATALOG.read_text(encoding="utf-8"))


def load_geography() -> dict[str, dict]:
    return json.loads((HERE / "geography.json").read_text(encoding="utf-8"))["gemeenten"]


def key(offer: dict) -> str:
    return f"{offer['aanbieder']}/{offer['kenmerk']}"


def is_current(offer: dict, day: str = REFERENCE_DATE) -> bool:
    start, end = offer.get("geldig_vanaf"), offer.get("geldig_tot")
    return (not start or start <= day) and (not end or day <= end)


def area_ok(offer: dict, municipality: str | None, geo: dict[str, dict]) -> bool:
    if municipality is None:
        return True
    area = offer.get("gebied") or "nationaal"
    if area == "nationaal":
        return True
    if area == "provincie":
        return geo[municipality]["pv"] in offer.get("provincies", [])
    if area == "gemeente":
        return municipality in offer.get("gemeenten", [])
    raise ValueError(f"{key(offer)}: unsupported area {area!r}")


def size_ok(offer: dict, employees: int | None) -> bool:
    if employees is None:
        return True
    classes = offer.get("grootteklassen") or []
    if classes and not any(lo <= employees <= hi for lo, hi in (SIZE_BOUNDS[c] for c in classes)):
        return False
    lo, hi = offer.get("min_medewerkers"), offer.get("max_medewerkers")
    return (lo is None or employees >= lo) and (hi is None or employees <= hi)


def sector_ok(offer: dict, sector: str | None) -> bool:
    sectors = [s.lower() for s in offer.get("sectoren") or []]
    return sector is None or not sectors or sector.lower() in sectors


def age_ok(offer: dict, age: int | None) -> bool:
    minimum = offer.get("min_bedrijfsleeftijd")
    return age is None or minimum is None or age >= minimum


def reasons_ineligible(offer: dict, profile: dict, geo: dict[str, dict]) -> list[str]:
    """Every rule the offer breaks for this profile (empty list = eligible)."""
    out = []
    if not is_current(offer):
        out.append("not current")
    if not area_ok(offer, profile.get("municipality"), geo):
        out.append("area")
    if not size_ok(offer, profile.get("employees")):
        out.append("size")
    if not sector_ok(offer, profile.get("sector")):
        out.append("sector")
    if not age_ok(offer, profile.get("companyAgeYears")):
        out.append("company age")
    return out


def is_regional(offer: dict) -> bool:
    return (offer.get("gebied") or "nationaal") != "nationaal"


def eligible(
    profile: dict, catalog: list[dict] | None = None, geo: dict | None = None
) -> list[str]:
    catalog = catalog if catalog is not None else load_catalog()
    geo = geo if geo is not None else load_geography()
    return [key(o) for o in catalog if not reasons_ineligible(o, profile, geo)]


if __name__ == "__main__":
    prof = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    print("\n".join(eligible(prof)))
