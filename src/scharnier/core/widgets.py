"""Django's built-in widget templates, rendered in Python.

A filter form of the catalog holds a select of 342 municipalities and about 60 checkboxes; through
Django's widget templates that is one template include per option (about 14 ms of a 150 ms page
on this machine). These functions write exactly the markup of Django's templates for the plain
widgets (input, select, option, checkbox/radio option), so pages look and behave the same;
`tests/core/test_widgets.py` compares them with Django's templates for every widget kind. Widgets
with any other template still go through the templates.
"""

from __future__ import annotations

import html
from collections.abc import Callable, Mapping
from typing import Any

from django.utils.formats import localize

WIDGETS = "django/forms/widgets/"

# Django's input widgets whose template is only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = frozenset(
    WIDGETS + name + ".html"
    for name in (
        "input",
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "file",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
)


def _escape(text: Any) -> str:
    """conditional_escape() without its lazy-string wrapper: most values here are plain str."""
    if hasattr(text, "__html__"):
        return str(text.__html__())
    return html.escape(str(text))


def _text(value: Any) -> str:
    """`{{ value|stringformat:'s' }}` under autoescaping."""
    return _escape(value if hasattr(value, "__html__") else str(value))


def _var(value: Any) -> str:
    """`{{ value }}` under autoescaping: localised like the template engine does."""
    if type(value) is not str:
        value = localize(value)
    return _escape(value if isinstance(value, str) else str(value))


def render_attrs(attrs: Mapping[str, Any]) -> str:
    """django/forms/widgets/attrs.html."""
    parts = []
    for name, value in attrs.items():
        if value is False:
            continue
        if value is True:
            parts.append(f" {_escape(name)}")
        else:
            parts.append(f' {_escape(name)}="{_text(value)}"')
    return "".join(parts)


def render_input(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/input.html."""
    value = widget["value"]
    value_html = "" if value is None else f' value="{_text(value)}"'
    return (
        f'<input type="{_escape(widget["type"])}" '
        f'name="{_escape(widget["name"])}"{value_html}{render_attrs(widget["attrs"])}>'
    )


def render_input_option(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/input_option.html (checkbox and radio options)."""
    tag = render_input(widget)
    if not widget.get("wrap_label"):
        return tag
    label_id = widget["attrs"].get("id")
    for_html = f' for="{_escape(label_id)}"' if label_id else ""
    # Included templates keep their closing newline; only the outer one is stripped.
    return f"<label{for_html}>{tag}\n {_var(widget['label'])}</label>"


def render_select_option(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/select_option.html."""
    return (
        f'<option value="{_text(widget["value"])}"{render_attrs(widget["attrs"])}>'
        f"{_var(widget['label'])}</option>"
    )


def render_select(widget: Mapping[str, Any]) -> str:
    """django/forms/widgets/select.html, with its options."""
    parts = [f'<select name="{_escape(widget["name"])}"{render_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{_var(group_name)}">')
        for option in group_choices:
            render = RENDERERS.get(option["template_name"])
            if render is None:  # a custom option template: not ours to imitate
                return ""
            parts.append("\n  " + render(option) + "\n")
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


RENDERERS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    **dict.fromkeys(INPUT_TEMPLATES, render_input),
    WIDGETS + "checkbox_option.html": render_input_option,
    WIDGETS + "radio_option.html": render_input_option,
    WIDGETS + "select_option.html": render_select_option,
    WIDGETS + "select.html": render_select,
}


def render(template_name: str, context: Mapping[str, Any]) -> str | None:
    """The markup of a built-in widget template, or None when the template is not one of them."""
    render = RENDERERS.get(template_name)
    widget = context.get("widget")
    if render is None or widget is None:
        return None
    return render(widget) or None
