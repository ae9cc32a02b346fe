from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "scharnier.demo"
    verbose_name = "Demodata"
