"""Regroup every signal into threads; analysts' merges, splits and renames stay."""

from django.core.management.base import BaseCommand

from scharnier.signals import services


class Command(BaseCommand):
    help = "Groepeer alle signalen opnieuw in rode draden (besluiten van analisten blijven staan)."

    def handle(self, *args, **options) -> None:
        def progress(done: int, total: int) -> None:
            if done == total or done % 10_000 < 256:
                self.stdout.write(f"  {done}/{total} signalen")

        result = services.regroup(progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"{result.signals} signalen in {result.threads} rode draden; "
                f"{result.moved} verplaatst, {result.created} nieuw, {result.removed} opgeheven."
            )
        )
        if result.learned_from_threads:
            self.stdout.write(
                f"Geleerd van de analisten: {result.learned_from_threads} rode draden met twee of "
                "meer geplaatste of behandelde signalen."
            )
