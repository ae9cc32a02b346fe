from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "scharnier.core"
    verbose_name = "Kern"

    def ready(self) -> None:
        from scharnier.core.forms import use_plain_field_messages

        use_plain_field_messages()
