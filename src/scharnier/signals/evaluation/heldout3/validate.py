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

# De 35 arbeidsmarktregio's, hier vastgelegd: de controle heeft het project niet nodig.
REGIONS = {
    "Groningen",
    "Friesland",
    "Drenthe",
    "Twente",
    "Veluwe Stedendriehoek",
    "Midden-Gelderland",
    "Rijk van Nijmegen",
    "Achterhoek",
    "Rivierenland",
    "Flevoland",
    "Gooi en Vechtstreek",
    "Midden-Utrecht",
    "Amersfoort",
    "Noord-Holland Noord",
    "Zaanstreek/Waterland",
    "Groot Amsterdam",
    "Holland Rijnland",
    "Midden-Holland",
    "Haaglanden",
    "Rijnmond",
    "Drechtsteden",
    "Zeeland",
    "West-Brabant",
    "Midden-Brabant",
    "Noordoost-Brabant",
    "Zuidoost-Brabant",
    "Noord-Limburg",
    "Zuid-Limburg",
    "Helmond-De Peel",
    "Midden-Limburg",
    "Zuid-Holland Centraal",
    "Gorinchem",
    "Regio Zwolle",
    "Zuid-Kennemerland en IJmond",
    "FoodValley",
}
RULES = {"split": "heldout3", "id_prefix": "h3", "thread_prefix": "v", "regions": REGIONS}


def validate(path) -> list[str]:
    return splitcheck.validate(path, **RULES)


if __name__ == "__main__":
    sys.exit(splitcheck.main(sys.argv, Path(__file__).with_name("signals.json"), **RULES))
