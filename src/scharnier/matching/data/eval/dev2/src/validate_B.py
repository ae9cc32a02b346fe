"""Check the part-B dev2 catalogue (catalog_B.json, organisations_B.json) and print its counts.

Usage: python validate_B.py  (exit code 1 on any problem). Licence: EUPL-1.2.
"""

import collections
import csv
import datetime
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV2 = HERE.parent
REPO = next(p for p in HERE.parents if (p / "src" / "scharnier").is_dir())
VOCAB = REPO / "src" / "scharnier" / "catalog" / "data" / "vocabularies.json"
GEMEENTEN = Path("/work/shared/data/geography/gemeenten_2023_2026.csv")
PROVINCIES = Path("/work/shared/data/geography/provincies.csv")
REF = datetime.date(2026, 11, 30)

# Exact column names from docs/import-format.md (id left out: all offers are new).
COLUMNS = (
    "kenmerk titel samenvatting beschrijving aanbieder soort themas fasen ontwikkelrichtingen "
    "grootteklassen min_medewerkers max_medewerkers sectoren min_bedrijfsleeftijd gebied "
    "provincies regios gemeenten kosten kosten_toelichting kanalen geldig_vanaf geldig_tot "
    "structureel budget impact_gemeten impact_toelichting url email telefoon bron "
    "laatst_gecontroleerd"
).split()
REQUIRED = ["kenmerk", "titel", "samenvatting", "aanbieder", "soort", "themas", "fasen"]
MAXLEN = {
    "kenmerk": 100,
    "titel": 200,
    "samenvatting": 400,
    "beschrijving": 50000,
    "kosten_toelichting": 300,
    "impact_toelichting": 500,
    "bron": 300,
}
ORG_SOORTEN = {
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
GEBIEDEN = {"nationaal", "provincie", "regio", "gemeente"}
PART = "B"

problems = []


def problem(where, text):
    problems.append(f"{where}: {text}")


def values(v):
    if v in ("", None):
        return []
    if isinstance(v, list):
        return v
    return str(v).split("|")


def date(v, where):
    if v in ("", None):
        return None
    try:
        return datetime.date.fromisoformat(v)
    except (TypeError, ValueError):
        problem(where, f"not an ISO date: {v!r}")
        return None


def main():
    vocab = json.loads(VOCAB.read_text(encoding="utf-8"))
    codes = {key: {item["code"] for item in items} for key, items in vocab.items()}
    with GEMEENTEN.open(encoding="utf-8") as fh:
        gm = {r["gm_code"]: r for r in csv.DictReader(fh)}
    with PROVINCIES.open(encoding="utf-8") as fh:
        pv = {r["code"] for r in csv.DictReader(fh)}
    offers = json.loads((DEV2 / f"catalog_{PART}.json").read_text(encoding="utf-8"))
    orgs = json.loads((DEV2 / f"organisations_{PART}.json").read_text(encoding="utf-8"))
    if not isinstance(offers, list) or not isinstance(orgs, list):
        problem("file", "catalog and organisations must be JSON lists")
        return
    slugs = {}
    for org in orgs:
        if set(org) != {"slug", "naam", "soort"}:
            problem(org.get("slug"), f"organisation keys {sorted(org)}")
        if org.get("soort") not in ORG_SOORTEN:
            problem(org.get("slug"), f"organisation soort {org.get('soort')!r}")
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", org.get("slug", "")):
            problem(org.get("slug"), "bad slug")
        if org["slug"] in slugs:
            problem(org["slug"], "duplicate organisation slug")
        slugs[org["slug"]] = org
    vocab_cols = {
        "soort": "offer_type",
        "themas": "theme",
        "fasen": "journey_phase",
        "ontwikkelrichtingen": "direction",
        "grootteklassen": "size_class",
        "sectoren": "sbi_section",
        "kanalen": "channel",
    }
    seen = set()
    count = collections.Counter()
    used_slugs = set()
    for i, row in enumerate(offers, 1):
        k = row.get("kenmerk", f"row {i}")
        if list(row) != COLUMNS:
            problem(
                k,
                f"columns differ: extra {set(row) - set(COLUMNS)}, "
                f"missing {set(COLUMNS) - set(row)}",
            )
        for col in REQUIRED:
            if row.get(col) in ("", None, []):
                problem(k, f"required column {col} empty")
        if not str(k).startswith(PART):
            problem(k, "kenmerk not prefixed with part letter")
        if k in seen:
            problem(k, "duplicate kenmerk")
        seen.add(k)
        for col, limit in MAXLEN.items():
            if len(str(row.get(col) or "")) > limit:
                problem(k, f"{col} longer than {limit}")
        for col in (
            "titel",
            "samenvatting",
            "beschrijving",
            "kosten_toelichting",
            "impact_toelichting",
            "bron",
        ):
            if re.search(r"<[a-zA-Z/!]", str(row.get(col) or "")):
                problem(k, f"HTML-like text in {col}")
        for col, vk in vocab_cols.items():
            vals = values(row.get(col))
            if col == "soort" and len(vals) != 1:
                problem(k, "soort must be exactly one code")
            for v in vals:
                if v not in codes[vk]:
                    problem(k, f"{col}: unknown code {v!r}")
        if row["aanbieder"] not in slugs:
            problem(k, f"aanbieder {row['aanbieder']!r} not in organisations")
        used_slugs.add(row["aanbieder"])
        for col in ("min_medewerkers", "max_medewerkers", "min_bedrijfsleeftijd"):
            v = row.get(col)
            if v not in ("", None) and (not isinstance(v, int) or v < 0):
                problem(k, f"{col} must be a whole number")
        for col in ("kosten", "budget"):
            v = row.get(col)
            if v not in ("", None) and (not isinstance(v, (int, float)) or v < 0):
                problem(k, f"{col} must be a number")
        for col in ("structureel", "impact_gemeten"):
            if row.get(col) not in ("ja", "nee"):
                problem(k, f"{col} must be ja/nee")
        if row["impact_gemeten"] == "ja" and not row["impact_toelichting"]:
            problem(k, "impact_gemeten ja without toelichting")
        if not str(row.get("url", "")).startswith("https://www.example.org/"):
            problem(k, "url must be an invented https://www.example.org/ address")
        gebied = row.get("gebied")
        provs, regs, gems = (
            values(row["provincies"]),
            values(row["regios"]),
            values(row["gemeenten"]),
        )
        if gebied not in GEBIEDEN:
            problem(k, f"gebied {gebied!r}")
        for p in provs:
            if p not in pv:
                problem(k, f"unknown province {p}")
        for g in gems:
            if g not in gm:
                problem(k, f"unknown municipality {g}")
        if regs:
            problem(k, "regios not used in this part (regions are written as municipality lists)")
        if gebied == "nationaal" and (provs or gems):
            problem(k, "nationaal with areas")
        if gebied == "provincie" and (not provs or gems):
            problem(k, "provincie without provinces")
        if gebied == "gemeente" and (not gems or provs):
            problem(k, "gemeente without municipalities")
        if len(gems) != len(set(gems)):
            problem(k, "duplicate municipality")
        start = date(row["geldig_vanaf"], k)
        end = date(row["geldig_tot"], k)
        date(row["laatst_gecontroleerd"], k)
        if start and end and end < start:
            problem(k, "geldig_tot before geldig_vanaf")
        mn, mx = row["min_medewerkers"], row["max_medewerkers"]
        if mn not in ("", None) and mx not in ("", None) and mn > mx:
            problem(k, "min_medewerkers > max_medewerkers")

        # counts
        if gebied == "gemeente":
            level = "gemeente (1)" if len(gems) == 1 else "regio (gemeentelijst)"
            count[("area", level)] += 1
            for p in {gm[g]["pv_code"] for g in gems if g in gm}:
                count[("province of municipal offers", p)] += 1
        else:
            count[("area", gebied)] += 1
            for p in provs:
                count[("province of provincial offers", p)] += 1
        count[("soort", row["soort"])] += 1
        if end and end < REF:
            period = "expired"
        elif start and start > REF:
            period = "planned"
        else:
            period = "current"
        count[("period", period)] += 1
        if row["grootteklassen"] or mn not in ("", None) or mx not in ("", None):
            count[("target", "size limited")] += 1
        if row["sectoren"]:
            count[("target", "sector limited")] += 1
        if row["min_bedrijfsleeftijd"] not in ("", None):
            count[("target", "min company age")] += 1
        for t in values(row["themas"]):
            count[("thema", t)] += 1
        count[("aanbieder soort", slugs.get(row["aanbieder"], {}).get("soort"))] += 1
    for slug in slugs:
        if slug not in used_slugs:
            problem(slug, "organisation without offers")
    for code in codes["offer_type"]:
        if not count[("soort", code)]:
            problem("soort", f"offer type {code} never used")
    n = len(offers)
    print(f"offers: {n}, organisations: {len(orgs)}")
    last = None
    for (group, key), c in sorted(count.items(), key=lambda kv: (kv[0][0], -kv[1])):
        if group != last:
            print(f"\n{group}:")
            last = group
        print(f"  {key:<28} {c:>4}  {100 * c / n:5.1f}%")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  " + p)
        sys.exit(1)
    print("\nOK: no problems")


if __name__ == "__main__":
    main()
