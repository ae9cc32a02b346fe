"""Demo Samenwerkende Catalogi: Overijssel's catalogue read in, two products found in the
register by title, one permit kept out with its reason, the rest still to judge
(`catalog.harvesting`). Safe to re-run."""

from __future__ import annotations

from pathlib import Path

from scharnier.catalog import harvesting
from scharnier.catalog.models import CatalogueDecision, CatalogueEntry
from scharnier.demo.services import demo_member
from scharnier.organisations.models import Organisation, Role

CATALOGUES = Path(__file__).resolve().parent / "data" / "samenwerkende_catalogi"
# Products an editor of the province has judged: not help for firms' questions.
KEPT_OUT = {
    "https://www.overijssel.nl/demo-catalogus/grondwater": (
        "Een vergunning die de provincie verleent, geen hulp voor ondernemers."
    ),
}


def load_demo_catalogues() -> int:
    """Read every demo catalogue; the number of entries for entrepreneurs."""
    entries = 0
    for path in sorted(CATALOGUES.glob("*.xml")):
        organisation = Organisation.objects.get(slug=path.stem)
        editor = demo_member(Role.PROVIDER_EDITOR, organisation=organisation)
        report = harvesting.harvest_catalogue(
            actor=editor, organisation=organisation, data=path.read_bytes(), source=path.name
        )
        if not report.ok:
            raise ValueError(f"{path.name}: {report.problems[0].message}")
        entries += report.for_entrepreneurs
        for identifier, reason in KEPT_OUT.items():
            entry = CatalogueEntry.objects.filter(
                organisation=organisation, identifier=identifier, decision=CatalogueDecision.OPEN
            ).first()
            if entry is not None:
                harvesting.keep_out_of_register(actor=editor, entry=entry, reason=reason)
    return entries
