"""Build proposals.json from src/proposals_src.py (EUPL-1.2)."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from lib import load  # noqa: E402
from proposals_src import DESCR, PROPOSALS  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "proposals.json"
RICHTING = {
    "financiering": ["groeien"],
    "innovatie": ["vernieuwen"],
    "digitalisering": ["versnellen"],
    "internationalisering": ["groeien"],
}


def main():
    by_k = {o["kenmerk"]: k for k, o in load().items()}
    out = []
    for vid, prov, soort, themas, fasen, titel, sam, besch, area, tg, period, dups in PROPOSALS:
        if area == "NL":
            gebied, pvs, gms = "nationaal", [], []
        elif isinstance(area, str):
            gebied, pvs, gms = "provincie", [area], []
        else:
            gebied, pvs, gms = "gemeente", [], list(area)
        rec = {
            "voorstel": vid,
            "titel": titel,
            "samenvatting": sam,
            "beschrijving": besch or DESCR[vid],
            "aanbieder": prov,
            "soort": soort,
            "themas": themas,
            "fasen": list(dict.fromkeys(fasen)),
            "ontwikkelrichtingen": sorted({r for t in themas for r in RICHTING.get(t, [])}),
            "grootteklassen": tg.get("grootteklassen", []),
            "min_medewerkers": "",
            "max_medewerkers": "",
            "sectoren": tg.get("sectoren", []),
            "min_bedrijfsleeftijd": tg.get("min_bedrijfsleeftijd", ""),
            "gebied": gebied,
            "provincies": pvs,
            "regios": [],
            "gemeenten": gms,
            "kosten": "",
            "kosten_toelichting": "",
            "kanalen": [],
            "geldig_vanaf": period[0],
            "geldig_tot": period[1],
            "structureel": "nee" if period[1] else "ja",
            "budget": "",
            "impact_gemeten": "nee",
            "impact_toelichting": "",
            "url": f"https://www.example.org/{prov}/voorstel/{vid.lower()}",
            "email": "",
            "telefoon": "",
            "bron": "Voorstel voor consistentietoets (verzonnen voor dev2), 2026",
            "laatst_gecontroleerd": "2026-11-30",
            "duplicates": [by_k[d] for d in dups],
        }
        out.append(rec)
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    nd = sum(bool(r["duplicates"]) for r in out)
    print(f"proposals {len(out)}, duplicating {nd}, new {len(out) - nd}")


if __name__ == "__main__":
    main()
