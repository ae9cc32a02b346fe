from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "scharnier.learning"
    verbose_name = "Leren en verantwoorden"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from scharnier.core import navigation

        from . import permissions, queries

        navigation.register("main", _("Verhalen"), "learning:stories", 55)
        navigation.register("main", _("Provincies"), "learning:provinces", 58)
        navigation.register_home(queries.province_home, 40)
        navigation.register(
            "work",
            _("Zelfanalyse"),
            "learning:assessments",
            70,
            visible=permissions.sees_assessments_menu,
        )
        navigation.register(
            "work",
            _("Visitaties"),
            "learning:visitations",
            71,
            visible=permissions.sees_assessments_menu,
        )
        navigation.register(
            "work",
            _("Verhaal vastleggen"),
            "learning:story-new",
            72,
            visible=permissions.may_draft_any_story,
        )
