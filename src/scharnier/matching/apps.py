from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "scharnier.matching"
    verbose_name = "Vraagactivatie"

    def ready(self) -> None:
        from scharnier.catalog.signals import offers_changed

        from .services import on_offers_changed

        offers_changed.connect(on_offers_changed, dispatch_uid="matching-offer-features")

        from django.utils.translation import gettext_lazy as _

        from scharnier.core import navigation

        navigation.register("main", _("Zoek hulp"), "matching:question", 5)
        navigation.register("main", _("Toekomstscan"), "matching:scan", 6)
