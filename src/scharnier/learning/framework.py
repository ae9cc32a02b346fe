"""The self-assessment framework: data defined once (data/zelfanalyse.json)."""

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FRAMEWORK_PATH = Path(__file__).resolve().parent / "data" / "zelfanalyse.json"


@dataclass(frozen=True)
class Criterion:
    code: str
    kansenkaart: str
    pillar: int
    text: str
    evidence: str  # the live evidence source ("" when the system has none)


@lru_cache(maxsize=1)
def framework() -> dict:
    return json.loads(FRAMEWORK_PATH.read_text(encoding="utf-8"))


def criteria() -> list[Criterion]:
    return [
        Criterion(c["code"], card["code"], c["pillar"], c["text"], c.get("evidence", ""))
        for card in framework()["kansenkaarten"]
        for c in card["criteria"]
    ]


def criterion_codes() -> list[str]:
    return [c.code for c in criteria()]


def level_labels() -> dict[int, str]:
    return {item["level"]: item["label"] for item in framework()["levels"]}


def pillar_labels() -> dict[int, str]:
    return {item["pillar"]: item["label"] for item in framework()["pillars"]}


def kansenkaart_titles() -> dict[str, str]:
    """Code -> title of the Actieagenda's six kansenkaarten ("kk1" ... "kk6")."""
    return {card["code"]: card["title"] for card in framework()["kansenkaarten"]}


def regional_accent() -> tuple[str, ...]:
    """The kansenkaarten a regional development team puts the accent on (Actieagenda §7)."""
    return tuple(framework()["regional_accent"])
