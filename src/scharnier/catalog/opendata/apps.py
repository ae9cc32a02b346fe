from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """Open-data exports of the offer catalog (HSDS 3.0 JSON, CPSV-AP 3.2.0 Turtle).

    An app of its own only so that it has a template folder and a menu item; it has no models.
    """

    name = "scharnier.catalog.opendata"
    label = "opendata"
    verbose_name = _("Open data")

    def ready(self) -> None:
        from scharnier.core import navigation

        navigation.register("main", _("Open data"), "opendata:index", 80)
