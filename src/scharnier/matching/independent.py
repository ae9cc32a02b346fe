"""Load the independent evaluation catalog (data/eval/independent) through the import service.

Used by `manage.py evaluate_matching --independent` and the landscape evaluation, always on a
separate, empty database (`make eval` points DATABASE_URL at var/eval-independent.sqlite3), so
the set's own catalog is never mixed with the demo data. Providers are created with the
organisations service, offers imported with the catalog's import (same checks as an upload).
"""

from __future__ import annotations

import json
from pathlib import Path

from scharnier.catalog.importing import import_offers
from scharnier.catalog.models import Offer
from scharnier.organisations.models import OrganisationKind
from scharnier.organisations.services import save_organisation

from .services import compute_offer_embeddings

INDEPENDENT_DIR = Path(__file__).resolve().parent / "data" / "eval" / "independent"

# The set's organisation kinds (written from the design's glossary) to the catalog's.
KINDS = {
    "rijk": OrganisationKind.UITVOERINGSORGANISATIE,
    "provincie": OrganisationKind.PROVINCIE,
    "gemeente": OrganisationKind.GEMEENTE,
    "rom": OrganisationKind.ROM,
    "regionaal-loket": OrganisationKind.HUB,
    "branche": OrganisationKind.BRANCHEORGANISATIE,
    "netwerk": OrganisationKind.ONDERNEMERSVERENIGING,
    "onderwijs": OrganisationKind.ONDERWIJS,
    "stichting": OrganisationKind.PRIVAAT,
    "particulier": OrganisationKind.PRIVAAT,
}


class ImportFailedError(Exception):
    pass


def load_independent_catalog(folder: Path = INDEPENDENT_DIR) -> str:
    """Import the set's providers and offers (idempotent); returns a one-line summary."""
    for item in json.loads((folder / "organisations.json").read_text(encoding="utf-8")):
        save_organisation(
            slug=item["slug"], name=item["naam"], kind=KINDS.get(item["soort"], "privaat")
        )
    if Offer.objects.exists():
        return f"{Offer.objects.count()} aanbiedingen stonden er al"
    report = import_offers(
        content=(folder / "catalog.json").read_bytes(), filename="catalog.json", actor=None
    )
    if report.problems:
        problems = "; ".join(f"rij {p.row} {p.field}: {p.message}" for p in report.problems[:10])
        raise ImportFailedError(
            f"De onafhankelijke catalogus laat zich niet importeren: {problems}"
        )
    compute_offer_embeddings()
    return f"{report.created} aanbiedingen geimporteerd"
