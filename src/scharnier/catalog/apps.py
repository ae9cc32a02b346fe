from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "scharnier.catalog"
    verbose_name = "Aanbod"
