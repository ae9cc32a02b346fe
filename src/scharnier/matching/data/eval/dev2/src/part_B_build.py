"""Write catalog_B.json and organisations_B.json from the part-B modules. Licence: EUPL-1.2."""

import json
from pathlib import Path

import part_B_national
import part_B_regional1
import part_B_regional2

OUT = Path(__file__).resolve().parent.parent
MODULES = [part_B_national, part_B_regional1, part_B_regional2]


def main():
    offers = []
    orgs = {}
    for module in MODULES:
        offers.extend(module.OFFERS)
        orgs.update(module.ORGS)
    used = sorted({row["aanbieder"] for row in offers})
    organisations = [{"slug": slug, "naam": orgs[slug][0], "soort": orgs[slug][1]} for slug in used]
    (OUT / "catalog_B.json").write_text(
        json.dumps(offers, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    (OUT / "organisations_B.json").write_text(
        json.dumps(organisations, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(f"{len(offers)} offers, {len(organisations)} organisations")


if __name__ == "__main__":
    main()
