"""Merge the dev2 parts (written by separate blind writers) into the files `make eval` reads.

catalog_*.json -> catalog.json, organisations_*.json -> organisations.json (a provider slug
shared by parts must agree on name and kind), questions_*.json -> questions.json and
pool_judged_*.json -> pool_judged.json.
Run: python3 src/scharnier/matching/data/eval/dev2/src/merge.py
"""

import json
import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent


def _parts(pattern: str) -> list:
    items = []
    for path in sorted(FOLDER.glob(pattern)):
        items += json.loads(path.read_text(encoding="utf-8"))
    return items


def _judged_parts() -> list[list]:
    """The pooled judges' grades, one file per judge (pool_judged_*.json)."""
    return [
        json.loads(path.read_text(encoding="utf-8"))["questions"]
        for path in sorted(FOLDER.glob("pool_judged_*.json"))
    ]


def _write(name: str, items: list) -> None:
    text = json.dumps(items, ensure_ascii=False, indent=1) + "\n"
    (FOLDER / name).write_text(text, encoding="utf-8")


def main() -> int:
    offers = _parts("catalog_*.json")
    keys = [(o["aanbieder"], o["kenmerk"]) for o in offers]
    if len(keys) != len(set(keys)):
        print("duplicate provider/kenmerk in the parts", file=sys.stderr)
        return 1
    organisations: dict[str, dict] = {}
    for item in _parts("organisations_*.json"):
        known = organisations.setdefault(item["slug"], item)
        if (known["naam"], known["soort"]) != (item["naam"], item["soort"]):
            print(f"provider {item['slug']} differs between parts; first kept", file=sys.stderr)
    questions = _parts("questions_*.json")
    ids = [q["id"] for q in questions]
    if len(ids) != len(set(ids)):
        print("duplicate question id in the parts", file=sys.stderr)
        return 1
    judged = [q for part in _judged_parts() for q in part]
    _write("catalog.json", offers)
    _write("organisations.json", sorted(organisations.values(), key=lambda o: o["slug"]))
    if questions:
        _write("questions.json", questions)
    if judged:
        text = json.dumps({"questions": judged}, ensure_ascii=False, indent=1) + "\n"
        (FOLDER / "pool_judged.json").write_text(text, encoding="utf-8")
    print(f"{len(offers)} offers, {len(organisations)} providers, {len(questions)} questions")
    return 0


if __name__ == "__main__":
    sys.exit(main())
