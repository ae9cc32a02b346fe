"""Kept for callers not yet converted to the one form renderer (scharnier.core.forms).

The renderer now sets the component classes and builds the error summary itself; this only
exposes the summary lines as `form.error_links` for templates that still read them.
"""

from django import forms

from scharnier.core.forms import error_links


def style_form(form: forms.BaseForm) -> forms.BaseForm:
    form.error_links = error_links(form)
    return form
