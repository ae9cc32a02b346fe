"""Half-year reports: pre-filled figures with metric codes and versions, the workflow, the
freeze (byte-identical after data and definitions change), corrections as new versions, the
national roll-up, and PDF text extracted with pypdf."""

import datetime
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from pypdf import PdfReader

from scharnier.core.errors import Conflict
from scharnier.core.templatetags.core_format import count
from scharnier.geography.models import Municipality
from scharnier.learning import reports, services
from scharnier.learning.models import HalfYearReport, ReportStatus
from scharnier.monitoring import queries as monitoring_queries
from scharnier.monitoring import services as monitoring_services
from scharnier.monitoring.models import OutcomeEventKind
from tests.learning.reports_world import (
    NARRATIVE,
    add_events,
    build_report_world,
    current_period,
    current_period_words,
    publish,
)
from tests.signals.world import MUNICIPALITY_A

pytestmark = pytest.mark.django_db


def _pdf_text(data: bytes) -> str:
    """All pages' text with every run of white space as one space (table cells wrap)."""
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    return " ".join(text.split())


@pytest.fixture
def world():
    return build_report_world()


def test_draft_is_prefilled_from_the_registry_with_codes_and_versions(world):
    add_events(7)
    report = services.start_report(
        actor=world.user("regisseur_a"), region=world.regions["a"], period=current_period()
    )
    doc = reports.build(report)
    keys = [s["key"] for s in doc["sections"]]
    assert keys == [
        "verhaal", "trechter", "bereik", "resultaatafspraken", "ontwikkelplan", "doorverwijzingen",
        "tevredenheid", "aanbod", "interventies", "signalen", "verhalen", "visitaties",
        "zelfanalyse",
    ]  # fmt: skip
    figures = {f["code"]: f for s in doc["sections"] for f in s.get("figures", [])}
    assert figures["questions"]["display"] == "7" and figures["questions"]["version"] == 1
    assert figures["firms-reached"]["display"] == "7"
    assert "firms-reached@v1" in doc["metric_versions"]
    html = reports.render_html(doc, draft=True).decode()
    assert html.count("<h1>") == 1 and "Concept." in html and "questions@v1" in html
    # The definitions used, in words; the codes only in the machine-readable attributes.
    footer = html.split("<footer>")[1]
    assert "@v" not in footer
    assert "Vragen per ingang (versie 1 van de definitie, geldig vanaf 1 januari 2024)" in footer
    assert "Code en versie" not in html and 'data-kengetal="questions@v1"' in html
    assert "<h3></h3>" not in html
    assert "Er is nog geen vastgestelde zelfanalyse." in html
    # The region's target, written the Dutch way.
    assert f"<td>{count(monitoring_queries.region_target(world.regions['a']))}</td>" in html


def test_small_counts_are_shown_as_less_than_five(world):
    add_events(3)
    report = services.start_report(
        actor=world.user("regisseur_a"), region=world.regions["a"], period=current_period()
    )
    doc = reports.build(report)
    figures = {f["code"]: f for s in doc["sections"] for f in s.get("figures", [])}
    assert figures["questions"]["display"] == "<5" and figures["questions"]["value"] is None


def test_workflow_needs_narrative_and_four_eyes(world):
    director = world.user("regisseur_a")
    report = services.start_report(
        actor=director, region=world.regions["a"], period=current_period()
    )
    with pytest.raises(Conflict):
        services.start_report(actor=director, region=world.regions["a"], period=current_period())
    with pytest.raises(ValidationError) as error:
        services.submit_report(actor=director, report=report)
    assert set(error.value.message_dict) == {"progress", "lessons", "next_steps"}
    services.save_report(actor=director, report=report, data=NARRATIVE)
    services.submit_report(actor=director, report=report)
    with pytest.raises(PermissionDenied):
        services.approve_report(actor=director, report=report)  # never one's own
    with pytest.raises(PermissionDenied):
        services.publish_report(actor=director, report=report)  # not approved yet
    services.return_report(actor=world.user("regisseur_a2"), report=report)
    assert report.status == ReportStatus.DRAFT
    services.submit_report(actor=director, report=report)
    services.approve_report(actor=world.user("regisseur_a2"), report=report)
    published = services.publish_report(actor=director, report=report)
    assert published.status == ReportStatus.PUBLISHED
    with pytest.raises(PermissionDenied):
        services.save_report(actor=director, report=published, data={"lessons": "Anders"})


def test_published_report_is_immutable(world, client):
    add_events(8)
    report = publish(world)
    html, pdf, snapshot = bytes(report.html), bytes(report.pdf), report.snapshot
    assert hashlib.sha256(html).hexdigest() == report.html_sha256
    assert hashlib.sha256(pdf).hexdigest() == report.pdf_sha256
    # The underlying data changes: more events (rollups refresh) ...
    add_events(20, start=100)
    add_events(6, start=200, kind=OutcomeEventKind.SCAN_COMPLETED)
    # ... and a new version of a metric definition is published.
    admin = world.user("beheerder")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    monitoring_services.revise_metric_definition(
        actor=admin, code="questions", name="Vragen (nieuwe telling)"
    )
    live = reports.build(HalfYearReport.objects.get(pk=report.pk))
    live_figures = {f["code"]: f for s in live["sections"] for f in s.get("figures", [])}
    assert live_figures["questions"]["display"] == "28"
    assert live_figures["questions"]["version"] == 2  # proof that the world really changed
    stored = HalfYearReport.objects.get(pk=report.pk)
    assert bytes(stored.html) == html and bytes(stored.pdf) == pdf and stored.snapshot == snapshot
    served = client.get(f"/rapportages/{report.public_id}/")
    assert served.content == html
    assert served["X-Content-SHA256"] == report.html_sha256
    assert client.get(f"/rapportages/{report.public_id}/rapport.pdf").content == pdf
    frozen = {f["code"]: f for s in snapshot["sections"] for f in s.get("figures", [])}
    assert frozen["questions"]["display"] == "8" and frozen["questions"]["version"] == 1
    assert "questions@v1" in html.decode() and "questions@v2" not in html.decode()


def test_pdf_holds_the_headings_and_figures(world):
    add_events(9)
    report = publish(world)
    text = _pdf_text(bytes(report.pdf))
    assert f"Halfjaarrapportage Regio A, {current_period_words()}" in text
    for heading in (
        "Voortgang, lessen en volgende stappen",
        "Bereikt, geactiveerd, ondersteund",
        "Doorverwijzingen, acceptatie en resultaat",
        "Mkb-gemeenschappen, signalen en antwoorden",
        "Visitaties en open acties",
    ):
        assert heading in text
    assert "Vragen per ingang" in text and "@v1" not in text
    assert "versie 1 van de definitie" in text
    assert NARRATIVE["lessons"] in text


def test_correction_is_a_new_version_and_the_old_one_says_it_was_replaced(world, client):
    add_events(8)
    first = publish(world)
    director = world.user("regisseur_a")
    correction = services.correct_report(actor=director, report=first)
    assert correction.version == 2 and correction.status == ReportStatus.DRAFT
    with pytest.raises(PermissionDenied):
        services.correct_report(actor=director, report=first)  # one correction at a time
    with pytest.raises(ValidationError) as error:
        services.submit_report(actor=director, report=correction)
    assert "correction_note" in error.value.message_dict
    services.save_report(
        actor=director, report=correction, data={"correction_note": "Tikfout in de lessen."}
    )
    services.submit_report(actor=director, report=correction)
    services.approve_report(actor=world.user("beheerder"), report=correction)
    services.publish_report(actor=director, report=correction)
    old = client.get(f"/rapportages/{first.public_id}/").content.decode()
    assert "Deze versie is vervangen door versie 2." in old
    assert f"/rapportages/{correction.public_id}/" in old
    new = client.get(f"/rapportages/{correction.public_id}/").content.decode()
    assert "deze vervangt versie 1" in new and "Tikfout in de lessen." in new
    # The stored bytes of version 1 never changed.
    assert HalfYearReport.objects.get(pk=first.pk).html_sha256 == first.html_sha256
    archive = client.get("/rapportages/").content.decode()
    assert "vervangen door versie 2" in archive


def test_national_rollup_from_published_regional_reports(world):
    add_events(8)
    publish(world, "a")
    analyst = world.user("landelijk_analist")
    national = services.start_report(actor=analyst, region=None, period=current_period())
    doc = reports.build(national)
    sections = {s["key"]: s for s in doc["sections"]}
    figures = {f["code"]: f for f in sections["landelijk"]["figures"]}
    assert figures["questions"]["display"] == "8" and figures["questions"]["versions"] == [1]
    assert sections["ontbrekend"]["tables"][0]["rows"] == [["Regio B"]]
    assert sections["lessen"]["entries"][0]["title"] == "Regio A"
    assert sections["lessen"]["entries"][0]["paragraphs"] == [NARRATIVE["lessons"]]
    services.save_report(actor=analyst, report=national, data=NARRATIVE)
    services.submit_report(actor=analyst, report=national)
    with pytest.raises(PermissionDenied):
        services.approve_report(actor=analyst, report=national)
    services.approve_report(actor=world.user("analist_2"), report=national)
    published = services.publish_report(actor=analyst, report=national)
    text = _pdf_text(bytes(published.pdf))
    assert f"Halfjaarrapportage Nederland, {current_period_words()}" in text
    assert "Regio's zonder gepubliceerde rapportage" in text and "Regio B" in text


def test_rates_are_not_added_up_but_shown_as_a_range():
    a = {"code": "nps", "version": 1, "name": "NPS", "unit": "score (-100 tot 100)",
         "value": 20, "display": "20"}  # fmt: skip
    combined = reports._combine("nps", [a, {**a, "value": 40, "display": "40"}])
    assert combined["value"] is None and combined["display"] == "van 20 tot 40"
    counts = {"code": "questions", "version": 1, "name": "Vragen", "unit": "vragen",
              "value": 6, "display": "6"}  # fmt: skip
    assert reports._combine("questions", [counts, counts])["display"] == "12"
    hidden = {**counts, "value": None, "display": "<5"}
    assert reports._combine("questions", [counts, hidden])["value"] is None
    other_version = {**counts, "version": 2}
    mixed = reports._combine("questions", [counts, other_version])
    assert "versies verschillen" in mixed["display"]


def test_report_shows_the_regions_result_agreements_against_the_figures(world):
    add_events(7)
    period = current_period()
    region = world.regions["a"]
    report = services.start_report(actor=world.user("regisseur_a"), region=region, period=period)
    empty = {s["key"]: s for s in reports.build(report)["sections"]}["resultaatafspraken"]
    assert not empty["tables"] and "nog geen resultaatafspraken" in empty["empty"]
    monitoring_services.save_result_agreement(
        actor=world.user("regisseur_a"),
        region=region,
        year=int(period[:4]),
        targets={"firms-reached": monitoring_services.AgreedValues(target=400)},
        parties=[world.base.organisations["organiser"]],
    )
    section = {s["key"]: s for s in reports.build(report)["sections"]}["resultaatafspraken"]
    (table,) = section["tables"]
    (row,) = table["rows"]
    assert row[0] == "Bereikte bedrijven" and row[2] == "400"
    assert row[3] == "7" and row[4] == "versie 1"
    assert world.base.organisations["organiser"].name in section["intro"]
    html = reports.render_html(reports.build(report), draft=True).decode()
    assert "Resultaatafspraken" in html and "<td>versie 1</td>" in html


def test_community_participations_and_signals_are_in_the_report_and_add_up_nationally(world):
    """Kansenkaart 1 counts entrepreneurs active in communities: the report carries the
    participations of held meetings and the signals raised, and the roll-up adds them."""
    region_a = monitoring_queries.Scope("region", region=world.regions["a"])
    period = monitoring_queries.parse_period(current_period())
    before = monitoring_queries.figures(region_a, period)["community-participations"].value
    municipality = Municipality.objects.get(code=MUNICIPALITY_A)
    for i, participants in enumerate((12, 9)):
        monitoring_services.record_outcome_event(
            kind=OutcomeEventKind.MEETING_HELD,
            source=("test.meeting", str(i)),
            municipality=municipality,
            quantity=participants,
        )
    add_events(6, kind=OutcomeEventKind.SIGNAL_RAISED)
    report = publish(world, "a")
    sections = {s["key"]: s for s in report.snapshot["sections"]}
    community = {f["code"]: f for f in sections["signalen"]["figures"]}
    assert community["community-participations"]["value"] == before + 21
    assert community["signals-raised"]["display"] == "6"
    pdf_text = _pdf_text(bytes(report.pdf)).replace("- ", "-")  # cells wrap after a hyphen
    assert "Deelnames aan mkb-gemeenschappen" in pdf_text
    national = services.start_report(
        actor=world.user("landelijk_analist"), region=None, period=current_period()
    )
    rolled = {f["code"]: f for f in reports.build(national)["sections"][1]["figures"]}
    assert rolled["community-participations"]["value"] == before + 21
    assert rolled["signals-raised"]["display"] == "6"


def test_dates_and_half_years_are_written_in_words(world):
    add_events(5)
    report = publish(world, "a")
    doc = report.snapshot
    months = ("januari", "juli")
    assert doc["period"]["start"].startswith("1 ") and doc["period"]["start"].split()[1] in months
    assert doc["published_at"].split()[1] in (
        "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
        "september", "oktober", "november", "december",
    )  # fmt: skip
    html = bytes(report.html).decode()
    assert f"{current_period_words().capitalize()}: van 1 " in html
    assert current_period() not in doc["title"]


def test_the_region_page_names_the_report_by_its_half_year_in_words(world, client):
    add_events(5)
    report = publish(world, "a")
    page = client.get(f"/regio/{world.regions['a'].slug}/").content.decode()
    listed = page.split('id="rapportages"')[1].split("</ul>")[0]
    assert f">{current_period_words().capitalize()}</a>" in listed
    assert current_period() not in listed and "versie" not in listed
    assert f"/rapportages/{report.public_id}/" in listed


def test_opening_a_half_year_that_has_a_draft_opens_that_draft(world, client):
    """'Rapportage openen' for a half-year with a report in the making goes to that report,
    without an error; a published one still says a correction is the way."""
    director = world.user("regisseur_a")
    draft = services.start_report(
        actor=director, region=world.regions["a"], period=current_period()
    )
    client.force_login(director)
    response = client.post("/rapportages/", {"scope": "regio-a", "period": current_period()})
    assert response.status_code == 302
    assert response["Location"] == f"/rapportages/{draft.public_id}/bewerken/"
    page = client.get(response["Location"]).content.decode()
    assert "al een rapportage in de maak" not in page
    assert HalfYearReport.objects.filter(region=world.regions["a"]).count() == 1
    HalfYearReport.objects.filter(pk=draft.pk).update(status=ReportStatus.PUBLISHED)
    refused = client.post("/rapportages/", {"scope": "regio-a", "period": current_period()})
    assert refused.status_code == 200 and "al gepubliceerd" in refused.content.decode()


def _events_on(day: datetime.date, n: int, start: int) -> None:
    municipality = Municipality.objects.get(code=MUNICIPALITY_A)
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    for i in range(start, start + n):
        monitoring_services.record_outcome_event(
            kind=OutcomeEventKind.QUESTION_RECEIVED,
            source=("test.question", str(i)),
            municipality=municipality,
            door="site",
            occurred_at=moment,
        )


def test_a_first_half_reports_agreements_stop_at_its_end_with_its_own_definitions(world):
    """The 'Stand' of a first-half report counts nothing of the second half, and uses the same
    definition version as the report's other figures, not a version valid only later."""
    year = timezone.localdate().year - 1
    _events_on(datetime.date(year, 3, 1), 6, start=0)
    _events_on(datetime.date(year, 9, 1), 7, start=100)
    admin = world.user("beheerder")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    monitoring_services.revise_metric_definition(
        actor=admin,
        code="firms-reached",
        name="Bereikte bedrijven (nieuwe telling)",
        valid_from=datetime.date(year, 10, 1),
    )
    region = world.regions["a"]
    monitoring_services.save_result_agreement(
        actor=world.user("regisseur_a"),
        region=region,
        year=year,
        targets={"firms-reached": monitoring_services.AgreedValues(target=400)},
        parties=[world.base.organisations["organiser"]],
    )
    report = services.start_report(
        actor=world.user("regisseur_a"), region=region, period=f"{year}-H1"
    )
    sections = {s["key"]: s for s in reports.build(report)["sections"]}
    reached = {f["code"]: f for f in sections["trechter"]["figures"]}["firms-reached"]
    assert (reached["display"], reached["version"]) == ("6", 1)
    (table,) = sections["resultaatafspraken"]["tables"]
    (row,) = table["rows"]
    assert row == ["Bereikte bedrijven", "niet vastgelegd", "400", "6", "versie 1"]
    assert table["caption"].endswith(f"tot en met 30 juni {year}")
    second_half = services.start_report(
        actor=world.user("regisseur_a"), region=region, period=f"{year}-H2"
    )
    sections = {s["key"]: s for s in reports.build(second_half)["sections"]}
    (row,) = sections["resultaatafspraken"]["tables"][0]["rows"]
    assert row[0] == "Bereikte bedrijven (nieuwe telling)"
    assert row[3:] == ["13", "versie 2"]  # the whole year, as the rest of this report


def test_report_page_title_carries_the_site_name(world, client):
    report = services.start_report(
        actor=world.user("regisseur_a"), region=world.regions["a"], period=current_period()
    )
    client.force_login(world.user("regisseur_a"))
    html = client.get(f"/rapportages/{report.public_id}/").content.decode()
    title = html.split("<title>")[1].split("</title>")[0]
    assert title == (
        f"Halfjaarrapportage Regio A, {current_period_words()} (concept)"
        " - Scharnier, hulp voor ondernemers"
    )
