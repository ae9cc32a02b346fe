from collections.abc import Sequence

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from scharnier.core import mail
from scharnier.core.formfields import PlainTextField
from scharnier.organisations.models import ROLE_DESCRIPTIONS, Role

from . import services


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


class PasswordForgottenForm(PasswordResetForm):
    """Asks for the address an account is known by and mails a link to set a new password.

    The same answer whether or not the address is known, so the form tells no one who has an
    account. Users without a password yet (an account the administrator just made) get a link
    too: that is how they set their first one.
    """

    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("Het e-mailadres dat bij uw account hoort."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": _("Vul uw e-mailadres in."),
            "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.nl."),
        },
    )

    def get_users(self, email: str):
        return get_user_model()._default_manager.filter(email__iexact=email, is_active=True)

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict,
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        context = {
            "link": services.new_password_link(context["uid"], context["token"]),
            "username": context["user"].get_username(),
            "hours": services.link_hours(),
        }
        subject = "".join(render_to_string(subject_template_name, context).splitlines())
        body = render_to_string(email_template_name, context)
        mail.send(subject, body, to_email, kind="password-reset")


class _PasswordPair:
    """Plain Dutch for the two new-password boxes of Django's set and change forms."""

    def _dutch_password_pair(self) -> None:
        self.fields["new_password1"].label = _("Nieuw wachtwoord")
        self.fields["new_password2"].label = _("Nieuw wachtwoord nog een keer")
        self.fields["new_password2"].help_text = _("Typ hetzelfde wachtwoord nog een keer.")
        self.fields["new_password1"].error_messages["required"] = _("Vul een nieuw wachtwoord in.")
        self.fields["new_password2"].error_messages["required"] = _(
            "Typ het nieuwe wachtwoord nog een keer."
        )
        self.error_messages = {
            **self.error_messages,
            "password_mismatch": _(
                "De twee wachtwoorden zijn niet gelijk. Typ twee keer hetzelfde wachtwoord."
            ),
        }


class NewPasswordForm(_PasswordPair, SetPasswordForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._dutch_password_pair()


class ChangePasswordForm(_PasswordPair, PasswordChangeForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._dutch_password_pair()
        self.fields["old_password"].label = _("Uw huidige wachtwoord")
        self.fields["old_password"].error_messages["required"] = _("Vul uw huidige wachtwoord in.")
        self.error_messages = {
            **self.error_messages,
            "password_incorrect": _("Uw huidige wachtwoord klopt niet. Probeer het opnieuw."),
        }


class EmailChangeForm(forms.Form):
    """A new address, confirmed with the password: the address is where a new password goes."""

    email = forms.EmailField(
        label=_("Nieuw e-mailadres"),
        help_text=_("We sturen een link naar dit adres. Pas als u daarop klikt, wijzigt het."),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={
            "required": _("Vul uw nieuwe e-mailadres in."),
            "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@bedrijf.nl."),
        },
    )
    password = forms.CharField(
        label=_("Uw wachtwoord"),
        help_text=_("Ter controle dat u het bent."),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": _("Vul uw wachtwoord in.")},
    )

    def __init__(self, user, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if email.lower() == (self.user.email or "").lower():
            raise forms.ValidationError(_("Dit is al uw e-mailadres. Vul een ander adres in."))
        return email

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Uw wachtwoord klopt niet. Probeer het opnieuw."))
        return password


class ColleagueForm(forms.Form):
    """A colleague to add to a team: who, at which address, and (where a team has more than
    one) in which role."""

    first_name = forms.CharField(
        label=_("Voornaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Vul de voornaam in.")},
    )
    last_name = forms.CharField(
        label=_("Achternaam"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        error_messages={"required": _("Vul de achternaam in.")},
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_(
            "Het werkadres van uw collega. Heeft uw collega al een account met dit adres? Dan "
            "krijgt dat account de rol erbij."
        ),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": _("Vul het e-mailadres van uw collega in."),
            "invalid": _("Vul een geldig e-mailadres in, bijvoorbeeld naam@organisatie.nl."),
        },
    )
    role = forms.ChoiceField(
        label=_("Rol"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een rol."),
            "invalid_choice": _("Kies een van de rollen van dit team."),
        },
    )

    def __init__(self, roles: Sequence[Role], *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].choices = [
            (role.value, f"{role.label}: {ROLE_DESCRIPTIONS[role]}") for role in roles
        ]
        self.single_role = None
        if len(roles) == 1:
            # One role only (an organisation's editors, a province): said, not asked.
            self.single_role = {"label": roles[0].label, "does": ROLE_DESCRIPTIONS[roles[0]]}
            self.fields["role"].initial = roles[0].value
            self.fields["role"].widget = forms.HiddenInput()


class OrganisationFilterForm(forms.Form):
    """The organisations on "Teams en toegang": by (part of) the name, or only those without
    an editor."""

    mark_optional = False
    organisatie = PlainTextField(
        label=_("Naam van de organisatie"),
        help_text=_("Een deel van de naam is genoeg."),
        multiline=False,
        max_length=100,
        required=False,
    )
    zonder_redacteur = forms.BooleanField(
        label=_("Alleen organisaties zonder redacteur"), required=False
    )

    def clean_organisatie(self) -> str:
        return " ".join(self.cleaned_data["organisatie"].split())
