"""The schakelteam's question view gets matching's suggestions for a referral."""

import re

import pytest
from django.test import Client

from scharnier.casework import services as casework
from scharnier.casework.models import ConsentPurpose, Door
from scharnier.geography.models import Region
from scharnier.matching.casework_help import referral_help
from scharnier.organisations.models import Role
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _question(zwolle, text):
    return casework.submit_question(
        door=Door.SITE,
        municipality=zwolle,
        text=text,
        contact_name="Fatima de Vries",
        company_name="Bakkerij De Korrel",
        email="fatima@bakkerij.example",
        phone="0612345678",
        consent_purposes=[ConsentPurpose.HANDLING],
    ).question


def test_referral_help_ranks_eligible_offers_with_themes_and_checks(small_catalog):
    zwolle, offers = small_catalog
    question = _question(zwolle, "Onze energierekening is verdubbeld, wat kunnen we doen?")
    help_ = referral_help(question)
    assert "verduurzaming" in [t.code for t in help_.themes]
    ids = [m.offer.pk for m in help_.offers]
    assert ids and ids[0] in {offers["energy"].pk, offers["energy2"].pk}
    # Never an offer the firm in Zwolle cannot use (other region, expired).
    assert offers["breda"].pk not in ids and offers["expired"].pk not in ids
    assert all(m.explanation for m in help_.offers)
    assert {p.organisation.pk for p in help_.providers} == {
        m.offer.provider_id for m in help_.offers
    }
    # The case does not know the firm's size: a size rule is shown as a check, not passed.
    for item in help_.offers:
        sized = item.offer.size_classes.exists()
        assert sized == any(r.rule == "grootte" and r.needs_check for r in item.rules)


def test_question_page_shows_suggestions_to_the_schakelteam(small_catalog):
    zwolle, offers = small_catalog
    question = _question(zwolle, "Onze energierekening is verdubbeld, wat kunnen we doen?")
    region = Region.objects.get(slug="regio-zwolle")
    client = Client()
    client.force_login(make_user(Role.SCHAKELTEAM_MEMBER, region=region))
    page = client.get(f"/schakelteam/vragen/{question.reference}/").content.decode()
    assert 'data-testid="matching-help"' in page
    assert "Suggesties voor doorverwijzen" in page
    assert page.count('data-testid="suggested-offer"') >= 1
    assert offers["breda"].title not in page.split('data-testid="matching-help"')[1]


def test_search_page_shows_check_this_for_a_rule_on_an_unknown_field(small_catalog, client):
    zwolle, offers = small_catalog
    base = {"vraag": "energie besparen in onze kassen", "gemeente": "GM0193"}
    # The sector is optional on the page: left empty, the sector rule is a check, not a pass.
    page = client.get("/vraag/", {**base, "medewerkers": 8, "leeftijd": 12}).content.decode()
    assert offers["agri"].title in page
    assert "Controleer dit:" in page
    assert "Alleen voor bedrijven in deze sector:" in page
    known = client.get(
        "/vraag/", {**base, "medewerkers": 8, "leeftijd": 12, "sector": "a"}
    ).content.decode()
    assert offers["agri"].title in known
    assert "Alleen voor bedrijven in deze sector:" not in known


def test_the_search_page_tells_the_phase_in_plain_words(small_catalog, client):
    from scharnier.catalog.models import JourneyPhase
    from scharnier.matching.matcher import PHASE_SENTENCES

    assert set(JourneyPhase.objects.values_list("code", flat=True)) == set(PHASE_SENTENCES)
    page = client.get(
        "/vraag/",
        {"vraag": "Ik wil een plan maken om energie te besparen", "gemeente": "GM0193",
         "medewerkers": 8, "leeftijd": 12},
    ).content.decode()  # fmt: skip
    assert "de fase" not in page
    assert any(str(sentence) in page for sentence in PHASE_SENTENCES.values())


def test_suggestions_speak_to_staff_link_the_offer_and_preselect_it(small_catalog):
    zwolle, offers = small_catalog
    question = _question(zwolle, "Onze energierekening is verdubbeld, wat kunnen we doen?")
    region = Region.objects.get(slug="regio-zwolle")
    client = Client()
    client.force_login(make_user(Role.SCHAKELTEAM_MEMBER, region=region))
    url = f"/schakelteam/vragen/{question.reference}/"
    page = client.get(url).content.decode()
    suggestions = page.split('data-testid="matching-help"')[1].split("</section>")[0]
    assert "Past bij de vraag over verduurzaming" in suggestions
    assert "uw vraag" not in suggestions and "uw regio" not in suggestions
    first = referral_help(question).offers[0].offer
    assert f'href="/aanbod/{first.public_id}/"' in suggestions
    assert f'href="?aanbod={first.public_id}#doorverwijzen"' in suggestions
    # The chosen suggestion is filled in in the referral form: the offer and its provider.
    chosen = client.get(url, {"aanbod": str(first.public_id)}).content.decode()
    form = chosen.split('id="doorverwijzen"')[1]
    assert f'<option value="{first.public_id}" selected>' in form
    assert f'<option value="{first.provider_id}" selected>' in form
    # Without the parameter, or with one that is no offer on the list, nothing is chosen.
    for other in (page, client.get(url, {"aanbod": "geen-aanbod"}).content.decode()):
        form = other.split('id="doorverwijzen"')[1].split("</form>")[0]
        assert form.count(" selected>") == 2  # the two empty choices
        assert '<option value="" selected>' in form


def test_entrepreneur_pages_name_sectors_without_the_sbi_letter(small_catalog, client):
    from scharnier.catalog.models import SbiSection

    zwolle, offers = small_catalog
    trade = SbiSection.objects.get(code="g")
    assert trade.name == "Handel en winkels"  # everyday words (data: vocabularies.json)
    assert trade.label == "G Handel"  # staff lists keep the letter
    assert SbiSection.objects.get(code="b").choice_name == "Winning van zand, grind, olie of gas"
    base = {"vraag": "energie besparen in onze kassen", "gemeente": "GM0193"}
    page = client.get("/vraag/", {**base, "medewerkers": 8, "leeftijd": 12}).content.decode()
    scan = client.get("/toekomstscan/").content.decode()
    for html in (page, scan):
        assert (
            '<option value="g">Handel en winkels (winkel, webwinkel, groothandel, garage)</option>'
            in html
        )
        assert "G Handel" not in html and "Logies-" not in html
        # Households and extraterritorial organisations seek no SME support (data, not code).
        assert 'value="t"' not in html and 'value="u"' not in html
    assert "Alleen voor bedrijven in deze sector: Landbouw, tuinbouw, bosbouw of visserij." in page
    assert not SbiSection.objects.get(code="t").for_entrepreneurs


def test_a_provider_that_declined_the_referral_comes_after_the_others(small_catalog):
    zwolle, offers = small_catalog
    question = _question(zwolle, "Onze energierekening is verdubbeld, wat kunnen we doen?")
    before = referral_help(question).offers
    first = before[0].offer
    assert any(m.offer.provider_id != first.provider_id for m in before)

    after = referral_help(question, declined={first.provider_id}).offers

    providers = [m.offer.provider_id == first.provider_id for m in after]
    assert providers == sorted(providers)  # every offer of the declining provider comes last
    assert after[0].offer.provider_id != first.provider_id


def test_the_question_page_puts_a_declining_provider_last(small_catalog):
    from scharnier.casework.models import Referral, ReferralStatus

    zwolle, _offers = small_catalog
    question = _question(zwolle, "Onze energierekening is verdubbeld, wat kunnen we doen?")
    member = make_user(Role.SCHAKELTEAM_MEMBER, region=Region.objects.get(slug="regio-zwolle"))
    first = referral_help(question).offers[0].offer
    referral = casework.refer_question(
        actor=member, question=question, message="Graag contact opnemen.", offer=first
    )
    Referral.objects.filter(pk=referral.pk).update(status=ReferralStatus.REJECTED)
    client = Client()
    client.force_login(member)
    page = client.get(f"/schakelteam/vragen/{question.reference}/").content.decode()
    suggestions = page.split('data-testid="matching-help"')[1].split("</section>")[0]
    links = re.findall(r'href="/aanbod/([0-9a-f-]+)/"', suggestions)
    assert links and links[0] != str(first.public_id)


def test_suggestions_name_a_provider_that_is_closed_soon(small_catalog):
    import datetime

    from django.utils import timezone

    zwolle, _offers = small_catalog
    question = _question(zwolle, "Onze energierekening is verdubbeld, wat kunnen we doen?")
    member = make_user(Role.SCHAKELTEAM_MEMBER, region=Region.objects.get(slug="regio-zwolle"))
    help_ = referral_help(question)
    closed = help_.offers[0].offer.provider
    others = {p.organisation.name for p in help_.providers} - {closed.name}
    today = timezone.localdate()
    casework.add_provider_closure(
        actor=None,
        organisation=closed,
        starts_on=today + datetime.timedelta(days=3),
        ends_on=today + datetime.timedelta(days=3),
        reason="teamdag",
    )
    client = Client()
    client.force_login(member)

    def suggestions():
        page = client.get(f"/schakelteam/vragen/{question.reference}/").content.decode()
        return page.split('data-testid="matching-help"')[1].split("</section>")[0]

    shown = suggestions()
    day = (today + datetime.timedelta(days=3)).day
    label = re.escape(closed.name) + r", <strong>dicht op " + str(day) + " "
    offers_of_closed = sum(m.offer.provider_id == closed.pk for m in help_.offers)
    assert len(re.findall(label, shown)) == offers_of_closed
    assert re.search(re.escape(closed.name) + r" \(dicht op " + str(day) + " ", shown)
    for name in others:  # a provider without closing days is named as before
        assert name + " (dicht" not in shown and name + ", <strong>dicht" not in shown
    # A closure three weeks away is not news yet.
    from scharnier.casework.models import ProviderClosure

    ProviderClosure.objects.filter(organisation=closed).update(
        starts_on=today + datetime.timedelta(days=21), ends_on=today + datetime.timedelta(days=21)
    )
    assert "dicht op" not in suggestions()
