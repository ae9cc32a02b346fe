"""A text field without its own length message still answers in the house style, in Dutch."""

from django import forms
from django.utils import translation


class TitleForm(forms.Form):
    title = forms.CharField(max_length=5, min_length=2)


def test_django_length_messages_are_said_in_the_house_style():
    with translation.override("nl"):
        too_long = TitleForm({"title": "abcdefgh"})
        too_short = TitleForm({"title": "a"})
        assert not too_long.is_valid() and not too_short.is_valid()
        assert too_long.errors["title"] == ["Dit is te lang. Gebruik maximaal 5 tekens (nu 8)."]
        assert too_short.errors["title"] == ["Dit is te kort. Gebruik minstens 2 tekens (nu 1)."]
