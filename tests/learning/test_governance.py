"""The programme's governance rhythm (REQUIREMENTS G3; Actieagenda §7): meetings of the steering
group and of the regions' leads, their decisions and actions, and whether the rhythm is kept."""

import datetime
import html

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from scharnier.learning import governance
from scharnier.learning.models import GovernanceBody, GovernanceDecision, GovernanceMeeting
from scharnier.organisations.models import OrganisationKind, Role
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year


def _day(days_ago: int) -> datetime.date:
    """A day this year, `days_ago` before today (or the first of January)."""
    return max(TODAY - datetime.timedelta(days=days_ago), datetime.date(YEAR, 1, 1))


class World:
    def __init__(self) -> None:
        self.analyst = make_user(Role.NATIONAL_ANALYST, username="analist")
        self.zwolle = make_region("regio-zwolle", name="Regio Zwolle")
        self.breda = make_region("regio-breda", name="Regio Breda")
        self.director = make_user(Role.REGIONAL_DIRECTOR, region=self.zwolle, username="dir")
        self.kvk = make_organisation("kvk", kind=OrganisationKind.UITVOERINGSORGANISATIE)

    def meeting(self, body: str, days_ago: int, **data) -> GovernanceMeeting:
        return governance.record_meeting(
            actor=self.analyst, data={"body": body, "date": _day(days_ago), **data}
        )


@pytest.fixture
def world():
    return World()


def test_the_rhythm_counts_what_was_held_this_year_and_who_came(world):
    for days in (3, 2, 1):
        world.meeting(GovernanceBody.STEERING_GROUP, days)
    world.meeting(GovernanceBody.LEADS, 2, regions_present=[world.zwolle, world.breda])
    world.meeting(GovernanceBody.LEADS, 1, regions_present=[world.zwolle])
    # Planned and last year's meetings do not count as held this year.
    governance.record_meeting(
        actor=world.analyst,
        data={"body": "trekkersoverleg", "date": TODAY + datetime.timedelta(days=5)},
    )
    governance.record_meeting(
        actor=world.analyst,
        data={"body": "trekkersoverleg", "date": datetime.date(YEAR - 1, 6, 1)},
    )
    rhythm = governance.rhythm(YEAR)
    bodies = {b.body: b for b in rhythm.bodies}
    assert (bodies["stuurgroep"].held, bodies["stuurgroep"].kept) == (3, True)
    leads = bodies["trekkersoverleg"]
    planned_this_year = (TODAY + datetime.timedelta(days=5)).year == YEAR
    assert (leads.held, leads.planned, leads.kept) == (2, int(planned_this_year), False)
    assert bodies["werkconferentie"].required is None and bodies["werkconferentie"].kept is None
    assert dict((r.slug, n) for r, n in rhythm.attendance) == {"regio-zwolle": 2, "regio-breda": 1}
    assert rhythm.reports_presented == 0 and rhythm.reports_required == 2


def test_actions_follow_until_done_and_bad_input_changes_nothing(world):
    meeting = world.meeting(GovernanceBody.STEERING_GROUP, 30)
    decision = governance.add_decision(actor=world.analyst, meeting=meeting, text="Wij besluiten.")
    action = governance.add_decision(
        actor=world.analyst,
        meeting=meeting,
        text="Een voorstel voor één formulier.",
        owner=world.kvk,
        due=_day(1),
    )
    assert not decision.is_action and action.is_action
    assert governance.open_actions() == [action]
    governance.mark_done(actor=world.analyst, decision=action)
    assert governance.open_actions() == []
    for kwargs, field in (
        ({"text": "  "}, "text"),
        ({"text": "<b>vet</b>"}, "text"),
        ({"text": "Te vroeg.", "due": meeting.date - datetime.timedelta(days=1)}, "due"),
    ):
        with pytest.raises(ValidationError) as error:
            governance.add_decision(actor=world.analyst, meeting=meeting, **kwargs)
        assert field in error.value.message_dict
    for data, field in (
        ({"body": "borrel", "date": TODAY}, "body"),
        ({"body": "stuurgroep", "date": datetime.date(2019, 1, 1)}, "date"),
        ({"body": "stuurgroep", "date": TODAY + datetime.timedelta(days=400)}, "date"),
        ({"body": "trekkersoverleg", "date": TODAY, "report": object()}, "report"),
    ):
        with pytest.raises(ValidationError) as error:
            governance.record_meeting(actor=world.analyst, data=data)
        assert field in error.value.message_dict
    for user in (world.director, None):
        with pytest.raises(PermissionDenied):
            governance.record_meeting(actor=user, data={"body": "stuurgroep", "date": TODAY})
    assert GovernanceMeeting.objects.count() == 1 and GovernanceDecision.objects.count() == 2


def test_the_public_page_and_the_coordinations_forms(world, client):
    page = client.get("/overleg/")
    assert page.status_code == 200 and "Overleg vastleggen" not in page.content.decode()
    assert client.get("/overleg/nieuw/").status_code == 302
    client.force_login(world.director)
    assert client.get("/overleg/nieuw/").status_code == 403
    client.force_login(world.analyst)
    answer = client.post("/overleg/nieuw/", {"formulier": "overleg", "summary": "Goed"})
    assert answer.status_code == 400
    text = html.unescape(answer.content.decode())
    assert "Kies welk overleg het was." in text and "Vul de datum van het overleg in." in text
    assert "Goed</textarea>" in text
    answer = client.post(
        "/overleg/nieuw/",
        {
            "formulier": "overleg",
            "body": "trekkersoverleg",
            "date": _day(1).isoformat(),
            "summary": "Over de communities.",
            "regions_present": ["regio-zwolle"],
        },
    )
    meeting = GovernanceMeeting.objects.get()
    assert answer.status_code == 302 and list(meeting.regions_present.all()) == [world.zwolle]
    detail = f"/overleg/{meeting.public_id}/"
    refused = client.post(
        detail, {"formulier": "besluit", "besluit-text": "", "besluit-owner": world.kvk.pk}
    )
    assert refused.status_code == 400
    assert "Schrijf het besluit of de actie op." in html.unescape(refused.content.decode())
    client.post(
        detail,
        {
            "formulier": "besluit",
            "besluit-text": "KvK maakt een voorstel.",
            "besluit-owner": world.kvk.pk,
            "besluit-due": TODAY.isoformat(),
        },
    )
    action = GovernanceDecision.objects.get()
    public = client.get("/overleg/").content.decode()
    assert "KvK maakt een voorstel." in public and "1 van de 4 keer geweest" in public
    assert client.post(detail, {"formulier": "gedaan", "besluit": "x"}).status_code == 404
    assert client.post(detail, {"formulier": "weg"}).status_code == 404
    client.post(detail, {"formulier": "gedaan", "besluit": action.pk})
    action.refresh_from_db()
    assert action.done_on == TODAY
    client.logout()
    public = client.get("/overleg/").content.decode()
    assert "Er staan geen acties open." in public and "gedaan op" in public
    assert 'href="/overleg/"' in client.get("/").content.decode()  # the footer


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_the_coordination_records_a_meeting_on_a_phone(page, live_server, login, world):
    page.set_viewport_size({"width": 390, "height": 844})
    login(world.analyst)
    page.goto(f"{live_server.url}/overleg/nieuw/")
    assert_accessible_and_fits(page)
    page.get_by_role("button", name="Overleg opslaan").click()
    page.wait_for_load_state()
    assert "Kies welk overleg het was." in page.inner_text("main")
    assert_accessible_and_fits(page)
    page.get_by_label("Stuurgroep").check()
    page.get_by_label("Datum").fill(_day(1).isoformat())
    page.get_by_role("button", name="Overleg opslaan").click()
    page.wait_for_load_state()
    assert "Het overleg is opgeslagen." in page.inner_text("main")
    page.goto(f"{live_server.url}/overleg/")
    assert "1 van de 3 keer geweest" in page.inner_text("main")
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible_and_fits(page)
