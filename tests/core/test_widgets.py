"""The widgets written in Python give exactly the markup of Django's own widget templates."""

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from scharnier.core import widgets
from scharnier.core.forms import FormRenderer

CHOICES = [
    ("", "---"),
    (1, "Één & twee <b>"),
    ('x"y', gettext_lazy("Energie")),
    ("Groep", [(10, "In groep"), (11, mark_safe("<i>veilig</i>"))]),
    (1234567, 1234567),
]


class EveryWidget(forms.Form):
    text = forms.CharField(widget=forms.TextInput(attrs={"placeholder": 'a "b" <c>'}))
    email = forms.EmailField(required=False)
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 0, "step": 1}))
    decimal = forms.DecimalField(required=False)
    hidden = forms.CharField(widget=forms.HiddenInput, required=False)
    date = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}), required=False)
    url = forms.URLField(required=False, assume_scheme="https")
    password = forms.CharField(widget=forms.PasswordInput(render_value=True), required=False)
    agree = forms.BooleanField(required=False)
    select = forms.ChoiceField(choices=CHOICES, required=False)
    multi_select = forms.MultipleChoiceField(choices=CHOICES, required=False)
    checkboxes = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    radios = forms.ChoiceField(choices=CHOICES, widget=forms.RadioSelect, required=False)
    flags = forms.CharField(
        widget=forms.TextInput(attrs={"disabled": True, "readonly": False, "data-x": "é&"}),
        required=False,
    )


DATA = {
    "text": 'Bakkerij <De Korenschoof> & "zonen"',
    "email": "a@b.nl",
    "number": "12",
    "decimal": "1.5",
    "hidden": "verborgen",
    "date": datetime.date(2026, 11, 30).isoformat(),
    "url": "https://example.nl/?a=1&b=2",
    "password": "geheim",
    "agree": "on",
    "select": 'x"y',
    "multi_select": ["1", "11"],
    "checkboxes": ["1", "10", "1234567"],
    "radios": "11",
    "flags": "",
}


def _both(form: forms.Form):
    django_renderer = DjangoTemplates()
    ours = FormRenderer()
    for bound in form:
        widget = bound.field.widget
        attrs = bound.build_widget_attrs({"id": bound.auto_id})
        value = bound.value()
        expected = widget.render(bound.html_name, value, attrs=attrs, renderer=django_renderer)
        actual = widget.render(bound.html_name, value, attrs=attrs, renderer=ours)
        # The comparison means something only when our code wrote the markup (the groups'
        # outer template stays Django's: the field template lists their options itself).
        if not isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
            context = widget.get_context(bound.html_name, value, attrs)
            assert widgets.render(widget.template_name, context), bound.name
        yield bound.name, expected, actual
        for option in bound.subwidgets:
            assert widgets.render(option.template_name, {"widget": option.data})
            for wrap in (False, True):
                option.renderer = django_renderer
                expected = option.tag(wrap_label=wrap)
                option.renderer = ours
                yield f"{bound.name} option", expected, option.tag(wrap_label=wrap)


@pytest.mark.parametrize("data", [None, DATA], ids=["unbound", "bound"])
def test_python_widgets_write_the_markup_of_djangos_templates(data):
    compared = 0
    for name, expected, actual in _both(EveryWidget(data=data)):
        assert actual == expected, name
        compared += 1
    assert compared > 40


def test_only_the_plain_widget_templates_are_taken_over():
    assert widgets.render("django/forms/widgets/select.html", {"widget": None}) is None
    assert widgets.render("django/forms/widgets/clearable_file_input.html", {"widget": {}}) is None
    assert widgets.render("core/forms/field.html", {"widget": {}}) is None


def test_select_with_a_custom_option_template_falls_back_to_templates():
    class Custom(forms.Select):
        option_template_name = "django/forms/widgets/select_option.html"

    class Odd(forms.Select):
        option_template_name = "web/does-not-exist.html"

    select = Odd(choices=[(1, "een")])
    context = select.get_context("s", "1", {})
    assert widgets.render(select.template_name, context) is None
    custom = Custom(choices=[(1, "een")])
    html = custom.render("s", "1", renderer=FormRenderer())
    assert html == custom.render("s", "1", renderer=DjangoTemplates())
    assert '<option value="1" selected>een</option>' in html
