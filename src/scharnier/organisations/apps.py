from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "scharnier.organisations"
    verbose_name = "Organisaties en rollen"
