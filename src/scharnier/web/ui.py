"""Presentation helpers: NL Design System classes and WCAG error wiring for Django forms."""

from dataclasses import dataclass

from django import forms

GROUP_WIDGETS = (forms.CheckboxSelectMultiple, forms.RadioSelect)


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary: a link to the field and its message."""

    href: str
    label: str
    message: str


def _base_class(widget: forms.Widget) -> str:
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


def style_form(form: forms.BaseForm) -> forms.BaseForm:
    """Set component classes and build the error summary (call after validation).

    Django itself adds aria-invalid and aria-describedby ("<id>_helptext", "<id>_error"); the
    templates use those ids.
    """
    links: list[ErrorLink] = []
    for name, field in form.fields.items():
        bound = form[name]
        widget = field.widget
        invalid = bool(bound.errors)
        classes = _base_class(widget)
        if invalid and not isinstance(widget, GROUP_WIDGETS):
            classes += " " + classes.split()[0] + "--invalid"
        widget.attrs["class"] = classes
        if invalid:
            target = f"{bound.auto_id}_0" if isinstance(widget, GROUP_WIDGETS) else bound.auto_id
            for message in bound.errors:
                links.append(ErrorLink(f"#{target}", str(bound.label), message))
    for message in form.non_field_errors():
        links.append(ErrorLink("", "", message))
    form.error_links = links
    return form
