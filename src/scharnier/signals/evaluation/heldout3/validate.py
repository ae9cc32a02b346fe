"""Controleert heldout3/signals.json. Alleen standaardbibliotheek.

Gebruik: python validate.py [pad/naar/signals.json]
Eindigt met code 0 als alles klopt, anders 1 (met een lijst fouten).
De regels staan in ../splitcheck.py; hier staat wat alleen voor deze set geldt.
"""

import sys
from pathlib import Path

# Ook los te starten (python validate.py): de gedeelde regels staan een map hoger.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
import splitcheck  # noqa: E402

RULES = {
    "split": "heldout3",
    "id_prefix": "h3",
    "thread_prefix": "v",
    "regions": splitcheck.LABOUR_MARKET_REGIONS,
}


def validate(path) -> list[str]:
    return splitcheck.validate(path, **RULES)


if __name__ == "__main__":
    sys.exit(splitcheck.main(sys.argv, Path(__file__).with_name("signals.json"), **RULES))
