"""Validate the dev2 blind questions, part B (Scharnier issue 12).

Licence: EUPL-1.2.

Checks: valid JSON list; ids QBnn unique; keys id/text/profile/relevant; profile fields and their
types (municipality a 2026 GM code or null, employees int >= 0 or null, sector a..u or null,
companyAgeYears int >= 0 or null); every relevant key "provider-slug/kenmerk" exists in the dev2
catalogue; grades 1..3. Prints counts.

Run: .venv/bin/python src/scharnier/matching/data/eval/dev2/src/validate_questions_B.py
"""

import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path

DEV2 = Path(__file__).resolve().parents[1]
GEO = Path("/work/shared/data/geography/gemeenten_2023_2026.csv")
PROFILE_KEYS = {"municipality", "employees", "sector", "companyAgeYears"}


def main():
    problems = []
    try:
        questions = json.loads((DEV2 / "questions_B.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        print(f"FAIL: cannot read questions_B.json: {exc}")
        return 1
    catalog = json.loads((DEV2 / "catalog.json").read_text(encoding="utf-8"))
    keys = {f"{o['aanbieder']}/{o['kenmerk']}" for o in catalog}
    with GEO.open(encoding="utf-8") as fh:
        pv_of = {r["gm_code"]: r["pv_code"] for r in csv.DictReader(fh)}
    if not isinstance(questions, list):
        print("FAIL: not a JSON list")
        return 1
    seen = set()
    grades = Counter()
    provinces = Counter()
    nulls = 0
    empty = 0
    for i, q in enumerate(questions):
        where = q.get("id", f"#{i}") if isinstance(q, dict) else f"#{i}"
        if not isinstance(q, dict) or set(q) != {"id", "text", "profile", "relevant"}:
            problems.append(f"{where}: keys must be id, text, profile, relevant")
            continue
        if not re.fullmatch(r"QB\d{2}", q["id"]) or q["id"] in seen:
            problems.append(f"{where}: bad or duplicate id")
        seen.add(q["id"])
        if not isinstance(q["text"], str) or not q["text"].strip():
            problems.append(f"{where}: empty text")
        p = q["profile"]
        if not isinstance(p, dict) or set(p) != PROFILE_KEYS:
            problems.append(f"{where}: profile keys must be {sorted(PROFILE_KEYS)}")
            continue
        if any(v is None for v in p.values()):
            nulls += 1
        gm = p["municipality"]
        if gm is not None and gm not in pv_of:
            problems.append(f"{where}: unknown municipality {gm}")
        provinces[pv_of.get(gm, "null")] += 1
        for field in ("employees", "companyAgeYears"):
            v = p[field]
            if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                problems.append(f"{where}: {field} must be an int >= 0 or null")
        if p["sector"] is not None and p["sector"] not in list("abcdefghijklmnopqrstu"):
            problems.append(f"{where}: sector must be a..u or null")
        rel = q["relevant"]
        if not isinstance(rel, dict):
            problems.append(f"{where}: relevant must be an object")
            continue
        if not rel:
            empty += 1
        for key, grade in rel.items():
            if key not in keys:
                problems.append(f"{where}: {key} not in catalogue")
            if grade not in (1, 2, 3) or isinstance(grade, bool):
                problems.append(f"{where}: grade of {key} must be 1, 2 or 3")
            grades[grade] += 1
    print(f"questions: {len(questions)}; nothing fits: {empty}; with a null profile field: {nulls}")
    print("grades: " + ", ".join(f"{g}: {grades[g]}" for g in (3, 2, 1)))
    print("provinces: " + ", ".join(f"{k} {v}" for k, v in sorted(provinces.items())))
    for msg in problems:
        print(msg)
    if problems:
        print(f"FAIL: {len(problems)} problem(s)")
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
