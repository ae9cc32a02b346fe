"""Validate dev2 overlap pairs and proposals (EUPL-1.2).

Checks: JSON valid, pair keys exist in the dev2 catalogue, proposal fields and codes
valid against vocabularies.json and the 2026 geography, duplicates exist and are not
expired. Prints counts. Exit 1 on a problem.
"""

import csv
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from lib import ROOT, gm2pv, intersects, load, status  # noqa: E402

HERE = Path(__file__).resolve().parents[1]
VOC = ROOT / "src/scharnier/catalog/data/vocabularies.json"
PV = Path("/work/shared/data/geography/provincies.csv")
FIELDS = [
    "titel", "samenvatting", "beschrijving", "aanbieder", "soort", "themas", "fasen",
    "ontwikkelrichtingen", "grootteklassen", "min_medewerkers", "max_medewerkers", "sectoren",
    "min_bedrijfsleeftijd", "gebied", "provincies", "regios", "gemeenten", "kosten",
    "kosten_toelichting", "kanalen", "geldig_vanaf", "geldig_tot", "structureel", "budget",
    "impact_gemeten", "impact_toelichting", "url", "email", "telefoon", "bron",
    "laatst_gecontroleerd",
]  # fmt: skip


def codes(voc, name):
    v = voc[name]
    if isinstance(v, dict):
        return set(v)
    return {x["code"] if isinstance(x, dict) else x for x in v}


def main():
    problems = []
    offers = load()
    g = gm2pv()
    with open(PV, encoding="utf-8") as f:
        pvs = {r[next(iter(r))] for r in csv.DictReader(f)}
    voc = json.load(open(VOC, encoding="utf-8"))

    pairs = json.load(open(HERE / "pairs.json", encoding="utf-8"))
    seen = set()
    for p in pairs:
        if set(p) != {"a", "b", "overlap", "why"}:
            problems.append(f"pair keys {p}")
        for k in (p["a"], p["b"]):
            if k not in offers:
                problems.append(f"unknown offer {k}")
        key = frozenset((p["a"], p["b"]))
        if key in seen or len(key) != 2:
            problems.append(f"duplicate/self pair {p['a']} {p['b']}")
        seen.add(key)
        if p["overlap"]:
            oa, ob = offers[p["a"]], offers[p["b"]]
            if not (status(oa) == status(ob) == "current" and intersects(oa, ob, g)):
                problems.append(f"true pair not current/intersecting {p['a']} {p['b']}")
    nt = sum(p["overlap"] for p in pairs)
    print(f"pairs: {len(pairs)}, true {nt} ({100 * nt / len(pairs):.1f}%), false {len(pairs) - nt}")

    path = HERE / "proposals.json"
    if path.exists():
        props = json.load(open(path, encoding="utf-8"))
        vocab = {
            "soort": codes(voc, "offer_type"),
            "themas": codes(voc, "theme"),
            "fasen": codes(voc, "journey_phase"),
            "ontwikkelrichtingen": codes(voc, "direction"),
            "grootteklassen": codes(voc, "size_class"),
            "sectoren": codes(voc, "sbi_section"),
            "kanalen": codes(voc, "channel"),
        }
        ids = set()
        for pr in props:
            vid = pr.get("voorstel")
            if vid in ids:
                problems.append(f"duplicate voorstel {vid}")
            ids.add(vid)
            missing = [f for f in FIELDS if f not in pr]
            if missing or "kenmerk" in pr or "duplicates" not in pr:
                problems.append(f"{vid}: fields missing {missing} or kenmerk present")
                continue
            if pr["soort"] not in vocab["soort"]:
                problems.append(f"{vid}: soort {pr['soort']}")
            for fld in (
                "themas",
                "fasen",
                "ontwikkelrichtingen",
                "grootteklassen",
                "sectoren",
                "kanalen",
            ):
                bad = set(pr[fld]) - vocab[fld]
                if bad or (fld in ("themas", "fasen") and not pr[fld]):
                    problems.append(f"{vid}: {fld} {bad}")
            if pr["gebied"] not in ("nationaal", "provincie", "gemeente"):
                problems.append(f"{vid}: gebied {pr['gebied']}")
            if set(pr["provincies"]) - pvs:
                problems.append(f"{vid}: provincies {pr['provincies']}")
            if set(pr["gemeenten"]) - set(g):
                problems.append(f"{vid}: gemeenten {pr['gemeenten']}")
            if pr["geldig_vanaf"] < "2026-12-01":
                problems.append(f"{vid}: geldig_vanaf {pr['geldig_vanaf']}")
            for d in pr["duplicates"]:
                if d not in offers:
                    problems.append(f"{vid}: unknown duplicate {d}")
                    continue
                o = offers[d]
                if status(o) == "expired":
                    problems.append(f"{vid}: expired duplicate {d}")
                if o["geldig_tot"] and o["geldig_tot"] < pr["geldig_vanaf"]:
                    problems.append(f"{vid}: duplicate {d} ends before proposal starts")
                if not intersects(pr, o, g):
                    problems.append(f"{vid}: duplicate {d} area does not intersect")
        nd = sum(bool(p["duplicates"]) for p in props)
        print(f"proposals: {len(props)}, duplicating {nd}, new {len(props) - nd}")

    for p in problems:
        print("PROBLEM", p)
    if problems:
        sys.exit(1)
    print("OK")


if __name__ == "__main__":
    main()
