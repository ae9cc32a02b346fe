"""Form fields for the same kinds of value as the API's (`core.api.fields`), same rules."""

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from scharnier.core.validation import (
    CONTROL_CHARACTERS_REMOVED,
    KVK_CONSENT_TEXT,
    WHOLE_NUMBER_EXAMPLE,
    has_unseen_characters,
    kvk_problem,
    plausible_date,
    text_problem,
    whole_number,
)


class PlainTextField(forms.CharField):
    """Plain text by the project's rule: no HTML, control, direction-override or invisible
    characters; `multiline=False` also refuses line breaks (names, titles)."""

    def __init__(self, *, multiline: bool = True, **kwargs: Any) -> None:
        self.multiline = multiline
        super().__init__(**kwargs)

    def validate(self, value: str) -> None:
        super().validate(value)
        if has_unseen_characters(value or ""):
            # The form shows the text again without them (core.forms.BoundField).
            raise ValidationError(CONTROL_CHARACTERS_REMOVED, code="control_characters")
        problem = text_problem(value or "", multiline=self.multiline)
        if problem:
            raise ValidationError(problem, code="plain_text")


class WholeNumberField(forms.IntegerField):
    """A count typed by a person: a fraction is refused with a clear message, not truncated.

    The messages for "no number" and "a fraction" are the project's one wording
    (`core.validation.whole_number`); `example` names a likely value ("bijvoorbeeld 5").

    A text box with a number keyboard, not <input type="number">: a browser empties a number
    box that holds "vijf", so the form could not show back what was typed (GOV.UK's advice)."""

    widget = forms.TextInput(attrs={"inputmode": "numeric", "spellcheck": "false"})

    def __init__(self, *, example: int = WHOLE_NUMBER_EXAMPLE, **kwargs: Any) -> None:
        self.example = example
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if value in self.empty_values:
            return None
        return whole_number(str(value), min_value=None, max_value=None, example=self.example)


class KvkNumberField(forms.CharField):
    """Optional KvK number (8 digits) with the consent text as help; never stored as typed."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("KvK-nummer"))
        kwargs.setdefault("help_text", KVK_CONSENT_TEXT)
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("min_length", 0)
        super().__init__(**kwargs)
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def validate(self, value: str) -> None:
        super().validate(value)
        problem = kvk_problem((value or "").strip())
        if problem:
            raise ValidationError(problem, code="invalid_kvk_number")


class NameChoiceField(forms.ModelChoiceField):
    """A select of model rows that shows each row's `name` (municipality, organisation)."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class CodeCheckboxesField(forms.ModelMultipleChoiceField):
    """Optional checkboxes over a vocabulary table (themes, sectors), posted by `code`."""

    def __init__(self, queryset: Any = None, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.CheckboxSelectMultiple)
        kwargs.setdefault("to_field_name", "code")
        super().__init__(queryset, **kwargs)


class NameCheckboxesField(CodeCheckboxesField):
    """`CodeCheckboxesField` over rows that show their `name` (municipalities)."""

    def label_from_instance(self, obj: Any) -> str:
        return obj.name


class IsoDateField(forms.DateField):
    """A date typed in the browser's date picker, sent as YYYY-MM-DD; a year before 2000 or
    after 2100 is refused as a typing slip."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    default_validators = [plausible_date]


_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


class AmountInput(forms.TextInput):
    """Shows amounts the Dutch way: 1250,50."""

    def format_value(self, value):
        if isinstance(value, Decimal):
            return str(value).replace(".", ",")
        return super().format_value(value)


class AmountField(forms.DecimalField):
    """An amount in euros typed as people do: 1.250,50 or 1250,50 or 1250.50 or EUR 1250."""

    widget = AmountInput
    default_error_messages = {
        "invalid": _("Vul een bedrag in euro in, bijvoorbeeld 1.250,50 of 800."),
        "min_value": _("Vul een bedrag van 0 of meer in."),
    }

    def to_python(self, value):
        if isinstance(value, str):
            value = value.replace("€", "").replace("EUR", "").replace(" ", "").strip()
            if "," in value:
                value = value.replace(".", "").replace(",", ".")
            elif _THOUSANDS.match(value):
                value = value.replace(".", "")
        return super().to_python(value)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        attrs.pop("step", None)
        attrs["inputmode"] = "decimal"
        return attrs
