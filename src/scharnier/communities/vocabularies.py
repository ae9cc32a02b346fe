"""Controlled vocabularies of the communities app, defined once in data/vocabularies.json."""

from pathlib import Path

from scharnier.core.vocabularies import JsonVocabularies

_VOCABULARIES = JsonVocabularies(Path(__file__).resolve().parent / "data" / "vocabularies.json")

choices = _VOCABULARIES.choices
label = _VOCABULARIES.label
