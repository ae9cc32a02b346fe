from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "scharnier.accounts"
    verbose_name = "Accounts en tweestapsverificatie"
