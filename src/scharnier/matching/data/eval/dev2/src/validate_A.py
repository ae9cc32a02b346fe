"""Check catalog_A.json and organisations_A.json (part A of the blind dev2 catalogue).

Checks: valid JSON; column names exactly as in docs/import-format.md; codes from
vocabularies.json; municipality and province codes exist in 2026; unique kenmerk with prefix A;
ISO dates; lengths; no HTML; providers known. Prints counts per area level, offer type, period
(reference date 2026-11-30), target-group limits and theme. Exit code 1 on any problem.

Licence: EUPL-1.2.
Run: .venv/bin/python src/scharnier/matching/data/eval/dev2/src/validate_A.py
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV2 = HERE.parent
REPO = DEV2.parents[5]
VOCAB = REPO / "src" / "scharnier" / "catalog" / "data" / "vocabularies.json"
FORMAT_DOC = REPO / "docs" / "import-format.md"
GEO = Path("/work/shared/data/geography")
REFERENCE = date(2026, 11, 30)
ORG_KINDS = {
    "rijk",
    "provincie",
    "gemeente",
    "rom",
    "regionaal-loket",
    "branche",
    "stichting",
    "netwerk",
    "onderwijs",
    "particulier",
}
MAX_LEN = {"kenmerk": 100, "titel": 200, "samenvatting": 400, "kosten_toelichting": 300}
MAX_LEN |= {"impact_toelichting": 500, "bron": 300, "beschrijving": 50000}
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
HTML_RE = re.compile(r"<[a-zA-Z/!]")


def doc_columns() -> list[str]:
    cols = []
    in_table = False
    for line in FORMAT_DOC.read_text(encoding="utf-8").splitlines():
        if line.startswith("## Kolommen"):
            in_table = True
            continue
        if in_table and line.startswith("## "):
            break
        m = re.match(r"^\| `([a-z_]+)` \|", line)
        if in_table and m:
            cols.append(m.group(1))
    return cols


def main() -> int:
    problems: list[str] = []
    vocab = json.loads(VOCAB.read_text(encoding="utf-8"))
    codes = {key: {item["code"] for item in items} for key, items in vocab.items()}
    with (GEO / "gemeenten_2023_2026.csv").open(encoding="utf-8") as fh:
        gm_rows = list(csv.DictReader(fh))
    gm_codes = {r["gm_code"]: r for r in gm_rows}
    with (GEO / "provincies.csv").open(encoding="utf-8") as fh:
        pv_codes = {r["code"] for r in csv.DictReader(fh)}
    columns = set(doc_columns())
    required = {"kenmerk", "titel", "samenvatting", "aanbieder", "soort", "themas", "fasen"}

    try:
        offers = json.loads((DEV2 / "catalog_A.json").read_text(encoding="utf-8"))
        orgs = json.loads((DEV2 / "organisations_A.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        print(f"PROBLEM: cannot read JSON: {exc}")
        return 1

    slugs = Counter(o["slug"] for o in orgs)
    for o in orgs:
        if set(o) != {"slug", "naam", "soort"}:
            problems.append(f"organisation {o}: keys {sorted(o)}")
        if o["soort"] not in ORG_KINDS:
            problems.append(f"organisation {o['slug']}: soort {o['soort']}")
        if slugs[o["slug"]] > 1:
            problems.append(f"organisation {o['slug']} twice")
    used = Counter(str(o.get("aanbieder")) for o in offers)
    for slug in set(slugs) - set(used):
        problems.append(f"organisation {slug} has no offer")

    list_vocab = {
        "themas": "theme",
        "fasen": "journey_phase",
        "ontwikkelrichtingen": "direction",
        "grootteklassen": "size_class",
        "sectoren": "sbi_section",
        "kanalen": "channel",
    }
    seen: Counter[str] = Counter()
    stats: dict[str, Counter[str]] = {
        k: Counter() for k in ("area", "type", "period", "theme", "target", "size")
    }
    for i, offer in enumerate(offers, start=1):
        k = offer.get("kenmerk", f"row{i}")
        where = f"row {i} ({k})"
        for col in offer:
            if col not in columns:
                problems.append(f"{where}: unknown column {col!r}")
        for col in required:
            if not offer.get(col):
                problems.append(f"{where}: required {col} empty")
        seen[k] += 1
        if not str(k).startswith("A"):
            problems.append(f"{where}: kenmerk without prefix A")
        for col, limit in MAX_LEN.items():
            value = offer.get(col) or ""
            if len(value) > limit:
                problems.append(f"{where}: {col} longer than {limit}")
            if HTML_RE.search(value):
                problems.append(f"{where}: HTML in {col}")
        if offer.get("soort") not in codes["offer_type"]:
            problems.append(f"{where}: soort {offer.get('soort')}")
        for col, key in list_vocab.items():
            for code in offer.get(col) or []:
                if code not in codes[key]:
                    problems.append(f"{where}: {col} code {code!r}")
        if offer.get("aanbieder") not in slugs:
            problems.append(f"{where}: unknown provider {offer.get('aanbieder')}")
        for col in ("geldig_vanaf", "geldig_tot", "laatst_gecontroleerd"):
            value = offer.get(col) or ""
            if value:
                if not DATE_RE.match(value):
                    problems.append(f"{where}: {col} not ISO: {value}")
                else:
                    date.fromisoformat(value)
        for col in ("structureel", "impact_gemeten"):
            if offer.get(col) not in ("ja", "nee", ""):
                problems.append(f"{where}: {col} {offer.get(col)}")
        if offer.get("url") and not str(offer["url"]).startswith("https://www.example.org/"):
            problems.append(f"{where}: url not on example.org")
        if offer.get("email") and not re.match(r"^[a-z0-9.-]+@example\.org$", offer["email"]):
            problems.append(f"{where}: email {offer['email']}")
        for col in ("min_medewerkers", "max_medewerkers", "min_bedrijfsleeftijd"):
            if offer.get(col) not in ("", None) and not isinstance(offer[col], int):
                problems.append(f"{where}: {col} not an integer")

        # area
        gebied = offer.get("gebied")
        pvs, gms, regs = offer.get("provincies"), offer.get("gemeenten"), offer.get("regios")
        if gebied == "nationaal":
            if pvs or gms or regs:
                problems.append(f"{where}: nationaal with area codes")
            level = "nationaal"
        elif gebied == "provincie":
            if not pvs or gms or regs or any(p not in pv_codes for p in pvs):
                problems.append(f"{where}: bad provinces {pvs}")
            level = "provincie"
        elif gebied == "gemeente":
            if not gms or pvs or regs:
                problems.append(f"{where}: bad municipalities")
            for gm in gms:
                if gm not in gm_codes:
                    problems.append(f"{where}: municipality {gm} not in 2026 list")
            level = "regio (gemeentelijst)" if len(gms) > 1 else "gemeente"
        else:
            problems.append(f"{where}: gebied {gebied}")
            level = "?"
        stats["area"][level] += 1
        stats["type"][offer.get("soort", "?")] += 1
        for t in offer.get("themas") or []:
            stats["theme"][t] += 1

        # period on the reference date
        start = date.fromisoformat(offer["geldig_vanaf"]) if offer.get("geldig_vanaf") else None
        end = date.fromisoformat(offer["geldig_tot"]) if offer.get("geldig_tot") else None
        if start and end and end < start:
            problems.append(f"{where}: geldig_tot before geldig_vanaf")
        if end and end < REFERENCE:
            stats["period"]["verlopen"] += 1
        elif start and start > REFERENCE:
            stats["period"]["gepland"] += 1
        else:
            stats["period"]["actueel"] += 1

        size = bool(offer.get("grootteklassen")) or offer.get("min_medewerkers") not in ("", None)
        size = size or offer.get("max_medewerkers") not in ("", None)
        if size:
            stats["target"]["grootte beperkt"] += 1
        if offer.get("sectoren"):
            stats["target"]["sector beperkt"] += 1
        if offer.get("min_bedrijfsleeftijd") not in ("", None):
            stats["target"]["minimale bedrijfsleeftijd"] += 1
        if "alleen voor starters" in (offer.get("samenvatting") or "").lower():
            stats["target"]["alleen starters (tekst)"] += 1

    for k, n in seen.items():
        if n > 1:
            problems.append(f"kenmerk {k} used {n} times")

    total = len(offers)
    print(f"offers: {total}, organisations: {len(orgs)}")
    for name, counter in stats.items():
        if not counter:
            continue
        print(f"\n{name}:")
        for key, n in sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])):
            print(f"  {key:28s} {n:4d}  {100 * n / total:5.1f}%")
    groups_file = HERE / "part_A_groups.json"
    if groups_file.exists():
        groups = json.loads(groups_file.read_text(encoding="utf-8"))["groups"]
        members = {k for ids in groups.values() for k in ids}
        unknown = members - set(seen)
        if unknown:
            problems.append(f"overlap groups name unknown offers: {sorted(unknown)}")
        print(f"\noverlap groups: {len(groups)}, offers in a group: {len(members)}")
        print(f"  ({100 * len(members) / total:.1f}% of offers)")
    missing_types = codes["offer_type"] - set(stats["type"])
    if missing_types:
        problems.append(f"offer types not used: {sorted(missing_types)}")
    if problems:
        print(f"\n{len(problems)} PROBLEMS:")
        for p in problems:
            print("  " + p)
        return 1
    print("\nOK: no problems")
    return 0


if __name__ == "__main__":
    sys.exit(main())
