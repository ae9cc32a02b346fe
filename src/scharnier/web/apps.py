from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "scharnier.web"
    verbose_name = "Website"

    def ready(self) -> None:
        from django.urls import reverse
        from django.utils.translation import gettext_lazy as _

        from scharnier.catalog.signals import offers_changed, regional_notes_changed
        from scharnier.core import navigation

        from .caching import bump_version

        offers_changed.connect(bump_version, dispatch_uid="web-public-page-cache")
        regional_notes_changed.connect(bump_version, dispatch_uid="web-public-page-cache-notes")
        from scharnier.organisations.models import Role
        from scharnier.organisations.permissions import holds_role

        def edits_offers(user) -> bool:
            return holds_role(user, Role.PROVIDER_EDITOR, Role.ADMINISTRATOR)

        navigation.register("main", _("Aanbod"), "web:offer-search", 10)
        navigation.register("main", _("Regio's"), "web:region-list", 20)
        navigation.register("main", _("Organisaties"), "web:organisation-list", 30)
        navigation.register("work", _("Mijn aanbod"), "web:editor-offers", 5, visible=edits_offers)
        navigation.register("footer", _("Privacyverklaring"), "web:privacy", 10)
        navigation.register("footer", _("Toegankelijkheid"), "web:accessibility", 20)
        navigation.register("footer", _("Contact"), "web:contact", 30)
        navigation.register("footer", _("Colofon"), "web:colophon", 40)
        navigation.register("footer", _("Open data"), "opendata:index", 50)
        # Editors start at their offers; other roles register their own home in their app.
        navigation.register_home(
            lambda user: reverse("web:editor-offers") if edits_offers(user) else None, 30
        )
