"""Bad-input corpus: every file gives its expected Dutch message and changes nothing.

`bad_input/cases.json` maps each file to the expected row, column and message fragment.
Two cases with a 10 MB field are generated here rather than committed.
"""

import hashlib
import json
from pathlib import Path

import pytest
from django.db import connection

from scharnier.catalog.importing import import_offers
from scharnier.catalog.models import Offer, OfferArea, OfferVersion
from scharnier.organisations.models import Organisation
from tests.factories import make_offer, make_organisation

pytestmark = pytest.mark.django_db

CORPUS = Path(__file__).resolve().parent / "bad_input"
CASES = json.loads((CORPUS / "cases.json").read_text(encoding="utf-8"))
TEN_MB = 10 * 1024 * 1024


def database_fingerprint() -> str:
    """Hash of every offer, version, coverage and link row: any write changes it."""
    digest = hashlib.sha256()
    for model in (Offer, OfferVersion, OfferArea):
        for values in model.objects.order_by("pk").values_list():
            digest.update(repr(values).encode())
    for name in ("themes", "journey_phases", "municipalities", "provinces"):
        through = Offer._meta.get_field(name).remote_field.through
        for values in through.objects.order_by("pk").values_list():
            digest.update(repr(values).encode())
    return digest.hexdigest()


@pytest.fixture
def catalog():
    kvk = make_organisation("kvk", name="KVK")
    make_organisation("rvo", name="RVO")
    make_offer(provider=kvk, external_id="BESTAAND-1", title="Bestaand aanbod")
    return kvk


def assert_rejected(content: bytes, filename: str, expected: dict) -> None:
    before = database_fingerprint()
    counts = (Offer.objects.count(), OfferVersion.objects.count(), OfferArea.objects.count())
    provider = expected.get("provider")
    report = import_offers(
        content=content,
        filename=filename,
        actor=None,
        provider=Organisation.objects.get(slug=provider) if provider else None,
    )
    assert not report.ok
    assert (report.created, report.updated, report.unchanged) == (0, 0, 0)
    matching = [
        p
        for p in report.problems
        if p.row == expected["row"]
        and p.field == expected["field"]
        and expected["message"] in p.message
    ]
    assert matching, f"expected {expected}, got {report.problems}"
    assert database_fingerprint() == before
    assert counts == (
        Offer.objects.count(),
        OfferVersion.objects.count(),
        OfferArea.objects.count(),
    )


def test_corpus_is_large_enough_and_complete():
    files = {p.name for p in CORPUS.iterdir() if p.name not in {"cases.json", "README.md"}}
    assert files == set(CASES)
    assert len(files) >= 25


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_is_rejected_with_expected_message(catalog, name):
    assert_rejected((CORPUS / name).read_bytes(), name, CASES[name])


def _valid_csv(description: str) -> bytes:
    header = "kenmerk;titel;samenvatting;aanbieder;soort;themas;fasen;beschrijving"
    row = f"G-1;Groot;Samenvatting.;kvk;advies;strategie;weten;{description}"
    return f"{header}\r\n{row}\r\n".encode()


def test_ten_megabyte_csv_field_is_rejected(catalog, settings):
    settings.CATALOG_IMPORT_MAX_BYTES = 50 * 1024 * 1024  # the field, not the file, is the cause
    assert_rejected(
        _valid_csv("x" * TEN_MB),
        "groot.csv",
        {"row": 2, "field": None, "message": "veel te groot (meer dan 131.072 tekens)"},
    )


def test_ten_megabyte_json_field_is_rejected(catalog, settings):
    settings.CATALOG_IMPORT_MAX_BYTES = 50 * 1024 * 1024
    item = {
        "kenmerk": "G-1",
        "titel": "Groot",
        "samenvatting": "Samenvatting.",
        "aanbieder": "kvk",
        "soort": "advies",
        "themas": "strategie",
        "fasen": "weten",
        "beschrijving": "x" * TEN_MB,
    }
    assert_rejected(
        json.dumps([item]).encode(),
        "groot.json",
        {"row": 1, "field": "beschrijving", "message": "Te lang: 10.485.760 tekens"},
    )


def test_fingerprint_notices_a_write(catalog):
    """Guard for the corpus test itself: the fingerprint must change when data changes."""
    before = database_fingerprint()
    with connection.cursor():
        Offer.objects.update(title="Gewijzigd")
    assert database_fingerprint() != before
