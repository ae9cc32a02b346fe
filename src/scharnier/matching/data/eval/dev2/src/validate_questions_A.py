# SPDX-License-Identifier: EUPL-1.2
"""Validate questions_A.json (dev2, part A) and print its counts.

Checks: valid JSON list; exact keys per question and per profile; ids QA01.. unique; municipality
a 2026 CBS code or null; employees and company age non-negative integers or null; sector a..u or
null; every graded key is "provider-slug/kenmerk" of an offer in catalog.json; grades 1, 2 or 3.

Run: .venv/bin/python src/scharnier/matching/data/eval/dev2/src/validate_questions_A.py
Exit code 1 on any problem.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

DEV2 = Path(__file__).resolve().parent.parent
GEO = Path("/work/shared/data/geography/gemeenten_2023_2026.csv")
KEYS = {"id", "text", "profile", "relevant"}
PROFILE_KEYS = {"municipality", "employees", "sector", "companyAgeYears"}
SECTORS = set("abcdefghijklmnopqrstu")


def main() -> int:
    errors: list[str] = []
    try:
        questions = json.loads((DEV2 / "questions_A.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        print(f"ERROR questions_A.json: {exc}")
        return 1
    catalog = json.loads((DEV2 / "catalog.json").read_text(encoding="utf-8"))
    offers = {f"{o['aanbieder']}/{o['kenmerk']}" for o in catalog}
    with GEO.open(encoding="utf-8") as fh:
        gm2pv = {row["gm_code"]: row["pv_code"] for row in csv.DictReader(fh)}
    if not isinstance(questions, list):
        print("ERROR: top level is not a list")
        return 1
    ids: set[str] = set()
    grades: Counter[int] = Counter()
    provinces: Counter[str] = Counter()
    null_fields: Counter[str] = Counter()
    n_with_null = 0
    nothing = []
    for i, q in enumerate(questions):
        where = q.get("id", f"#{i}") if isinstance(q, dict) else f"#{i}"
        if not isinstance(q, dict) or set(q) != KEYS:
            errors.append(f"{where}: keys must be {sorted(KEYS)}")
            continue
        if not re.fullmatch(r"QA\d{2,3}", q["id"]) or q["id"] in ids:
            errors.append(f"{where}: bad or duplicate id")
        ids.add(q["id"])
        if not isinstance(q["text"], str) or not q["text"].strip():
            errors.append(f"{where}: empty text")
        p = q["profile"]
        if not isinstance(p, dict) or set(p) != PROFILE_KEYS:
            errors.append(f"{where}: profile keys must be {sorted(PROFILE_KEYS)}")
            continue
        gm = p["municipality"]
        if gm is not None and gm not in gm2pv:
            errors.append(f"{where}: unknown municipality {gm}")
        provinces[gm2pv.get(gm, "null") if gm else "null"] += 1
        for field in ("employees", "companyAgeYears"):
            v = p[field]
            if v is not None and (type(v) is not int or v < 0):
                errors.append(f"{where}: {field} must be a non-negative int or null")
        if p["sector"] is not None and p["sector"] not in SECTORS:
            errors.append(f"{where}: sector {p['sector']!r}")
        nulls = [k for k, v in p.items() if v is None]
        null_fields.update(nulls)
        n_with_null += bool(nulls)
        rel = q["relevant"]
        if not isinstance(rel, dict):
            errors.append(f"{where}: relevant must be an object")
            continue
        if not rel:
            nothing.append(q["id"])
        for key, grade in rel.items():
            if key not in offers:
                errors.append(f"{where}: unknown offer {key}")
            if type(grade) is not int or grade not in (1, 2, 3):
                errors.append(f"{where}: grade {grade!r} for {key}")
            else:
                grades[grade] += 1
    for e in errors:
        print("ERROR " + e)
    n = len(questions)
    graded = n - len(nothing)
    print(f"questions: {n} (graded {graded}, nothing fits {len(nothing)}: {', '.join(nothing)})")
    per_grade = ", ".join(f"{g}: {grades[g]}" for g in (3, 2, 1))
    print(f"graded offers: {sum(grades.values())}; per grade: {per_grade}")
    if graded:
        print(f"mean graded offers per graded question: {sum(grades.values()) / graded:.1f}")
    share = 100 * n_with_null / max(n, 1)
    print(f"questions with a null profile field: {n_with_null} ({share:.0f}%) {dict(null_fields)}")
    print("province of the profile: " + ", ".join(f"{k} {v}" for k, v in sorted(provinces.items())))
    print("OK" if not errors else f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
