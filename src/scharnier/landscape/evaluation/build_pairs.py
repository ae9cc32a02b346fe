"""Build pairs.json from concepts.json (run: python build_pairs.py). Deterministic.

Each concept is one purpose written twice in other words (a, b) with its structured fields, plus
a hard negative on the same theme with another instrument or phase (neg), and for some concepts a
copy of `a` moved to another area or target group (shift). Pairs:
  (a, b)       overlap
  (a, neg)     no overlap: same theme, other instrument or journey phase
  (b, shift a) no overlap: same purpose, but areas or target groups do not meet
plus hand-labelled pairs across concepts (cross_pairs.json) that share theme, phase, instrument,
area and target: these can only be told apart by what the offers are for.
"""

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent


def offer(text: str, fields: dict) -> dict:
    title, _, summary = text.partition(". ")
    return {
        "title": title,
        "summary": summary,
        "themes": fields["themes"],
        "journey_phases": fields["phases"],
        "offer_type": fields["type"],
        "area": fields["area"],
        "size_classes": fields.get("size", []),
        "sbi_sections": fields.get("sbi", []),
    }


def build() -> list[dict]:
    concepts = json.loads((HERE / "concepts.json").read_text(encoding="utf-8"))
    pairs = []
    for concept in concepts:
        base = concept["fields"]
        a = offer(concept["a"], base)
        b = offer(concept["b"], {**base, **concept.get("b_fields", {})})
        pairs.append(
            {"id": f"{concept['id']}-pos", "overlap": True, "kind": "paraphrase", "a": a, "b": b}
        )
        neg = offer(concept["neg"]["text"], {**base, **concept["neg"]["fields"]})
        kind = "instrument" if "type" in concept["neg"]["fields"] else "phase"
        pairs.append(
            {"id": f"{concept['id']}-neg", "overlap": False, "kind": kind, "a": a, "b": neg}
        )
        if "shift" in concept:
            text = concept["a"]
            for old, new in concept["shift"]["replace"]:
                text = text.replace(old, new)
            moved = offer(text, {**base, **concept["shift"]["fields"]})
            kind = "area" if "area" in concept["shift"]["fields"] else "target"
            pairs.append(
                {"id": f"{concept['id']}-shift", "overlap": False, "kind": kind, "a": b, "b": moved}
            )
    texts = {}
    for concept in concepts:
        texts[f"{concept['id']}a"] = offer(concept["a"], concept["fields"])
        texts[f"{concept['id']}n"] = offer(
            concept["neg"]["text"], {**concept["fields"], **concept["neg"]["fields"]}
        )
    cross = json.loads((HERE / "cross_pairs.json").read_text(encoding="utf-8"))
    for label in ("overlap", "no_overlap"):
        for left, right in cross[label]:
            pairs.append(
                {
                    "id": f"{left}-{right}",
                    "overlap": label == "overlap",
                    "kind": "purpose",
                    "a": texts[left],
                    "b": texts[right],
                }
            )
    return pairs


if __name__ == "__main__":
    pairs = build()
    (HERE / "pairs.json").write_text(
        json.dumps(pairs, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    print(len(pairs), "pairs,", sum(p["overlap"] for p in pairs), "overlapping")
