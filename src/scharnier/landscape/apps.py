from django.apps import AppConfig


class LandscapeConfig(AppConfig):
    name = "scharnier.landscape"
    verbose_name = "Stelselanalyse"

    def ready(self) -> None:
        from scharnier.catalog.signals import offers_changed

        from .services import keep_vectors_current, mark_analysis_stale

        def on_offers_changed(sender, offer_ids, **kwargs) -> None:
            mark_analysis_stale(offer_ids)
            keep_vectors_current(offer_ids)

        offers_changed.connect(on_offers_changed, dispatch_uid="landscape-mark-stale", weak=False)

        from urllib.parse import urlencode

        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from scharnier.core import navigation
        from scharnier.geography.models import Region, area_key_for_region
        from scharnier.organisations.models import Role
        from scharnier.organisations.permissions import directed_regions, holds_role

        def views_analysis(user) -> bool:
            return holds_role(
                user, Role.NATIONAL_ANALYST, Role.REGIONAL_DIRECTOR, Role.ADMINISTRATOR
            )

        def analysis_home(user) -> str | None:
            if holds_role(user, Role.NATIONAL_ANALYST, Role.ADMINISTRATOR):
                return reverse("landscape:matrix")
            region = Region.objects.filter(pk__in=directed_regions(user)).order_by("name").first()
            if region is None:
                return None
            return (
                reverse("landscape:matrix")
                + "?"
                + urlencode({"gebied": area_key_for_region(region.slug)})
            )

        navigation.register("main", _("Aanbod in kaart"), "landscape:matrix", 40)
        navigation.register(
            "work", _("Overlapanalyse"), "landscape:clusters", 30, visible=views_analysis
        )
        navigation.register_home(analysis_home, 20)
        navigation.register("landscape", _("Witte vlekken"), "landscape:matrix", 10)
        navigation.register(
            "landscape", _("Overlap"), "landscape:clusters", 20, visible=views_analysis
        )
        navigation.register("landscape", _("Consistentietoets"), "landscape:check", 30)
        navigation.register("landscape", _("Opschoning"), "landscape:cleanup", 40)

        from .joint_reviews import joint_reviews_in_work_menu, sees_joint_reviews

        navigation.register(
            "landscape",
            _("Gezamenlijke toets"),
            "landscape:reviews",
            35,
            visible=sees_joint_reviews,
        )
        navigation.register(
            "work",
            _("Gezamenlijke toets"),
            "landscape:reviews",
            34,
            visible=joint_reviews_in_work_menu,
        )
