"""Eligibility check for the dev2 blind questions, part B (Scharnier issue 12).

Licence: EUPL-1.2.

Checks that every graded offer in questions_B.json is eligible for the question's profile on the
reference date 2026-11-30 (area, size, sector, minimum company age, period) and that, when the
municipality is unknown, regional and municipal offers get at most grade 1. With --list it prints,
per question, every eligible offer that has one of the themes named in KINDS (graded ones marked),
as an aid for completeness.

Run from the repository root:
  .venv/bin/python src/scharnier/matching/data/eval/dev2/src/build_eligibility_B.py [--list QBnn]
"""

import csv
import json
import sys
from pathlib import Path

DEV2 = Path(__file__).resolve().parents[1]
GEO = Path("/work/shared/data/geography/gemeenten_2023_2026.csv")
REF = "2026-11-30"

# Per question: the themes of the kinds of help that would answer it (aid for completeness only).
KINDS = {
    "QB01": ["zwaar-weer", "financiering"],
    "QB02": ["huisvesting", "regelgeving"],
    "QB03": ["bedrijfsopvolging", "financiering"],
    "QB04": ["netcongestie", "huisvesting"],
    "QB05": ["verduurzaming", "huisvesting"],
    "QB06": ["arbeidsmarkt"],
    "QB07": ["digitalisering", "marketing"],
    "QB08": ["regelgeving", "strategie"],
    "QB09": ["internationalisering"],
    "QB10": ["zwaar-weer", "financiering", "regelgeving"],
    "QB11": ["financiering", "zwaar-weer"],
    "QB12": ["innovatie"],
    "QB13": ["arbeidsmarkt", "regelgeving"],
    "QB14": ["regelgeving", "huisvesting"],
    "QB15": ["circulair", "regelgeving"],
    "QB16": ["zwaar-weer", "verduurzaming", "strategie"],
    "QB17": ["arbeidsmarkt"],
    "QB18": ["internationalisering", "regelgeving"],
    "QB19": ["huisvesting", "marketing"],
    "QB20": ["verduurzaming", "regelgeving"],
    "QB21": ["digitalisering", "regelgeving"],
    "QB22": ["financiering", "innovatie"],
    "QB23": ["bedrijfsopvolging", "strategie"],
    "QB24": ["regelgeving", "financiering"],
    "QB25": ["circulair"],
    "QB26": ["netcongestie", "verduurzaming", "huisvesting"],
    "QB27": ["arbeidsmarkt"],
    "QB28": ["zwaar-weer", "financiering"],
    "QB29": ["marketing", "strategie"],
    "QB30": ["regelgeving", "financiering"],
    "QB31": ["digitalisering"],
    "QB32": ["arbeidsmarkt"],
    "QB33": ["verduurzaming", "financiering"],
    "QB34": ["strategie", "marketing"],
    "QB35": ["verduurzaming", "huisvesting"],
    "QB36": ["internationalisering", "regelgeving"],
    "QB37": ["financiering", "regelgeving"],
    "QB38": ["financiering", "innovatie"],
    "QB39": ["netcongestie", "huisvesting"],
    "QB40": ["regelgeving"],
    "QB41": ["internationalisering"],
    "QB42": ["bedrijfsopvolging"],
    "QB43": ["strategie", "arbeidsmarkt"],
    "QB44": ["regelgeving"],
    "QB45": ["netcongestie", "verduurzaming"],
    "QB46": ["regelgeving", "verduurzaming"],
    "QB47": ["verduurzaming"],
    "QB48": ["huisvesting", "arbeidsmarkt"],
    "QB49": ["financiering"],
    "QB50": ["circulair"],
    "QB51": ["marketing", "digitalisering"],
    "QB52": ["innovatie"],
    "QB53": ["regelgeving", "huisvesting", "marketing"],
    "QB54": ["zwaar-weer"],
    "QB55": ["arbeidsmarkt"],
    "QB56": ["regelgeving"],
    "QB57": ["verduurzaming", "regelgeving"],
}


def load_geo():
    with GEO.open(encoding="utf-8") as fh:
        return {r["gm_code"]: r["pv_code"] for r in csv.DictReader(fh)}


def size_ok(offer, n):
    if n is None:
        return True
    klasse = "micro" if n < 10 else "klein" if n < 50 else "middel" if n < 250 else "groot"
    if offer["grootteklassen"] and klasse not in offer["grootteklassen"]:
        return False
    if offer["min_medewerkers"] != "" and n < int(offer["min_medewerkers"]):
        return False
    if offer["max_medewerkers"] != "" and n > int(offer["max_medewerkers"]):
        return False
    return True


def area_level(offer):
    if offer["provincies"]:
        return "provincie"
    if offer["gemeenten"] or offer["regios"]:
        return "gemeente"
    return "nationaal"


def eligible(offer, profile, pv_of):
    """Return a list of reasons why the offer is NOT eligible (empty: eligible)."""
    why = []
    gm = profile.get("municipality")
    level = area_level(offer)
    if gm is not None:
        if level == "provincie" and pv_of[gm] not in offer["provincies"]:
            why.append("area: province")
        if level == "gemeente" and gm not in offer["gemeenten"]:
            why.append("area: municipality")
    if not size_ok(offer, profile.get("employees")):
        why.append("size")
    sector = profile.get("sector")
    if sector is not None and offer["sectoren"] and sector not in offer["sectoren"]:
        why.append("sector")
    age = profile.get("companyAgeYears")
    if age is not None and offer["min_bedrijfsleeftijd"] != "":
        if age < int(offer["min_bedrijfsleeftijd"]):
            why.append("company age")
    if offer["geldig_vanaf"] and offer["geldig_vanaf"] > REF:
        why.append("period: planned")
    if offer["geldig_tot"] and offer["geldig_tot"] < REF:
        why.append("period: expired")
    return why


def main(argv):
    catalog = json.loads((DEV2 / "catalog.json").read_text(encoding="utf-8"))
    questions = json.loads((DEV2 / "questions_B.json").read_text(encoding="utf-8"))
    pv_of = load_geo()
    by_key = {f"{o['aanbieder']}/{o['kenmerk']}": o for o in catalog}
    problems = 0
    for q in questions:
        for key, grade in q["relevant"].items():
            offer = by_key.get(key)
            if offer is None:
                print(f"{q['id']}: {key} not in catalogue")
                problems += 1
                continue
            why = eligible(offer, q["profile"], pv_of)
            if why:
                print(f"{q['id']}: {key} not eligible ({', '.join(why)})")
                problems += 1
            if q["profile"].get("municipality") is None and area_level(offer) != "nationaal":
                if grade > 1:
                    print(f"{q['id']}: {key} regional, municipality unknown, grade {grade} > 1")
                    problems += 1
    if "--list" in argv:
        wanted = [a for a in argv if a.startswith("QB")]
        for q in questions:
            if wanted and q["id"] not in wanted:
                continue
            kinds = KINDS.get(q["id"], [])
            print(f"\n{q['id']} {q['profile']} kinds={kinds}\n  {q['text']}")
            for key, offer in by_key.items():
                if not set(kinds) & set(offer["themas"]):
                    continue
                if eligible(offer, q["profile"], pv_of):
                    continue
                mark = q["relevant"].get(key, "-")
                print(f"  [{mark}] {key:45} {offer['soort']:11} {offer['titel'][:70]}")
    missing = [q["id"] for q in questions if q["id"] not in KINDS]
    if missing:
        print("questions without KINDS:", ", ".join(missing))
        problems += 1
    n_graded = sum(len(q["relevant"]) for q in questions)
    print(f"questions: {len(questions)}, graded offers: {n_graded}")
    if problems:
        print(f"FAIL: {problems} problem(s)")
        return 1
    print("OK: every graded offer is eligible")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
