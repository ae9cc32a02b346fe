"""Export of offers (CSV for Dutch Excel, JSON), formula neutralisation and round trips."""

import codecs
import csv
import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command

from scharnier.catalog import fileformat
from scharnier.catalog.exporting import export_offers
from scharnier.catalog.importing import import_offers
from scharnier.catalog.models import (
    Channel,
    Direction,
    OfferVersion,
    SbiSection,
    ScopeLevel,
    SizeClass,
)
from scharnier.catalog.services import archive_offer
from scharnier.geography.models import Municipality, Province
from scharnier.organisations.models import Role
from tests.factories import make_offer, make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "import-format.md"


def read_csv(content: bytes, delimiter: str = ";") -> list[dict[str, str]]:
    assert content.startswith(codecs.BOM_UTF8)
    text = content[len(codecs.BOM_UTF8) :].decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


@pytest.fixture
def catalog():
    """Offers that exercise every kind of value, including awkward texts."""
    kvk = make_organisation("kvk", name="KVK")
    rvo = make_organisation("rvo", name="RVO")
    region = make_region("regio-zwolle", municipality_codes=["GM0193", "GM0166"])
    offers = [
        make_offer(
            provider=kvk,
            external_id="K-1",
            title='=HYPERLINK("http://kwaad.example","klik")',
            summary="+31 is het landnummer",
            description='- eerste punt\n- tweede punt; met puntkomma, komma en "quotes"',
            cost_note="@iedereen welkom",
            contact_phone="+31 88 585 22 22",
            directions=list(Direction.objects.filter(code__in=["groeien", "versnellen"])),
            size_classes=list(SizeClass.objects.filter(code="micro")),
            sbi_sections=list(SbiSection.objects.filter(code__in=["c", "g"])),
            channels=list(Channel.objects.filter(code="online")),
            min_employees=2,
            max_employees=49,
            min_company_age_years=5,
            cost_eur=Decimal("1250.50"),
            budget_eur=Decimal("1500000.00"),
            valid_from=datetime.date(2026, 1, 1),
            valid_until=datetime.date(2026, 12, 31),
            is_structural=False,
            url="https://www.kvk.nl/",
            contact_email="info@example.nl",
            source="'s-Hertogenbosch, eigen onderzoek",
            last_verified_on=datetime.date(2026, 1, 15),
        ),
        make_offer(
            provider=kvk,
            external_id="K-2",
            title="Provinciaal",
            scope_level=ScopeLevel.PROVINCE,
            provinces=list(Province.objects.filter(code__in=["PV23", "PV26"])),
        ),
        make_offer(provider=kvk, title="Zonder kenmerk", regions=[region], scope_level="regio"),
        make_offer(
            provider=rvo,
            external_id="R-1",
            title="'=al geciteerd",
            scope_level=ScopeLevel.MUNICIPALITY,
            municipalities=list(Municipality.objects.filter(code__in=["GM0363", "GM0193"])),
        ),
    ]
    return kvk, rvo, offers


def test_csv_export_is_excel_ready_and_neutralises_formulas(catalog):
    content = export_offers(format="csv")
    rows = read_csv(content)
    assert list(rows[0]) == list(fileformat.HEADERS)
    assert len(rows) == 4
    first = next(r for r in rows if r["kenmerk"] == "K-1")
    assert first["titel"] == '\'=HYPERLINK("http://kwaad.example","klik")'
    assert first["samenvatting"] == "'+31 is het landnummer"
    assert first["beschrijving"].startswith("'- eerste punt\n")
    assert first["kosten_toelichting"] == "'@iedereen welkom"
    assert first["telefoon"] == "'+31 88 585 22 22"
    assert first["bron"] == "'s-Hertogenbosch, eigen onderzoek"  # not a formula: unchanged
    assert first["ontwikkelrichtingen"] == "groeien|versnellen"
    assert (first["kosten"], first["budget"]) == ("1250.50", "1500000.00")
    assert (first["geldig_vanaf"], first["structureel"]) == ("2026-01-01", "nee")
    quoted = next(r for r in rows if r["kenmerk"] == "R-1")
    assert quoted["titel"] == "''=al geciteerd"
    assert quoted["gemeenten"] == "GM0193|GM0363"
    # No cell of the file starts with a formula character.
    for row in rows:
        for value in row.values():
            assert value[:1] not in fileformat.FORMULA_PREFIXES, value


def test_comma_csv_and_provider_filter(catalog):
    rows = read_csv(export_offers(format="csv", delimiter=",", provider=catalog[1]), ",")
    assert [r["kenmerk"] for r in rows] == ["R-1"]


def test_json_export_uses_native_values(catalog):
    records = json.loads(export_offers(format="json"))
    first = next(r for r in records if r["kenmerk"] == "K-1")
    assert first["titel"].startswith("=HYPERLINK")  # JSON is not a spreadsheet
    assert first["themas"] == ["digitalisering"]
    assert first["min_medewerkers"] == 2 and first["structureel"] is False
    assert first["kosten"] == "1250.50" and first["geldig_tot"] == "2026-12-31"


def test_archived_offers_are_left_out_unless_asked(catalog):
    archive_offer(actor=None, offer=catalog[2][1])
    assert len(read_csv(export_offers())) == 3
    assert len(read_csv(export_offers(include_archived=True))) == 4


@pytest.mark.parametrize(
    ("fmt", "delimiter", "filename"),
    [("csv", ";", "export.csv"), ("csv", ",", "export.csv"), ("json", ";", "export.json")],
)
def test_export_then_import_is_unchanged(catalog, fmt, delimiter, filename):
    versions = OfferVersion.objects.count()
    content = export_offers(format=fmt, delimiter=delimiter)
    report = import_offers(content=content, filename=filename, actor=None)
    assert report.problems == []
    assert (report.created, report.updated, report.unchanged) == (0, 0, 4)
    assert OfferVersion.objects.count() == versions


def test_editor_round_trips_own_export(catalog):
    kvk = catalog[0]
    editor = make_user(Role.PROVIDER_EDITOR, organisation=kvk)
    content = export_offers(provider=kvk)
    report = import_offers(content=content, filename="mijn.csv", actor=editor, provider=kvk)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 3), report.problems
    edited = content.replace(b"Provinciaal", b"Provinciaal aangepast")
    report = import_offers(content=edited, filename="mijn.csv", actor=editor, provider=kvk)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)


def test_export_command_writes_file_and_stdout(catalog, tmp_path, capsys):
    target = tmp_path / "aanbod.json"
    call_command("export_offers", "--format", "json", "--provider", "kvk", "-o", str(target))
    assert {r["kenmerk"] for r in json.loads(target.read_text("utf-8"))} == {"K-1", "K-2", None}
    call_command("export_offers", "--delimiter", ",")
    out = capsys.readouterr().out
    assert out.startswith("\ufeffid,kenmerk,titel,")


def test_format_docs_are_generated_from_the_column_definitions():
    from scharnier.catalog.management.commands.export_offers import format_docs

    assert DOCS.read_text(encoding="utf-8") == format_docs(), (
        "docs/import-format.md is out of date: run "
        "`python manage.py export_offers --docs -o docs/import-format.md`"
    )
    for header in fileformat.HEADERS:
        assert f"`{header}`" in format_docs()


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+31", "-5", "@x", "\tx", "\rx", "'=x", "''=x", "'s-Hertogenbosch", "'", "gewoon"],
)
def test_formula_neutralisation_is_reversed_on_import(value):
    assert fileformat.unquote_formula(fileformat.neutralise_formula(value)) == value
    assert fileformat.neutralise_formula(value)[:1] not in fileformat.FORMULA_PREFIXES
