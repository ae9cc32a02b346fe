"""An empty required field says what to do, by the kind of answer it wants, in Dutch."""

import pytest
from django import forms

from scharnier.organisations.models import Organisation


class Everything(forms.Form):
    name = forms.CharField(label="Naam")
    count = forms.IntegerField(label="Aantal")
    day = forms.DateField(label="Datum")
    kind = forms.ChoiceField(label="Soort", choices=[("a", "A"), ("b", "B")])
    kinds = forms.MultipleChoiceField(label="Soorten", choices=[("a", "A")])
    organisations = forms.ModelMultipleChoiceField(
        label="Organisaties", queryset=Organisation.objects.none()
    )
    organisation = forms.ModelChoiceField(label="Organisatie", queryset=Organisation.objects.none())
    agree = forms.BooleanField(label="Akkoord")
    upload = forms.FileField(label="Bestand")
    own = forms.CharField(label="Eigen", error_messages={"required": "Vul de titel in."})


def test_each_kind_of_field_says_what_to_do_when_left_empty():
    form = Everything(data={})
    assert not form.is_valid()
    said = {name: errors[0] for name, errors in form.errors.items()}
    assert said == {
        "name": "Vul dit veld in.",
        "count": "Vul dit veld in.",
        "day": "Vul een datum in.",
        "kind": "Kies een van de mogelijkheden.",
        "kinds": "Kies minstens één mogelijkheid.",
        "organisations": "Kies minstens één mogelijkheid.",
        "organisation": "Kies een van de mogelijkheden.",
        "agree": "Vink dit vakje aan om verder te gaan.",
        "upload": "Kies een bestand.",
        "own": "Vul de titel in.",  # a form's own message wins
    }
    # The other messages of a class are untouched.
    assert "invalid_choice" in forms.ModelChoiceField.default_error_messages
    assert "invalid_list" in forms.ModelMultipleChoiceField.default_error_messages


def test_the_error_summary_names_the_field_without_a_colon_after_a_question():
    class Ask(forms.Form):
        question = forms.CharField(label="Wat is uw vraag?")
        name = forms.CharField(label="Naam")

    html = Ask(data={}).render()
    assert "Wat is uw vraag? Vul dit veld in." in html and "?:" not in html
    assert "Naam: Vul dit veld in." in html


def test_the_error_summary_drops_the_full_stop_of_a_sentence_label():
    class Confirm(forms.Form):
        confirmed = forms.BooleanField(label="Iedereen gaf toestemming.")

    html = Confirm(data={}).render()
    assert "Iedereen gaf toestemming: Vink dit vakje aan om verder te gaan." in html
    assert ".:" not in html


def _project_forms() -> list[type[forms.BaseForm]]:
    import importlib
    import inspect
    import pkgutil

    import scharnier

    found = []
    for module_info in pkgutil.walk_packages(scharnier.__path__, "scharnier."):
        if not module_info.name.endswith(".forms"):
            continue
        module = importlib.import_module(module_info.name)
        for _name, cls in inspect.getmembers(module, inspect.isclass):
            if cls.__module__ == module.__name__ and issubclass(cls, forms.BaseForm):
                found.append(cls)
    return found


def _fields_as_shown(form_class: type[forms.BaseForm]) -> dict[str, forms.Field]:
    """The fields as a page shows them: forms that set messages in __init__ are built when
    they can be built without arguments, else their declared fields are read."""
    try:
        return form_class().fields
    except (TypeError, KeyError, AttributeError):
        return form_class.base_fields


@pytest.mark.django_db
def test_every_required_text_or_number_field_of_the_product_says_what_to_fill_in():
    generic = str(forms.Field.default_error_messages["required"])
    forms_found = _project_forms()
    assert len(forms_found) > 20  # the walk found the product's forms
    generic_fields = [
        f"{form_class.__module__}.{form_class.__name__}.{name}"
        for form_class in forms_found
        for name, field in _fields_as_shown(form_class).items()
        if field.required
        and not isinstance(field.widget, forms.HiddenInput)
        and str(field.error_messages.get("required")) == generic
    ]
    # "Vul dit veld in." after the label is right but says nothing about what to write.
    assert generic_fields == []
