"""Print an API token for a user (creates one when the user has none yet)."""

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from scharnier.api.tokens import issue_api_token


class Command(BaseCommand):
    help = "Maak (of toon) het API-token van een gebruiker: Authorization: Token <token>."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument(
            "--renew", action="store_true", help="Vervang een bestaand token door een nieuw."
        )

    def handle(self, *args, username: str, renew: bool, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Gebruiker '{username}' bestaat niet.")
        if not user.is_active:
            raise CommandError(f"Gebruiker '{username}' is niet actief.")
        self.stdout.write(issue_api_token(user, renew=renew).key)
