"""API tokens as the admin shows them: named after their owner, never by their key.

DRF's token proxy (its primary key is the user's, so no key appears in an admin URL) prints
the key wherever the admin names the object: in breadcrumbs, titles and messages.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import TokenProxy


class ApiToken(TokenProxy):
    class Meta:
        proxy = True
        verbose_name = _("API-token")
        verbose_name_plural = _("API-tokens")

    def __str__(self) -> str:
        return _("API-token van %(user)s") % {"user": self.user.get_username()}
