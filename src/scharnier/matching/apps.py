from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "scharnier.matching"
    verbose_name = "Vraagactivatie"
