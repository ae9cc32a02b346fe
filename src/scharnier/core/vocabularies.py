"""Controlled vocabularies kept as data: one JSON file per app, read once."""

import json
from functools import cached_property
from pathlib import Path


class JsonVocabularies:
    """The vocabularies of one app, from a `{name: [{code, label}, ...]}` JSON file."""

    def __init__(self, path: Path) -> None:
        self._path = path

    @cached_property
    def _terms(self) -> dict[str, list[dict]]:
        return json.loads(self._path.read_text(encoding="utf-8"))

    def choices(self, name: str) -> list[tuple[str, str]]:
        return [(term["code"], term["label"]) for term in self._terms[name]]

    def label(self, name: str, code: str) -> str:
        return dict(self.choices(name)).get(code, code)
