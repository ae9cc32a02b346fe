"""Remind providers' editors of offers that expired or were not checked for six months.

Celery beat runs it monthly (`scharnier.remind_offer_editors`); this is the same by hand.
"""

from django.core.management.base import BaseCommand

from scharnier.catalog.services import remind_editors_of_offers_needing_attention


class Command(BaseCommand):
    help = (
        "Herinner de redacteuren van elke aanbieder aan aanbod dat verlopen is of langer dan "
        "6 maanden niet gecontroleerd (hoogstens eenmaal per maand per aanbieder)."
    )

    def handle(self, *args, **options) -> None:
        reminded = remind_editors_of_offers_needing_attention()
        self.stdout.write(
            f"{reminded} aanbieder(s) met aanbod dat aandacht vraagt: herinnering gestuurd."
        )
