from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "scharnier.api"
    verbose_name = "API"
