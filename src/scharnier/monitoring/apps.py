from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "scharnier.monitoring"
    verbose_name = "Monitoring"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from scharnier.core import navigation

        navigation.register("main", _("Dashboard"), "monitoring:national", 55)
        navigation.register("monitoring", _("Nederland"), "monitoring:national", 10)
        navigation.register("monitoring", _("Kaart"), "monitoring:map", 20)
        navigation.register("monitoring", _("Definities"), "monitoring:definitions", 30)
        navigation.register("monitoring", _("Open data"), "monitoring:open-data", 40)
