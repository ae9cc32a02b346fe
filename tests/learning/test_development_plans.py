"""Development plans per region (REQUIREMENTS G5) and the escalation route to the steering group
(G8): the plan, its actions per kansenkaart, whether the team at the table is aligned with it,
adoption, and a stuck action answered by a steering-group decision."""

import datetime
import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from scharnier.learning import development_plans as plans
from scharnier.learning import governance, reports, services
from scharnier.learning.models import (
    DevelopmentAction,
    DevelopmentPlan,
    GovernanceDecision,
)
from scharnier.monitoring.queries import half_year
from scharnier.organisations.models import OrganisationKind, RegionalRoleKind, Role
from scharnier.organisations.services import set_regional_role
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year
PLAN = {"first_year": YEAR, "last_year": YEAR + 1, "ambition": "Meer ondernemers bereiken."}


class World:
    def __init__(self) -> None:
        self.zwolle = make_region("regio-zwolle", name="Regio Zwolle")
        self.breda = make_region("regio-breda", name="Regio Breda", municipality_codes=())
        self.director = make_user(Role.REGIONAL_DIRECTOR, region=self.zwolle, username="dir")
        self.staff = make_user(Role.SCHAKELTEAM_MEMBER, region=self.zwolle, username="team")
        self.other = make_user(Role.REGIONAL_DIRECTOR, region=self.breda, username="breda")
        self.analyst = make_user(Role.NATIONAL_ANALYST, username="analist")
        for user in (self.director, self.staff, self.other, self.analyst):
            user.email = f"{user.username}@example.org"
            user.save(update_fields=["email"])
        self.kvk = make_organisation("kvk", kind=OrganisationKind.UITVOERINGSORGANISATIE)
        self.gemeente = make_organisation("gemeente-zwolle", kind=OrganisationKind.GEMEENTE)
        self.bank = make_organisation("rabobank")
        self.outsider = make_organisation("adviesbureau")
        for organisation, role in (
            (self.kvk, RegionalRoleKind.CORE_PARTNER),
            (self.gemeente, RegionalRoleKind.LEAD),
            (self.bank, RegionalRoleKind.NODE),
        ):
            set_regional_role(region=self.zwolle, organisation=organisation, role=role)

    def plan(self, **data) -> DevelopmentPlan:
        return plans.save_plan(actor=self.staff, region=self.zwolle, data={**PLAN, **data})

    def action(self, plan, **data) -> DevelopmentAction:
        values = {
            "kansenkaart": "kk1",
            "text": "Elke maand een ontbijt op een bedrijventerrein.",
            "lead": self.gemeente,
            "due": datetime.date(plan.last_year, 6, 30),
            "status": "gepland",
        }
        return plans.save_action(actor=self.staff, plan=plan, data={**values, **data})


@pytest.fixture
def world():
    return World()


def test_a_plan_is_checked_refused_in_dutch_and_adopted_only_by_the_director(world):
    for data, field, message in (
        ({"ambition": "  "}, "ambition", "Schrijf op wat de regio met dit plan wil bereiken."),
        ({"first_year": 2020}, "first_year", "Kies een jaar van 2023"),
        ({"last_year": YEAR - 1}, "last_year", "Het laatste jaar ligt voor het eerste jaar."),
        ({"last_year": YEAR + 5}, "last_year", "Een plan loopt hoogstens 5 jaar."),
        ({"first_year": None}, "first_year", "Vul het eerste jaar van het plan in."),
        ({"ambition": "<script>x</script>"}, "ambition", "HTML"),
        ({"support_needed": "x" * 4001}, "support_needed", "hoogstens 4.000 tekens"),
    ):
        with pytest.raises(ValidationError) as error:
            world.plan(**data)
        assert message.lower() in " ".join(error.value.message_dict[field]).lower(), data
    assert not DevelopmentPlan.objects.exists()
    for user in (world.other, world.analyst, None):
        with pytest.raises(PermissionDenied):
            plans.save_plan(actor=user, region=world.zwolle, data=PLAN)
    plan = world.plan()
    with pytest.raises(ValidationError) as error:
        world.plan(first_year=YEAR + 1, last_year=YEAR + 2)
    assert "al een plan voor" in error.value.message_dict["first_year"][0]
    with pytest.raises(ValidationError, match="zonder acties"):
        plans.adopt_plan(actor=world.director, plan=plan)
    world.action(plan)
    with pytest.raises(PermissionDenied):
        plans.adopt_plan(actor=world.staff, plan=plan)
    plans.adopt_plan(actor=world.director, plan=plan)
    plan.refresh_from_db()
    assert plan.is_adopted and plan.adopted_on == TODAY and plan.adopted_by == world.director
    # The overview: a plan counts in the years of its period only.
    rows = {row.region.slug: row for row in plans.overview(YEAR + 1)}
    assert rows["regio-zwolle"].plan == plan and rows["regio-breda"].plan is None
    assert rows["regio-zwolle"].progress.total == 1
    assert not rows["regio-zwolle"].alignment.aligned  # KvK at the table without an action
    assert [row.plan for row in plans.overview(YEAR + 2)] == [None, None]
    with pytest.raises(ValidationError, match="vastgesteld"):
        plans.save_plan(actor=world.staff, region=world.zwolle, data=PLAN, plan=plan)
    # Actions stay up to date after adoption: the plan lives.
    world.action(plan, kansenkaart="kk2", text="Een formulier voor alle vragen.")
    plans.reopen_plan(actor=world.director, plan=plan)
    changed = plans.save_plan(
        actor=world.staff, region=world.zwolle, data={**PLAN, "ambition": "Anders."}, plan=plan
    )
    assert changed.ambition == "Anders." and not changed.is_adopted
    assert DevelopmentPlan.objects.count() == 1


def test_actions_show_whether_the_team_at_the_table_is_aligned(world):
    plan = world.plan()
    for data, field in (
        ({"kansenkaart": "kk9"}, "kansenkaart"),
        ({"text": ""}, "text"),
        ({"text": "<b>vet</b>"}, "text"),
        ({"due": datetime.date(YEAR - 1, 12, 31)}, "due"),
        ({"due": datetime.date(YEAR + 2, 1, 1)}, "due"),
        ({"status": "misschien"}, "status"),
        ({"status": "vastgelopen", "progress": "Geen afspraak."}, "obstacle"),
        ({"status": "vastgelopen", "obstacle": "gegevensdeling"}, "progress"),
    ):
        with pytest.raises(ValidationError) as error:
            world.action(plan, **data)
        assert field in error.value.message_dict, data
    assert not plan.actions.exists()
    first = world.action(plan)
    world.action(plan, kansenkaart="kk2", lead=world.outsider, text="Spreekuren in elke gemeente.")
    late = world.action(
        plan, kansenkaart="kk5", lead=None, due=datetime.date(YEAR, 1, 1), text="Gegevens delen."
    )
    actions = plans.actions_of(plan)
    alignment = plans.team_alignment(plan, actions)
    # The adviser leads without a seat; KvK sits without an action; the bank is a node, not
    # part of the team; kk6 (accent of the regions) has no action; one action has no lead.
    assert alignment.leads_not_at_table == [world.outsider]
    assert [r.organisation for r in alignment.seats_without_action] == [world.kvk]
    assert [code for code, _ in alignment.accent_without_action] == ["kk6"]
    assert alignment.actions_without_lead == 1 and not alignment.aligned
    progress = plans.progress(actions)
    assert (progress.total, progress.done, progress.late) == (3, 0, int(TODAY > late.due))
    done = plans.save_action(
        actor=world.staff,
        plan=plan,
        action=first,
        data={**{n: getattr(first, n) for n in plans.ACTION_FIELDS}, "status": "klaar"},
    )
    assert done.done_on == TODAY
    again = plans.save_action(
        actor=world.staff,
        plan=plan,
        action=first,
        data={**{n: getattr(first, n) for n in plans.ACTION_FIELDS}, "status": "bezig"},
    )
    assert again.done_on is None
    cards = {c.code: c for c in plans.by_kansenkaart(plans.actions_of(plan))}
    assert list(cards) == ["kk1", "kk2", "kk3", "kk4", "kk5", "kk6"]
    assert cards["kk6"].accent and not cards["kk3"].accent and not cards["kk6"].actions
    with pytest.raises(PermissionDenied):
        plans.save_action(actor=world.other, plan=plan, data={})
    plans.remove_action(actor=world.staff, action=late)
    assert plan.actions.count() == 2


def test_a_stuck_action_goes_to_the_steering_group_whose_decision_answers_it(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    plan = world.plan()
    action = world.action(
        plan,
        kansenkaart="kk5",
        status="vastgelopen",
        obstacle="gegevensdeling",
        progress="De gemeenten delen geen gegevens zonder afspraak.",
    )
    question = "Kan de stuurgroep één afspraak voor het delen van gegevens vaststellen?"
    with pytest.raises(ValidationError, match="concept"):
        plans.escalate_action(actor=world.director, action=action, question=question)
    plans.adopt_plan(actor=world.director, plan=plan)
    with pytest.raises(PermissionDenied):
        plans.escalate_action(actor=world.staff, action=action, question=question)
    with pytest.raises(ValidationError, match="zin of twee"):
        plans.escalate_action(actor=world.director, action=action, question="Help ons")
    calm = world.action(plan, kansenkaart="kk6", text="Een leertraject.")
    with pytest.raises(ValidationError, match="Alleen een vastgelopen actie"):
        plans.escalate_action(actor=world.director, action=calm, question=question)
    with django_capture_on_commit_callbacks(execute=True):
        plans.escalate_action(actor=world.director, action=action, question=question)
    assert plans.open_escalations() == [action]
    # The coordination hears of it (and nobody else): the question and a link, one mail each.
    (sent,) = mailoutbox
    assert sent.to == ["analist@example.org"] and "Regio Zwolle" in sent.subject
    assert question in sent.body and "/overleg/#knelpunten" in sent.body
    mailoutbox.clear()
    with pytest.raises(ValidationError, match="al bij de stuurgroep"):
        plans.escalate_action(actor=world.director, action=action, question=question)
    with pytest.raises(ValidationError) as error:
        plans.save_action(
            actor=world.staff,
            plan=plan,
            action=action,
            data={**{n: getattr(action, n) for n in plans.ACTION_FIELDS}, "status": "bezig"},
        )
    assert "ligt bij de stuurgroep" in error.value.message_dict["status"][0]
    with pytest.raises(ValidationError, match="voorgelegd"):
        plans.remove_action(actor=world.staff, action=action)
    # Only a steering group on or after the day it was put answers it; a refused answer leaves
    # no decision behind.
    leads = governance.record_meeting(
        actor=world.analyst, data={"body": "trekkersoverleg", "date": TODAY}
    )
    earlier = governance.record_meeting(
        actor=world.analyst,
        data={"body": "stuurgroep", "date": TODAY - datetime.timedelta(days=1)},
    )
    steering = governance.record_meeting(
        actor=world.analyst, data={"body": "stuurgroep", "date": TODAY}
    )
    for meeting, message in ((leads, "alleen de stuurgroep"), (earlier, "voordat")):
        with pytest.raises(ValidationError) as error:
            governance.add_decision(
                actor=world.analyst, meeting=meeting, text="Besluit.", answers=action
            )
        assert message in error.value.message_dict["answers"][0]
    assert not GovernanceDecision.objects.exists()
    assert plans.escalations_for(leads) == ([], [])
    assert plans.escalations_for(earlier) == ([], [])
    assert plans.escalations_for(steering) == ([action], [])
    assert mailoutbox == []  # refused answers mail nobody
    with django_capture_on_commit_callbacks(execute=True):
        decision = governance.add_decision(
            actor=world.analyst,
            meeting=steering,
            text="KvK maakt één modelafspraak.",
            owner=world.kvk,
            due=TODAY + datetime.timedelta(days=60),
            answers=action,
        )
    assert sorted(m.to[0] for m in mailoutbox) == ["dir@example.org", "team@example.org"]
    assert all("KvK maakt één modelafspraak." in m.body for m in mailoutbox)
    assert all(f"/ontwikkelplan/{plan.public_id}/" in m.body for m in mailoutbox)
    action.refresh_from_db()
    assert action.escalation_decision == decision and not action.is_escalation_open
    assert plans.open_escalations() == [] and plans.answered_escalations(YEAR) == [action]
    assert plans.escalations_for(steering) == ([], [action])
    assert plans.escalations_by_obstacle() == {"gegevensdeling": 1}
    assert plans.escalation_kinds() == [("Gegevens delen tussen organisaties (AVG, afspraken)", 1)]
    # Answered: the team moves on.
    plans.save_action(
        actor=world.staff,
        plan=plan,
        action=action,
        data={**{n: getattr(action, n) for n in plans.ACTION_FIELDS}, "status": "bezig"},
    )


def test_the_pages_for_the_public_the_region_and_the_coordination(world, client):
    base = "/regio/regio-zwolle/ontwikkelplan/"
    page = client.get(base).content.decode()
    assert "nog geen vastgesteld ontwikkelplan" in page and "beginnen" not in page
    assert client.get(f"{base}nieuw/").status_code == 302
    client.force_login(world.other)
    assert client.get(f"{base}nieuw/").status_code == 403
    client.force_login(world.staff)
    refused = client.post(
        f"{base}nieuw/", {"first_year": "twee", "last_year": YEAR, "ambition": "Groeien."}
    )
    assert refused.status_code == 400
    text = html.unescape(refused.content.decode())
    assert "Vul een heel getal in" in text and "Groeien.</textarea>" in text
    assert not DevelopmentPlan.objects.exists()
    made = client.post(
        f"{base}nieuw/", {"first_year": YEAR, "last_year": YEAR + 1, "ambition": "Groeien."}
    )
    plan = DevelopmentPlan.objects.get()
    detail = f"{base}{plan.public_id}/"
    assert made.status_code == 302 and made.url == detail
    refused = client.post(
        detail,
        {
            "formulier": "actie",
            "actie-kansenkaart": "kk1",
            "actie-text": "Ontbijt op het bedrijventerrein.",
            "actie-lead": "adviesbureau",
            "actie-due": f"{YEAR}-06-30",
            "actie-status": "vastgelopen",
        },
    )
    assert refused.status_code == 400
    text = html.unescape(refused.content.decode())
    assert "Kies waarop de actie is vastgelopen." in text
    assert 'value="Ontbijt op het bedrijventerrein."' in text
    added = client.post(
        detail,
        {
            "formulier": "actie",
            "actie-kansenkaart": "kk1",
            "actie-text": "Ontbijt op het bedrijventerrein.",
            "actie-lead": "adviesbureau",
            "actie-due": f"{YEAR + 1}-06-30",
            "actie-status": "gepland",
        },
    )
    assert added.status_code == 302
    action = DevelopmentAction.objects.get()
    assert action.lead == world.outsider
    page = client.get(detail).content.decode()
    assert "Adviesbureau" in page or "adviesbureau" in page.lower()
    assert "zit niet aan tafel" in page and "Plan vaststellen" not in page  # staff, not director
    # A draft is not public; the schakelteam cannot adopt.
    assert client.post(detail, {"formulier": "vaststellen"}).status_code == 403
    client.logout()
    assert client.get(detail).status_code == 404
    assert "Groeien." not in client.get(base).content.decode()
    client.force_login(world.director)
    client.post(detail, {"formulier": "vaststellen"})
    plan.refresh_from_db()
    assert plan.is_adopted
    asked = client.get(f"{detail}?terug=1").content.decode()
    assert "Weet u zeker dat u het plan terugzet naar concept?" in asked
    client.logout()
    public = client.get(base).content.decode()
    assert "Groeien." in public and "Bijwerken" not in public
    assert "Weet u zeker" not in client.get(f"{detail}?terug=1").content.decode()
    assert "Regio Zwolle" in client.get("/ontwikkelplannen/").content.decode()
    csv = client.get(f"/ontwikkelplannen/?jaar={YEAR}&formaat=csv").content.decode("utf-8-sig")
    assert f"Regio Zwolle;{YEAR}-{YEAR + 1};1;0;0;0;nee" in csv.splitlines()
    assert "Regio Breda;;;;;;" in csv.splitlines()
    assert "Naar het ontwikkelplan" in client.get("/regio/regio-zwolle/").content.decode()
    # The action page: the director marks it stuck and puts it to the steering group.
    client.force_login(world.director)
    action_url = f"{base}acties/{action.public_id}/"
    fields = {
        "formulier": "actie",
        "kansenkaart": "kk1",
        "text": action.text,
        "lead": "adviesbureau",
        "due": f"{YEAR + 1}-06-30",
        "status": "vastgelopen",
        "obstacle": "gegevensdeling",
        "progress": "Geen afspraak over gegevens.",
    }
    assert client.post(action_url, fields).status_code == 302
    short = client.post(action_url, {"formulier": "voorleggen", "stuurgroep-question": "Help"})
    assert short.status_code == 400 and "zin of twee" in html.unescape(short.content.decode())
    question = "Kan de stuurgroep afspreken welke gegevens de partners delen?"
    client.post(action_url, {"formulier": "voorleggen", "stuurgroep-question": question})
    action.refresh_from_db()
    assert action.is_escalation_open
    kept = client.post(action_url, {"formulier": "weghalen"})
    assert kept.status_code == 400 and "blijft daarom in het plan" in kept.content.decode()
    assert DevelopmentAction.objects.filter(pk=action.pk).exists()
    assert client.post(action_url, {"formulier": "iets"}).status_code == 404
    client.force_login(world.staff)
    assert client.post(action_url, {"formulier": "voorleggen"}).status_code == 403
    client.force_login(world.other)
    assert client.get(action_url).status_code == 403
    # The coordination answers it on the steering group's page; the public sees the answer.
    client.force_login(world.analyst)
    meeting = governance.record_meeting(
        actor=world.analyst, data={"body": "stuurgroep", "date": TODAY}
    )
    meeting_url = f"/overleg/{meeting.public_id}/"
    assert question in html.unescape(client.get(meeting_url).content.decode())
    client.post(
        meeting_url,
        {
            "formulier": "besluit",
            "besluit-text": "KvK en VNG maken één afspraak.",
            "besluit-answers": str(action.public_id),
        },
    )
    action.refresh_from_db()
    assert action.escalation_decision.text == "KvK en VNG maken één afspraak."
    client.logout()
    assert "Besluit van de stuurgroep" in client.get(base).content.decode()
    overview = html.unescape(client.get("/overleg/").content.decode())
    assert "KvK en VNG maken één afspraak." in overview
    assert "Gegevens delen tussen organisaties (AVG, afspraken): 1." in overview


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_a_director_keeps_the_plan_on_a_phone(page, live_server, login, world):
    plan = world.plan()
    page.set_viewport_size({"width": 390, "height": 844})
    login(world.director)
    page.goto(f"{live_server.url}/regio/regio-zwolle/ontwikkelplan/{plan.public_id}/")
    assert_accessible_and_fits(page)
    page.get_by_role("button", name="Actie toevoegen").click()
    page.wait_for_load_state()
    assert "Kies bij welke kansenkaart de actie hoort." in page.inner_text("main")
    assert_accessible_and_fits(page)
    page.get_by_label("Kansenkaart", exact=True).select_option("kk2")
    page.get_by_label("Wat gaat het team doen?").fill("Spreekuren in elke gemeente.")
    page.get_by_label("Wie trekt de actie?").select_option("kvk")
    page.get_by_label("Klaar op").fill(f"{YEAR + 1}-03-31")
    page.get_by_role("button", name="Actie toevoegen").click()
    page.wait_for_load_state()
    assert "De actie staat in het plan." in page.inner_text("main")
    page.get_by_role("button", name="Plan vaststellen en openbaar maken").click()
    page.wait_for_load_state()
    assert "Het plan is vastgesteld." in page.inner_text("main")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible_and_fits(page)
    # The half-year report shows the plan; on a phone its wide tables scroll by keyboard too.
    world.action(
        plan,
        kansenkaart="kk5",
        text="Doorverwijzingen en hun resultaat delen tussen gemeenten, KvK en Oost NL.",
    )
    report = services.start_report(
        actor=world.director, region=world.zwolle, period=half_year(TODAY).code
    )
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/rapportages/{report.public_id}/")
    assert "Acties uit het ontwikkelplan" in page.inner_text("main")
    assert_accessible_and_fits(page)


def test_the_half_year_report_says_how_far_the_plan_is(world):
    period = half_year(TODAY).code
    report = services.start_report(actor=world.director, region=world.zwolle, period=period)
    sections = {s["key"]: s for s in reports.build(report)["sections"]}
    assert sections["ontwikkelplan"]["tables"] == []
    assert str(YEAR) in sections["ontwikkelplan"]["empty"]
    plan = world.plan()
    world.action(plan, text="Ontbijt op het bedrijventerrein.")
    stuck = world.action(
        plan,
        kansenkaart="kk5",
        lead=None,
        text="Gegevens delen.",
        status="vastgelopen",
        obstacle="gegevensdeling",
        progress="Geen afspraak.",
    )
    draft = {s["key"]: s for s in reports.build(report)["sections"]}["ontwikkelplan"]
    assert draft["tables"] == []  # a draft plan is not reported
    plans.adopt_plan(actor=world.director, plan=plan)
    plans.escalate_action(
        actor=world.director, action=stuck, question="Kan de stuurgroep hier iets afspreken?"
    )
    section = {s["key"]: s for s in reports.build(report)["sections"]}["ontwikkelplan"]
    assert "0 van 2 acties klaar, 1 vastgelopen" in section["intro"]
    rows = section["tables"][0]["rows"]
    assert rows[0][:3] == ["Kansenkaart 1", "Ontbijt op het bedrijventerrein.", "Gemeente Zwolle"]
    assert rows[1][2] == "-" and "Voorgelegd aan de stuurgroep op" in rows[1][3]
