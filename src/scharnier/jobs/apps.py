from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "scharnier.jobs"
    verbose_name = "Taken"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from scharnier.catalog.signals import offers_changed
        from scharnier.core import navigation
        from scharnier.organisations.models import Role
        from scharnier.organisations.permissions import holds_role

        from .services import on_offers_changed

        def starts_jobs(user) -> bool:
            # Who uploads an offer file gets a task; others never have one, so no menu item.
            return user.is_superuser or holds_role(user, Role.PROVIDER_EDITOR, Role.ADMINISTRATOR)

        offers_changed.connect(on_offers_changed, dispatch_uid="jobs-bulk-embeddings")
        navigation.register("work", _("Taken"), "jobs:list", 90, visible=starts_jobs)
