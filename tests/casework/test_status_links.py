"""Status links expire and can be revoked, a fresh one comes by e-mail; a provider sees only its
own referral; the admin shows no entrepreneur's personal data; bursts of new questions reach
the schakelteam as one list."""

import datetime
import time

import pytest
from django.core import mail, signing
from django.test import Client
from django.utils import timezone
from rest_framework.authtoken.models import Token

from scharnier.casework import services
from scharnier.casework.links import status_token
from scharnier.casework.models import Question
from tests.casework.conftest import MUNICIPALITY_A, submit

pytestmark = pytest.mark.django_db


def old_token(question: Question, days: int, monkeypatch) -> str:
    """A link as it was mailed `days` days ago."""
    then = int(time.time()) - days * 86400
    with monkeypatch.context() as patch:
        patch.setattr(signing.TimestampSigner, "timestamp", lambda self: signing.b62_encode(then))
        return status_token(question)


def test_link_expires_after_the_configured_days(world, settings, monkeypatch):
    settings.CASEWORK_STATUS_LINK_DAYS = 30
    question = world.questions["a"]
    client = Client()
    assert (
        client.get(f"/hulpvraag/status/{old_token(question, 29, monkeypatch)}/").status_code == 200
    )
    expired = old_token(question, 31, monkeypatch)
    for path in ("", "gegevens.json", "verwijderen/"):
        response = client.get(f"/hulpvraag/status/{expired}/{path}")
        assert response.status_code == 410, path
    body = response.content.decode()
    assert "Deze link is verlopen" in body
    assert "30 dagen" in body
    assert 'href="/hulpvraag/status/nieuwe-link/"' in body
    # A forged link stays a plain 404.
    assert client.get(f"/hulpvraag/status/{expired[:-2]}xx/").status_code == 404


def test_fresh_link_by_email_only_to_the_address_of_the_question(
    world, django_capture_on_commit_callbacks
):
    question = world.questions["a"]
    client = Client()
    page = client.get("/hulpvraag/status/nieuwe-link/")
    assert page.status_code == 200 and "Referentie van uw vraag" in page.content.decode()
    mail.outbox.clear()
    answers = []
    for email in ("iemand@anders.example", "FATIMA@bakkerij.example"):
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                "/hulpvraag/status/nieuwe-link/",
                {"reference": question.reference.lower(), "email": email},
                follow=True,
            )
        answers.append(response.content.decode())
    # The same answer either way: nobody learns which references exist.
    assert all("Als de referentie en het e-mailadres bij een vraag horen" in a for a in answers)
    assert [m.to for m in mail.outbox] == [["fatima@bakkerij.example"]]
    link = next(line for line in mail.outbox[0].body.splitlines() if "/hulpvraag/status/" in line)
    path = link.split("127.0.0.1:8000", 1)[1].strip()
    assert client.get(path).status_code == 200
    assert "30 dagen" in mail.outbox[0].body


def test_fresh_link_requests_are_rate_limited(world, settings):
    settings.SCHARNIER_RATE_LIMITS = {"status-link-request": {"ip": "10/h", "email": "2/h"}}
    client = Client()
    form = {"reference": world.questions["a"].reference, "email": "fatima@bakkerij.example"}
    statuses = [client.post("/hulpvraag/status/nieuwe-link/", form).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]


def test_revoking_stops_every_link_given_so_far(world, django_capture_on_commit_callbacks):
    question = world.questions["a"]
    token = world.tokens["a"]
    other_link = status_token(question)
    client = Client()
    response = client.post(f"/hulpvraag/status/{token}/intrekken/")
    assert response.status_code == 302
    assert response["Location"] == "/hulpvraag/status/nieuwe-link/"
    for old in (token, other_link):
        gone = client.get(f"/hulpvraag/status/{old}/")
        assert gone.status_code == 410
        assert "Deze link is ingetrokken" in gone.content.decode()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/hulpvraag/status/nieuwe-link/",
            {"reference": question.reference, "email": question.email},
        )
    fresh = mail.outbox[0].body.split("/hulpvraag/status/", 1)[1].split("/", 1)[0]
    assert client.get(f"/hulpvraag/status/{fresh}/").status_code == 200
    assert client.get(f"/hulpvraag/status/{token}/").status_code == 410


def test_provider_sees_only_its_own_referral(world, live_server):
    import requests

    question = world.questions["a"]
    services.add_note(actor=world.users["schakel_a"], question=question, text="Interne notitie")
    services.refer_question(
        actor=world.users["schakel_a"],
        question=question,
        organisation=world.organisations["b"],
        message="Ook aanbieder B kan helpen.",
    )
    provider = Token.objects.create(user=world.users["aanbieder_a"]).key
    staff = Token.objects.create(user=world.users["schakel_a"]).key
    url = f"{live_server.url}/api/v1/questions/{question.reference}"
    seen = requests.get(url, headers={"Authorization": f"Token {provider}"}, timeout=30).json()
    assert [r["organisation"] for r in seen["referrals"]] == ["aanbieder-a"]
    assert seen["events"], "the provider sees what happened to its own referral"
    assert {e["actor"] for e in seen["events"]} == {None}
    assert all(e["referral"] == str(world.referrals["a"].public_id) for e in seen["events"])
    assert "schakel_a" not in str(seen) and "notitie" not in str(seen)
    # The handling schakelteam still sees everything.
    full = requests.get(url, headers={"Authorization": f"Token {staff}"}, timeout=30).json()
    assert {r["organisation"] for r in full["referrals"]} == {"aanbieder-a", "aanbieder-b"}
    assert "schakel_a" in {e["actor"] for e in full["events"]}


def test_staff_accounts_read_no_personal_data_in_the_admin(world):
    from django.contrib import admin

    staff = world.users["zonder_rol"]
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    personal = ["Fatima", "fatima@bakkerij.example", "0612345678", "Bakkerij De Korrel", "ovens"]
    pages = ["/admin/"]
    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        pages.append(f"/admin/{info[0]}/{info[1]}/")
        first = model.objects.first()
        if first is not None:
            pages.append(f"/admin/{info[0]}/{info[1]}/{first.pk}/change/")
    assert "/admin/casework/personaldataaccess/" in pages
    for path in pages:
        response = client.get(path)
        assert response.status_code in (200, 403), path
        body = response.content.decode()
        leaked = [p for p in personal if p in body]
        assert leaked == [], f"{path} shows {leaked}"


def test_a_burst_of_questions_is_one_mail_with_references(
    world, settings, django_capture_on_commit_callbacks
):
    settings.CASEWORK_STAFF_MAIL_WINDOW_MINUTES = 15
    # The world's three questions (regions A, B, national queue) were just submitted: each
    # queue's staff get theirs at once, on its own.
    assert services.flush_staff_notifications() == 3
    to_team = [m for m in mail.outbox if m.to == ["schakel_a@scharnier.example"]]
    assert len(to_team) == 1 and world.questions["a"].reference in to_team[0].subject
    mail.outbox.clear()
    burst = []
    for n in range(3):
        with django_capture_on_commit_callbacks(execute=True):
            burst.append(submit(MUNICIPALITY_A, email=f"ondernemer{n}@example.nl").question)
    to_team = [m for m in mail.outbox if m.to == ["schakel_a@scharnier.example"]]
    assert to_team == []  # within the window: the burst waits
    assert len([m for m in mail.outbox if m.to[0].startswith("ondernemer")]) == 3
    # Within the window nothing goes out; after it, one mail lists the three references.
    assert services.flush_staff_notifications() == 0
    later = timezone.now() + datetime.timedelta(minutes=16)
    assert services.flush_staff_notifications(now=later) == 3
    to_team = [m for m in mail.outbox if m.to == ["schakel_a@scharnier.example"]]
    assert len(to_team) == 1
    assert "3 nieuwe vragen" in to_team[0].subject
    for question in burst:
        assert question.reference in to_team[0].body
    assert "Fatima" not in to_team[0].body and "ondernemer0" not in to_team[0].body
    assert services.flush_staff_notifications(now=later) == 0
