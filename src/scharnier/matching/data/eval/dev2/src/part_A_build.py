"""Build catalog_A.json and organisations_A.json from the part A source texts.

Part A of the blind dev2 catalogue (Scharnier issue 12). The offers are written by hand in
part_A_national.txt and part_A_regional.txt (one "key: value" block per offer); the providers in
part_A_organisations.txt. This script expands the area shorthands into import-format columns:

- ``nl``                 -> gebied nationaal
- ``pv:PV20|PV21``       -> gebied provincie with those CBS province codes
- ``am:AM05``            -> gebied gemeente with every municipality of that labour-market region
- ``am:AM36@PV23``       -> idem, only the municipalities of that region in province PV23
- ``gm:Emmen|Assen``     -> gebied gemeente, names looked up in gemeenten_2023_2026.csv

Licence: EUPL-1.2.
Run: .venv/bin/python src/scharnier/matching/data/eval/dev2/src/part_A_build.py
"""

from __future__ import annotations

import csv
import hashlib
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEV2 = HERE.parent
GEO = Path("/work/shared/data/geography/gemeenten_2023_2026.csv")

SOURCES = ["part_A_national.txt", "part_A_regional.txt"]

COLUMNS = [
    "kenmerk",
    "titel",
    "samenvatting",
    "beschrijving",
    "aanbieder",
    "soort",
    "themas",
    "fasen",
    "ontwikkelrichtingen",
    "grootteklassen",
    "min_medewerkers",
    "max_medewerkers",
    "sectoren",
    "min_bedrijfsleeftijd",
    "gebied",
    "provincies",
    "regios",
    "gemeenten",
    "kosten",
    "kosten_toelichting",
    "kanalen",
    "geldig_vanaf",
    "geldig_tot",
    "structureel",
    "budget",
    "impact_gemeten",
    "impact_toelichting",
    "url",
    "email",
    "telefoon",
    "bron",
    "laatst_gecontroleerd",
]

SHORT = {
    "k": "kenmerk",
    "org": "aanbieder",
    "t": "titel",
    "s": "samenvatting",
    "b": "beschrijving",
    "soort": "soort",
    "th": "themas",
    "fa": "fasen",
    "ri": "ontwikkelrichtingen",
    "gk": "grootteklassen",
    "min": "min_medewerkers",
    "max": "max_medewerkers",
    "sec": "sectoren",
    "age": "min_bedrijfsleeftijd",
    "kost": "kosten",
    "kt": "kosten_toelichting",
    "kan": "kanalen",
    "van": "geldig_vanaf",
    "tot": "geldig_tot",
    "str": "structureel",
    "bud": "budget",
    "imp": "impact_gemeten",
    "impt": "impact_toelichting",
    "mail": "email",
    "tel": "telefoon",
    "bron": "bron",
    "url": "url",
}
META = {"geb", "grp", "nm"}
LIST_COLS = {
    "themas",
    "fasen",
    "ontwikkelrichtingen",
    "grootteklassen",
    "sectoren",
    "provincies",
    "regios",
    "gemeenten",
    "kanalen",
}
INT_COLS = {"min_medewerkers", "max_medewerkers", "min_bedrijfsleeftijd"}


def load_geo() -> list[dict[str, str]]:
    with GEO.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def parse_blocks(path: Path) -> list[dict[str, str]]:
    blocks: list[dict[str, str]] = []
    cur: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.rstrip()
        if line.startswith("#"):
            continue
        if line == "---":
            if cur:
                blocks.append(cur)
            cur = {}
            continue
        if not line.strip():
            continue
        key, sep, value = line.partition(":")
        if not sep:
            raise ValueError(f"{path.name}: bad line {line!r}")
        key = key.strip()
        if key in cur:
            raise ValueError(f"{path.name}: duplicate key {key} in {cur.get('k')}")
        cur[key] = value.strip()
    if cur:
        blocks.append(cur)
    return blocks


def expand_area(spec: str, geo: list[dict[str, str]]) -> dict[str, object]:
    by_name = {row["gm_naam"]: row["gm_code"] for row in geo}
    if spec == "nl":
        return {"gebied": "nationaal", "provincies": [], "regios": [], "gemeenten": []}
    kind, _, rest = spec.partition(":")
    if kind == "pv":
        return {"gebied": "provincie", "provincies": rest.split("|"), "regios": [], "gemeenten": []}
    if kind == "am":
        am, _, pv = rest.partition("@")
        codes = [r["gm_code"] for r in geo if r["am_code"] == am and (not pv or r["pv_code"] == pv)]
        if not codes:
            raise ValueError(f"empty region {spec}")
        return {"gebied": "gemeente", "provincies": [], "regios": [], "gemeenten": sorted(codes)}
    if kind == "gm":
        codes = []
        for name in rest.split("|"):
            if name not in by_name:
                raise ValueError(f"unknown municipality {name!r}")
            codes.append(by_name[name])
        return {"gebied": "gemeente", "provincies": [], "regios": [], "gemeenten": codes}
    raise ValueError(f"bad area {spec!r}")


def checked_date(kenmerk: str) -> str:
    """A deterministic 'last checked' date in autumn 2026 (before the reference date)."""
    n = int(hashlib.sha256(kenmerk.encode()).hexdigest(), 16)
    month = 9 + n % 3
    day = 1 + (n // 3) % 28
    return f"2026-{month:02d}-{day:02d}"


BRON = {
    "rijk": "Website {naam}, regelingenpagina, oktober 2026 (fictief)",
    "provincie": "Openstellingsbesluit en website {naam}, 2026 (fictief)",
    "gemeente": "Ondernemerspagina {naam}, november 2026 (fictief)",
    "rom": "Website {naam}, aanbod voor ondernemers, 2026 (fictief)",
    "regionaal-loket": "Eigen opgave {naam}, november 2026 (fictief)",
}


def fill_contact(offer: dict[str, object], org: dict[str, str]) -> None:
    """Source text by provider kind; an e-mail address for about two in five offers."""
    kenmerk = str(offer["kenmerk"])
    if not offer["bron"]:
        template = BRON.get(org["soort"], "Website {naam} (verzonnen voor dev2), 2026")
        offer["bron"] = template.format(naam=org["naam"])
    n = int(hashlib.sha256(("mail" + kenmerk).encode()).hexdigest(), 16)
    if not offer["email"] and n % 5 < 2:
        offer["email"] = f"{org['slug']}@example.org"


def build_offer(block: dict[str, str], geo: list[dict[str, str]]) -> dict[str, object]:
    offer: dict[str, object] = {col: "" for col in COLUMNS}
    for key, value in block.items():
        if key in META:
            continue
        col = SHORT.get(key)
        if col is None:
            raise ValueError(f"unknown key {key} in {block.get('k')}")
        if col in LIST_COLS:
            offer[col] = [v for v in value.split("|") if v]
        elif col in INT_COLS:
            offer[col] = int(value) if value else ""
        else:
            offer[col] = value
    for col in LIST_COLS:
        if offer[col] == "":
            offer[col] = []
    offer.update(expand_area(block.get("geb", "nl"), geo))
    kenmerk = str(offer["kenmerk"])
    if not offer["structureel"]:
        offer["structureel"] = "ja"
    if not offer["impact_gemeten"]:
        offer["impact_gemeten"] = "nee"
    if not offer["url"]:
        offer["url"] = f"https://www.example.org/{offer['aanbieder']}/aanbod/{kenmerk.lower()}"
    offer["laatst_gecontroleerd"] = checked_date(kenmerk)
    return offer


def load_blocks() -> list[dict[str, str]]:
    blocks: list[dict[str, str]] = []
    for name in SOURCES:
        path = HERE / name
        if path.exists():
            blocks.extend(parse_blocks(path))
    return blocks


def main() -> None:
    geo = load_geo()
    blocks = load_blocks()
    offers = [build_offer(b, geo) for b in blocks]
    orgs = parse_blocks(HERE / "part_A_organisations.txt")
    by_slug = {o["slug"]: o for o in orgs}
    for offer in offers:
        fill_contact(offer, by_slug[str(offer["aanbieder"])])
    organisations = [{"slug": o["slug"], "naam": o["naam"], "soort": o["soort"]} for o in orgs]
    (DEV2 / "catalog_A.json").write_text(
        json.dumps(offers, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (DEV2 / "organisations_A.json").write_text(
        json.dumps(organisations, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    groups: dict[str, list[str]] = {}
    for b in blocks:
        if b.get("grp"):
            groups.setdefault(b["grp"], []).append(b["k"])
    (DEV2 / "src" / "part_A_groups.json").write_text(
        json.dumps(
            {
                "groups": groups,
                "notes": {b["k"]: b["nm"] for b in blocks if b.get("nm")},
            },
            ensure_ascii=False,
            indent=1,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"{len(offers)} offers, {len(organisations)} organisations")


if __name__ == "__main__":
    main()
