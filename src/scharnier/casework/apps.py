from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "scharnier.casework"
    verbose_name = "Vragen en doorverwijzingen"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from scharnier.core import navigation
        from scharnier.organisations.permissions import directed_regions

        from .permissions import (
            is_casework_staff,
            provider_organisation_ids,
            sees_casework_figures,
        )

        def is_provider(user) -> bool:
            return bool(provider_organisation_ids(user))

        navigation.register("main", _("Vraag een adviseur"), "casework:ask", 7)
        navigation.register("work", _("Vragen"), "casework:inbox", 10, visible=is_casework_staff)
        navigation.register(
            "work", _("Tevredenheid"), "casework:satisfaction", 15, visible=is_casework_staff
        )
        navigation.register(
            "work",
            _("Termijnen"),
            "casework:my-region-terms",
            16,
            visible=lambda user: bool(directed_regions(user)),
            also_current=(r"^/regio/[^/]+/termijnen/",),
        )
        navigation.register(
            "work",
            _("Doorverwijzingen"),
            "casework:referrals",
            20,
            visible=is_provider,
            # The provider's closing days are reached from its referrals page.
            also_current=(r"^/aanbieder/[^/]+/sluitingsdagen/",),
        )
        # Beside the dashboard's figures: what lies behind the questions (not in the work menu,
        # which must fit on one line).
        navigation.register(
            "monitoring",
            _("Vraag achter de vraag"),
            "casework:intake-overview",
            50,
            visible=sees_casework_figures,
        )
        # Schakelteam members and administrators start in their inbox.
        navigation.register_home(
            lambda user: reverse("casework:inbox") if is_casework_staff(user) else None, 10
        )
