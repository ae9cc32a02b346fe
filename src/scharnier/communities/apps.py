from django.apps import AppConfig


class CommunitiesConfig(AppConfig):
    name = "scharnier.communities"
    verbose_name = "Communities"
