"""Asking whoever raised a signal whether the answer satisfies them: the link in the answer
e-mail, the reply form, the suppressed board figure and the handlers' view of the replies."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from scharnier.core.logs import redact
from scharnier.signals import feedback, services
from scharnier.signals.models import AnswerFeedback, Thread
from scharnier.signals.queries import board_figures
from tests.signals.world import build_world, raise_public_signal

pytestmark = pytest.mark.django_db

ANSWER = "We maken een regeling voor het delen van aansluitingen op bedrijventerreinen."


def _answered_thread(world, emails: list[str], capture) -> Thread:
    """A thread with one public signal per address (with consent), answered by its owner."""
    signal = None
    for email in emails:
        signal = raise_public_signal(world, email)
    thread = Thread.objects.get(pk=signal.thread_id)
    Thread.objects.exclude(pk=thread.pk).filter(signal_count__gt=0).delete()
    services.assign_owner(
        actor=world.users["landelijk_analist"],
        thread=thread,
        owner=world.organisations["owner"],
        deadline=timezone.localdate() + timedelta(days=10),
    )
    mail.outbox.clear()
    with capture(execute=True):  # the e-mails go after the commit
        services.answer_thread(actor=world.users["aanbieder_owner"], thread=thread, answer=ANSWER)
    return thread


def _links() -> dict[str, str]:
    """Recipient -> the path of the reply link in their answer e-mail."""
    out = {}
    for message in mail.outbox:
        found = re.search(r"https?://[^\s]+(/signalen/reactie/[^\s/]+/)", message.body)
        assert found, message.body
        out[message.to[0]] = found[1]
    return out


def test_answer_mail_carries_a_personal_reply_link_and_only_its_hash_is_kept(
    world_and_answer,
):
    _world, thread, links = world_and_answer
    assert set(links) == {"a@example.org", "b@example.org"}
    assert len(set(links.values())) == 2  # one link each: replies are not shared
    stored = AnswerFeedback.objects.filter(thread=thread)
    assert stored.count() == 2
    tokens = [path.rstrip("/").rsplit("/", 1)[1] for path in links.values()]
    for token in tokens:
        assert not stored.filter(token_hash=token).exists()  # the hash, not the token
        assert feedback.feedback_for(token).thread == thread
    assert feedback.feedback_for("niet-bestaand") is None
    assert feedback.feedback_for("x" * 500) is None
    # Logs never show the token itself.
    assert tokens[0] not in redact(f"GET {links['a@example.org']} 200")


def test_reply_form_errors_in_dutch_keep_what_was_typed_then_save(client, world_and_answer):
    _world, thread, links = world_and_answer
    url = links["a@example.org"]
    page = client.get(url).content.decode()
    assert thread.title in page and "Bent u tevreden over het antwoord?" in page
    # Needed when not satisfied, as its help text says: not called optional.
    comment_label = page.split('for="id_comment"', 1)[1].split("</label>")[0]
    assert "niet verplicht" not in comment_label
    empty = client.post(url, {}).content.decode()
    assert "Kies ja of nee." in empty
    unhappy = client.post(url, {"satisfied": "nee", "comment": "  "}).content.decode()
    assert "Vertel kort wat er beter kan." in unhappy
    assert re.search(r'value="nee"[^>]*checked', unhappy)  # the choice is shown again
    assert not AnswerFeedback.objects.filter(given_at__isnull=False).exists()  # nothing saved
    too_long = client.post(url, {"satisfied": "nee", "comment": "x" * 2001}).content.decode()
    assert "x" * 2001 in too_long and not AnswerFeedback.objects.exclude(given_at=None).exists()
    done = client.post(url, {"satisfied": "nee", "comment": "Het duurt te lang."}, follow=True)
    assert "Bedankt. Uw reactie is opgeslagen." in done.content.decode()
    reply = AnswerFeedback.objects.get(given_at__isnull=False)
    assert (reply.satisfied, reply.comment) == (False, "Het duurt te lang.")
    # The same link changes the reply (a wrong click), it does not add one.
    client.post(links["a@example.org"], {"satisfied": "ja", "comment": ""})
    reply.refresh_from_db()
    assert (reply.satisfied, reply.comment) == (True, "")
    assert AnswerFeedback.objects.exclude(given_at=None).count() == 1
    assert client.get("/signalen/reactie/onbekend/").status_code == 404


def test_board_figure_waits_for_five_replies_and_comments_stay_with_handlers(
    client, world_and_answer
):
    world, thread, links = world_and_answer
    client.post(links["a@example.org"], {"satisfied": "nee", "comment": "Te vaag antwoord."})
    figures = board_figures()
    assert (figures.replies, figures.satisfied, figures.share_satisfied) == (1, 0, None)
    board = client.get(reverse("signals:board")).content.decode()
    assert "nog te weinig reacties" in board
    for _ in range(5):
        token = feedback.request_feedback(thread)
        feedback.give_feedback(feedback=feedback.feedback_for(token), satisfied=True, comment="")
    figures = board_figures()
    assert (figures.replies, figures.satisfied, figures.share_satisfied) == (6, 5, 83)
    assert "83% (5 van 6)" in client.get(reverse("signals:board")).content.decode()
    thread_url = reverse("signals:thread", args=[thread.public_id])
    assert "Te vaag antwoord." not in client.get(thread_url).content.decode()  # public
    # The owner's editor and the national analyst read the replies; regional staff do not.
    for role in ("aanbieder_owner", "landelijk_analist"):
        client.force_login(world.users[role])
        page = client.get(thread_url).content.decode()
        assert "Te vaag antwoord." in page and "Niet tevreden" in page, role
    client.force_login(world.users["schakel_a"])
    assert "Te vaag antwoord." not in client.get(thread_url).content.decode()


@pytest.fixture
def world_and_answer(django_capture_on_commit_callbacks):
    world = build_world()
    thread = _answered_thread(
        world, ["a@example.org", "b@example.org"], django_capture_on_commit_callbacks
    )
    return world, thread, _links()
