from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "scharnier.matching"
    verbose_name = "Vraagactivatie"

    def ready(self) -> None:
        from scharnier.catalog.signals import offers_changed

        from .services import on_offers_changed

        offers_changed.connect(on_offers_changed, dispatch_uid="matching-offer-features")

        from django.utils.translation import gettext_lazy as _

        from scharnier.web.context_processors import register_navigation_item

        register_navigation_item(_("Vraag stellen"), "matching:question", 5)
        register_navigation_item(_("Toekomstscan"), "matching:scan", 6)
