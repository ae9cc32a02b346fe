"""Accounts in the admin: users with their address, and authenticator apps (look up and
remove, never read a secret or add one).

An app is set up by its owner at login; the administrator's only task is the lost phone:
removing the app, so that the next login sets up a new one.
"""

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group, User
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import admin as otp_totp_admin

from scharnier.accounts import services
from scharnier.accounts.models import AuthenticatorApp

# django-otp's own admin shows the secret key and the QR code and lets an administrator add a
# device with a key of their choosing. Imported here so that it has registered itself (the
# admin modules load in INSTALLED_APPS order, ours first) and can be taken off again.
if admin.site.is_registered(otp_totp_admin.TOTPDevice):
    admin.site.unregister(otp_totp_admin.TOTPDevice)


class SetUpFilter(admin.SimpleListFilter):
    title = _("ingesteld")
    parameter_name = "ingesteld"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin):
        return (("ja", _("Ja")), ("nee", _("Nee, nog niet afgemaakt")))

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() in ("ja", "nee"):
            return queryset.filter(confirmed=self.value() == "ja")
        return queryset


def _moment(value) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else "-"


@admin.register(AuthenticatorApp)
class AuthenticatorAppAdmin(admin.ModelAdmin):
    list_display = ("owner", "is_set_up", "set_up_at", "last_used")
    list_filter = (SetUpFilter,)
    search_fields = ("user__username", "user__email")
    search_help_text = _("Zoek op gebruikersnaam of e-mailadres.")
    ordering = ("user__username",)
    fieldsets = (
        (
            None,
            {
                "fields": ("owner", "is_set_up", "set_up_at", "last_used"),
                "description": _(
                    "Is iemand zijn telefoon kwijt? Verwijder dan de authenticator-app. Bij de "
                    "volgende keer inloggen stelt die persoon een nieuwe app in. Doe dit pas als "
                    "u zeker weet dat u met de eigenaar van het account spreekt."
                ),
            },
        ),
    )
    readonly_fields = ("owner", "is_set_up", "set_up_at", "last_used")
    actions = ("delete_selected",)

    @admin.display(description=_("Gebruiker"), ordering="user__username")
    def owner(self, app: AuthenticatorApp) -> str:
        return app.user.get_username()

    @admin.display(description=_("Ingesteld"), boolean=True, ordering="confirmed")
    def is_set_up(self, app: AuthenticatorApp) -> bool:
        return app.confirmed

    @admin.display(description=_("Ingesteld op"), ordering="created_at")
    def set_up_at(self, app: AuthenticatorApp) -> str:
        return _moment(app.created_at)

    @admin.display(description=_("Laatst gebruikt"), ordering="last_used_at")
    def last_used(self, app: AuthenticatorApp) -> str:
        return _moment(app.last_used_at)

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("user")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: AuthenticatorApp) -> None:
        services.reset_devices(obj.user)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet) -> None:
        for user in {app.user for app in queryset.select_related("user")}:
            services.reset_devices(user)


# Users: the add page asks for the address, so that a new colleague chooses their own password
# (an invitation mail with a link) instead of receiving one. What a
# user may do is their memberships (role per region or organisation); Django's groups and
# per-model permissions are not used, so they are not offered (their names are English too).
admin.site.unregister(User)
admin.site.unregister(Group)


@admin.register(User)
class ScharnierUserAdmin(UserAdmin):
    list_filter = ("is_superuser", "is_active")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Persoonlijke gegevens"), {"fields": ("first_name", "last_name", "email")}),
        (
            _("Rechten"),
            {
                "fields": ("is_active", "is_staff", "is_superuser"),
                "description": _(
                    "Wat iemand op de website mag, volgt uit zijn lidmaatschappen: een rol per "
                    "regio, organisatie of provincie (zie Lidmaatschappen). Dit beheer is voor "
                    "supergebruikers."
                ),
            },
        ),
        (_("Belangrijke datums"), {"fields": ("last_login", "date_joined")}),
    )
    readonly_fields = ("last_login", "date_joined")
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("username", "email", "first_name", "last_name"),
                "description": _(
                    "Vul het e-mailadres van de nieuwe collega in en laat het wachtwoord "
                    "hieronder uit. De collega krijgt dan een e-mail met een link om zelf een "
                    "wachtwoord te kiezen. Geef daarna een rol bij Lidmaatschappen."
                ),
            },
        ),
        (
            _("Wachtwoord"),
            {"classes": ("wide",), "fields": ("usable_password", "password1", "password2")},
        ),
    )

    def get_form(self, request: HttpRequest, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is None and "usable_password" in form.base_fields:
            # Off unless the administrator chooses one: the colleague sets their own.
            form.base_fields["usable_password"].initial = "false"
        return form

    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change and obj.email and not obj.has_usable_password():
            services.send_invitation(obj)
            self.message_user(
                request,
                _("We sturen %(user)s een e-mail op %(email)s om een wachtwoord te kiezen.")
                % {"user": obj.get_username(), "email": obj.email},
                messages.SUCCESS,
            )
