"""Admin: regions adapt the toekomstscan's wording within the shared framework."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import scan
from .models import PlanHandover, ScanQuestionAdaptation


def _question_choices():
    return [(q.code, f"{q.code}: {q.text}") for q in scan.questions()]


class ScanQuestionAdaptationForm(forms.ModelForm):
    question_code = forms.ChoiceField(
        label=_("vraag uit het kader"),
        choices=_question_choices,
        help_text=_(
            "De code, de antwoorden en de berekening van het plan blijven die van het gedeelde "
            "kader; alleen de tekst is van de regio."
        ),
    )

    class Meta:
        model = ScanQuestionAdaptation
        fields = ["region", "question_code", "text", "help_text"]


@admin.register(ScanQuestionAdaptation)
class ScanQuestionAdaptationAdmin(admin.ModelAdmin):
    form = ScanQuestionAdaptationForm
    list_display = ["region", "question_code", "text"]
    list_filter = ["region"]
    search_fields = ["text", "region__name"]


@admin.register(PlanHandover)
class PlanHandoverAdmin(admin.ModelAdmin):
    list_display = ["plan", "region", "question_reference", "sent_at"]
    list_filter = ["region"]
    readonly_fields = ["plan", "region", "question_reference", "sent_at"]
