"""Checks a blind signals set (heldout2, heldout3): the rules they share.

Each set's `validate.py` names only what differs (split, form of id and thread, allowed regions).
Standard library only, so a set can be checked without the project installed.
"""

import datetime
import json
import re
from collections import Counter
from collections.abc import Collection
from pathlib import Path

FIELDS = ("id", "thread", "split", "title", "text", "kind", "region", "source", "date")
KINDS = {"knelpunt", "gat-in-aanbod", "regels", "vindbaarheid", "overlap", "goede-praktijk"}
SOURCES = {"meeting", "casework", "schakelteam", "provider", "public"}
FIRST, LAST = datetime.date(2025, 1, 1), datetime.date(2026, 11, 30)
# The 35 labour-market regions (arbeidsmarktregio's), fixed here: a check needs no project.
LABOUR_MARKET_REGIONS = {
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


def check_row(
    i: int,
    row: object,
    *,
    split: str,
    id_prefix: str,
    thread_prefix: str,
    regions: Collection[str] | None = None,
) -> list[str]:
    """The problems of one item; `regions=None` leaves the region unchecked."""
    if not isinstance(row, dict):
        return [f"item {i}: geen object"]
    where = f"item {i} ({row.get('id')})"
    if set(row) != set(FIELDS):
        return [f"{where}: velden {sorted(row)} != {sorted(FIELDS)}"]
    bad = [k for k in FIELDS if not isinstance(row[k], str) or not row[k].strip()]
    if bad:
        return [f"{where}: veld {k} moet een niet-lege tekst zijn" for k in bad]
    errors = []
    if not re.fullmatch(rf"{id_prefix}-\d{{3}}", row["id"]):
        errors.append(f"{where}: id heeft niet de vorm {id_prefix}-001")
    if not re.fullmatch(rf"{thread_prefix}\d{{2}}", row["thread"]):
        errors.append(f"{where}: thread heeft niet de vorm {thread_prefix}01")
    if row["split"] != split:
        errors.append(f"{where}: split moet '{split}' zijn")
    if row["kind"] not in KINDS:
        errors.append(f"{where}: onbekende kind {row['kind']!r}")
    if row["source"] not in SOURCES:
        errors.append(f"{where}: onbekende source {row['source']!r}")
    if regions is not None and row["region"] not in regions:
        errors.append(f"{where}: onbekende regio {row['region']!r}")
    try:
        day = datetime.date.fromisoformat(row["date"])
    except ValueError:
        errors.append(f"{where}: geen ISO-datum {row['date']!r}")
    else:
        if not FIRST <= day <= LAST:
            errors.append(f"{where}: datum {day} buiten {FIRST}..{LAST}")
    return errors


def validate(path, **rules) -> list[str]:
    """All problems of the file at `path`; `rules` as for `check_row`."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return [f"geen geldige JSON: {exc}"]
    if not isinstance(data, list) or not data:
        return ["het bestand moet een niet-lege JSON-lijst zijn"]
    errors = []
    ids, texts, threads = Counter(), Counter(), Counter()
    for i, row in enumerate(data):
        errors += check_row(i, row, **rules)
        if isinstance(row, dict) and set(row) == set(FIELDS):
            ids[row["id"]] += 1
            texts[norm(str(row["text"]))] += 1
            threads[row["thread"]] += 1
    errors += [f"dubbel id: {k}" for k, n in ids.items() if n > 1]
    errors += [f"dubbele tekst: {k[:60]}..." for k, n in texts.items() if n > 1]
    errors += [f"draad {k} heeft maar {n} signaal" for k, n in threads.items() if n < 2]
    return errors


def main(argv: list[str], default_path: Path, **rules) -> int:
    """Exit code 0 with a one-line summary when the file is right, else 1 with the problems."""
    path = argv[1] if len(argv) > 1 else default_path
    errors = validate(path, **rules)
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
