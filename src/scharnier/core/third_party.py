"""Dutch names for the third-party apps that show up in the admin.

The app names come from these AppConfig subclasses (INSTALLED_APPS names them instead of the
packages' own configs). The model and field names of django-axes are translatable strings
without a Dutch catalogue; `THIRD_PARTY_MESSAGES` makes `makemessages` keep them in ours, so
the translation changes what the admin shows, not the models (no migration in site-packages).
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TotpAppConfig


class LoginAttemptsConfig(AxesAppConfig):
    verbose_name = _("Inlogpogingen")


class AuthenticatorAppsConfig(TotpAppConfig):
    verbose_name = _("Tweestapsverificatie")


# The msgids exactly as django-axes writes them; the Dutch is in locale/nl.
THIRD_PARTY_MESSAGES = (
    _("access failure"),
    _("access failures"),
    _("access attempt"),
    _("access attempts"),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("access log"),
    _("access logs"),
    _("User Agent"),
    _("IP Address"),
    _("Username"),
    _("HTTP Accept"),
    _("Path"),
    _("Attempt Time"),
    _("Access lock out"),
    _("GET Data"),
    _("POST Data"),
    _("Failed Logins"),
    _("Access Attempt"),
    _("Expires At"),
    _("Logout Time"),
    _("Session key hash (sha256)"),
    _("The time when access attempt expires and is no longer valid."),
    _("Locked Out"),
    _("Form Data"),
    _("Meta Data"),
    _("Clean up expired attempts"),
    _("Not set"),
    _("Attempt Remaining"),
    # Django's own admin: newer than its Dutch catalogue.
    _("After you’ve created a user, you’ll be able to edit more user options."),
)
