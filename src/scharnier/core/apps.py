from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "scharnier.core"
    verbose_name = "Kern"
