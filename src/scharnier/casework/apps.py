from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "scharnier.casework"
    verbose_name = "Vragen en doorverwijzingen"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from scharnier.web.context_processors import register_navigation_item

        register_navigation_item(_("Hulp van een adviseur"), "casework:ask", 7)
        register_navigation_item(_("Vragen"), "casework:inbox", 910, login_required=True)
        register_navigation_item(
            _("Doorverwijzingen"), "casework:referrals", 920, login_required=True
        )
