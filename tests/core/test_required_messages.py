"""An empty required field says what to do, by the kind of answer it wants, in Dutch."""

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
