"""The authenticator apps as the admin shows them: a proxy of django-otp's TOTP device.

django-otp names its model and fields in untranslatable English and its admin shows each
user's secret key and QR code; a proxy gives the admin Dutch names without a migration in
site-packages.
"""

from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.models import TOTPDevice


class AuthenticatorApp(TOTPDevice):
    class Meta:
        proxy = True
        verbose_name = _("authenticator-app")
        verbose_name_plural = _("authenticator-apps")
