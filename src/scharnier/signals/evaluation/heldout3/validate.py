"""Controleert heldout3/signals.json. Alleen standaardbibliotheek.

Gebruik: python validate.py [pad/naar/signals.json]
Eindigt met code 0 als alles klopt, anders 1 (met een lijst fouten).
"""

import datetime
import json
import re
import sys
from collections import Counter
from pathlib import Path

FIELDS = ("id", "thread", "split", "title", "text", "kind", "region", "source", "date")
KINDS = {"knelpunt", "gat-in-aanbod", "regels", "vindbaarheid", "overlap", "goede-praktijk"}
SOURCES = {"meeting", "casework", "schakelteam", "provider", "public"}
FIRST, LAST = datetime.date(2025, 1, 1), datetime.date(2026, 11, 30)
# Namen van de 35 arbeidsmarktregio's (hier vastgelegd, zodat dit script niets buiten de map leest).
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


def norm(text: str) -> str:
    return " ".join(text.lower().split())


def check_row(i: int, row: object) -> list[str]:
    if not isinstance(row, dict):
        return [f"item {i}: geen object"]
    where = f"item {i} ({row.get('id')})"
    if set(row) != set(FIELDS):
        return [f"{where}: velden {sorted(row)} != {sorted(FIELDS)}"]
    bad = [k for k in FIELDS if not isinstance(row[k], str) or not row[k].strip()]
    if bad:
        return [f"{where}: veld {k} moet een niet-lege tekst zijn" for k in bad]
    errors = []
    if not re.fullmatch(r"h3-\d{3}", row["id"]):
        errors.append(f"{where}: id heeft niet de vorm h3-001")
    if not re.fullmatch(r"v\d{2}", row["thread"]):
        errors.append(f"{where}: thread heeft niet de vorm v01")
    if row["split"] != "heldout3":
        errors.append(f"{where}: split moet 'heldout3' zijn")
    if row["kind"] not in KINDS:
        errors.append(f"{where}: onbekende kind {row['kind']!r}")
    if row["source"] not in SOURCES:
        errors.append(f"{where}: onbekende source {row['source']!r}")
    if row["region"] not in REGIONS:
        errors.append(f"{where}: onbekende regio {row['region']!r}")
    try:
        day = datetime.date.fromisoformat(row["date"])
    except ValueError:
        errors.append(f"{where}: geen ISO-datum {row['date']!r}")
    else:
        if not FIRST <= day <= LAST:
            errors.append(f"{where}: datum {day} buiten {FIRST}..{LAST}")
    return errors


def validate(path) -> list[str]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"geen geldige JSON: {exc}"]
    if not isinstance(data, list) or not data:
        return ["het bestand moet een niet-lege JSON-lijst zijn"]
    errors = []
    ids, texts, threads = Counter(), Counter(), Counter()
    for i, row in enumerate(data):
        row_errors = check_row(i, row)
        errors += row_errors
        if isinstance(row, dict) and set(row) == set(FIELDS):
            ids[row["id"]] += 1
            texts[norm(str(row["text"]))] += 1
            threads[row["thread"]] += 1
    errors += [f"dubbel id: {k}" for k, n in ids.items() if n > 1]
    errors += [f"dubbele tekst: {k[:60]}..." for k, n in texts.items() if n > 1]
    errors += [f"draad {k} heeft maar {n} signaal" for k, n in threads.items() if n < 2]
    return errors


def main() -> int:
    path = sys.argv[1] if len(sys.argv) > 1 else Path(__file__).with_name("signals.json")
    errors = validate(path)
    if errors:
        print("\n".join(errors))
        return 1
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    sizes = Counter(r["thread"] for r in data)
    print(
        f"OK: {len(data)} signalen, {len(sizes)} draden, "
        f"grootte {min(sizes.values())}-{max(sizes.values())}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
