"""One form renderer for every form in the product (NL Design System form pattern).

Django renders each form and field through the templates in `core/templates/core/forms/`:
an error summary at the top that lists and links every error, then each field with its label,
description, error message and input. Required fields carry no mark; optional fields say
"(niet verplicht)", unless a field or form opts out because the page explains it once (for
example "e-mail of telefoon") or because every field is optional (search filters).
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.forms.renderers import DjangoTemplates
from django.forms.utils import ErrorList
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy, ngettext_lazy

from scharnier.core import widgets
from scharnier.core.validation import (
    CONTROL_CHARACTERS,
    CONTROL_CHARACTERS_REMOVED,
    whole_number_invalid,
    without_control_characters,
    without_unseen_characters,
)

# Django's own length messages, the same message ids: our catalogue (LOCALE_PATHS comes before
# Django's) says them in the house style, so a field without its own message does not answer
# "Zorg dat deze waarde niet meer dan 5000 tekens bevat".
DJANGO_LENGTH_MESSAGES = (
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
)

GROUP_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


# What an empty required field says, by the kind of answer it wants: Django's one "Dit veld is
# vereist." does not tell a person what to do (NL Design System: say what to do, in B1).
REQUIRED_MESSAGES = {
    forms.Field: gettext_lazy("Vul dit veld in."),
    forms.ChoiceField: gettext_lazy("Kies een van de mogelijkheden."),
    forms.MultipleChoiceField: gettext_lazy("Kies minstens één mogelijkheid."),
    forms.ModelMultipleChoiceField: gettext_lazy("Kies minstens één mogelijkheid."),
    forms.BooleanField: gettext_lazy("Vink dit vakje aan om verder te gaan."),
    forms.FileField: gettext_lazy("Kies een bestand."),
    forms.DateField: gettext_lazy("Vul een datum in."),
}


# Every other message a form field class gives by default that the project says its own way:
# a count in the one wording of `core.validation` (Django's "Vul een geheel getal in." said it
# differently from our own fields).
OTHER_MESSAGES = {
    forms.IntegerField: {
        "invalid": lazy(whole_number_invalid, str)(),
        "min_value": gettext_lazy("Vul een getal in van %(limit_value)s of meer."),
        "max_value": gettext_lazy("Vul een getal in van hoogstens %(limit_value)s."),
    },
    # Django's "Voer een geldige datum in." does not say what a valid one looks like.
    forms.DateField: {
        "invalid": gettext_lazy("Vul een bestaande datum in, bijvoorbeeld 31-12-2026."),
    },
}


def use_plain_field_messages() -> None:
    """Give every form field class its plain "required" message and the project's wording for
    a count (a form's own message for a field still wins). Each class gets a new dict, so no
    parent's messages change by accident.

    Django's CharField refuses a NUL character with "Null-tekens zijn niet toegestaan."; every
    form's text field says what `PlainTextField` says instead: the form shows the text again
    without it (`BoundField`). (The API's and the import's text fields check before Django's
    validator, with `core.validation.text_problem`.)"""
    for field_class, message in REQUIRED_MESSAGES.items():
        field_class.default_error_messages = {
            **field_class.__dict__.get("default_error_messages", {}),
            "required": message,
        }
    for field_class, messages in OTHER_MESSAGES.items():
        field_class.default_error_messages = {
            **field_class.__dict__.get("default_error_messages", {}),
            **messages,
        }
    ProhibitNullCharactersValidator.message = CONTROL_CHARACTERS_REMOVED


class BoundField(forms.BoundField):
    """A field as every form shows it: a refused text comes back without the invisible
    characters it was refused for (a NUL cannot be shown, and nobody could find a zero-width
    space or a direction mark to remove it); the person checks the text and sends it again.
    Nothing is accepted changed. Control characters never belong in a text; direction marks
    and zero-width joiners may (an emoji), so those go only from a field that was refused."""

    @property
    def errors(self) -> ErrorList:
        errors = super().errors
        # The text is shown back without them (`value`), so the message says they were taken
        # out instead of asking to type it again (the services' words, right for the API).
        refused = str(CONTROL_CHARACTERS)
        if any(message == refused for message in errors):
            errors = errors.copy()
            errors.data = [
                CONTROL_CHARACTERS_REMOVED if message == refused else message for message in errors
            ]
        return errors

    def build_widget_attrs(self, attrs: Mapping[str, Any], widget=None) -> dict[str, Any]:
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.Textarea) and "maxlength" in widget.attrs:
            # A text over the limit is refused with a message and shown back whole; the
            # browser's maxlength cut pasted text off without a word (UI walk, session 55).
            attrs["maxlength"] = False
        return attrs

    def value(self) -> Any:
        value = super().value()
        if isinstance(value, str):
            if self.errors:
                return without_unseen_characters(value)
            return without_control_characters(value)
        return value


class FormRenderer(DjangoTemplates):
    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"
    bound_field_class = BoundField

    def render(self, template_name, context, request=None):
        # The plain widgets are written in Python: one include per option is most of a page.
        html = widgets.render(template_name, context)
        if html is not None:
            return html
        return super().render(template_name, context, request)


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary: a link to the field and its message."""

    href: str
    label: str
    message: str

    @property
    def text(self) -> str:
        """ "Naam: Vul dit veld in.", but a question label takes no colon ("Wat is uw vraag?
        Schrijf uw vraag op."), and a sentence label drops its full stop ("... als hierboven:
        Bevestig ...", not "hierboven.: Bevestig")."""
        label = self.label.rstrip()
        if label.endswith(".") and not label.endswith(".."):
            label = label[:-1]
        separator = " " if label.endswith(("?", ":")) else ": "
        return f"{label}{separator}{self.message}"


def widget_class(widget: forms.Widget) -> str:
    """The NL Design System (Utrecht) component class of a widget."""
    if isinstance(widget, forms.CheckboxInput | forms.CheckboxSelectMultiple):
        return "utrecht-checkbox utrecht-checkbox--html-input"
    if isinstance(widget, forms.RadioSelect):
        return "utrecht-radio-button utrecht-radio-button--html-input"
    if isinstance(widget, forms.Select):
        return "utrecht-select utrecht-select--html-select"
    if isinstance(widget, forms.Textarea):
        return "utrecht-textarea utrecht-textarea--html-textarea"
    if isinstance(widget, forms.ClearableFileInput | forms.FileInput):
        return "utrecht-file-input"
    return "utrecht-textbox utrecht-textbox--html-input"


def field_kind(bound: forms.BoundField) -> str:
    widget = bound.field.widget
    if widget.is_hidden:
        return "hidden"
    if isinstance(widget, GROUP_WIDGETS):
        return "group"
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    return "text"


def shows_optional(bound: forms.BoundField) -> bool:
    """Whether the label says "(niet verplicht)": only on optional fields, and truthfully."""
    if bound.field.required:
        return False
    if getattr(bound.form, "mark_optional", True) is False:
        return False
    return getattr(bound.field, "show_optional", True) is not False


def prepare_field(bound: forms.BoundField) -> dict:
    """Set the component classes on the widget; return what the field template needs.

    The browser's own `required` attribute is left out: with it, an unanswered radio group or
    empty textarea matches `:invalid` and shows error styling before the user did anything.
    `aria-required` tells assistive technology the same without that side effect.
    """
    widget = bound.field.widget
    kind = field_kind(bound)
    bound.form.use_required_attribute = False
    if kind != "hidden":
        classes = widget_class(widget)
        if bound.errors and kind not in ("group",):
            classes += f" {classes.split()[0]}--invalid"
        widget.attrs["class"] = classes
        if bound.field.required and kind in ("text", "checkbox"):
            widget.attrs["aria-required"] = "true"
    return {
        "kind": kind,
        "optional": shows_optional(bound),
        "columns": bool(getattr(bound.field, "columns", False)),
        "radio": isinstance(widget, forms.RadioSelect),
    }


def error_links(form: forms.BaseForm) -> list[ErrorLink]:
    """Every error of a bound form, in field order, each linking to its input."""
    if not form.is_bound or not form.errors:
        return []
    links = [ErrorLink("", "", message) for message in form.non_field_errors()]
    for bound in form:
        if bound.is_hidden:
            links.extend(ErrorLink("", "", message) for message in bound.errors)
            continue
        group = isinstance(bound.field.widget, GROUP_WIDGETS)
        target = bound.auto_id
        if group:
            # The first option; a group without options (none to choose yet) has only its
            # error message to point at.
            # (Not `bound.subwidgets`: it is cached, and would keep the options without the
            # classes the field template sets later.)
            has_options = any(True for _ in bound.field.choices)
            target = f"{bound.auto_id}_0" if has_options else f"{bound.auto_id}_error"
        # A long label (a consent text) is named shortly in the summary.
        label = str(getattr(bound.field, "summary_label", None) or bound.label)
        links.extend(ErrorLink(f"#{target}", label, m) for m in bound.errors)
    return links


def style_form(form: forms.BaseForm) -> forms.BaseForm:
    """For templates that still read `form.error_links` (the renderer does the rest)."""
    form.error_links = error_links(form)
    return form


def add_service_errors(
    form: forms.BaseForm,
    error: ValidationError | Mapping[str, Any],
    *,
    names: Mapping[str, str] | None = None,
    once_per_field: bool = False,
) -> None:
    """Put a service's refusal on the form: each message on the field it names (`names` maps
    a service's name to the form's where they differ), or on top when the form has no such
    field, so that the error summary lists it. `once_per_field` keeps the form's own message
    where a field already has one. `error` may also be a plain {field: messages} mapping."""
    if isinstance(error, ValidationError) and not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    items = error.message_dict.items() if isinstance(error, ValidationError) else error.items()
    for field, messages in items:
        name = (names or {}).get(field, field)
        if once_per_field and name in form.errors:
            continue
        form.add_error(name if name in form.fields else None, messages)
