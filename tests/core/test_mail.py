"""Outgoing mail (`core.mail`): a failing mail server is logged without addresses, never raised;
the queued task retries and then gives up."""

import logging
import smtplib

import pytest
from django.core import mail as outbox
from django.core.mail.backends.base import BaseEmailBackend

from scharnier.core import mail
from scharnier.core.tasks import MAIL_MAX_ATTEMPTS, deliver_mail

ADDRESS = "anna@bakkerij.example"


class RefusingBackend(BaseEmailBackend):
    """A mail server that refuses the recipient, naming the address in its error (as SMTP does)."""

    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({ADDRESS: (550, b"mailbox unavailable")})


@pytest.fixture
def refusing(settings):
    settings.EMAIL_BACKEND = "tests.core.test_mail.RefusingBackend"
    settings.SCHARNIER_TASKS = "eager"


def test_send_delivers_one_message_in_process(settings):
    settings.SCHARNIER_TASKS = "eager"
    outbox.outbox.clear()
    assert mail.send("Onderwerp", "Tekst", ADDRESS, kind="test") is True
    assert [m.to for m in outbox.outbox] == [[ADDRESS]]
    assert mail.send("Onderwerp", "Tekst", "", kind="test") is False
    assert len(outbox.outbox) == 1


def test_a_refusing_mail_server_is_logged_without_the_address(refusing, caplog):
    with caplog.at_level(logging.INFO):
        assert mail.send("Onderwerp", "Tekst", ADDRESS, kind="test received") is False
    assert "mail test received not delivered (SMTPRecipientsRefused)" in caplog.text
    assert "anna" not in caplog.text and "@" not in caplog.text


def test_the_queued_task_retries_then_gives_up_without_logging_the_address(refusing, caplog):
    # Run in this process, Celery carries out each retry at once.
    with caplog.at_level(logging.INFO):
        result = deliver_mail.apply(args=("Onderwerp", "Tekst", ADDRESS, "test"))
    assert result.result == "failed"
    for attempt in range(1, MAIL_MAX_ATTEMPTS):
        assert f"mail test attempt {attempt} failed (SMTPRecipientsRefused)" in caplog.text
    assert f"mail test not delivered after {MAIL_MAX_ATTEMPTS} attempts" in caplog.text
    assert "anna" not in caplog.text


def test_the_queued_task_sends(settings):
    outbox.outbox.clear()
    assert deliver_mail.apply(args=("Onderwerp", "Tekst", ADDRESS, "test")).result == "sent"
    assert [m.to for m in outbox.outbox] == [[ADDRESS]]
