"""`manage.py load_demo_data`: fill the database with the demo data set (safe to re-run)."""

import time

from django.core.management.base import BaseCommand

from scharnier.demo.activity import load_demo_activity
from scharnier.demo.catalogues import load_demo_catalogues
from scharnier.demo.outcomes import load_demo_outcomes
from scharnier.demo.services import (
    DEMO_MAIL_DOMAIN,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    give_demo_addresses,
    load_demo_data,
)
from scharnier.learning import demo as learning_demo


class Command(BaseCommand):
    help = "Laad de demodata: regio's, organisaties, gebruikers en aanbod. Opnieuw draaien kan."

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        summary = load_demo_data()
        catalogue_entries = load_demo_catalogues()
        activity = load_demo_activity()
        outcomes = load_demo_outcomes()
        # Half-year reports freeze the figures, so they come after the outcomes (issue 10).
        learning_demo.load_reports()
        give_demo_addresses()
        elapsed = time.perf_counter() - started

        def counts(counter) -> str:
            return ", ".join(
                f"{counter[k]} {label}"
                for k, label in (
                    ("created", "nieuw"),
                    ("updated", "bijgewerkt"),
                    ("unchanged", "ongewijzigd"),
                )
            )

        self.stdout.write(f"Demodata geladen in {elapsed:.1f} s.")
        self.stdout.write(f"  Regio's:        {summary.regions}")
        self.stdout.write(f"  Organisaties:   {counts(summary.organisations)}")
        self.stdout.write(f"  Regionale rollen: {summary.regional_roles}")
        self.stdout.write(f"  Aanbod:         {counts(summary.offers)}")
        self.stdout.write(f"  Gebruikers:     {counts(summary.users)}")
        self.stdout.write(f"  Catalogi (SC):  {catalogue_entries} producten voor ondernemers")
        self.stdout.write(
            f"  Vragen:         {activity.questions_created} nieuw, "
            f"{activity.questions_existing} ongewijzigd"
        )
        self.stdout.write(f"  Uitkomsten:     {outcomes} gegenereerde gebeurtenissen (monitoring)")
        if activity.analysis_run:
            self.stdout.write("  Overlapanalyse: uitgevoerd")
        self.stdout.write("")
        self.stdout.write(f"Demo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD}):")
        for username, label in summary.accounts:
            self.stdout.write(f"  {username:<22} {label}")
        self.stdout.write(
            f"E-mailadres: <gebruikersnaam>@{DEMO_MAIL_DOMAIN}; mail verschijnt in de console."
        )
        self.stdout.write("")
        self.stdout.write("Tweestapsverificatie: zet deze geheime sleutel (TOTP) in een app zoals")
        self.stdout.write("FreeOTP of Google Authenticator, of maak de code met")
        self.stdout.write(f"`oathtool --totp -b {DEMO_TOTP_SECRET}`:")
        self.stdout.write(f"  {DEMO_TOTP_SECRET}")
