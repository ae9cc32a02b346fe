"""API tokens in the admin: who has one and since when, issue one, revoke one.

The key is shown once, right after it is issued; DRF's own admin listed every user's key.
"""

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken import admin as authtoken_admin

from scharnier.api import tokens
from scharnier.api.models import ApiToken

# Imported first so that DRF's admin has registered itself and can be taken off again.
if admin.site.is_registered(authtoken_admin.TokenProxy):
    admin.site.unregister(authtoken_admin.TokenProxy)


@admin.register(ApiToken)
class ApiTokenAdmin(authtoken_admin.TokenAdmin):
    list_display = ("owner", "key_end", "issued")
    list_filter = ()
    search_help_text = _("Zoek op gebruikersnaam.")
    readonly_fields = ("owner", "key_end", "issued")

    def get_fields(self, request: HttpRequest, obj=None):
        return ("user",) if obj is None else self.readonly_fields

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return () if obj is None else self.readonly_fields

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user":
            field.label = _("Gebruiker")
            field.help_text = _(
                "Het token geeft dezelfde rechten als deze gebruiker heeft. Eén token per "
                "gebruiker."
            )
        return field

    @admin.display(description=_("Gebruiker"), ordering="user__username")
    def owner(self, token: ApiToken) -> str:
        return token.user.get_username()

    @admin.display(description=_("Eindigt op"))
    def key_end(self, token: ApiToken) -> str:
        # Enough to tell two tokens apart, far too little to use one.
        return f"…{token.key[-4:]}"

    @admin.display(description=_("Uitgegeven op"), ordering="created")
    def issued(self, token: ApiToken) -> str:
        return date_format(timezone.localtime(token.created), "DATETIME_FORMAT")

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ApiToken, form, change: bool) -> None:
        issued = tokens.issue_api_token(obj.user)
        obj.key, obj.created = issued.key, issued.created

    def response_add(self, request: HttpRequest, obj: ApiToken, post_url_continue=None):
        self.message_user(
            request,
            _(
                "Het API-token van %(user)s is %(key)s. Geef het veilig door: na deze pagina "
                "is het niet meer te zien. Kwijt? Verwijder het en maak een nieuw."
            )
            % {"user": obj.user.get_username(), "key": obj.key},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:api_apitoken_changelist"))

    def delete_model(self, request: HttpRequest, obj: ApiToken) -> None:
        tokens.revoke_api_token(obj.user)
