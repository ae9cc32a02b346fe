"""The B1 sentence of the size rule: adjoining size classes read as one employee range."""

import pytest

from scharnier.catalog.models import SizeClass
from scharnier.matching.eligibility import _size_rule

pytestmark = pytest.mark.django_db


def _classes(*codes: str) -> list[SizeClass]:
    return [SizeClass.objects.get(code=code) for code in codes]


@pytest.mark.parametrize(
    ("codes", "message"),
    [
        (("micro", "klein", "middel"), "Alleen voor bedrijven met minder dan 250 medewerkers."),
        (("klein", "micro"), "Alleen voor bedrijven met minder dan 50 medewerkers."),
        (("klein", "middel"), "Alleen voor bedrijven met 10 tot 250 medewerkers."),
        (("middel", "groot"), "Alleen voor bedrijven met 50 of meer medewerkers."),
        (("klein",), "Alleen voor deze bedrijfsgrootte: klein (10 tot 50 medewerkers)."),
        (
            ("micro", "middel"),
            "Alleen voor deze bedrijfsgrootte: micro (minder dan 10 medewerkers), "
            "middelgroot (50 tot 250 medewerkers).",
        ),
    ],
)
def test_size_rule_reads_as_one_range_when_classes_adjoin(codes, message):
    assert _size_rule(_classes(*codes)) == message
