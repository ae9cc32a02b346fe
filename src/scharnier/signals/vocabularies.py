"""Controlled vocabularies of the signals app, defined once in data/vocabularies.json."""

import json
from functools import cache
from pathlib import Path

_FILE = Path(__file__).resolve().parent / "data" / "vocabularies.json"


@cache
def _load() -> dict[str, list[dict]]:
    return json.loads(_FILE.read_text(encoding="utf-8"))


def choices(name: str) -> list[tuple[str, str]]:
    return [(term["code"], term["label"]) for term in _load()[name]]


def label(name: str, code: str) -> str:
    return dict(choices(name)).get(code, code)


# Named once for the OpenAPI document (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
SIGNAL_KINDS = choices("signal_kind")
