from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "scharnier.accounts"
    verbose_name = "Accounts en tweestapsverificatie"

    def ready(self) -> None:
        from django.utils.translation import gettext_lazy as _

        from scharnier.core import navigation
        from scharnier.organisations.permissions import manages_every_team, runs_a_team

        navigation.register("work", _("Mijn team"), "accounts:team", 95, visible=runs_a_team)
        # The administrator reaches every team here, and each team's own page from it.
        navigation.register(
            "work",
            _("Teams"),
            "accounts:teams",
            96,
            visible=manages_every_team,
            also_current=(r"/account/team/(regio|organisatie|provincie)/",),
        )
