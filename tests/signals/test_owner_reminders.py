"""The owner organisation hears that a thread is theirs, is reminded before the deadline and
told once it passed unanswered; once per deadline, by e-mail with reference and link only."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from scharnier.celery import app as celery_app
from scharnier.jobs.models import Job, JobKind, JobState
from scharnier.organisations.models import Role
from scharnier.signals import services
from scharnier.signals.models import Thread
from scharnier.signals.notifications import owner_addresses, remind_owners
from scharnier.signals.tasks import remind_thread_owners
from tests.factories import make_organisation, make_user
from tests.signals.world import build_world, in_days, raise_public_signal

pytestmark = pytest.mark.django_db

OWNER_EDITOR = "aanbieder_owner@example.org"


@pytest.fixture
def world():
    return build_world()


@pytest.fixture
def thread(world):
    signal = raise_public_signal(world, "melder@example.org")
    return Thread.objects.get(pk=signal.thread_id)


def _assign(world, thread, days: int, capture) -> Thread:
    mail.outbox.clear()
    with capture(execute=True):  # the e-mail goes after the commit
        services.assign_owner(
            actor=world.users["landelijk_analist"],
            thread=thread,
            owner=world.organisations["owner"],
            deadline=in_days(days),
        )
    return Thread.objects.get(pk=thread.pk)


def test_assigning_tells_the_owner_editors_and_no_one_else(
    world, thread, django_capture_on_commit_callbacks
):
    thread = _assign(world, thread, 30, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[OWNER_EDITOR]]
    message = mail.outbox[0]
    assert message.subject == f"Rode draad {thread.reference} is aan uw organisatie gegeven"
    deadline = in_days(30)
    assert f"uiterlijk {deadline.day} " in message.body and str(deadline.year) in message.body
    assert f"/signalen/rode-draden/{thread.public_id}/" in message.body
    assert "/signalen/te-beantwoorden/" in message.body
    assert "Goedendag," in message.body and "rvo-test" not in message.subject
    # Nothing of the raiser: not their address, not their words.
    assert "melder@example.org" not in message.body
    assert "stroomaansluiting voor de hal" not in message.body


def test_editors_of_the_organisation_above_the_owner_are_told_too(world):
    parent = make_organisation("ministerie-test")
    child = world.organisations["owner"]
    child.parent = parent
    child.save(update_fields=["parent"])
    above = make_user(Role.PROVIDER_EDITOR, organisation=parent, username="ministerie")
    above.email = "Ministerie@Example.org"
    above.save(update_fields=["email"])
    gone = make_user(Role.PROVIDER_EDITOR, organisation=child, username="vertrokken")
    gone.email, gone.is_active = "vertrokken@example.org", False
    gone.save(update_fields=["email", "is_active"])
    thread = Thread.objects.create(title="Proef", signal_count=1, owner=child)
    assert owner_addresses(thread) == [OWNER_EDITOR, "ministerie@example.org"]


def test_reminder_comes_once_per_deadline(world, thread, django_capture_on_commit_callbacks):
    thread = _assign(world, thread, 10, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    today = timezone.localdate()
    assert remind_owners(today=today, days_before=7).reminded == 0  # 10 days: not yet
    assert mail.outbox == []
    soon = today + timedelta(days=3)
    assert remind_owners(today=soon, days_before=7).reminded == 1
    (message,) = mail.outbox
    assert message.to == [OWNER_EDITOR]
    assert message.subject.startswith(f"Herinnering: antwoord op {thread.reference} uiterlijk")
    assert "over 7 dagen" in message.body
    assert remind_owners(today=soon + timedelta(days=1), days_before=7).reminded == 0
    assert len(mail.outbox) == 1
    # A new deadline gets its own reminder.
    thread = _assign(world, thread, 20, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1  # the assignment mail with the new date
    mail.outbox.clear()
    assert remind_owners(today=today + timedelta(days=20), days_before=7).reminded == 1
    assert "vandaag" in mail.outbox[0].body


def test_overdue_notice_once_and_none_for_an_answered_thread(
    world, thread, django_capture_on_commit_callbacks
):
    thread = _assign(world, thread, 5, django_capture_on_commit_callbacks)
    other = Thread.objects.create(
        title="Al beantwoord",
        signal_count=1,
        status="beantwoord",
        owner=world.organisations["owner"],
        deadline=in_days(5),
    )
    mail.outbox.clear()
    late = timezone.localdate() + timedelta(days=6)
    result = remind_owners(today=late, days_before=7)
    assert (result.reminded, result.overdue) == (0, 1)  # the notice stands for the reminder
    (message,) = mail.outbox
    assert message.subject == f"Termijn verstreken: {thread.reference} heeft nog geen antwoord"
    assert "niet op tijd beantwoord" in message.body
    again = remind_owners(today=late + timedelta(days=1), days_before=7)
    assert (again.reminded, again.overdue) == (0, 0)
    assert len(mail.outbox) == 1
    other.refresh_from_db()
    assert other.reminded_for is None and other.overdue_notice_for is None


def test_daily_job_is_scheduled_recorded_and_runs_by_hand(
    world, thread, django_capture_on_commit_callbacks
):
    _assign(world, thread, 2, django_capture_on_commit_callbacks)
    schedule = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert "scharnier.remind_thread_owners" in schedule
    assert remind_thread_owners.apply().get() == JobState.SUCCEEDED  # as beat starts it
    job = Job.objects.get(kind=JobKind.REMIND_THREAD_OWNERS)
    assert job.created_by is None and job.result == {"reminded": 1, "overdue": 0}
    from io import StringIO

    out = StringIO()
    call_command("remind_thread_owners", "--days", "7", stdout=out)
    assert out.getvalue().strip() == (
        "0 herinnering(en) en 0 bericht(en) over een verstreken termijn gestuurd."
    )


def test_owner_editors_find_their_threads_to_answer_nearest_deadline_first(client, world):
    from django.urls import reverse

    from scharnier.core import navigation

    owner = world.organisations["owner"]
    url = reverse("signals:to-answer")

    def work_menu(user) -> set[str]:
        return {item["url"] for item in navigation.entries("work", user)}

    editor = world.users["aanbieder_owner"]
    assert url not in work_menu(editor)  # nothing given to the organisation yet
    later = Thread.objects.create(
        title="Later te beantwoorden", signal_count=3, status="in_behandeling", owner=owner,
        deadline=in_days(20),
    )  # fmt: skip
    late = Thread.objects.create(
        title="Te laat", signal_count=7, status="in_behandeling", owner=owner, deadline=in_days(-2)
    )
    done = Thread.objects.create(
        title="Al beantwoord", signal_count=2, status="beantwoord", owner=owner,
        deadline=in_days(-30), answered_at=timezone.now() - timedelta(days=31),
    )  # fmt: skip
    elsewhere = Thread.objects.create(
        title="Van een ander", signal_count=9, status="in_behandeling",
        owner=world.organisations["other"], deadline=in_days(1),
    )  # fmt: skip
    assert url in work_menu(editor)
    assert url not in work_menu(world.users["aanbieder_organiser"])  # owns no thread
    assert url not in work_menu(world.users["landelijk_analist"])  # manages them on the board

    client.force_login(editor)
    html = client.get(url).content.decode()
    order = [html.index(t.title) for t in (late, later, done)]
    assert order == sorted(order)  # open ones first, the earliest deadline on top
    assert elsewhere.title not in html
    assert "2 dagen te laat" in html and "nog 20 dagen" in html
    assert f">{late.signal_count}<" in html  # owners see exact counts
    # Other roles: a Dutch refusal; anonymous visitors log in first.
    client.force_login(world.users["landelijk_analist"])
    refused = client.get(url)
    assert refused.status_code == 403
    assert "Deze pagina hoort niet bij uw rol." in refused.content.decode()
    client.logout()
    assert client.get(url)["Location"].startswith(reverse("web:login"))


def test_an_owners_editor_starts_where_an_answer_is_due(client, world):
    from django.urls import reverse

    editor = world.users["aanbieder_owner"]
    client.force_login(editor)
    start = reverse("web:role-home")
    offers = reverse("web:editor-offers")
    assert client.get(start)["Location"] == offers  # nothing given to the organisation
    thread = Thread.objects.create(
        title="Te beantwoorden", signal_count=3, status="in_behandeling",
        owner=world.organisations["owner"], deadline=in_days(10),
    )  # fmt: skip
    assert client.get(start)["Location"] == reverse("signals:to-answer")
    # An editor of another organisation keeps starting at the offers.
    client.force_login(world.users["aanbieder_organiser"])
    assert client.get(start)["Location"] == offers
    # Once answered, the owner's editor is back at the offers.
    Thread.objects.filter(pk=thread.pk).update(status="beantwoord", answered_at=timezone.now())
    client.force_login(editor)
    assert client.get(start)["Location"] == offers


def test_the_worklist_leaves_out_closed_and_rejected_threads_and_shows_answered_ones_apart(
    client, world
):
    """A closed (afgerond) or rejected (afgewezen) thread needs no answer: not in the list
    of threads waiting for one, nor anywhere on the page; answered ones have their own part."""
    from django.urls import reverse

    from scharnier.core import navigation
    from scharnier.signals import queries

    owner = world.organisations["owner"]
    editor = world.users["aanbieder_owner"]
    waiting = Thread.objects.create(
        title="Wacht op antwoord", signal_count=3, status="in_behandeling", owner=owner,
        deadline=in_days(10),
    )  # fmt: skip
    answered = Thread.objects.create(
        title="Beantwoord en nog open", signal_count=2, status="beantwoord", owner=owner,
        deadline=in_days(-5), answered_at=timezone.now() - timedelta(days=6),
    )  # fmt: skip
    closed = Thread.objects.create(
        title="Afgerond en klaar", signal_count=6, status="afgerond", owner=owner,
        deadline=in_days(-40), answered_at=timezone.now() - timedelta(days=41),
        closed_at=timezone.now() - timedelta(days=30),
    )  # fmt: skip
    rejected = Thread.objects.create(
        title="Afgewezen draad", signal_count=4, status="afgewezen", owner=owner,
        deadline=in_days(-2), rejection_reason="Dit is een taak van de gemeente.",
        closed_at=timezone.now(),
    )  # fmt: skip
    assert list(queries.threads_to_answer(editor)) == [waiting, answered]

    client.force_login(editor)
    html = client.get(reverse("signals:to-answer")).content.decode()
    assert closed.title not in html and rejected.title not in html
    waiting_part = html[html.index("Wachten op uw antwoord") : html.index("Beantwoord, nog niet")]
    answered_part = html[html.index("Beantwoord, nog niet afgerond") :]
    assert waiting.title in waiting_part and answered.title not in waiting_part
    assert answered.title in answered_part and waiting.title not in answered_part
    assert "Afgeronde en afgewezen rode draden staan niet in deze lijst." in html

    # Only finished threads left: no menu entry, no start page there, no reminders.
    Thread.objects.filter(pk__in=[waiting.pk, answered.pk]).update(status="afgerond")
    url = reverse("signals:to-answer")
    assert url not in {item["url"] for item in navigation.entries("work", editor)}
    assert queries.answers_home(editor) is None
    reminders = remind_owners(days_before=60)
    assert (reminders.reminded, reminders.overdue) == (0, 0)
    html = client.get(url).content.decode()
    assert "Er wacht nu geen rode draad op een antwoord van uw organisatie." in html
    assert closed.title not in html
