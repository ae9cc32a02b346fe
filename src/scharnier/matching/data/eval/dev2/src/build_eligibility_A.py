# SPDX-License-Identifier: EUPL-1.2
"""Eligibility check for the dev2 questions, part A.

Checks that every graded offer in questions_A.json is eligible for the question's profile on the
reference date 2026-11-30 (area, size class, min/max employees, sector, minimum company age,
period), and that offers outside the profile's municipality area (regional or municipal, and
provincial) get at most grade 1 when the municipality is unknown. For completeness it lists, per
question, every eligible offer of the kinds named in KINDS (themes or offer types) that is NOT
graded, so the author can look at each once more.

Run: .venv/bin/python src/scharnier/matching/data/eval/dev2/src/build_eligibility_A.py [--list]
Exit code 1 when a graded offer is not eligible.
"""

from __future__ import annotations

import csv
import json
import sys
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV2 = HERE.parent
REPO = DEV2.parents[5]
VOCAB = REPO / "src" / "scharnier" / "catalog" / "data" / "vocabularies.json"
GEO = Path("/work/shared/data/geography/gemeenten_2023_2026.csv")
REF = date(2026, 11, 30)

# Kinds of help named per question: theme codes and/or "type:<soort>". Used only for the
# completeness listing (eligible offers of these kinds that were not graded).
KINDS: dict[str, list[str]] = {
    "QA01": ["zwaar-weer", "financiering"],
    "QA02": ["zwaar-weer", "regelgeving"],
    "QA03": ["verduurzaming"],
    "QA04": ["bedrijfsopvolging", "financiering"],
    "QA05": ["netcongestie"],
    "QA06": ["huisvesting", "regelgeving"],
    "QA07": ["regelgeving"],
    "QA08": ["financiering"],
    "QA09": ["arbeidsmarkt"],
    "QA10": ["arbeidsmarkt"],
    "QA11": ["arbeidsmarkt"],
    "QA12": ["internationalisering"],
    "QA13": ["digitalisering", "marketing"],
    "QA14": ["digitalisering"],
    "QA15": ["marketing"],
    "QA16": ["zwaar-weer"],
    "QA17": ["zwaar-weer", "strategie", "bedrijfsopvolging"],
    "QA18": ["verduurzaming"],
    "QA19": ["arbeidsmarkt"],
    "QA20": ["digitalisering"],
    "QA21": ["internationalisering", "marketing"],
    "QA22": ["digitalisering"],
    "QA23": ["huisvesting"],
    "QA24": ["regelgeving"],
    "QA25": ["arbeidsmarkt", "regelgeving"],
    "QA26": ["arbeidsmarkt"],
    "QA27": ["innovatie"],
    "QA28": ["financiering"],
    "QA29": ["bedrijfsopvolging"],
    "QA30": ["bedrijfsopvolging"],
    "QA31": ["arbeidsmarkt"],
    "QA32": ["financiering"],
    "QA33": ["digitalisering"],
    "QA34": ["strategie"],
    "QA35": ["strategie"],
    "QA36": ["netcongestie", "verduurzaming", "huisvesting"],
    "QA37": ["regelgeving"],
    "QA38": ["zwaar-weer"],
    "QA39": ["digitalisering"],
    "QA40": ["verduurzaming"],
    "QA41": ["circulair"],
    "QA42": ["zwaar-weer"],
    "QA43": ["marketing"],
    "QA44": ["financiering", "innovatie"],
    "QA45": ["type:community", "type:evenement"],
    "QA46": ["arbeidsmarkt", "financiering"],
    "QA47": ["arbeidsmarkt", "netcongestie", "verduurzaming"],
    "QA48": ["arbeidsmarkt"],
    "QA49": ["verduurzaming"],
    "QA50": ["regelgeving"],
    "QA51": ["internationalisering"],
    "QA52": ["financiering"],
    "QA53": ["zwaar-weer", "regelgeving"],
    "QA54": ["innovatie"],
    "QA55": ["regelgeving", "financiering"],
    "QA56": ["huisvesting"],
    "QA57": ["zwaar-weer"],
    "QA58": ["arbeidsmarkt"],
    "QA59": ["bedrijfsopvolging", "huisvesting"],
    "QA60": ["arbeidsmarkt"],
    "QA61": ["internationalisering"],
    "QA62": ["financiering", "innovatie"],
}


def as_list(value) -> list:
    if isinstance(value, list):
        return value
    if value in ("", None):
        return []
    return [value]


def as_int(value) -> int | None:
    if value in ("", None):
        return None
    return int(value)


def load_provinces() -> dict[str, str]:
    with GEO.open(encoding="utf-8") as fh:
        return {row["gm_code"]: row["pv_code"] for row in csv.DictReader(fh)}


def load_sizes() -> dict[str, tuple[int, int | None]]:
    vocab = json.loads(VOCAB.read_text(encoding="utf-8"))
    return {s["code"]: (s["min_employees"], s["max_employees"]) for s in vocab["size_class"]}


def problems(offer: dict, profile: dict, gm2pv: dict, sizes: dict) -> list[str]:
    """Reasons why the offer is NOT eligible for the profile (empty list: eligible)."""
    out = []
    start = offer["geldig_vanaf"]
    end = offer["geldig_tot"]
    if start and date.fromisoformat(start) > REF:
        out.append(f"starts {start}")
    if end and date.fromisoformat(end) < REF:
        out.append(f"ended {end}")
    gm = profile.get("municipality")
    area = offer["gebied"] or "nationaal"
    if gm is not None and area != "nationaal":
        if area == "provincie":
            if gm2pv.get(gm) not in as_list(offer["provincies"]):
                out.append("province")
        elif area == "gemeente":
            if gm not in as_list(offer["gemeenten"]):
                out.append("municipality")
        else:
            out.append(f"area {area} not handled")
    emp = profile.get("employees")
    if emp is not None:
        classes = as_list(offer["grootteklassen"])
        if classes and not any(
            sizes[c][0] <= emp and (sizes[c][1] is None or emp <= sizes[c][1]) for c in classes
        ):
            out.append(f"size {classes}")
        lo, hi = as_int(offer["min_medewerkers"]), as_int(offer["max_medewerkers"])
        if lo is not None and emp < lo:
            out.append(f"min employees {lo}")
        if hi is not None and emp > hi:
            out.append(f"max employees {hi}")
    sector = profile.get("sector")
    sectors = as_list(offer["sectoren"])
    if sector is not None and sectors and sector not in sectors:
        out.append(f"sector {sectors}")
    age = profile.get("companyAgeYears")
    min_age = as_int(offer["min_bedrijfsleeftijd"])
    if age is not None and min_age is not None and age < min_age:
        out.append(f"min age {min_age}")
    return out


def of_kind(offer: dict, kinds: list[str]) -> bool:
    themes = set(as_list(offer["themas"]))
    for kind in kinds:
        if kind.startswith("type:"):
            if offer["soort"] == kind[5:]:
                return True
        elif kind in themes:
            return True
    return False


def main() -> int:
    listing = "--list" in sys.argv
    catalog = json.loads((DEV2 / "catalog.json").read_text(encoding="utf-8"))
    offers = {f"{o['aanbieder']}/{o['kenmerk']}": o for o in catalog}
    questions = json.loads((DEV2 / "questions_A.json").read_text(encoding="utf-8"))
    gm2pv, sizes = load_provinces(), load_sizes()
    errors = 0
    for q in questions:
        profile = q["profile"]
        for key, grade in q["relevant"].items():
            offer = offers.get(key)
            if offer is None:
                print(f"ERROR {q['id']}: unknown offer {key}")
                errors += 1
                continue
            why = problems(offer, profile, gm2pv, sizes)
            if why:
                print(f"ERROR {q['id']}: {key} not eligible ({'; '.join(why)})")
                errors += 1
            if profile.get("municipality") is None and offer["gebied"] != "nationaal" and grade > 1:
                area = offer["gebied"]
                print(f"ERROR {q['id']}: {key} is {area}, municipality unknown, grade > 1")
                errors += 1
        if q["id"] not in KINDS:
            print(f"ERROR {q['id']}: no kinds named")
            errors += 1
        elif listing:
            kinds = KINDS[q["id"]]
            rest = [
                f"{k} ({o['soort']}) {o['titel']}"
                for k, o in offers.items()
                if k not in q["relevant"]
                and of_kind(o, kinds)
                and not problems(o, profile, gm2pv, sizes)
            ]
            graded = ", ".join(f"{k}={g}" for k, g in q["relevant"].items()) or "(nothing fits)"
            print(f"\n{q['id']} {q['text'][:90]}\n  profile {profile}\n  graded: {graded}")
            print(f"  kinds {kinds}: {len(rest)} eligible, not graded")
            for line in rest:
                print("    - " + line)
    n_graded = sum(len(q["relevant"]) for q in questions)
    print(f"\n{len(questions)} questions, {n_graded} graded offers, {errors} errors")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
