"""Freshness of the register (REQUIREMENTS A14, 2.12): an editor sees which offers expired or
were not checked for six months and confirms with one button that an offer is still right; a
provider's page says how much of its running offer was checked lately."""

import datetime
import html

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from scharnier.catalog import services as catalog_services
from scharnier.catalog.models import CHECK_INTERVAL_DAYS, Attention, Offer
from scharnier.catalog.queries import attention_counts, provider_freshness
from scharnier.organisations.models import Role
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import make_offer, make_organisation, make_user

TODAY = timezone.localdate()
RECENTLY = TODAY - datetime.timedelta(days=30)
LONG_AGO = TODAY - datetime.timedelta(days=CHECK_INTERVAL_DAYS + 1)
YESTERDAY = TODAY - datetime.timedelta(days=1)


def _catalogue():
    own = make_organisation("eigen-org", name="Eigen Organisatie")
    offers = {
        "fresh": make_offer(provider=own, title="Pas gecontroleerd", last_verified_on=RECENTLY),
        "stale": make_offer(provider=own, title="Lang geleden", last_verified_on=LONG_AGO),
        "never": make_offer(provider=own, title="Nooit gecontroleerd"),
        "planned": make_offer(
            provider=own,
            title="Komt nog",
            valid_from=TODAY + datetime.timedelta(days=40),
            last_verified_on=LONG_AGO,
        ),
        "expired": make_offer(
            provider=own,
            title="Afgelopen regeling",
            valid_from=TODAY - datetime.timedelta(days=400),
            valid_until=YESTERDAY,
            last_verified_on=RECENTLY,
        ),
        "archived": make_offer(provider=own, title="Gearchiveerd", last_verified_on=LONG_AGO),
    }
    catalog_services.archive_offer(actor=None, offer=offers["archived"])
    return own, offers


@pytest.mark.django_db
def test_which_offers_need_a_look_and_why():
    own, offers = _catalogue()
    expected = {
        "fresh": "",
        "stale": Attention.UNCHECKED,
        "never": Attention.UNCHECKED,
        "planned": Attention.UNCHECKED,
        "expired": Attention.EXPIRED,
        "archived": "",
    }
    for name, offer in offers.items():
        offer.refresh_from_db()
        assert offer.attention_on(TODAY) == expected[name], name
    # Checked exactly at the edge is still fresh; a day later it is due.
    edge = TODAY - datetime.timedelta(days=CHECK_INTERVAL_DAYS)
    offers["fresh"].last_verified_on = edge
    assert offers["fresh"].attention_on(TODAY) == ""
    assert offers["fresh"].attention_on(TODAY + datetime.timedelta(days=1)) == Attention.UNCHECKED

    needing = set(Offer.objects.needing_attention().values_list("title", flat=True))
    assert needing == {"Lang geleden", "Nooit gecontroleerd", "Komt nog", "Afgelopen regeling"}
    assert attention_counts(Offer.objects.all()) == {"expired": 1, "unchecked": 3, "total": 4}
    # Running or planned: fresh, stale, never, planned; checked lately: only fresh.
    freshness = provider_freshness(own)
    assert (freshness.checked, freshness.live) == (1, 4)
    assert provider_freshness(make_organisation("leeg")).share is None


@pytest.mark.django_db
def test_klopt_nog_sets_the_check_date_with_a_version_for_the_own_editor_only(client):
    own, offers = _catalogue()
    editor = make_user(Role.PROVIDER_EDITOR, organisation=own, username="redacteur")
    stranger = make_user(
        Role.PROVIDER_EDITOR, organisation=make_organisation("ander"), username="ander"
    )
    stale = offers["stale"]
    versions = stale.versions.count()
    with pytest.raises(PermissionDenied):
        catalog_services.confirm_offer_checked(actor=stranger, offer=stale)

    client.force_login(editor)
    page = client.get("/beheer/aanbod/").content.decode()
    assert "1 aanbod is verlopen. Verleng de einddatum of archiveer het." in page
    assert "3 aanbiedingen zijn langer dan 6 maanden niet gecontroleerd." in page
    assert page.count(">Klopt nog<") == 3  # stale, never, planned; not the expired one
    filtered = client.get("/beheer/aanbod/?aandacht=1").content.decode()
    assert "Aanbod dat aandacht vraagt: 4" in filtered
    assert "Pas gecontroleerd" not in filtered and "Gearchiveerd" not in filtered

    url = f"/beheer/aanbod/{stale.public_id}/gecontroleerd/"
    assert client.get(url).url == "/beheer/aanbod/"  # a reload leads back to the list
    response = client.post(url, {"aandacht": "1"}, follow=True)
    assert response.redirect_chain == [("/beheer/aanbod/?aandacht=1", 302)]
    assert "'Lang geleden' is gecontroleerd." in html.unescape(response.content.decode())
    stale.refresh_from_db()
    assert stale.last_verified_on == TODAY and stale.attention == ""
    latest = stale.versions.order_by("-number").first()
    assert stale.versions.count() == versions + 1
    assert latest.changed_fields == ["last_verified_on"]
    assert "Aanbod dat aandacht vraagt: 3" in response.content.decode()

    client.force_login(stranger)
    assert (
        client.post(f"/beheer/aanbod/{offers['never'].public_id}/gecontroleerd/").status_code == 404
    )
    offers["never"].refresh_from_db()
    assert offers["never"].last_verified_on is None


@pytest.mark.django_db
def test_the_provider_page_says_how_much_of_its_offer_was_checked(client):
    own, _ = _catalogue()
    page = client.get(f"/organisaties/{own.slug}/").content.decode()
    assert "Actualiteit van het aanbod" in page
    assert "1 van de 4 lopende aanbiedingen zijn in de afgelopen 6 maanden gecontroleerd." in page
    empty = make_organisation("zonder-aanbod", name="Zonder aanbod")
    assert (
        "Actualiteit van het aanbod"
        not in client.get(f"/organisaties/{empty.slug}/").content.decode()
    )


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_an_editor_confirms_an_offer_on_a_phone(page, live_server, login):
    own, offers = _catalogue()
    editor = make_user(Role.PROVIDER_EDITOR, organisation=own, username="redacteur-telefoon")
    page.set_viewport_size({"width": 390, "height": 844})
    login(editor)
    page.goto(f"{live_server.url}/beheer/aanbod/")
    page.get_by_role("link", name="Toon alleen het aanbod dat aandacht vraagt").click()
    assert_accessible_and_fits(page)
    row = page.get_by_role("row").filter(has_text="Lang geleden")
    row.get_by_role("button", name="Klopt nog").click()
    page.wait_for_load_state()
    assert "'Lang geleden' is gecontroleerd." in page.inner_text("main")
    assert page.url.endswith("/beheer/aanbod/?aandacht=1")
    assert page.get_by_role("row").filter(has_text="Lang geleden").count() == 0
    assert_accessible_and_fits(page)
    offers["stale"].refresh_from_db()
    assert offers["stale"].last_verified_on == timezone.localdate()


@pytest.mark.django_db
def test_editors_are_reminded_once_a_month_with_counts_and_a_link_only(settings):
    from django.core import mail

    from scharnier.catalog.models import EditorReminder
    from scharnier.catalog.tasks import remind_offer_editors
    from scharnier.jobs.models import Job, JobKind, JobState

    settings.SITE_URL = "https://scharnier.example"

    def editor(organisation, username: str, email: str) -> None:
        user = make_user(Role.PROVIDER_EDITOR, organisation=organisation, username=username)
        user.email = email
        user.save()

    own, offers = _catalogue()
    editor(own, "red-1", "een@eigen.example")
    editor(own, "red-2", "twee@eigen.example")
    tidy = make_organisation("netjes", name="Netjes")  # only a recently checked offer
    make_offer(provider=tidy, title="Netjes bijgehouden", last_verified_on=RECENTLY)
    editor(tidy, "red-3", "drie@net.example")
    without_editor = make_organisation("zonder-redacteur")
    make_offer(provider=without_editor, title="Niemand houdt dit bij")
    mail.outbox.clear()

    assert catalog_services.remind_editors_of_offers_needing_attention() == 1
    assert sorted(m.to[0] for m in mail.outbox) == ["een@eigen.example", "twee@eigen.example"]
    message = mail.outbox[0]
    assert message.subject == "Uw aanbod in Scharnier vraagt aandacht (Eigen Organisatie)"
    assert "1 aanbod is verlopen. Verleng de einddatum of archiveer het." in message.body
    assert "3 aanbiedingen zijn langer dan 6 maanden niet gecontroleerd." in message.body
    assert "https://scharnier.example/beheer/aanbod/?aandacht=1" in message.body
    assert "Lang geleden" not in message.body  # counts and a link, no titles
    reminder = EditorReminder.objects.get()
    assert (reminder.provider, reminder.expired, reminder.unchecked) == (own, 1, 3)
    assert reminder.month == TODAY.replace(day=1)

    # A second run in the same month (the scheduled job) reminds nobody again.
    mail.outbox.clear()
    assert remind_offer_editors.apply().get() == JobState.SUCCEEDED
    assert mail.outbox == []
    assert Job.objects.get(kind=JobKind.REMIND_OFFER_EDITORS).result == {"reminded": 0}
    # Next month, what still needs a look is told again.
    next_month = (TODAY.replace(day=28) + datetime.timedelta(days=5)).replace(day=1)
    catalog_services.remind_editors_of_offers_needing_attention(next_month)
    assert len(mail.outbox) == 2


@pytest.mark.django_db
def test_the_editor_confirms_on_the_offers_own_page_and_stays_there(client):
    own, offers = _catalogue()
    stale, expired = offers["stale"], offers["expired"]
    detail = f"/aanbod/{stale.public_id}/"
    # A visitor sees no reminder and no button.
    assert "Klopt nog" not in client.get(detail).content.decode()

    client.force_login(make_user(Role.PROVIDER_EDITOR, organisation=own, username="redacteur"))
    page = client.get(detail).content.decode()
    assert "Langer dan 6 maanden niet gecontroleerd. Klopt het aanbod nog?" in page
    assert page.count(">Klopt nog<") == 1
    expired_page = client.get(f"/aanbod/{expired.public_id}/").content.decode()
    assert "Verlopen: verleng de einddatum of archiveer het aanbod." in expired_page
    assert ">Klopt nog<" not in expired_page  # an expired offer needs a new end date

    response = client.post(f"/beheer/aanbod/{stale.public_id}/gecontroleerd/", {"terug": "aanbod"})
    assert response.url == detail
    page = client.get(detail).content.decode()
    assert "is gecontroleerd. Over 6 maanden vragen we het u weer." in page
    assert "Langer dan 6 maanden niet gecontroleerd" not in page
