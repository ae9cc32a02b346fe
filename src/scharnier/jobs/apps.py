from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "scharnier.jobs"
    verbose_name = "Taken"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from scharnier.catalog.signals import offers_changed
        from scharnier.core import navigation

        from .permissions import starts_jobs
        from .services import on_offers_changed

        offers_changed.connect(on_offers_changed, dispatch_uid="jobs-bulk-embeddings")
        navigation.register("work", _("Taken"), "jobs:list", 90, visible=starts_jobs)
