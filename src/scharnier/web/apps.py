from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "scharnier.web"
    verbose_name = "Website"
