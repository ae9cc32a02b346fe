"""Build pairs.json from src/pairs_src.py and print a consistency report (EUPL-1.2)."""

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from lib import gm2pv, intersects, load, status  # noqa: E402
from pairs_src import PAIRS  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "pairs.json"


def main():
    offers = load()
    by_k = {o["kenmerk"]: k for k, o in offers.items()}
    g = gm2pv()
    seen, out = set(), []
    for a, b, ov, why in PAIRS:
        ka, kb = by_k[a], by_k[b]
        key = frozenset((ka, kb))
        assert key not in seen, (a, b)
        seen.add(key)
        oa, ob = offers[ka], offers[kb]
        inter = intersects(oa, ob, g)
        cur = status(oa) == status(ob) == "current"
        if ov and not (inter and cur):
            print("CHECK true pair", a, b, inter, status(oa), status(ob))
        out.append({"a": ka, "b": kb, "overlap": ov, "why": why})
    OUT.write_text(json.dumps(out, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    nt = sum(p["overlap"] for p in out)
    print(f"pairs {len(out)}, true {nt} ({100 * nt / len(out):.1f}%)")


if __name__ == "__main__":
    main()
