from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "scharnier.casework"
    verbose_name = "Vragen en doorverwijzingen"
