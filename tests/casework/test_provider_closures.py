"""A provider's closing days: its own editors keep them on a page of their own; a referral
made before or during them gets a term to take it up without them, and the schakelteam sees
them when it chooses where to refer to."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from scharnier.casework import services
from scharnier.casework.deadlines import provider_closure_in_term, referral_due
from scharnier.casework.models import ProviderClosure
from scharnier.core import clock
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.casework.conftest import ROLES, submit
from tests.factories import make_offer

pytestmark = pytest.mark.django_db

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
PAGE = "/aanbieder/aanbieder-b/sluitingsdagen/"
DAY = datetime.timedelta(days=1)


def _at(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, 0, tzinfo=AMSTERDAM)


def _close(world, starts_on, ends_on, reason="kerstsluiting", who="aanbieder_b"):
    return services.add_provider_closure(
        actor=world.users[who],
        organisation=world.organisations["b"],
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
    )


def _refer_new_question(world, provider="b"):
    """A new question from Breda (Regio B), referred to `provider` at the clock's time."""
    return services.refer_question(
        actor=world.users["schakel_b"],
        question=submit("GM0758").question,
        organisation=world.organisations[provider],
        message="Graag contact.",
    )


def test_closed_days_do_not_count_towards_the_referral_term(world):
    with clock.set_to(_at(2025, 12, 19)):  # Friday
        before = _refer_new_question(world)
    # Five working days over Christmas (national holidays only): Tuesday 30 December.
    assert timezone.localdate(before.response_due_at) == datetime.date(2025, 12, 30)

    # Monday 22 December provider B says it is closed from 24 December to 1 January.
    with clock.set_to(_at(2025, 12, 22)):
        closure = _close(world, datetime.date(2025, 12, 24), datetime.date(2026, 1, 1))
        after = _refer_new_question(world)
        elsewhere = _refer_new_question(world, provider="a")  # provider A stays open
    # 23 Dec (1), closed until 1 Jan, then 2 (2), 5 (3), 6 (4), 7 January (5).
    assert after.response_due_at == _at(2026, 1, 7)
    # Provider A: 23, 24, 29, 30, 31 December.
    assert timezone.localdate(elsewhere.response_due_at) == datetime.date(2025, 12, 31)
    # The referral made before keeps its term, and the closure is not given as its reason.
    before.refresh_from_db()
    assert timezone.localdate(before.response_due_at) == datetime.date(2025, 12, 30)
    assert provider_closure_in_term(after) == closure
    assert provider_closure_in_term(before) is None
    assert provider_closure_in_term(elsewhere) is None
    # A referral after the closure has nothing to do with it.
    assert referral_due(world.regions["b"], world.organisations["b"], _at(2026, 1, 2)) == _at(
        2026, 1, 9
    )


def test_only_the_providers_own_editors_keep_its_closing_days(world):
    today = timezone.localdate()
    for name in ("aanbieder_a", "schakel_b", "regisseur_a", "analist", "zonder_rol"):
        with pytest.raises(PermissionDenied):
            _close(world, today, today, who=name)
    assert not ProviderClosure.objects.exists()
    # The same checks as a region's closure, in the provider's words where they differ.
    with pytest.raises(ValidationError) as refused:
        _close(world, today + 5 * DAY, today + 2 * DAY)
    assert refused.value.message_dict == {
        "ends_on": ["De laatste dag ligt voor de eerste dag. Kies een latere datum."]
    }
    closure = _close(world, today + 3 * DAY, today + 4 * DAY)
    with pytest.raises(ValidationError) as refused:
        _close(world, today + 4 * DAY, today + 6 * DAY, who="beheerder")
    assert refused.value.message_dict["starts_on"][0].startswith("Deze dagen vallen samen")
    # Another provider's days do not clash with these.
    services.add_provider_closure(
        actor=world.users["aanbieder_a"],
        organisation=world.organisations["a"],
        starts_on=today + 4 * DAY,
        ends_on=today + 4 * DAY,
    )
    with pytest.raises(PermissionDenied):
        services.remove_provider_closure(actor=world.users["aanbieder_a"], closure=closure)
    services.remove_provider_closure(actor=world.users["aanbieder_b"], closure=closure)
    assert list(ProviderClosure.objects.values_list("organisation__slug", flat=True)) == [
        "aanbieder-a"
    ]

    # The page: its own editors and the administrator; everyone else is turned away.
    for name in ROLES:
        client = Client()
        if world.users[name] is not None:
            client.force_login(world.users[name])
        status = client.get(PAGE).status_code
        if name in ("aanbieder_b", "beheerder"):
            assert status == 200, name
        elif name == "anoniem":
            assert status == 302
        else:
            assert status == 403, name
            posted = client.post(
                PAGE, {"formulier": "sluiting", "starts_on": today, "ends_on": today}
            )
            assert posted.status_code == 403, name
    assert ProviderClosure.objects.count() == 1


def test_the_provider_adds_and_removes_its_closing_days_on_the_page(world):
    client = Client()
    client.force_login(world.users["aanbieder_b"])
    # The referrals page leads there.
    referrals = client.get("/aanbieder/doorverwijzingen/").content.decode()
    assert f'href="{PAGE}"' in referrals and "sluitingsdagen van Aanbieder B" in referrals
    page = client.get(PAGE).content.decode()
    assert 'data-testid="no-closures"' in page
    # The menu shows where the page lives: under the provider's referrals.
    current = re.findall(r'<a[^>]*href="([^"]+)"[^>]*aria-current="page"', page)
    assert current == ["/aanbieder/doorverwijzingen/"]

    start = timezone.localdate() + 10 * DAY
    refused = client.post(PAGE, {"formulier": "sluiting", "starts_on": "", "ends_on": ""})
    assert refused.status_code == 400
    body = refused.content.decode()
    assert "Vul de eerste dag in dat uw organisatie dicht is." in body
    assert "Vul de laatste dag in dat uw organisatie dicht is." in body
    refused = client.post(
        PAGE,
        {
            "formulier": "sluiting",
            "starts_on": start.isoformat(),
            "ends_on": (start - 2 * DAY).isoformat(),
            "reason": "verhuizing",
        },
    )
    body = refused.content.decode()
    assert "De laatste dag ligt voor de eerste dag." in body
    assert f'value="{start.isoformat()}"' in body and 'value="verhuizing"' in body
    assert not ProviderClosure.objects.exists()

    saved = client.post(
        PAGE,
        {
            "formulier": "sluiting",
            "starts_on": start.isoformat(),
            "ends_on": (start + 2 * DAY).isoformat(),
            "reason": "verhuizing",
        },
        follow=True,
    )
    body = saved.content.decode()
    assert "De sluiting is opgeslagen." in body and "(verhuizing)" in body
    (closure,) = ProviderClosure.objects.all()
    assert closure.organisation == world.organisations["b"]

    other = services.add_provider_closure(
        actor=world.users["aanbieder_a"],
        organisation=world.organisations["a"],
        starts_on=start,
        ends_on=start,
    )
    for data in (
        {"formulier": "weghalen", "sluiting": other.pk},
        {"formulier": "weghalen", "sluiting": "x"},
        {"formulier": "iets"},
    ):
        assert client.post(PAGE, data).status_code == 404, data
    removed = client.post(PAGE, {"formulier": "weghalen", "sluiting": closure.pk}, follow=True)
    assert "De sluiting is weggehaald." in removed.content.decode()
    assert list(ProviderClosure.objects.all()) == [other]
    assert Client().get("/aanbieder/bestaat-niet/sluitingsdagen/").status_code == 302


def test_the_schakelteam_sees_a_closure_when_it_chooses_and_after_it_referred(world):
    today = timezone.localdate()
    soon = _close(world, today + 3 * DAY, today + 5 * DAY, reason="kerstsluiting")
    services.add_provider_closure(
        actor=world.users["aanbieder_a"],
        organisation=world.organisations["a"],
        starts_on=today + 20 * DAY,  # too far ahead to matter for a referral made now
        ends_on=today + 20 * DAY,
    )
    make_offer(provider=world.organisations["b"], title="Personeelsadvies")
    client = Client()
    client.force_login(world.users["schakel_b"])
    question = submit("GM0758").question
    html = client.get(f"/schakelteam/vragen/{question.reference}/").content.decode()
    assert "Aanbieder B (dicht van " in html
    assert "Aanbieder A (dicht" not in html and ">Aanbieder A<" in html
    # So do provider B's offers; provider A's say nothing.
    assert "Personeelsadvies (Aanbieder B, dicht van " in html
    assert "Energiescan voor het mkb (Aanbieder A)<" in html

    referral = _refer_new_question(world)
    html = client.get(f"/schakelteam/vragen/{referral.question.reference}/").content.decode()
    assert provider_closure_in_term(referral) == soon
    assert "Aanbieder B is dicht van " in html and "(kerstsluiting)" in html
    assert "Die dagen tellen niet mee voor de termijn." in html


@pytest.mark.browser
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed")
@pytest.mark.parametrize("width", [1280, 390])
def test_the_closing_days_page_on_a_desk_and_a_phone(page, live_server, login, width):
    from tests.casework.conftest import build_world

    world = build_world()
    page.set_viewport_size({"width": width, "height": 900})
    login(world.users["aanbieder_b"])
    page.goto(f"{live_server.url}/aanbieder/doorverwijzingen/")
    page.get_by_role("link", name="sluitingsdagen van Aanbieder B").click()
    assert page.locator("h1").inner_text() == "Sluitingsdagen van Aanbieder B"
    assert_accessible_and_fits(page)

    page.get_by_role("button", name="Sluiting opslaan").click()
    assert "Vul de eerste dag in dat uw organisatie dicht is." in page.locator("main").inner_text()
    assert_accessible_and_fits(page)

    start = timezone.localdate() + 10 * DAY
    page.get_by_label("Eerste dag dicht").fill(start.isoformat())
    page.get_by_label("Laatste dag dicht").fill((start + DAY).isoformat())
    page.get_by_label("Reden").fill("verhuizing")
    page.get_by_role("button", name="Sluiting opslaan").click()
    assert "(verhuizing)" in page.get_by_test_id("closures").inner_text()
    assert_accessible_and_fits(page)
    page.get_by_role("button", name="Weghalen").click()
    assert page.get_by_test_id("no-closures").is_visible()
