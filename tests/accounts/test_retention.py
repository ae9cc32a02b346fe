"""Login records (who logged in or tried, from which IP address and browser) are deleted after
the retention period by a nightly job; the privacy statement says how long."""

import datetime
from io import StringIO

import pytest
from axes.models import AccessAttempt, AccessLog
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from scharnier.accounts.retention import forget_old_login_records
from scharnier.accounts.tasks import forget_old_login_records as forget_task
from scharnier.celery import app as celery_app
from scharnier.jobs.models import Job, JobKind, JobState
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def age(queryset, **delta) -> None:
    queryset.update(attempt_time=timezone.now() - datetime.timedelta(**delta))


def log_in(password: str, username: str = "inlogger") -> None:
    Client().post("/inloggen/", {"username": username, "password": password})


def test_records_older_than_the_period_go_and_newer_ones_stay(settings):
    settings.ACCOUNTS_LOGIN_RECORD_DAYS = 180
    make_user(username="inlogger")
    make_user(username="anders")
    log_in("Geheim-wachtwoord-123")
    log_in("fout", username="anders")
    assert AccessLog.objects.count() == 1 and AccessAttempt.objects.count() == 1
    assert forget_old_login_records() == 0
    age(AccessLog.objects.all(), days=181)
    age(AccessAttempt.objects.all(), minutes=16)  # past the lockout period, nobody logs in
    assert forget_old_login_records() == 2
    assert AccessLog.objects.count() == 0 and AccessAttempt.objects.count() == 0
    log_in("Geheim-wachtwoord-123")
    assert forget_old_login_records() == 0
    assert AccessLog.objects.count() == 1  # today's login stays


def test_nightly_job_command_and_privacy_statement(settings):
    schedule = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert "scharnier.forget_old_login_records" in schedule
    assert forget_task.apply().get() == JobState.SUCCEEDED  # as beat starts it
    job = Job.objects.get(kind=JobKind.FORGET_LOGIN_RECORDS)
    assert job.created_by is None and job.result == {"deleted": 0}
    make_user(username="inlogger")
    log_in("Geheim-wachtwoord-123")
    out = StringIO()
    call_command("forget_old_login_records", "--days", "0", stdout=out)
    assert out.getvalue().strip() == "1 inlogrecord(s) verwijderd (bewaartermijn 0 dagen)."
    with pytest.raises(SystemExit):
        call_command("forget_old_login_records", "--days", "-1", stderr=StringIO())
    settings.ACCOUNTS_LOGIN_RECORD_DAYS = 90
    privacy = Client().get("/privacy/").content.decode()
    assert "Werkt u met een account in Scharnier?" in privacy
    assert "Na 90 dagen verwijderen we die gegevens." in privacy
    assert "tot een eventuele blokkade voorbij is: 15 minuten." in privacy
