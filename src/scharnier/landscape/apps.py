from django.apps import AppConfig


class LandscapeConfig(AppConfig):
    name = "scharnier.landscape"
    verbose_name = "Stelselanalyse"

    def ready(self) -> None:
        from scharnier.catalog.signals import offers_changed

        from .services import mark_analysis_stale

        def on_offers_changed(sender, offer_ids, **kwargs) -> None:
            mark_analysis_stale(offer_ids)

        offers_changed.connect(on_offers_changed, dispatch_uid="landscape-mark-stale", weak=False)

        from django.utils.translation import gettext_lazy as _

        from scharnier.web.context_processors import register_navigation_item

        register_navigation_item(_("Stelselanalyse"), "landscape:matrix", 40)
