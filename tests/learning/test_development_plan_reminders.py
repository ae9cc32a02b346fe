"""The development plans keep moving: the region's director hears of late actions once per due
date, the analysts hear before a steering group what waits for it, and each change of an
action is kept with who made it."""

import datetime

import pytest
from django.utils import timezone

from scharnier.jobs.models import Job, JobKind, JobState
from scharnier.learning import development_plans as plans
from scharnier.learning import governance
from scharnier.learning.models import DevelopmentActionChange, GovernanceMeeting
from tests.learning.test_development_plans import World

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
YEAR = TODAY.year
NEXT_SUMMER = datetime.date(YEAR + 1, 7, 1)


@pytest.fixture
def world():
    return World()


def _fields(action, **changes) -> dict:
    return {**{n: getattr(action, n) for n in plans.ACTION_FIELDS}, **changes}


def test_late_actions_of_an_adopted_plan_reach_the_director_once_per_due_date(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    plan = world.plan()
    late = world.action(plan, due=datetime.date(YEAR + 1, 3, 1))
    stuck = world.action(
        plan,
        text="Een loket voor opvolging.",
        due=datetime.date(YEAR + 1, 5, 1),
        status="vastgelopen",
        obstacle="organisatie",
        progress="Geen trekker.",
    )
    world.action(plan, text="Al gedaan.", due=datetime.date(YEAR + 1, 2, 1), status="klaar")
    world.action(plan, text="Nog op tijd.", due=datetime.date(YEAR + 1, 12, 1))
    # A draft is the team's own business: no reminders.
    with django_capture_on_commit_callbacks(execute=True):
        assert plans.send_reminders(today=NEXT_SUMMER).late_actions == 0
    assert mailoutbox == []
    plans.adopt_plan(actor=world.director, plan=plan)
    with django_capture_on_commit_callbacks(execute=True):
        result = plans.send_reminders(today=NEXT_SUMMER)
    assert (result.regions, result.late_actions) == (1, 2)
    # One mail for the region, to its director only, naming both late actions and the plan.
    (sent,) = mailoutbox
    assert sent.to == ["dir@example.org"] and "Regio Zwolle" in sent.subject
    assert late.text in sent.body and stuck.text in sent.body and "Al gedaan." not in sent.body
    assert "Nog op tijd." not in sent.body and "1 maart" in sent.body
    assert f"/ontwikkelplan/{plan.public_id}/" in sent.body
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert plans.send_reminders(today=NEXT_SUMMER).late_actions == 0  # once
    # A new date arms the reminder again; done silences it.
    plans.save_action(
        actor=world.staff,
        plan=plan,
        action=late,
        data=_fields(late, due=datetime.date(YEAR + 1, 6, 1)),
    )
    plans.save_action(
        actor=world.staff, plan=plan, action=stuck, data=_fields(stuck, status="klaar")
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert plans.send_reminders(today=NEXT_SUMMER).late_actions == 1
    (sent,) = mailoutbox
    assert "1 juni" in sent.body and stuck.text not in sent.body


def test_the_analysts_hear_what_waits_for_the_steering_group(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    plan = world.plan()
    action = world.action(
        plan,
        kansenkaart="kk5",
        status="vastgelopen",
        obstacle="gegevensdeling",
        progress="Geen afspraak over gegevens.",
    )
    plans.adopt_plan(actor=world.director, plan=plan)
    question = "Kan de stuurgroep één afspraak voor het delen van gegevens vaststellen?"
    plans.escalate_action(actor=world.director, action=action, question=question)
    leads = governance.record_meeting(
        actor=world.analyst,
        data={"body": "trekkersoverleg", "date": TODAY + datetime.timedelta(days=3)},
    )
    later = governance.record_meeting(
        actor=world.analyst,
        data={"body": "stuurgroep", "date": TODAY + datetime.timedelta(days=40)},
    )
    soon = governance.record_meeting(
        actor=world.analyst,
        data={"body": "stuurgroep", "date": TODAY + datetime.timedelta(days=10)},
    )
    with django_capture_on_commit_callbacks(execute=True):
        result = plans.send_reminders(today=TODAY)
    assert (result.meetings, result.waiting_escalations) == (1, 0)
    (sent,) = mailoutbox
    assert sent.to == ["analist@example.org"]
    assert question in sent.body and "Regio Zwolle" in sent.body
    assert f"/overleg/{soon.public_id}/" in sent.body
    announced = set(
        GovernanceMeeting.objects.filter(escalations_announced_at__isnull=False).values_list(
            "pk", flat=True
        )
    )
    assert announced == {soon.pk} and leads.pk not in announced and later.pk not in announced
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert plans.send_reminders(today=TODAY).meetings == 0  # once per meeting
    # Four months on, nothing decided and no steering group planned: raised once.
    long_after = TODAY + datetime.timedelta(days=plans.ESCALATION_WAIT_DAYS + 41)
    with django_capture_on_commit_callbacks(execute=True):
        assert plans.send_reminders(today=long_after).waiting_escalations == 1
        assert plans.send_reminders(today=long_after).waiting_escalations == 0
    (sent,) = mailoutbox
    assert "geen stuurgroep gepland" in sent.body and question in sent.body
    assert sent.to == ["analist@example.org"]


def test_each_change_of_an_action_is_kept_with_who_made_it(world, client):
    plan = world.plan()
    action = world.action(plan)
    plans.save_action(actor=world.staff, plan=plan, action=action, data=_fields(action))
    assert DevelopmentActionChange.objects.count() == 1  # saved unchanged: nothing new
    plans.save_action(
        actor=world.director,
        plan=plan,
        action=action,
        data=_fields(action, status="bezig", progress="Eerste ontbijt gepland."),
    )
    plans.save_action(
        actor=world.staff,
        plan=plan,
        action=action,
        data=_fields(
            action,
            status="bezig",
            progress="Eerste ontbijt gepland.",
            due=datetime.date(YEAR + 1, 9, 30),
        ),
    )
    changes = plans.changes_of(action)
    assert [(c.previous_status, c.status, c.changed_by.username) for c in changes] == [
        ("bezig", "bezig", "team"),
        ("gepland", "bezig", "dir"),
        ("", "gepland", "team"),
    ]
    assert changes[0].previous_due == datetime.date(YEAR + 1, 6, 30)
    client.force_login(world.staff)
    page = client.get(f"/regio/regio-zwolle/ontwikkelplan/acties/{action.public_id}/")
    text = page.content.decode()
    assert "Stand van gepland naar bezig." in text and "Eerste ontbijt gepland." in text
    assert "Datum van 30 juni" in text and "Actie toegevoegd (gepland" in text
    # The lead is chosen from the parties at the table first, then from every other one.
    table = text.index('<optgroup label="Aan tafel in de regio">')
    others = text.index('<optgroup label="Andere organisaties">')
    assert table < text.index(">Gemeente Zwolle<") < others < text.index(">Adviesbureau<")
    # The public plan shows where the action stands, not who changed it.
    client.logout()
    plans.adopt_plan(actor=world.director, plan=plan)
    public = client.get(f"/regio/regio-zwolle/ontwikkelplan/{plan.public_id}/").content.decode()
    assert "Eerste ontbijt gepland." in public and "Stand van gepland" not in public


def test_the_reminders_run_daily_as_a_job(world, settings):
    from scharnier.celery import app
    from scharnier.learning.tasks import remind_development_plans

    schedule = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "scharnier.remind_development_plans" in schedule
    assert remind_development_plans.apply().get() == JobState.SUCCEEDED
    job = Job.objects.get(kind=JobKind.REMIND_DEVELOPMENT_PLANS)
    assert job.result == {"regions": 0, "late_actions": 0, "meetings": 0, "waiting_escalations": 0}
