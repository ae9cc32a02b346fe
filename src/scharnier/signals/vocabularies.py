"""Controlled vocabularies of the signals app, defined once in data/vocabularies.json."""

from pathlib import Path

from scharnier.core.vocabularies import JsonVocabularies

_VOCABULARIES = JsonVocabularies(Path(__file__).resolve().parent / "data" / "vocabularies.json")

choices = _VOCABULARIES.choices
label = _VOCABULARIES.label

# Named once for the OpenAPI document (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
SIGNAL_KINDS = choices("signal_kind")
KNELPUNT_CATEGORIES = choices("knelpunt_category")
