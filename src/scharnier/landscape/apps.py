from django.apps import AppConfig


class LandscapeConfig(AppConfig):
    name = "scharnier.landscape"
    verbose_name = "Stelselanalyse"
