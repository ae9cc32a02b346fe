from django import forms
from django.utils.translation import gettext_lazy as _


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit uw app"),
        help_text=_("De 6 cijfers die de app nu laat zien."),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autofocus": True,
            }
        ),
        error_messages={
            "required": _("Vul de code uit uw app in."),
            "min_length": _("Vul de 6 cijfers uit de app in."),
            "max_length": _("Vul de 6 cijfers uit de app in."),
        },
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not code.isdigit():
            raise forms.ValidationError(_("De code bestaat alleen uit cijfers."))
        return code
