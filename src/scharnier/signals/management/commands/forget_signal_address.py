"""Erase the reply address of one signal when its raiser asks (privacy statement, "Uw rechten")."""

from django.core.management.base import BaseCommand, CommandError

from scharnier.signals.retention import forget_reply_address


class Command(BaseCommand):
    help = "Wis het e-mailadres bij een signaal, op verzoek van wie het meldde."

    def add_arguments(self, parser) -> None:
        parser.add_argument("reference", help="De referentie van het signaal uit de e-mail.")

    def handle(self, *args, reference: str, **options) -> None:
        reference = reference.strip().upper()
        if not forget_reply_address(reference):
            raise CommandError(f"Geen signaal met referentie {reference} en een e-mailadres.")
        self.stdout.write(f"E-mailadres bij {reference} gewist.")
