from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "scharnier.learning"
    verbose_name = "Leren en verantwoorden"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from scharnier.core import navigation

        from . import permissions, queries

        # The main menu is full at 1280 px (one line); the public pages sit in the footer and
        # are linked from the region pages.
        navigation.register("footer", _("Verhalen van ondernemers"), "learning:stories", 60)
        navigation.register("footer", _("Provincies"), "learning:provinces", 61)
        navigation.register("footer", _("Halfjaarrapportages"), "learning:reports", 62)
        navigation.register("footer", _("Overleg en besluiten"), "learning:governance", 63)
        navigation.register("footer", _("Uitrol"), "learning:rollout", 64)
        navigation.register("footer", _("Gegevens delen"), "learning:data-initiatives", 65)
        # The dashboard's own menu links the archive of half-year reports.
        navigation.register("monitoring", _("Rapportages"), "learning:reports", 35)
        navigation.register("monitoring", _("Interventies"), "learning:interventions", 36)
        navigation.register("monitoring", _("Ontwikkelplannen"), "learning:development-plans", 37)
        navigation.register_home(queries.province_home, 40)
        # The province's home page (after login), reachable again from its menu.
        navigation.register(
            "work",
            _("Mijn provincie"),
            "learning:my-province",
            65,
            visible=permissions.works_for_a_province,
            # The menu's address forwards to the province's own page.
            also_current=(queries.is_own_province_page,),
        )
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
        # Who drafts stories finds the drafts again there (to edit them or ask consent); the
        # page starts with "Verhaal vastleggen". One entry: the work menu stays one line at 1280.
        navigation.register(
            "work",
            _("Verhalen beheren"),
            "learning:story-manage",
            72,
            visible=permissions.may_draft_any_story,
            also_current=(r"^/verhalen/nieuw/$", r"^/verhalen/[0-9a-f-]+/bewerken/$"),
        )
