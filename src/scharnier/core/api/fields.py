"""Serializer fields every API uses for the same kind of value (issue 12: one way to validate).

- `TextField`: plain text by the project's rule (`core.validation`): no HTML, control characters
  (NUL included), bidirectional overrides, zero-width characters or lone surrogates.
- `WholeNumberField`: a count; a fraction, a boolean or an overflow is a 400, never truncated.
- `CodeField` / `codes` / `ref`: references by code or slug with a Dutch message for unknown values.
- `CodeLabelSerializer`: a controlled-vocabulary value as `{code, label}`.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from scharnier.core.validation import (
    CONTROL_CHARACTERS,
    KVK_CONSENT_TEXT,
    MAX_WHOLE_NUMBER,
    text_pattern,
    text_problem,
    whole_number,
)


class CodeLabelSerializer(serializers.Serializer):
    """A controlled-vocabulary value: its stable code and its Dutch label."""

    code = serializers.CharField()
    label = serializers.CharField()


class TermSerializer(CodeLabelSerializer):
    description = serializers.CharField()


def choice(value: str, choices) -> dict[str, str]:
    return {"code": value, "label": str(choices(value).label)}


class TextField(serializers.CharField):
    """Plain text that every database stores and every reader sees as it is stored.

    `multiline=False` (titles, names) also refuses line breaks and tabs.
    """

    default_error_messages = {
        "null": _("Dit veld mag niet leeg (null) zijn."),
        "blank": _("Dit veld mag niet leeg zijn."),
        "required": _("Dit veld is verplicht."),
        "max_length": _("Gebruik maximaal {max_length} tekens."),
        "min_length": _("Gebruik minstens {min_length} tekens."),
        "invalid": _("Geef hier tekst op."),
        "null_characters_not_allowed": CONTROL_CHARACTERS,
    }

    def __init__(
        self,
        *,
        multiline: bool = True,
        min_words: int = 0,
        too_short_message: str = "",
        **kwargs: Any,
    ) -> None:
        self.multiline = multiline
        self.min_words = min_words
        self.too_short_message = too_short_message or _(
            "Gebruik minstens {min_words} woorden, zodat duidelijk is waar het over gaat."
        )
        super().__init__(**kwargs)
        # Documents the rule in the OpenAPI document (`pattern`); text_problem() enforces it
        # (and the service its own rule on words, with a specific message).
        self.validators.append(
            RegexValidator(
                text_pattern(
                    multiline=multiline, required=not self.allow_blank, min_words=min_words
                ),
                message=_("Deze tekst bevat tekens die niet zijn toegestaan."),
                code="plain_text",
            )
        )

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str):
            self.fail("invalid")  # no silent str() of numbers or booleans
        value = super().to_internal_value(data)
        problem = text_problem(value, multiline=self.multiline)
        if problem:
            raise serializers.ValidationError(problem, code="plain_text")
        # Before the pattern, which also says it, so the reason is the specific one.
        if value and len(value.split()) < self.min_words:
            raise serializers.ValidationError(
                str(self.too_short_message).format(min_words=self.min_words), code="too_short"
            )
        return value


class WholeNumberField(serializers.IntegerField):
    """A whole number (count, age, limit); the schema's bounds are the checked bounds."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_WHOLE_NUMBER)
        super().__init__(**kwargs)

    def to_internal_value(self, data: Any) -> int:
        try:
            return whole_number(data, min_value=self.min_value, max_value=self.max_value)
        except ValidationError as error:
            raise serializers.ValidationError(error.messages, code=error.code) from None


class CodeField(serializers.SlugRelatedField):
    """A reference by code (or slug) with a Dutch message for unknown values."""

    default_error_messages = {
        "required": _("Dit veld is verplicht."),
        "does_not_exist": _("Onbekende code '{value}'."),
        "invalid": _("Geef een code als tekst op."),
        "null": _("Dit veld mag niet leeg (null) zijn."),
    }

    def to_internal_value(self, data: Any):
        if not isinstance(data, str):
            self.fail("invalid")
        if len(data) > 100 or text_problem(data, multiline=False):
            self.fail("does_not_exist", slug_name=self.slug_field, value=data[:100])
        return super().to_internal_value(data)

    def to_representation(self, obj) -> str:
        return getattr(obj, self.slug_field)


def codes(model, slug_field: str = "code", **kwargs) -> serializers.ManyRelatedField:
    kwargs.setdefault("required", False)
    return CodeField(
        many=True,
        slug_field=slug_field,
        queryset=model.objects.all(),
        error_messages={
            "not_a_list": _('Geef een lijst van codes op, bijvoorbeeld ["a", "b"].'),
        },
        **kwargs,
    )


def ref(model, slug_field: str = "code", **kwargs) -> CodeField:
    """An optional reference to one row by code (or slug); null when there is none."""
    kwargs.setdefault("required", False)
    kwargs.setdefault("allow_null", True)
    return CodeField(slug_field=slug_field, queryset=model.objects.all(), **kwargs)


def amount_field(max_digits: int, **kwargs: Any) -> serializers.DecimalField:
    """An amount in euros (0 or more, two decimals), documented as such.

    drf-spectacular writes a pattern that allows a minus sign whatever `min_value` says; a
    schema-valid negative amount would then be refused, so the pattern is given here.
    """
    whole_digits = max_digits - 2
    schema = {
        "type": "string",
        "format": "decimal",
        "pattern": rf"^\d{{1,{whole_digits}}}(?:\.\d{{1,2}})?$",
        "nullable": True,
    }
    field_class = extend_schema_field(schema)(type("AmountField", (serializers.DecimalField,), {}))
    return field_class(
        max_digits=max_digits,
        decimal_places=2,
        min_value=0,
        required=False,
        allow_null=True,
        **kwargs,
    )


class KvkNumberField(serializers.CharField):
    """Optional KvK number (8 digits); write-only, it goes to monitoring as a keyed hash only."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("write_only", True)
        kwargs.setdefault("max_length", 8)
        kwargs.setdefault("help_text", KVK_CONSENT_TEXT)
        super().__init__(**kwargs)
        self.validators.append(
            RegexValidator(
                r"^(\d{8})?$",
                message=_("Een KvK-nummer bestaat uit precies 8 cijfers."),
                code="invalid_kvk_number",
            )
        )
