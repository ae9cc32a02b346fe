"""Following up a referral ('no wrong door'): the provider accepts or declines within the
region's term; past it the schakelteam sees it in the inbox and on the question, and the daily
job reminds the provider and tells who referred, once. A referral to a provider where nobody
receives referrals is said at once."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import dateformat, timezone, translation

from scharnier.casework import services
from scharnier.casework.models import Referral, ReferralStatus
from scharnier.celery import app
from scharnier.core.workdays import add_working_days
from scharnier.jobs.models import JobKind
from scharnier.jobs.services import TASKS
from scharnier.organisations.models import Membership, Role
from tests.casework.conftest import submit
from tests.factories import make_organisation

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def dutch_date(moment, fmt: str = "j F Y") -> str:
    with translation.override("nl"):
        return dateformat.format(timezone.localtime(moment), fmt)


def make_overdue(referral: Referral, days: int = 2) -> Referral:
    Referral.objects.filter(pk=referral.pk).update(
        response_due_at=timezone.now() - timedelta(days=days)
    )
    referral.refresh_from_db()
    return referral


def test_a_referral_is_due_within_the_regions_term(world, settings):
    referral = world.referrals["a"]
    assert referral.response_due_at == add_working_days(
        referral.created_at, settings.CASEWORK_SLA_WORKING_DAYS
    )
    services.set_region_sla(
        actor=world.users["regisseur_a"], region=world.regions["a"], working_days=2
    )
    second = submit().question
    later = services.refer_question(
        actor=world.users["schakel_a"],
        question=second,
        organisation=world.organisations["b"],
        message="Graag bellen.",
    )
    assert later.response_due_at == add_working_days(later.created_at, 2)
    assert 0 < (later.response_due_at - later.created_at).days <= 4

    page = (
        client_for(world.users["schakel_a"])
        .get(f"/schakelteam/vragen/{second.reference}/")
        .content.decode()
    )
    assert f"Reactie van de aanbieder verwacht voor {dutch_date(later.response_due_at)}." in page
    assert "niet op tijd gereageerd" not in page
    provider = (
        client_for(world.users["aanbieder_b"]).get("/aanbieder/doorverwijzingen/").content.decode()
    )
    assert f"Reageer voor {dutch_date(later.response_due_at, 'j F')}" in provider


def test_an_overdue_referral_shows_in_the_inbox_on_the_question_and_to_the_provider(world):
    overdue = make_overdue(world.referrals["a"])
    # Accepted in time, or still within its term: nothing to follow up.
    accepted = submit().question
    on_time_accepted = services.refer_question(
        actor=world.users["schakel_a"], question=accepted, offer=world.offer, message="Graag."
    )
    services.transition_referral(
        actor=world.users["aanbieder_a"], referral=on_time_accepted, action="accept"
    )
    make_overdue(on_time_accepted)
    waiting = submit().question
    services.refer_question(
        actor=world.users["schakel_a"], question=waiting, offer=world.offer, message="Graag."
    )

    client = client_for(world.users["schakel_a"])
    filtered = client.get(
        "/schakelteam/vragen/", {"regio": "regio-a", "termijn": "aanbieder-te-laat"}
    ).content.decode()
    assert world.questions["a"].reference in filtered
    assert accepted.reference not in filtered and waiting.reference not in filtered
    assert (
        '<option value="aanbieder-te-laat" selected>Aanbieder reageerde niet op tijd</option>'
        in filtered
    )
    everything = client.get("/schakelteam/vragen/", {"regio": "regio-a"}).content.decode()
    assert everything.count('class="provider-late"') == 1
    assert "Bij 1 vraag reageerde een aanbieder niet op tijd op de doorverwijzing." in everything
    link = 'termijn=aanbieder-te-laat">Bekijk de doorverwijzing zonder reactie</a>'
    assert f'href="?regio=regio-a&amp;{link}' in everything
    assert "reageerde een aanbieder niet op tijd op de" not in filtered

    question = client.get(f"/schakelteam/vragen/{world.questions['a'].reference}/").content.decode()
    due = dutch_date(overdue.response_due_at)
    assert (
        f"De aanbieder heeft niet op tijd gereageerd (termijn: {due}). "
        "Bel of mail de aanbieder, of trek de doorverwijzing in" in question
    )
    # The entrepreneur reads it too, in their own words, without blame.
    status_page = Client().get(f"/hulpvraag/status/{world.tokens['a']}/").content.decode()
    assert (
        "(wacht op antwoord, later dan afgesproken: het schakelteam houdt het in de gaten)"
        in status_page
    )
    provider = client_for(world.users["aanbieder_a"])
    listing = provider.get("/aanbieder/doorverwijzingen/").content.decode()
    assert f"Termijn verlopen op {dutch_date(overdue.response_due_at, 'j F')}" in listing
    detail = provider.get(f"/aanbieder/doorverwijzingen/{overdue.public_id}/").content.decode()
    assert "(termijn verlopen: de ondernemer wacht op u)" in detail
    # Once the provider answers, the referral is no longer late anywhere.
    services.transition_referral(
        actor=world.users["aanbieder_a"], referral=overdue, action="accept"
    )
    filtered = client.get(
        "/schakelteam/vragen/", {"regio": "regio-a", "termijn": "aanbieder-te-laat"}
    ).content.decode()
    assert world.questions["a"].reference not in filtered
    status_page = Client().get(f"/hulpvraag/status/{world.tokens['a']}/").content.decode()
    assert "(aan de slag)" in status_page and "later dan afgesproken" not in status_page


def test_the_daily_job_reminds_the_provider_and_tells_the_referrer_once(world):
    overdue = make_overdue(world.referrals["a"])
    make_overdue(world.referrals["b"])
    services.transition_referral(
        actor=world.users["aanbieder_b"], referral=world.referrals["b"], action="accept"
    )
    mail.outbox.clear()

    assert services.remind_overdue_referrals() == 1
    reference = world.questions["a"].reference
    by_recipient = {message.to[0]: message for message in mail.outbox}
    assert set(by_recipient) == {"aanbieder_a@scharnier.example", "schakel_a@scharnier.example"}
    reminder = by_recipient["aanbieder_a@scharnier.example"]
    assert reminder.subject == f"Herinnering: doorverwijzing wacht op uw reactie ({reference})"
    assert f"/aanbieder/doorverwijzingen/{overdue.public_id}/" in reminder.body
    notice = by_recipient["schakel_a@scharnier.example"]
    assert notice.subject == f"Aanbieder reageert niet op doorverwijzing {reference}"
    assert "Wij hebben de aanbieder een herinnering gestuurd." in notice.body
    assert f"/schakelteam/vragen/{reference}/" in notice.body
    for message in mail.outbox:
        # Reference and links only: never the entrepreneur or the question.
        assert "Fatima" not in message.body and "bakkerij" not in message.body.lower()
        assert "&amp;" not in message.body
    overdue.refresh_from_db()
    assert overdue.reminded_at is not None

    mail.outbox.clear()
    assert services.remind_overdue_referrals() == 0
    call_command("remind_overdue_referrals", stdout=open("/dev/null", "w"))
    assert not mail.outbox

    # Scheduled daily, recorded as a job like the other scheduled work.
    schedule = {entry["task"] for entry in app.conf.beat_schedule.values()}
    assert "scharnier.remind_overdue_referrals" in schedule
    assert TASKS[JobKind.REMIND_REFERRALS] == "scharnier.casework.tasks.remind_overdue_referrals"


def test_a_withdrawn_or_declined_referral_gets_no_reminder(world):
    make_overdue(world.referrals["a"])
    services.transition_referral(
        actor=world.users["schakel_a"], referral=world.referrals["a"], action="withdraw"
    )
    make_overdue(world.referrals["b"])
    services.transition_referral(
        actor=world.users["aanbieder_b"],
        referral=world.referrals["b"],
        action="reject",
        reason="Past niet bij ons aanbod.",
    )
    mail.outbox.clear()
    assert services.remind_overdue_referrals() == 0
    assert not mail.outbox


def test_a_referral_to_a_provider_where_nobody_receives_it_is_said_at_once(
    world, django_capture_on_commit_callbacks
):
    nobody = make_organisation("niemand-thuis", name="Niemand Thuis & Co")
    switched_off = make_organisation("alleen-uit", name="Alleen Uit")
    Membership.objects.create(
        user=world.users["zonder_rol"], role=Role.PROVIDER_EDITOR, organisation=switched_off
    )
    world.users["zonder_rol"].is_active = False
    world.users["zonder_rol"].save()
    client = client_for(world.users["schakel_a"])
    reference = world.questions["a"].reference
    form = client.get(f"/schakelteam/vragen/{reference}/").content.decode()
    # Said before choosing, in the list of providers.
    assert "Niemand Thuis &amp; Co (ontvangt geen doorverwijzingen in Scharnier)</option>" in form
    assert "Alleen Uit (ontvangt geen doorverwijzingen in Scharnier)</option>" in form
    assert ">Aanbieder B</option>" in form
    mail.outbox.clear()
    for organisation in (nobody, switched_off):
        with django_capture_on_commit_callbacks(execute=True):
            done = client.post(
                f"/schakelteam/vragen/{reference}/doorverwijzen/",
                {"organisation": organisation.pk, "message": "Graag contact opnemen."},
                follow=True,
            )
        page = done.content.decode()
        name = organisation.name.replace("&", "&amp;")
        assert f"De vraag is doorverwezen naar {name}." in page
        assert f"Let op: bij {name} ontvangt niemand doorverwijzingen in Scharnier." in page
        assert f"Bij {name} ontvangt niemand doorverwijzingen in Scharnier." in page
    # Only the entrepreneur's own confirmations went out: no provider address to mail.
    assert {message.to[0] for message in mail.outbox} == {"fatima@bakkerij.example"}
    referral = Referral.objects.get(organisation=nobody)
    assert referral.status == ReferralStatus.SENT
    make_overdue(referral)
    mail.outbox.clear()
    services.remind_overdue_referrals()
    notice = next(
        m for m in mail.outbox if m.to == ["schakel_a@scharnier.example"] and "niemand" in m.body
    )
    assert (
        "Let op: bij Niemand Thuis & Co ontvangt niemand doorverwijzingen in Scharnier."
        in notice.body
    )
    assert "Wij hebben de aanbieder een herinnering gestuurd." not in notice.body

    # A provider with an editor: no warning.
    with_editor = client.post(
        f"/schakelteam/vragen/{reference}/doorverwijzen/",
        {"organisation": world.organisations["b"].pk, "message": "Graag contact."},
        follow=True,
    ).content.decode()
    assert "Let op: bij Aanbieder B" not in with_editor


def test_the_api_gives_the_term_of_a_referral(world):
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=world.users["aanbieder_a"])
    response = Client().get(
        f"/api/v1/referrals/{world.referrals['a'].public_id}",
        HTTP_AUTHORIZATION=f"Token {token.key}",
    )
    assert response.status_code == 200, response.content
    due = response.json()["responseDueAt"]
    assert due is not None and due.startswith(
        str(timezone.localtime(world.referrals["a"].response_due_at).date())
    )


def test_the_satisfaction_page_says_which_providers_answer_in_time(world):
    provider_a = world.users["aanbieder_a"]

    def refer(organisation=None):
        return services.refer_question(
            actor=world.users["schakel_a"],
            question=submit().question,
            organisation=organisation or world.organisations["a"],
            message="Graag contact.",
        )

    for _ in range(4):  # answered within the term
        services.transition_referral(actor=provider_a, referral=refer(), action="accept")
    late = make_overdue(refer())  # answered after the term had passed
    services.transition_referral(
        actor=provider_a, referral=late, action="reject", reason="Past niet bij ons."
    )
    make_overdue(refer())  # not answered, term passed: late too
    refer()  # still within its term: does not count yet
    withdrawn = refer()
    services.transition_referral(
        actor=world.users["schakel_a"], referral=withdrawn, action="withdraw"
    )
    # Provider B: the world's referral, answered, and one more: fewer than 5.
    services.transition_referral(
        actor=world.users["aanbieder_b"], referral=world.referrals["b"], action="accept"
    )

    page = client_for(world.users["schakel_a"]).get("/schakelteam/tevredenheid/")
    rows = {
        cells[0]: cells[1:]
        for cells in (
            [
                re.sub(r"<[^>]+>", "", cell).strip()
                for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
            ]
            for row in re.findall(
                r'data-testid="response-time">(.*?)</tr>', page.content.decode(), re.S
            )
        )
    }
    # Aanbieder A: 4 of 6 in time; the world's referral, still within its term, not counted.
    assert rows["Aanbieder A"] == ["6", "67%"]
    assert rows["Aanbieder B"] == ["&lt;5", "-"]
