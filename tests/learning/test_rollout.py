"""The rollout (REQUIREMENTS H1-H3): coverage of the country per wave, what a region minimally
needs ("startklaar", read from what it keeps in Scharnier) and the start package of lessons."""

import datetime

import pytest
from django.utils import timezone

from scharnier.communities.services import save_community
from scharnier.geography.models import Municipality, RegionStatus, RolloutWave
from scharnier.learning import development_plans, rollout, services
from scharnier.learning.models import (
    AssessmentStatus,
    InterventionKind,
    SelfAssessment,
)
from scharnier.monitoring.models import AgreedTarget, ResultAgreement
from scharnier.monitoring.queries import broad_sme_firms_by_municipality
from scharnier.organisations.models import OrganisationKind, RegionalRoleKind, Role
from scharnier.organisations.services import assign_directing_organisation, set_regional_role
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year


def _missing(region) -> list[str]:
    (readiness,) = rollout.readiness_of([region])
    return [check.element.code for check in readiness.missing]


def test_a_region_is_ready_only_with_what_it_keeps_in_scharnier():
    region = make_region("regio-zwolle", name="Regio Zwolle")
    director = make_user(Role.REGIONAL_DIRECTOR, region=region, username="dir")
    everything = [e.code for e in rollout.elements()]
    assert len(everything) == 9
    # The director's account is the one role the region has so far.
    assert _missing(region) == [code for code in everything if code != "regisseur"]
    parties = [
        make_organisation("provincie-overijssel", kind=OrganisationKind.PROVINCIE),
        make_organisation("kvk", kind=OrganisationKind.UITVOERINGSORGANISATIE),
        make_organisation("oost-nl", kind=OrganisationKind.ROM),
        make_organisation("rvo", kind=OrganisationKind.UITVOERINGSORGANISATIE),
        make_organisation("mkb-nederland", kind=OrganisationKind.BRANCHEORGANISATIE),
    ]
    for organisation in parties:
        set_regional_role(region=region, organisation=organisation, role=RegionalRoleKind.LEAD)
    # One required party short: not ready, and the page says which.
    (readiness,) = rollout.readiness_of([region])
    table = readiness.checks[0]
    assert not table.met and "Private partijen" in table.detail
    bank = make_organisation("rabobank", kind=OrganisationKind.PRIVAAT)
    set_regional_role(region=region, organisation=bank, role=RegionalRoleKind.NODE)
    assert "tafel" not in _missing(region) and "trekker" not in _missing(region)
    assign_directing_organisation(
        region=region,
        organisation=parties[1],
        granted_on=datetime.date(YEAR, 1, 15),
        granted_by="de partijen aan tafel",
    )
    (readiness,) = rollout.readiness_of([region])
    regie = readiness.checks[1]
    assert not regie.met and regie.detail == "Kvk, nog geen programmamanager"
    assign_directing_organisation(
        region=region,
        organisation=parties[1],
        granted_on=datetime.date(YEAR, 1, 15),
        granted_by="de partijen aan tafel",
        programme_manager=director,
    )
    assert "regie" not in _missing(region)
    make_user(Role.SCHAKELTEAM_MEMBER, region=region)
    gone = make_user(Role.SCHAKELTEAM_MEMBER, region=region)
    gone.is_active = False
    gone.save()
    assert "schakelteam" in _missing(region)  # one person, and a switched-off account
    make_user(Role.SCHAKELTEAM_MEMBER, region=region)
    assert "schakelteam" not in _missing(region)
    save_community(
        actor=director,
        region=region,
        data={"name": "Ondernemers Hessenpoort", "kind": "plaats", "status": "in-opbouw"},
    )
    assert "communities" in _missing(region)  # being set up is not active yet
    save_community(actor=director, region=region, data={"name": "Bouwkring", "kind": "sector"})
    assert "communities" not in _missing(region)
    plan = development_plans.save_plan(
        actor=director,
        region=region,
        data={"first_year": YEAR - 1, "last_year": YEAR, "ambition": "Meer bereik."},
    )
    development_plans.save_action(
        actor=director,
        plan=plan,
        data={"kansenkaart": "kk1", "text": "Ontbijt.", "due": datetime.date(YEAR, 6, 1)},
    )
    assert "ontwikkelplan" in _missing(region)  # a draft is not a plan yet
    development_plans.adopt_plan(actor=director, plan=plan)
    assert "ontwikkelplan" not in _missing(region)
    agreement = ResultAgreement.objects.create(region=region, year=YEAR - 1)
    AgreedTarget.objects.create(agreement=agreement, metric_code="bereik", target=100)
    empty = ResultAgreement.objects.create(region=region, year=YEAR)
    assert "resultaatafspraken" in _missing(region)  # last year's, and one without targets
    AgreedTarget.objects.create(agreement=empty, metric_code="bereik", target=200)
    assert "resultaatafspraken" not in _missing(region)
    SelfAssessment.objects.create(region=region, round=1, status=AssessmentStatus.DRAFT)
    assert _missing(region) == ["zelfanalyse"]
    SelfAssessment.objects.filter(region=region).update(status=AssessmentStatus.FINAL)
    (readiness,) = rollout.readiness_of([region])
    assert readiness.ready and readiness.met == 9
    assert [c.detail for c in readiness.checks][1:] == [
        "Kvk, met programmamanager",
        "1 persoon",
        "Kvk, Mkb Nederland, Oost Nl, Provincie Overijssel, Rvo",
        "2 personen",
        "1 actief",
        f"{YEAR - 1}-{YEAR}",
        "1 streefwaarde",
        "1 ronde",
    ]


def test_what_is_needed_depends_on_the_stage_and_start_of_the_region(client):
    today = timezone.localdate()
    exploring = make_region("verkennend", status=RegionStatus.EXPLORING)
    starting = make_region("startend", status=RegionStatus.STARTING)
    fresh = make_region("vers", status=RegionStatus.ACTIVE, rollout_wave=RolloutWave.WAVE_LATER)
    old = make_region("oud", status=RegionStatus.ACTIVE, rollout_wave=RolloutWave.FOCUS_2024)
    readiness = {r.region.slug: r for r in rollout.readiness_of([exploring, starting, fresh, old])}
    due = {slug: [c.element.code for c in r.checks if c.due] for slug, r in readiness.items()}
    # Exploring: nothing is needed yet, so nothing is overdue although nothing is there.
    assert due["verkennend"] == [] and readiness["verkennend"].on_track
    assert not readiness["verkennend"].ready
    assert due["startend"] == ["tafel", "regie", "regisseur", "trekker"]
    assert [c.element.code for c in readiness["startend"].later] == [
        "schakelteam",
        "communities",
        "ontwikkelplan",
        "resultaatafspraken",
        "zelfanalyse",
    ]
    # Active without a start date (a later wave, no regie): the first year's review waits.
    assert "schakelteam" in due["vers"] and "zelfanalyse" not in due["vers"]
    # A focus region (2024) is past its first year.
    assert len(due["oud"]) == 9 and len(readiness["oud"].overdue) == 9
    # The date the regie was granted is the start: less than a year ago, no review yet.
    seat = make_organisation("kvk-vers", kind=OrganisationKind.UITVOERINGSORGANISATIE)
    set_regional_role(region=fresh, organisation=seat, role=RegionalRoleKind.LEAD)
    assign_directing_organisation(
        region=fresh, organisation=seat, granted_on=today, granted_by="het regio-overleg"
    )
    assert rollout.stage_reached(fresh, today, today) == 2
    assert rollout.stage_reached(fresh, today - datetime.timedelta(days=366), today) == 3
    assert rollout.stage_reached(fresh, datetime.date(2024, 2, 29), datetime.date(2025, 2, 28))
    page = client.get("/regio/startend/startklaar/").content.decode()
    assert "Bij de opstart" in page and "later nodig" in page
    assert page.count("Nu nodig, nog niet:") == 4 and page.count("Later nodig, nog niet:") == 5
    rollout_page = client.get("/uitrol/").content.decode()
    assert "Op schema" in rollout_page  # the exploring region
    assert "<title>Zwolle: Focusregio 2024</title>" in rollout_page  # the map
    assert "<title>Kampen: nog in geen regio</title>" in rollout_page
    csv = client.get("/uitrol/?formaat=csv").content.decode("utf-8-sig").splitlines()
    (line,) = [row for row in csv if row.startswith("Startend;")]
    assert line.endswith(";nee;nee;nee;nee;later;later;later;later;later")
    package = client.get("/uitrol/startpakket/").content.decode()
    assert package.index("Bij de opstart") < package.index("Na het eerste jaar")
    # The administrator arranges a director for a region without one, on the region's team.
    client.force_login(make_user(Role.ADMINISTRATOR, username="beheer"))
    page = client.get("/regio/startend/startklaar/").content.decode()
    assert 'href="/account/team/regio/startend/"' in page
    team = client.get("/account/team/regio/startend/").content.decode()
    assert "Er is nog niemand in dit team." in team and "<table" not in team


def test_coverage_counts_each_municipality_once_per_wave_and_leaves_stopped_regions_out():
    codes = list(Municipality.objects.order_by("code").values_list("code", flat=True)[:4])
    assert len(codes) == 4
    make_region("focus", municipality_codes=codes[:2], rollout_wave=RolloutWave.FOCUS_2024)
    make_region("tweede", municipality_codes=codes[1:3], rollout_wave=RolloutWave.WAVE_2025)
    make_region(
        "gestopt",
        municipality_codes=codes[3:],
        rollout_wave=RolloutWave.WAVE_2026,
        status=RegionStatus.STOPPED,
    )
    firms = broad_sme_firms_by_municipality(codes)
    waves = {w.wave: w for w in rollout.coverage()}
    focus, second = waves[RolloutWave.FOCUS_2024], waves[RolloutWave.WAVE_2025]
    assert (focus.regions, focus.regions_so_far, focus.aimed_so_far) == (1, 1, 5)
    assert focus.municipalities_so_far == 2
    assert focus.firms_so_far == firms[codes[0]] + firms[codes[1]]
    # The second wave shares a municipality with the first: it counts once.
    assert (second.regions_so_far, second.municipalities_so_far) == (2, 3)
    assert second.firms_so_far == sum(firms[c] for c in codes[:3])
    third = waves[RolloutWave.WAVE_2026]
    assert (third.regions, third.municipalities_so_far) == (0, 3)  # the stopped region
    national = sum(
        broad_sme_firms_by_municipality(
            Municipality.objects.values_list("code", flat=True)
        ).values()
    )
    assert second.share_so_far == pytest.approx(second.firms_so_far / national)
    # The map colours a municipality by the first wave that covers it; a stopped region not.
    first = rollout.first_wave_per_municipality()
    assert first[codes[1]] == RolloutWave.FOCUS_2024 and first[codes[2]] == RolloutWave.WAVE_2025
    assert codes[3] not in first


def test_the_start_package_shows_the_regions_lessons_and_improvements(client):
    region = make_region("regio-zwolle", name="Regio Zwolle")
    director = make_user(Role.REGIONAL_DIRECTOR, region=region, username="dir")
    approver = make_user(Role.ADMINISTRATOR, username="beheer")
    report = services.start_report(actor=director, region=region, period=f"{YEAR - 1}-H2")
    texts = {"progress": "Meer bereik.", "next_steps": "Verder zo."}
    services.save_report(
        actor=director,
        report=report,
        data={**texts, "lessons": "Een vast aanspreekpunt werkt."},
    )
    draft = services.start_report(actor=director, region=region, period=f"{YEAR}-H1")
    services.save_report(actor=director, report=draft, data={"lessons": "Nog geheim."})
    services.submit_report(actor=director, report=report)
    services.approve_report(actor=approver, report=report)
    services.publish_report(actor=director, report=report)
    services.save_intervention(
        actor=director,
        region=region,
        data={
            "kind": InterventionKind.COMBINE,
            "title": "Eén loket voor opvolging",
            "noticeable": "Eén telefoonnummer.",
            "done_on": timezone.localdate(),
        },
    )
    assert [lesson.text for lesson in rollout.lessons()] == ["Een vast aanspreekpunt werkt."]
    page = client.get("/uitrol/startpakket/").content.decode()
    assert "Een vast aanspreekpunt werkt." in page and "Nog geheim." not in page
    assert "Eén loket voor opvolging" in page and "Aanbod gecombineerd" in page
    rollout_page = client.get("/uitrol/").content.decode()
    assert "Regio Zwolle" in rollout_page and "1 van 9" in rollout_page
    csv = client.get("/uitrol/?formaat=csv")
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode("utf-8-sig").splitlines()
    focus = next(line for line in lines if line.startswith("Focusregio 2024;"))
    assert "," in focus.split(";")[-1] and "." not in focus.split(";")[-1]
    assert "Regio;Golf;Fase;De vaste partijen zitten aan tafel" in "\n".join(lines)
    assert "Regio Zwolle;Focusregio 2024;Actief;nee;nee;ja;nee;nee;nee;nee;nee;nee" in lines
    ready = client.get("/regio/regio-zwolle/startklaar/").content.decode()
    assert "Nu nodig, nog niet:" in ready and "Regel dit" not in ready  # only for the director
    client.force_login(director)
    ready = client.get("/regio/regio-zwolle/startklaar/").content.decode()
    assert 'href="/regio/regio-zwolle/partijen/"' in ready
    assert 'href="/account/team/regio/regio-zwolle/"' in ready
    assert "Startklaar" in client.get("/regio/regio-zwolle/").content.decode()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_the_rollout_pages_read_well_on_a_phone(page, live_server):
    make_region("regio-zwolle", name="Regio Zwolle")
    for path in ("/uitrol/", "/uitrol/startpakket/", "/regio/regio-zwolle/startklaar/"):
        for width in (390, 1280):
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(f"{live_server.url}{path}")
            assert_accessible_and_fits(page)
