from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "scharnier.core"
    verbose_name = "Kern"

    def ready(self) -> None:
        from django.contrib import admin
        from django.utils.translation import gettext_lazy as _

        from scharnier.core.forms import use_plain_field_messages

        use_plain_field_messages()
        # Django's defaults say "Django-beheer"; the administrators manage Scharnier.
        admin.site.site_header = _("Scharnier: beheer")
        admin.site.site_title = _("Scharnier-beheer")
        admin.site.index_title = _("Gegevens beheren")
