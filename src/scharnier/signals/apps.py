from django.apps import AppConfig


class SignalsConfig(AppConfig):
    name = "scharnier.signals"
    verbose_name = "Signalen"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from scharnier.core import navigation

        from . import queries

        navigation.register("main", _("Signalen"), "signals:board", 50)
        navigation.register("main", _("Agenda"), "communities:calendar", 45)
        navigation.register(
            "work", _("Signaal vastleggen"), "signals:new", 62, visible=queries.signal_menu_entry
        )
        # Right after "Mijn aanbod": answering is work with a deadline.
        navigation.register(
            "work",
            _("Te beantwoorden"),
            "signals:to-answer",
            6,
            visible=queries.answers_menu_entry,
        )
        # Before the editors' offers (30): an owner's editor starts where an answer is due.
        navigation.register_home(queries.answers_home, 25)
