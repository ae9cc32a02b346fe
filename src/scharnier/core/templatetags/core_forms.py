"""Template tags of the one form renderer (see scharnier.core.forms)."""

from django import template

from scharnier.core import forms as core_forms

register = template.Library()


@register.simple_tag
def prepare_field(bound) -> dict:
    return core_forms.prepare_field(bound)


@register.simple_tag
def error_links(*forms) -> list:
    """The error summary lines of one or more forms (a page may hold several)."""
    links = []
    for form in forms:
        if form is not None and form != "":
            links.extend(core_forms.error_links(form))
    return links
