"""The region's term for a first answer and the days its schakelteam is closed: set by the
regional director on one page, counted in every new question's term, told to the entrepreneur."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone
from django.utils.formats import date_format

from scharnier.casework import services
from scharnier.casework.deadlines import closure_in_term, first_answer_due
from scharnier.casework.models import RegionClosure
from scharnier.core import clock
from scharnier.core.workdays import add_working_days
from scharnier.organisations.models import Role
from tests.casework.conftest import submit
from tests.factories import make_user

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PAGE = "/regio/regio-a/termijnen/"


def _at(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=AMSTERDAM)


def _local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def _closure(world, starts_on, ends_on, reason="kerstvakantie") -> RegionClosure:
    return services.add_region_closure(
        actor=world.users["regisseur_a"],
        region=world.regions["a"],
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
    )


def test_closed_days_do_not_count_towards_the_first_answer(world):
    # Friday 19 December 2025: the term is 5 working days, over Christmas: Wednesday 31 Dec.
    with clock.set_to(_at(2025, 12, 19)):
        before = submit().question
    assert _local_day(before.response_due_at) == datetime.date(2025, 12, 30)

    # Monday 22 December the director closes the team from 24 December to 1 January.
    with clock.set_to(_at(2025, 12, 22)):
        closure = _closure(world, datetime.date(2025, 12, 24), datetime.date(2026, 1, 1))
        after = submit().question
        elsewhere = submit("GM0758").question  # Regio B stays open
    # 23 Dec (1), then closed until 1 Jan, 2 Jan (2), 5 (3), 6 (4), 7 January (5).
    assert after.response_due_at == _at(2026, 1, 7)
    # Without the closure: 23, 24, 29, 30, 31 December.
    assert _local_day(elsewhere.response_due_at) == datetime.date(2025, 12, 31)
    # The question that came before keeps the day it was promised.
    before.refresh_from_db()
    assert _local_day(before.response_due_at) == datetime.date(2025, 12, 30)

    assert closure_in_term(after) == closure
    assert closure_in_term(before) is None  # the closure did not move its term
    assert closure_in_term(elsewhere) is None
    # A question after the closure has nothing to do with it.
    assert first_answer_due(world.regions["a"], _at(2026, 1, 2)) == _at(2026, 1, 9)


def test_a_closure_that_cannot_be_is_refused_with_its_reason(world):
    today = timezone.localdate()
    day = datetime.timedelta(days=1)

    def refused(starts_on, ends_on, reason="") -> dict:
        with pytest.raises(ValidationError) as caught:
            _closure(world, starts_on, ends_on, reason)
        return caught.value.message_dict

    assert refused(today + 5 * day, today + 2 * day) == {
        "ends_on": ["De laatste dag ligt voor de eerste dag. Kies een latere datum."]
    }
    assert refused(today - 9 * day, today - day) == {
        "ends_on": ["Deze dagen zijn al voorbij. Kies een datum vanaf vandaag."]
    }
    assert refused(today, today + 31 * day) == {
        "ends_on": ["Een sluiting duurt hoogstens 31 dagen."]
    }
    assert refused(today + 400 * day, today + 401 * day) == {
        "starts_on": ["Plan een sluiting hoogstens een jaar vooruit."]
    }
    assert "reason" in refused(today, today, "<b>dicht</b>")
    assert not RegionClosure.objects.exists()

    _closure(world, today + 10 * day, today + 12 * day)
    clash = refused(today + 12 * day, today + 14 * day)["starts_on"][0]
    assert clash.startswith("Deze dagen vallen samen met de sluiting van ")
    assert "Kies andere dagen, of haal die sluiting eerst weg." in clash
    assert RegionClosure.objects.count() == 1
    # The day after it ends is free; one day alone is a closure as well (30 days is the most).
    _closure(world, today + 13 * day, today + 13 * day)
    _closure(world, today + 14 * day, today + 44 * day)
    assert RegionClosure.objects.count() == 3


def test_only_the_regions_director_changes_the_term_and_the_closures(world):
    today = timezone.localdate()
    other_director = make_user(
        Role.REGIONAL_DIRECTOR, region=world.regions["b"], username="regisseur_b"
    )
    for name in ("schakel_a", "schakel_b", "aanbieder_a", "analist"):
        with pytest.raises(PermissionDenied):
            services.add_region_closure(
                actor=world.users[name], region=world.regions["a"], starts_on=today, ends_on=today
            )
    with pytest.raises(PermissionDenied):
        services.add_region_closure(
            actor=other_director, region=world.regions["a"], starts_on=today, ends_on=today
        )
    closure = _closure(world, today, today)
    with pytest.raises(PermissionDenied):
        services.remove_region_closure(actor=world.users["schakel_a"], closure=closure)
    assert RegionClosure.objects.count() == 1

    def page(name, method="get", data=None):
        client = Client()
        user = world.users[name] if name in world.users else other_director
        if user is not None:
            client.force_login(user)
        return getattr(client, method)(PAGE, data or {})

    assert page("anoniem").status_code == 302
    for name in ("schakel_b", "aanbieder_a", "analist", "zonder_rol", "regisseur_b"):
        assert page(name).status_code == 403, name
    # The region's schakelteam reads the page; it has no forms.
    read = page("schakel_a")
    assert read.status_code == 200
    body = read.content.decode()
    assert "Het schakelteam reageert binnen 5 werkdagen op een nieuwe vraag." in body
    assert "Een aanbieder laat binnen 5 werkdagen weten of hij een doorverwijzing oppakt." in body
    assert "kerstvakantie" in body and "<form" not in body.split("<main", 1)[1]
    assert 'href="/schakelteam/vragen/?regio=regio-a"' in body
    assert (
        page("schakel_a", "post", {"formulier": "termijn", "sla_working_days": "9"}).status_code
        == 403
    )
    for name in ("regisseur_a", "beheerder"):
        own = page(name).content.decode()
        assert 'name="sla_working_days"' in own and 'name="starts_on"' in own, name
    # The director's menu leads there; a schakelteam member's menu does not.
    director = Client()
    director.force_login(world.users["regisseur_a"])
    assert 'href="/schakelteam/termijnen/"' in director.get("/").content.decode()
    assert director.get("/schakelteam/termijnen/").url == PAGE
    member = Client()
    member.force_login(world.users["schakel_a"])
    assert "/schakelteam/termijnen/" not in member.get("/account/").content.decode()
    assert member.get("/schakelteam/termijnen/").status_code == 403


def test_the_director_sets_the_term_and_the_closures_on_the_page(world):
    client = Client()
    client.force_login(world.users["regisseur_a"])
    refused = client.post(PAGE, {"formulier": "termijn", "sla_working_days": "vijf"})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert 'value="vijf"' in body and "Vul een heel getal in" in body
    refused = client.post(PAGE, {"formulier": "termijn", "sla_working_days": "90"})
    assert "Vul een getal in van hoogstens 60." in refused.content.decode()
    saved = client.post(PAGE, {"formulier": "termijn", "sla_working_days": "3"})
    assert saved.status_code == 302
    question = submit().question
    assert question.response_due_at == add_working_days(question.submitted_at, 3)
    # Without a term of their own, providers have as long as the schakelteam.
    referral = services.refer_question(
        actor=world.users["schakel_a"],
        question=question,
        organisation=world.organisations["a"],
        message="Graag contact.",
    )
    assert referral.response_due_at == add_working_days(referral.created_at, 3)

    refused = client.post(
        PAGE, {"formulier": "termijn", "sla_working_days": "3", "referral_working_days": "0"}
    )
    assert "Vul een getal in van 1 of meer." in refused.content.decode()
    saved = client.post(
        PAGE, {"formulier": "termijn", "sla_working_days": "3", "referral_working_days": "2"}
    )
    assert saved.status_code == 302
    assert 'name="referral_working_days" value="2"' in client.get(PAGE).content.decode()
    referral = services.refer_question(
        actor=world.users["schakel_a"],
        question=submit().question,
        organisation=world.organisations["a"],
        message="Graag contact.",
    )
    assert referral.response_due_at == add_working_days(referral.created_at, 2)

    today = timezone.localdate()
    start, end = today + datetime.timedelta(days=3), today + datetime.timedelta(days=1)
    refused = client.post(
        PAGE,
        {
            "formulier": "sluiting",
            "starts_on": start.isoformat(),
            "ends_on": end.isoformat(),
            "reason": "verhuizing",
        },
    )
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "De laatste dag ligt voor de eerste dag." in body
    assert f'value="{start.isoformat()}"' in body and 'value="verhuizing"' in body
    empty = client.post(PAGE, {"formulier": "sluiting", "starts_on": "", "ends_on": ""})
    assert "Vul de eerste dag in dat het schakelteam dicht is." in empty.content.decode()
    assert not RegionClosure.objects.exists()

    end = today + datetime.timedelta(days=5)
    saved = client.post(
        PAGE,
        {
            "formulier": "sluiting",
            "starts_on": start.isoformat(),
            "ends_on": end.isoformat(),
            "reason": "verhuizing",
        },
    )
    assert saved.status_code == 302
    body = client.get(PAGE).content.decode()
    assert "De sluiting is opgeslagen." in body and "(verhuizing)" in body
    closure = RegionClosure.objects.get()
    assert (closure.region, closure.starts_on, closure.ends_on) == (world.regions["a"], start, end)

    # Another region's closure cannot be removed through this page.
    other = RegionClosure.objects.create(
        region=world.regions["b"], starts_on=start, ends_on=end, reason="b"
    )
    assert client.post(PAGE, {"formulier": "weghalen", "sluiting": other.pk}).status_code == 404
    assert client.post(PAGE, {"formulier": "weghalen", "sluiting": "x"}).status_code == 404
    assert client.post(PAGE, {"formulier": "iets"}).status_code == 404
    removed = client.post(PAGE, {"formulier": "weghalen", "sluiting": closure.pk})
    assert removed.status_code == 302
    assert list(RegionClosure.objects.all()) == [other]
    assert "Er zijn geen sluitingsdagen gepland." in client.get(PAGE).content.decode()


def test_the_entrepreneur_and_the_inbox_hear_about_the_closure(
    world, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    start, end = today + datetime.timedelta(days=1), today + datetime.timedelta(days=14)
    _closure(world, start, end, reason="verbouwing")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submitted = submit()
    question = submitted.question
    # Fourteen closed days hold at least nine working days: the term falls after them.
    assert timezone.localdate(question.response_due_at) > end

    received = next(m for m in mail.outbox if m.to == ["fatima@bakkerij.example"])
    sentence = re.sub(r"\s+", " ", received.body)
    due = date_format(timezone.localtime(question.response_due_at), "l j F")
    assert f"Binnen 5 werkdagen hoort u van ons: uiterlijk {due}." in sentence
    assert "Het schakelteam is dicht van " in sentence
    assert "(verbouwing) Die dagen tellen niet mee voor de termijn." in sentence

    status = Client().get(f"/hulpvraag/status/{submitted.status_token}/").content.decode()
    assert 'data-testid="closure"' in status and "(verbouwing)" in status

    staff = Client()
    staff.force_login(world.users["schakel_a"])
    inbox = staff.get("/schakelteam/vragen/", {"regio": "regio-a"}).content.decode()
    assert 'data-testid="closure"' in inbox
    assert "Nieuwe vragen krijgen een termijn zonder die dagen." in inbox
    assert f'href="{PAGE}"' in inbox
    other = Client()
    other.force_login(world.users["schakel_b"])
    assert 'data-testid="closure"' not in other.get("/schakelteam/vragen/").content.decode()

    # A closure far ahead is not news in the inbox yet.
    RegionClosure.objects.all().delete()
    _closure(world, today + datetime.timedelta(days=40), today + datetime.timedelta(days=41))
    inbox = staff.get("/schakelteam/vragen/", {"regio": "regio-a"}).content.decode()
    assert 'data-testid="closure"' not in inbox
