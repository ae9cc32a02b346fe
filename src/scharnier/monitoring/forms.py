"""The result-agreement form: per KPI a target and a baseline, the parties and a note."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scharnier.core.formfields import IsoDateField, PlainTextField, WholeNumberField
from scharnier.organisations.models import Organisation

from .models import AgreedTarget, MetricDefinition
from .services import AgreedValues


class PartiesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


@dataclass
class MetricGroup:
    """One KPI's fields in the form, and its locked baseline if there is one."""

    definition: MetricDefinition
    fields: list[forms.BoundField]
    locked: AgreedTarget | None


class ResultAgreementForm(forms.Form):
    # Every KPI is optional: the page says once to fill in only the agreed ones.
    mark_optional = False

    parties = PartiesField(
        label=gettext_lazy("Partijen"),
        queryset=Organisation.objects.none(),
        to_field_name="slug",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=gettext_lazy(
            "De organisaties aan de regionale tafel die de afspraken maken. Staat een partij er "
            "niet bij? Voeg haar eerst toe aan de regio."
        ),
    )
    note = PlainTextField(
        label=gettext_lazy("Toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=gettext_lazy("Iedereen kan de toelichting lezen op het dashboard."),
    )

    def __init__(
        self,
        *args,
        definitions: dict[str, MetricDefinition],
        parties,
        existing: dict[str, AgreedTarget],
        **kwargs,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parties"].queryset = parties
        self.definitions = definitions
        self.existing = existing
        for code, definition in definitions.items():
            name, unit = definition.name, definition.unit
            self.fields[f"{code}-target"] = WholeNumberField(
                label=_("Streefwaarde voor %(name)s (%(unit)s)") % {"name": name, "unit": unit},
                required=False,
            )
            if existing.get(code) is None or existing[code].baseline is None:
                self.fields[f"{code}-baseline"] = WholeNumberField(
                    label=_("Nulmeting voor %(name)s (%(unit)s)") % {"name": name, "unit": unit},
                    required=False,
                    help_text=_("Na opslaan ligt de nulmeting vast."),
                )
                self.fields[f"{code}-baseline_on"] = IsoDateField(
                    label=_("Datum van de nulmeting voor %(name)s") % {"name": name},
                    required=False,
                )

    def metric_groups(self) -> list[MetricGroup]:
        groups = []
        for code, definition in self.definitions.items():
            names = [f"{code}-target", f"{code}-baseline", f"{code}-baseline_on"]
            locked = self.existing.get(code)
            groups.append(
                MetricGroup(
                    definition,
                    [self[n] for n in names if n in self.fields],
                    locked if locked is not None and locked.baseline is not None else None,
                )
            )
        return groups

    def agreed_values(self) -> dict[str, AgreedValues]:
        data = self.cleaned_data
        return {
            code: AgreedValues(
                target=data.get(f"{code}-target"),
                baseline=data.get(f"{code}-baseline"),
                baseline_on=data.get(f"{code}-baseline_on"),
            )
            for code in self.definitions
        }
