"""Controleert heldout2/signals.json. Alleen standaardbibliotheek.

Gebruik: python validate.py [pad/naar/signals.json]
Eindigt met code 0 als alles klopt, anders 1 (met een lijst fouten).
"""

import datetime
import json
import re
import sys
from collections import Counter
from pathlib import Path

FIELDS = {"id", "thread", "split", "title", "text", "kind", "region", "source", "date"}
KINDS = {"knelpunt", "gat-in-aanbod", "regels", "vindbaarheid", "overlap", "goede-praktijk"}
SOURCES = {"meeting", "casework", "schakelteam", "provider", "public"}
FIRST, LAST = datetime.date(2025, 1, 1), datetime.date(2026, 11, 30)


def norm(text):
    return " ".join(text.lower().split())


def validate(path):
    errors = []
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"geen geldige JSON: {exc}"]
    if not isinstance(data, list) or not data:
        return ["het bestand moet een niet-lege JSON-lijst zijn"]
    ids, texts = Counter(), Counter()
    threads = Counter()
    for i, row in enumerate(data):
        where = f"item {i}"
        if not isinstance(row, dict):
            errors.append(f"{where}: geen object")
            continue
        where = f"item {i} ({row.get('id')})"
        if set(row) != FIELDS:
            errors.append(f"{where}: velden {sorted(set(row))} != {sorted(FIELDS)}")
            continue
        for key in FIELDS:
            if not isinstance(row[key], str) or not row[key].strip():
                errors.append(f"{where}: veld {key} moet een niet-lege tekst zijn")
        if errors and errors[-1].startswith(where):
            continue
        if not re.fullmatch(r"h2-\d{3}", row["id"]):
            errors.append(f"{where}: id heeft niet de vorm h2-001")
        if not re.fullmatch(r"u\d{2}", row["thread"]):
            errors.append(f"{where}: thread heeft niet de vorm u01")
        if row["split"] != "heldout2":
            errors.append(f"{where}: split moet 'heldout2' zijn")
        if row["kind"] not in KINDS:
            errors.append(f"{where}: onbekende kind {row['kind']!r}")
        if row["source"] not in SOURCES:
            errors.append(f"{where}: onbekende source {row['source']!r}")
        try:
            day = datetime.date.fromisoformat(row["date"])
            if not FIRST <= day <= LAST:
                errors.append(f"{where}: datum {day} buiten {FIRST}..{LAST}")
        except ValueError:
            errors.append(f"{where}: geen ISO-datum {row['date']!r}")
        ids[row["id"]] += 1
        texts[norm(row["text"])] += 1
        threads[row["thread"]] += 1
    errors += [f"dubbel id: {k}" for k, n in ids.items() if n > 1]
    errors += [f"dubbele tekst: {k[:60]}..." for k, n in texts.items() if n > 1]
    errors += [f"draad {k} heeft maar {n} signaal" for k, n in threads.items() if n < 2]
    return errors


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else Path(__file__).with_name("signals.json")
    errors = validate(path)
    if errors:
        print("\n".join(errors))
        return 1
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    sizes = Counter(r["thread"] for r in data)
    smallest, largest = min(sizes.values()), max(sizes.values())
    print(f"OK: {len(data)} signalen, {len(sizes)} draden, grootte {smallest}-{largest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
