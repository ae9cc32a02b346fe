from django.apps import AppConfig


class GeographyConfig(AppConfig):
    name = "scharnier.geography"
    verbose_name = "Geografie"
