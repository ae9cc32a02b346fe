from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "scharnier.signals"
    verbose_name = "Signalen"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from scharnier.web.context_processors import register_navigation_item

        register_navigation_item(_("Signalen"), "signals:board", 50)
        register_navigation_item(_("Agenda"), "communities:calendar", 45)
