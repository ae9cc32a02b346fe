"""Validate the independent2 question set (standard library only).

Checks: questions.json is valid JSON in the documented format, ids run r001.., every graded
key exists in ../independent/catalog.json, every graded offer is eligible for the question's
profile according to src/build_eligibility.py, and regional/municipal offers get at most
grade 1 when the municipality is unknown. Run: python3 validate.py
"""

from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE / "src"))

from build_eligibility import (  # noqa: E402
    is_regional,
    key,
    load_catalog,
    load_geography,
    reasons_ineligible,
)

SECTIONS = set("abcdefghijklmnopqrstu")


def main() -> int:
    questions = json.loads((HERE / "questions.json").read_text(encoding="utf-8"))
    catalog = {key(o): o for o in load_catalog()}
    geo = load_geography()
    errors: list[str] = []
    grades: Counter[int] = Counter()
    for n, q in enumerate(questions, start=1):
        qid = q.get("id")
        if qid != f"r{n:03d}":
            errors.append(f"question {n}: id {qid!r}, expected r{n:03d}")
        if set(q) != {"id", "text", "profile", "relevant"}:
            errors.append(f"{qid}: keys {sorted(q)}")
        if not isinstance(q.get("text"), str) or not q["text"].strip():
            errors.append(f"{qid}: empty text")
        p = q.get("profile", {})
        if set(p) != {"municipality", "employees", "sector", "companyAgeYears"}:
            errors.append(f"{qid}: profile keys {sorted(p)}")
            continue
        if p["municipality"] is not None and p["municipality"] not in geo:
            errors.append(f"{qid}: unknown municipality {p['municipality']}")
            continue
        for field in ("employees", "companyAgeYears"):
            v = p[field]
            if v is not None and (not isinstance(v, int) or isinstance(v, bool) or v < 0):
                errors.append(f"{qid}: {field} {v!r}")
        if p["sector"] is not None and p["sector"] not in SECTIONS:
            errors.append(f"{qid}: sector {p['sector']!r}")
        for k, g in q.get("relevant", {}).items():
            if g not in (1, 2, 3):
                errors.append(f"{qid}: grade {g!r} for {k}")
            if k not in catalog:
                errors.append(f"{qid}: {k} not in catalog")
                continue
            why = reasons_ineligible(catalog[k], p, geo)
            if why:
                errors.append(f"{qid}: {k} graded {g} but ineligible ({', '.join(why)})")
            if p["municipality"] is None and is_regional(catalog[k]) and g > 1:
                errors.append(f"{qid}: regional {k} graded {g} with unknown municipality")
            grades[g] += 1
    for e in errors:
        print("ERROR", e)
    print(
        f"{len(questions)} questions, {sum(grades.values())} graded offers: "
        + ", ".join(f"{grades[g]} x {g}" for g in (3, 2, 1))
    )
    no_three = sum(1 for q in questions if 3 not in q["relevant"].values())
    print(f"questions without a grade-3 offer: {no_three}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
