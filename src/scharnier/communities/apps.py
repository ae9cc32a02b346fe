from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "scharnier.communities"
    verbose_name = "Communities"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from scharnier.core import navigation

        from . import queries

        navigation.register(
            "work",
            _("Communities"),
            "communities:mine",
            60,
            visible=queries.keeps_a_community_map,
            # The map lives on the region's pages; the meetings belong to it.
            also_current=(r"^/regio/[^/]+/communities/", r"^/bijeenkomsten/"),
        )
        navigation.register(
            "work",
            _("Bijeenkomst vastleggen"),
            "communities:meeting-new",
            61,
            visible=queries.organises_communities,
        )
