"""Remind providers of referrals they let pass their term, and tell who referred.

Celery beat runs it daily (`scharnier.remind_overdue_referrals`); this is the same by hand.
"""

from django.core.management.base import BaseCommand

from scharnier.casework.services import remind_overdue_referrals


class Command(BaseCommand):
    help = (
        "Herinner aanbieders aan doorverwijzingen waarop ze niet op tijd reageerden, en laat "
        "het de doorverwijzer weten (eenmaal per doorverwijzing)."
    )

    def handle(self, *args, **options) -> None:
        reminded = remind_overdue_referrals()
        self.stdout.write(f"{reminded} doorverwijzing(en) zonder reactie: herinnering gestuurd.")
