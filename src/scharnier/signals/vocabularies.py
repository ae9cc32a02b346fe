"""Controlled vocabularies of the signals app, defined once in data/vocabularies.json.

A term may carry a `public_label`: the words an entrepreneur reads on the public form, where
the `label` is the analysts' name for it ("Overlap" is "Meerdere loketten voor hetzelfde").
"""

from pathlib import Path

from scharnier.core.vocabularies import JsonVocabularies


class SignalVocabularies(JsonVocabularies):
    def public_choices(self, name: str) -> list[tuple[str, str]]:
        """(code, label) for public pages: the term's `public_label`, else its label."""
        return [
            (term["code"], term.get("public_label") or term["label"]) for term in self._terms[name]
        ]


_VOCABULARIES = SignalVocabularies(Path(__file__).resolve().parent / "data" / "vocabularies.json")

choices = _VOCABULARIES.choices
public_choices = _VOCABULARIES.public_choices
label = _VOCABULARIES.label

# Named once for the OpenAPI document (SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
SIGNAL_KINDS = choices("signal_kind")
KNELPUNT_CATEGORIES = choices("knelpunt_category")
