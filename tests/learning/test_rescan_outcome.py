"""The entrepreneur's own T1 as an outcome: a rescan from the plan link counts as 'supported
with result' only with consent, once, and for the firm of the first scan."""

import pytest

from scharnier.geography.models import Municipality
from scharnier.learning import outcomes
from scharnier.learning.models import ScanFollowUp
from scharnier.matching import services as matching_services
from scharnier.matching.queries import Profile
from scharnier.matching.scan import framework as scan_framework
from scharnier.monitoring import queries
from scharnier.monitoring.models import OutcomeEvent, OutcomeEventKind
from scharnier.monitoring.rollups import firm_measure
from tests.browser import assert_accessible
from tests.factories import ensure_reference_data, make_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    ensure_reference_data()
    make_region("regio-zwolle", municipality_codes=["GM0193"], name="Regio Zwolle")
    data = scan_framework()
    answers = {"richting": data["direction_question"]["options"][0]["direction"]}
    answers |= {q["code"]: 0 for q in data["theme_questions"]}
    first = matching_services.create_plan(
        profile=Profile(municipality=Municipality.objects.get(code="GM0193"), employees=12),
        answers=answers,
    )
    first.form_answers = {k: str(v) for k, v in answers.items()}
    return first


def _firms(stage: str) -> int:
    return queries.total(queries.NATIONAL, queries.since_start(), firm_measure(stage))


def _redone() -> list[OutcomeEvent]:
    return list(OutcomeEvent.objects.filter(kind=OutcomeEventKind.SCAN_REDONE))


def test_rescan_with_consent_counts_once_as_supported_for_the_same_firm(client, plan):
    form = client.get(f"/plan/{plan.token}/opnieuw/").content.decode()
    assert 'name="meetellen"' in form
    assert "Mijn nieuwe scan mag meetellen als resultaat van de hulp" in form
    assert (_firms("reached"), _firms("supported")) == (1, 0)

    response = client.post(f"/plan/{plan.token}/opnieuw/", {**plan.form_answers, "meetellen": "on"})

    assert response.status_code == 302
    follow_up = ScanFollowUp.objects.get(earlier=plan)
    [event] = _redone()
    assert (event.source_type, event.source_id) == ("learning.scanfollowup", str(follow_up.pk))
    assert event.subject == f"matching.plan:{plan.token}"  # the firm of the first scan
    assert event.municipality.code == "GM0193" and event.region.slug == "regio-zwolle"
    assert event.door == "scan" and event.firm_key == ""
    # One firm: reached by its first scan, now also supported; the T1 is no new firm.
    assert (_firms("reached"), _firms("supported")) == (1, 1)
    assert queries.definitions()["firms-supported"].version == 2
    assert OutcomeEventKind.SCAN_REDONE in queries.definitions()["firms-supported"].event_kinds

    # Idempotent: reporting the same T1 again adds nothing.
    outcomes.scan_redone(follow_up, plan)
    outcomes.scan_redone(follow_up, plan)
    assert len(_redone()) == 1
    assert (_firms("reached"), _firms("supported")) == (1, 1)


def test_rescan_without_consent_reports_no_outcome(client, plan):
    response = client.post(f"/plan/{plan.token}/opnieuw/", plan.form_answers)

    assert response.status_code == 302
    assert ScanFollowUp.objects.filter(earlier=plan).exists()
    assert _redone() == []
    assert (_firms("reached"), _firms("supported")) == (1, 0)


def test_a_second_rescan_still_counts_for_the_first_plans_firm(client, plan):
    client.post(f"/plan/{plan.token}/opnieuw/", plan.form_answers)
    t1 = ScanFollowUp.objects.get(earlier=plan).later
    client.post(f"/plan/{t1.token}/opnieuw/", {**plan.form_answers, "meetellen": "on"})

    [event] = _redone()
    assert event.subject == f"matching.plan:{plan.token}"
    assert (_firms("reached"), _firms("supported")) == (1, 1)


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("width", [1280, 390])
def test_rescan_page_with_the_consent_box_is_accessible(page, live_server, plan, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/plan/{plan.token}/opnieuw/")
    assert_accessible(page)
    page.get_by_label("Mijn nieuwe scan mag meetellen als resultaat van de hulp").check()
    page.get_by_role("button", name="Maak mijn nieuwe plan").click()
    page.wait_for_url("**/vergelijking/")
    assert len(_redone()) == 1
