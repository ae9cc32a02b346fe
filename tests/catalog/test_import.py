"""Importing offer files: formats, encodings, upsert, dry run, permissions, all-or-nothing."""

import codecs
import datetime
import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from scharnier.catalog import bulk, services
from scharnier.catalog.importing import import_offers
from scharnier.catalog.models import Offer, OfferArea, OfferVersion, ScopeLevel
from scharnier.organisations.models import Role
from tests.factories import make_offer, make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db

HEADER = [
    "kenmerk",
    "titel",
    "samenvatting",
    "aanbieder",
    "soort",
    "themas",
    "fasen",
    "gebied",
    "provincies",
    "regios",
    "gemeenten",
    "kosten",
    "geldig_vanaf",
    "geldig_tot",
    "structureel",
    "telefoon",
]


def row(**values):
    base = {
        "kenmerk": "A-1",
        "titel": "Digitaliseringsscan",
        "samenvatting": "Een uur advies over digitalisering.",
        "aanbieder": "kvk",
        "soort": "advies",
        "themas": "digitalisering",
        "fasen": "weten|willen",
        "gebied": "nationaal",
        "provincies": "",
        "regios": "",
        "gemeenten": "",
        "kosten": "0",
        "geldig_vanaf": "2026-01-01",
        "geldig_tot": "",
        "structureel": "ja",
        "telefoon": "",
    }
    base.update(values)
    return base


def to_csv(rows, delimiter=";", header=HEADER) -> str:
    lines = [delimiter.join(header)]
    for values in rows:
        cells = []
        for column in header:
            cell = str(values.get(column, ""))
            if delimiter in cell or '"' in cell or "\n" in cell:
                cell = '"' + cell.replace('"', '""') + '"'
            cells.append(cell)
        lines.append(delimiter.join(cells))
    return "\r\n".join(lines) + "\r\n"


def db_state() -> tuple:
    return (
        sorted(Offer.objects.values_list("pk", "title", "updated_at")),
        sorted(OfferVersion.objects.values_list("pk", "number")),
        sorted(OfferArea.objects.values_list("offer_id", "key")),
    )


@pytest.fixture
def kvk():
    return make_organisation("kvk", name="KVK")


@pytest.fixture
def rows():
    return [
        row(),
        row(
            kenmerk="A-2",
            titel="Subsidie Utrecht",
            soort="Subsidie",  # Dutch label, any case
            themas="VERDUURZAMING|Financiering",
            gebied="",  # derived from the filled area column
            provincies="PV26",
            kosten="1.250,50",
            geldig_vanaf="31-01-2026",
            geldig_tot="2026-12-31",
            structureel="nee",
            telefoon="+31 30 123 4567",
        ),
        row(kenmerk="A-3", titel="Gemeentelijk loket", gebied="gemeente", gemeenten="GM0363"),
    ]


def test_semicolon_csv_with_bom_creates_offers_with_every_value(kvk, rows):
    content = codecs.BOM_UTF8 + to_csv(rows).encode("utf-8")
    report = import_offers(content=content, filename="aanbod.csv", actor=None)
    assert report.problems == []
    assert (report.created, report.updated, report.unchanged) == (3, 0, 0)
    offer = Offer.objects.get(provider=kvk, external_id="A-2")
    assert offer.offer_type.code == "subsidie"
    assert {t.code for t in offer.themes.all()} == {"verduurzaming", "financiering"}
    assert offer.scope_level == ScopeLevel.PROVINCE
    assert [p.code for p in offer.provinces.all()] == ["PV26"]
    assert offer.cost_eur == Decimal("1250.50")
    assert offer.valid_from == datetime.date(2026, 1, 31)
    assert offer.valid_until == datetime.date(2026, 12, 31)
    assert offer.is_structural is False
    assert offer.contact_phone == "+31 30 123 4567"
    assert set(OfferArea.objects.filter(offer=offer).values_list("key", flat=True)) == {"PV26"}
    municipal = Offer.objects.get(external_id="A-3")
    assert set(municipal.areas.values_list("key", flat=True)) == {"GM0363"}
    version = OfferVersion.objects.get(offer=offer)
    assert version.number == 1 and version.source == "import"
    # The bulk path records exactly what the per-offer services would.
    assert version.snapshot == services.offer_snapshot(offer)
    assert services.area_keys_for_offer(offer) == {"PV26"}


def test_comma_csv_without_bom(kvk, rows):
    report = import_offers(
        content=to_csv(rows, delimiter=",").encode("utf-8"), filename="a.csv", actor=None
    )
    assert report.ok, report.problems
    assert report.created == 3


def test_excel_sep_line_and_tab_separated_files(kvk, rows):
    content = ("sep=,\r\n" + to_csv(rows, delimiter=",")).encode()
    report = import_offers(content=content, filename="a.csv", actor=None, dry_run=True)
    assert report.ok and report.created == 3, report.problems
    rows[0]["soort"] = "onzin"
    content = ("sep=,\r\n" + to_csv(rows, delimiter=",")).encode()
    report = import_offers(content=content, filename="a.csv", actor=None, dry_run=True)
    assert [(p.row, p.field) for p in report.problems] == [(2, "soort")]
    rows[0]["soort"] = "advies"
    report = import_offers(
        content=to_csv(rows, delimiter="\t").encode(), filename="a.tsv", actor=None, dry_run=True
    )
    assert report.ok and report.created == 3, report.problems


def test_windows_1252_csv_from_dutch_excel(kvk):
    content = to_csv([row(titel="Cursus ondernemerschap in België (€ 0)")]).encode("cp1252")
    report = import_offers(content=content, filename="excel.csv", actor=None)
    assert report.ok, report.problems
    assert Offer.objects.get().title == "Cursus ondernemerschap in België (€ 0)"


def test_json_list_and_offers_object_with_native_values(kvk):
    item = {
        "kenmerk": "J-1",
        "titel": "JSON-aanbod",
        "samenvatting": "Uit een JSON-bestand.",
        "aanbieder": "kvk",
        "soort": "training",
        "themas": ["arbeidsmarkt", "Digitalisering"],
        "fasen": "kunnen",
        "min_medewerkers": 2,
        "max_medewerkers": 50,
        "kosten": 99.5,
        "structureel": False,
        "gebied": "regio",
        "regios": ["regio-zwolle"],
    }
    make_region("regio-zwolle", municipality_codes=["GM0193"])
    report = import_offers(content=json.dumps([item]).encode(), filename="aanbod.json", actor=None)
    assert report.ok, report.problems
    offer = Offer.objects.get(external_id="J-1")
    assert (offer.min_employees, offer.max_employees) == (2, 50)
    assert offer.cost_eur == Decimal("99.50") and offer.is_structural is False
    assert set(offer.areas.values_list("key", flat=True)) == {"RG:regio-zwolle"}
    item["titel"] = "JSON-aanbod, nieuwe titel"
    report = import_offers(
        content=json.dumps({"offers": [item]}).encode(), filename="x.json", actor=None
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 0)
    assert Offer.objects.get(external_id="J-1").title == "JSON-aanbod, nieuwe titel"


def test_second_import_of_same_file_is_unchanged_and_writes_no_version(kvk, rows):
    content = to_csv(rows).encode()
    first = import_offers(content=content, filename="a.csv", actor=None)
    assert first.created == 3
    versions = OfferVersion.objects.count()
    before = db_state()
    second = import_offers(content=content, filename="a.csv", actor=None)
    assert (second.created, second.updated, second.unchanged) == (0, 0, 3)
    assert OfferVersion.objects.count() == versions
    assert db_state() == before


def test_changed_row_updates_in_place_with_new_version(kvk, rows):
    import_offers(content=to_csv(rows).encode(), filename="a.csv", actor=None)
    offer = Offer.objects.get(external_id="A-2")
    public_id = offer.public_id
    rows[1]["titel"] = "Subsidie Utrecht 2026"
    rows[1]["gebied"] = "nationaal"
    rows[1]["provincies"] = ""
    report = import_offers(content=to_csv(rows).encode(), filename="a.csv", actor=None)
    assert (report.created, report.updated, report.unchanged) == (0, 1, 2)
    offer = Offer.objects.get(external_id="A-2")
    assert offer.public_id == public_id
    assert offer.title == "Subsidie Utrecht 2026"
    assert list(offer.provinces.all()) == []
    assert set(offer.areas.values_list("key", flat=True)) == {"NL"}
    latest = offer.versions.order_by("-number").first()
    assert latest.number == 2
    assert latest.changed_fields == ["provinces", "scope_level", "title"]
    assert latest.snapshot == services.offer_snapshot(offer)


def test_columns_absent_from_file_keep_their_value(kvk):
    offer = make_offer(provider=kvk, external_id="K-1", url="https://example.nl/")
    header = ["kenmerk", "titel", "samenvatting", "soort", "themas", "fasen"]
    content = to_csv([row(kenmerk="K-1", titel="Nieuwe titel")], header=header).encode()
    report = import_offers(content=content, filename="a.csv", actor=None, provider=kvk)
    assert report.updated == 1, report.problems
    offer.refresh_from_db()
    assert offer.title == "Nieuwe titel" and offer.url == "https://example.nl/"


def test_update_matches_offer_by_public_id_without_kenmerk(kvk):
    offer = make_offer(provider=kvk, title="Zonder kenmerk")
    header = ["id", "kenmerk", "titel", "samenvatting", "soort", "themas", "fasen"]
    content = to_csv(
        [row(id=str(offer.public_id), kenmerk="", titel="Met id bijgewerkt")], header=header
    ).encode()
    report = import_offers(content=content, filename="a.csv", actor=None, provider=kvk)
    assert (report.created, report.updated) == (0, 1), report.problems
    assert Offer.objects.get(pk=offer.pk).title == "Met id bijgewerkt"


def test_dry_run_counts_but_writes_nothing(kvk, rows):
    before = db_state()
    report = import_offers(
        content=to_csv(rows).encode(), filename="a.csv", actor=None, dry_run=True
    )
    assert report.ok and report.dry_run
    assert report.created == 3
    assert db_state() == before


def test_one_bad_row_means_nothing_is_written_and_every_problem_is_listed(kvk, rows):
    rows.append(row(kenmerk="A-4", themas="digitalisering|ruimtevaart", geldig_tot="31/13/2026"))
    rows.append(row(kenmerk="A-1"))  # duplicate of the first row
    before = db_state()
    report = import_offers(content=to_csv(rows).encode(), filename="a.csv", actor=None)
    assert not report.ok
    assert db_state() == before
    found = {(p.row, p.field) for p in report.problems}
    assert {(5, "themas"), (5, "geldig_tot"), (6, "kenmerk")} <= found
    messages = " ".join(p.message for p in report.problems)
    assert "'ruimtevaart'" in messages and "digitalisering" in messages  # lists allowed codes
    assert "DD-MM-JJJJ" in messages or "bestaat niet" in messages
    assert "staat ook in rij 2" in messages


def test_cross_field_rules_are_the_services_rules(kvk):
    content = to_csv(
        [row(geldig_vanaf="2026-06-01", geldig_tot="2026-01-01", gebied="provincie")]
    ).encode()
    report = import_offers(content=content, filename="a.csv", actor=None)
    messages = {(p.field, p.message) for p in report.problems}
    assert ("geldig_tot", "De einddatum ligt voor de begindatum.") in messages
    assert ("provincies", "Kies minstens één provincie.") in messages


def test_editor_imports_into_own_organisation_only(kvk, rows):
    other = make_organisation("rvo", name="RVO")
    editor = make_user(Role.PROVIDER_EDITOR, organisation=kvk)
    before = db_state()
    # Uploading for another organisation is refused as a whole.
    report = import_offers(
        content=to_csv(rows).encode(), filename="a.csv", actor=editor, provider=other
    )
    assert not report.ok and "RVO" in report.problems[0].message
    # A row naming another provider in the editor's own upload is a problem.
    rows[1]["aanbieder"] = "rvo"
    report = import_offers(
        content=to_csv(rows).encode(), filename="a.csv", actor=editor, provider=kvk
    )
    assert [(p.row, p.field) for p in report.problems] == [(3, "aanbieder")]
    assert db_state() == before
    rows[1]["aanbieder"] = ""
    report = import_offers(
        content=to_csv(rows).encode(), filename="a.csv", actor=editor, provider=kvk
    )
    assert report.created == 3
    assert OfferVersion.objects.filter(changed_by=editor).count() == 3


def test_editor_without_provider_argument_cannot_write_other_organisations_rows(kvk, rows):
    make_organisation("rvo", name="RVO")
    editor = make_user(Role.PROVIDER_EDITOR, organisation=kvk)
    rows[2]["aanbieder"] = "rvo"
    report = import_offers(content=to_csv(rows).encode(), filename="a.csv", actor=editor)
    assert [(p.row, p.field) for p in report.problems] == [(4, "aanbieder")]
    assert Offer.objects.count() == 0


def test_formula_looking_text_is_refused_unless_quoted(kvk):
    report = import_offers(
        content=to_csv([row(titel='=HYPERLINK("http://x")')]).encode(), filename="a.csv", actor=None
    )
    assert [(p.row, p.field) for p in report.problems] == [(2, "titel")]
    report = import_offers(
        content=to_csv([row(titel="'=dit is tekst")]).encode(), filename="a.csv", actor=None
    )
    assert report.ok
    assert Offer.objects.get().title == "=dit is tekst"


def test_progress_is_reported(kvk):
    many = [row(kenmerk=f"P-{i}", titel=f"Aanbod {i}") for i in range(2500)]
    calls = []
    report = import_offers(
        content=to_csv(many).encode(),
        filename="a.csv",
        actor=None,
        progress=lambda done, total: calls.append((done, total)),
    )
    assert report.created == 2500
    assert calls[:2] == [(1000, 2500), (2000, 2500)] and calls[-1] == (2500, 2500)


def test_command_line_import_prints_progress_summary_and_problems(kvk, rows, tmp_path, capsys):
    path = tmp_path / "aanbod.csv"
    path.write_text(to_csv(rows * 1), encoding="utf-8")
    call_command("import_offers", str(path), "--dry-run")
    out = capsys.readouterr().out
    assert "Alleen gecontroleerd" in out and "nieuw: 3" in out
    assert Offer.objects.count() == 0
    call_command("import_offers", str(path))
    assert "nieuw: 3, bijgewerkt: 0, ongewijzigd: 0" in capsys.readouterr().out
    many = [row(kenmerk=f"P-{i}") for i in range(1200)]
    path.write_text(to_csv(many), encoding="utf-8")
    call_command("import_offers", str(path), "--provider", "kvk")
    out = capsys.readouterr().out
    assert "1000 van 1200 rijen gecontroleerd" in out and "nieuw: 1200" in out
    path.write_text(to_csv([row(soort="onzin")]), encoding="utf-8")
    with pytest.raises(CommandError, match="niets opgeslagen"):
        call_command("import_offers", str(path))
    assert "rij 2, kolom soort: Onbekend in soort: 'onzin'" in capsys.readouterr().err


def test_bulk_save_offers_for_other_apps(kvk):
    data = {
        "external_id": "B-1",
        "title": "Via bulk",
        "summary": "Samenvatting.",
        "offer_type": services.terms_by_code("offer_type", ["advies"])[0],
        "themes": services.terms_by_code("theme", ["innovatie"]),
        "journey_phases": services.terms_by_code("journey_phase", ["weten"]),
    }
    result = bulk.save_offers([bulk.OfferInput(provider=kvk, data=data)])
    offer = Offer.objects.get(pk=result.created[0])
    assert offer.versions.get().snapshot == services.offer_snapshot(offer)
    with pytest.raises(bulk.BulkValidationError) as error:
        bulk.save_offers([bulk.OfferInput(provider=kvk, data={**data, "themes": []})])
    assert error.value.problems[0].field == "themes"
    again = bulk.save_offers([bulk.OfferInput(provider=kvk, data=data)])
    assert again.unchanged == [offer.pk]


def test_bulk_refuses_two_inputs_ending_with_the_same_external_id(kvk):
    existing = make_offer(provider=kvk, external_id="E-1")
    data = {
        "external_id": "E-2",
        "title": "Nieuw",
        "summary": "Samenvatting.",
        "offer_type": services.terms_by_code("offer_type", ["advies"])[0],
        "themes": services.terms_by_code("theme", ["innovatie"]),
        "journey_phases": services.terms_by_code("journey_phase", ["weten"]),
    }
    items = [
        bulk.OfferInput(provider=kvk, data=data),
        # Renames the existing offer to the external id the first input creates.
        bulk.OfferInput(provider=kvk, data={"external_id": "E-2"}, public_id=existing.public_id),
    ]
    with pytest.raises(bulk.BulkValidationError) as error:
        bulk.save_offers(items)
    assert [(p.index, p.field) for p in error.value.problems] == [(1, "external_id")]
    assert Offer.objects.count() == 1


def test_impact_columns_are_read_kept_when_empty_and_checked(kvk):
    header = [*HEADER, "impact_gemeten", "impact_toelichting"]
    measured = row(impact_gemeten="ja", impact_toelichting="Evaluatie door de provincie, 2025")
    report = import_offers(
        content=to_csv([measured], header=header).encode(), filename="a.csv", actor=None
    )
    assert report.ok, report.problems
    offer = Offer.objects.get(external_id="A-1")
    assert offer.has_impact_data is True
    assert offer.impact_note == "Evaluatie door de provincie, 2025"
    assert OfferVersion.objects.get(offer=offer).snapshot["has_impact_data"] is True
    # An empty cell means "not given": the recorded value stays.
    again = row(titel="Nieuwe titel", impact_gemeten="", impact_toelichting="")
    report = import_offers(
        content=to_csv([again], header=header).encode(), filename="a.csv", actor=None
    )
    assert report.updated == 1, report.problems
    offer.refresh_from_db()
    assert (offer.has_impact_data, offer.impact_note) == (True, "")
    before = db_state()
    report = import_offers(
        content=to_csv([row(impact_gemeten="misschien")], header=header).encode(),
        filename="a.csv",
        actor=None,
    )
    assert [(p.row, p.field) for p in report.problems] == [(2, "impact_gemeten")]
    assert "ja of nee" in report.problems[0].message
    assert db_state() == before
