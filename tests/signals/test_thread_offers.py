"""A thread page's "Bestaand aanbod": offers about its theme that reach where its signals come
from, regional ones first, and no white spot claimed while offers with the theme exist."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from scharnier.catalog.models import JourneyPhase, ScopeLevel, Theme
from scharnier.signals import queries, services
from scharnier.signals.models import Signal, Thread
from scharnier.signals.services import SignalInput
from tests.factories import make_offer, make_region
from tests.signals.world import build_world

pytestmark = pytest.mark.django_db

LOAN = "Ik krijg geen lening bij de bank voor een tweede bestelbus, terwijl mijn omzet groeit."


@pytest.fixture
def world():
    world = build_world()
    world.regions["c"] = make_region("regio-c", municipality_codes=("GM0014",))  # Groningen
    return world


def _signal(region, *, themes=("financiering",), phase=None, text=LOAN):
    """A signal from the public form (no role needed for any region), not yet published."""
    return services.raise_signal(
        actor=None,
        source="publiek",
        data=SignalInput(
            kind="knelpunt",
            text=text,
            themes=list(Theme.objects.filter(code__in=themes)),
            journey_phase=JourneyPhase.objects.get(code=phase) if phase else None,
            region=region,
        ),
    )


def _offer(title, scope=ScopeLevel.NATIONAL, *, theme="financiering", phase="kunnen", **areas):
    return make_offer(
        title=title,
        scope_level=scope,
        themes=[Theme.objects.get(code=theme)],
        journey_phases=[JourneyPhase.objects.get(code=phase)],
        **areas,
    )


def _titles(offers):
    return [offer.title for offer in offers]


def test_offers_reach_the_regions_of_the_signals_regional_first_then_national(world, client):
    _offer("Zwolse lening", ScopeLevel.REGION, regions=[world.regions["a"]])
    breda = world.regions["b"].municipalities.all()
    _offer("Bredase lening", ScopeLevel.MUNICIPALITY, municipalities=breda)
    _offer("Groninger fonds", ScopeLevel.REGION, regions=[world.regions["c"]])
    _offer("Borgstelling MKB-kredieten")
    _offer("Achtergestelde lening")
    _offer("Zwolse visie", ScopeLevel.REGION, theme="strategie", regions=[world.regions["a"]])
    first = _signal(world.regions["a"])
    second = _signal(world.regions["b"], text=LOAN + " Ook bij ons.")
    Signal.objects.filter(pk=second.pk).update(thread=first.thread)  # one thread, two regions
    thread = Thread.objects.get(pk=first.thread_id)
    facts = queries.thread_facts(thread)
    # Only offers that reach Zwolle or Breda (national ones always), of the thread's theme.
    assert _titles(facts.regional_offers) == ["Bredase lening", "Zwolse lening"]
    assert _titles(facts.national_offers) == ["Achtergestelde lening", "Borgstelling MKB-kredieten"]
    page = client.get(reverse("signals:thread", args=[thread.public_id])).content.decode()
    assert page.index("Zwolse lening") < page.index("Achtergestelde lening")
    assert "Groninger fonds" not in page and "witte vlek" not in page


def test_a_thread_without_regions_gets_national_offers(world):
    _offer("Zwolse lening", ScopeLevel.REGION, regions=[world.regions["a"]])
    _offer("Borgstelling MKB-kredieten")
    thread = Thread.objects.get(pk=_signal(None).thread_id)
    facts = queries.thread_facts(thread)
    assert facts.regional_offers == [] and facts.offers_national_only
    assert _titles(facts.national_offers) == ["Borgstelling MKB-kredieten"]


def test_the_phase_narrows_only_while_offers_are_left(world):
    _offer("Borgstelling MKB-kredieten", phase="kunnen")
    _offer("Geldzorgen? Praat er op tijd over", phase="weten")
    signal = _signal(world.regions["a"], phase="weten")
    thread = Thread.objects.get(pk=signal.thread_id)
    assert _titles(queries.thread_facts(thread).national_offers) == [
        "Geldzorgen? Praat er op tijd over"
    ]
    # No offer of the theme in the signals' phase: the theme alone decides.
    Signal.objects.filter(pk=signal.pk).update(
        journey_phase=JourneyPhase.objects.get(code="willen")
    )
    facts = queries.thread_facts(thread)
    assert _titles(facts.national_offers) == [
        "Borgstelling MKB-kredieten",
        "Geldzorgen? Praat er op tijd over",
    ]


def test_no_white_spot_is_claimed_while_offers_with_the_theme_exist_elsewhere(world, client):
    _offer("Groninger fonds", ScopeLevel.REGION, regions=[world.regions["c"]])
    thread = Thread.objects.get(pk=_signal(world.regions["a"]).thread_id)
    facts = queries.thread_facts(thread)
    assert facts.related_offers == [] and facts.offers_elsewhere
    page = client.get(reverse("signals:thread", args=[thread.public_id])).content.decode()
    assert "witte vlek" not in page
    theme = escape(Theme.objects.get(code="financiering").label)
    assert f"We vonden geen aanbod met het thema {theme} in de regio's van deze signalen." in page


def test_without_themes_the_subjects_themes_choose_the_offers(world, client):
    """A signal without themes ("Bank wijst kredietaanvraag af" in the demo): the thread's
    suggested subject names the catalogue theme, so the existing national offers show."""
    _offer("Borgstelling MKB-kredieten")
    _offer("Qredits MKB-krediet")
    thread = Thread.objects.get(pk=_signal(world.regions["a"], themes=()).thread_id)
    Thread.objects.filter(pk=thread.pk).update(
        subject_tree="boom-1",
        subject_code="fin-bank-weigert",
        subject_label="Bank wijst kredietaanvraag af",
        subject_category="financiering",
        category="financiering",
        category_locked=False,
    )
    thread.refresh_from_db()
    facts = queries.thread_facts(thread)
    assert facts.themes == [] and facts.offers_theme.code == "financiering"
    assert _titles(facts.national_offers) == ["Borgstelling MKB-kredieten", "Qredits MKB-krediet"]
    page = client.get(reverse("signals:thread", args=[thread.public_id])).content.decode()
    assert "Qredits MKB-krediet" in page and "witte vlek" not in page
    # Without theme and subject nothing is searched, and the page says why.
    Thread.objects.filter(pk=thread.pk).update(subject_label="", subject_code="", subject_tree="")
    page = client.get(reverse("signals:thread", args=[thread.public_id])).content.decode()
    assert "De signalen hebben nog geen thema." in page and "witte vlek" not in page
