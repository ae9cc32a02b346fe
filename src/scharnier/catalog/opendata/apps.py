from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpenDataConfig(AppConfig):
    """Open-data exports of the offer catalog (HSDS 3.0 JSON, CPSV-AP 3.2.0 Turtle).

    An app of its own only so that it has a template folder; it has no models.
    """

    name = "scharnier.catalog.opendata"
    label = "opendata"
    verbose_name = _("Open data")
    # No main-menu item: open data is for developers and researchers, linked in the footer of
    # every page (web.apps); the main menu keeps the ways in for entrepreneurs and staff.
