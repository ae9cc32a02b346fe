from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "scharnier.monitoring"
    verbose_name = "Monitoring"
