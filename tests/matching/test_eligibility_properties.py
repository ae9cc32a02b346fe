"""Property tests: the hard eligibility filter equals the rules, and matching never shows more.

The rules are written out again here in plain Python (the oracle), independent of the
ORM query under test.
"""

import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scharnier.catalog.models import (
    JourneyPhase,
    OfferType,
    SbiSection,
    ScopeLevel,
    SizeClass,
    Theme,
)
from scharnier.geography.models import Municipality, Province
from scharnier.matching.matcher import match
from scharnier.matching.queries import Profile, eligible_offer_ids, size_class_code
from tests.factories import make_offer, make_organisation, make_region

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
SIZES = ["micro", "klein", "middel", "groot"]
SECTORS = ["c", "f", "g", "i"]
# Zwolle and Kampen are in Overijssel and in the test region; Breda is in neither.
PLACES = ["GM0193", "GM0166", "GM0758"]


@pytest.fixture
def world(db):
    region = make_region("regio-test", municipality_codes=["GM0193", "GM0166"])
    provider = make_organisation("aanbieder-test")
    return {"region": region, "provider": provider}


def offer_strategy():
    dates = st.one_of(st.none(), st.dates(datetime.date(2025, 1, 1), datetime.date(2027, 12, 31)))
    return st.fixed_dictionaries(
        {
            "scope": st.sampled_from(["NL", "PV23", "PV30", "region", "GM0193", "GM0758"]),
            "sizes": st.lists(st.sampled_from(SIZES), unique=True, max_size=3),
            "min_employees": st.one_of(st.none(), st.integers(0, 60)),
            "span": st.one_of(st.none(), st.integers(0, 300)),
            "sectors": st.lists(st.sampled_from(SECTORS), unique=True, max_size=2),
            "min_age": st.one_of(st.none(), st.integers(0, 15)),
            "valid_from": dates,
            "valid_days": st.one_of(st.none(), st.integers(0, 800)),
        }
    )


def profile_strategy():
    return st.fixed_dictionaries(
        {
            "place": st.sampled_from(PLACES),
            "employees": st.one_of(st.none(), st.integers(0, 400)),
            "sector": st.sampled_from(["", *SECTORS]),
            "age": st.one_of(st.none(), st.integers(0, 30)),
        }
    )


def create(spec, world):
    scope = spec["scope"]
    fields = {}
    if scope == "NL":
        fields["scope_level"] = ScopeLevel.NATIONAL
    elif scope.startswith("PV"):
        fields["scope_level"] = ScopeLevel.PROVINCE
        fields["provinces"] = [Province.objects.get(code=scope)]
    elif scope == "region":
        fields["scope_level"] = ScopeLevel.REGION
        fields["regions"] = [world["region"]]
    else:
        fields["scope_level"] = ScopeLevel.MUNICIPALITY
        fields["municipalities"] = [Municipality.objects.get(code=scope)]
    low = spec["min_employees"]
    high = None if spec["span"] is None else (low or 0) + spec["span"]
    valid_until = None
    if spec["valid_days"] is not None:
        start = spec["valid_from"] or datetime.date(2025, 6, 1)
        valid_until = start + datetime.timedelta(days=spec["valid_days"])
    return make_offer(
        provider=world["provider"],
        title="Energieadvies voor ondernemers",
        summary="Advies over energie besparen en personeel vinden.",
        themes=list(Theme.objects.filter(code__in=["verduurzaming", "arbeidsmarkt"])),
        journey_phases=[JourneyPhase.objects.get(code="weten")],
        offer_type=OfferType.objects.get(code="advies"),
        size_classes=list(SizeClass.objects.filter(code__in=spec["sizes"])),
        min_employees=low,
        max_employees=high,
        sbi_sections=list(SbiSection.objects.filter(code__in=spec["sectors"])),
        min_company_age_years=spec["min_age"],
        valid_from=spec["valid_from"],
        valid_until=valid_until,
        **fields,
    )


def oracle(spec, profile: dict) -> bool:
    """The rules, in words: covers the place, fits size/employees/sector/age, valid today."""
    place = profile["place"]
    covers = {
        "NL": True,
        "PV23": place in ("GM0193", "GM0166"),
        "PV30": place == "GM0758",
        "region": place in ("GM0193", "GM0166"),
        "GM0193": place == "GM0193",
        "GM0758": place == "GM0758",
    }[spec["scope"]]
    start = spec["valid_from"]
    end = None
    if spec["valid_days"] is not None:
        end = (start or datetime.date(2025, 6, 1)) + datetime.timedelta(days=spec["valid_days"])
    active = (start is None or start <= TODAY) and (end is None or end >= TODAY)
    n = profile["employees"]
    fits_size = True
    if n is not None:
        size = "micro" if n < 10 else "klein" if n < 50 else "middel" if n < 250 else "groot"
        low = spec["min_employees"]
        high = None if spec["span"] is None else (low or 0) + spec["span"]
        fits_size = (
            (not spec["sizes"] or size in spec["sizes"])
            and (low is None or n >= low)
            and (high is None or n <= high)
        )
    fits_sector = (
        not profile["sector"] or not spec["sectors"] or profile["sector"] in spec["sectors"]
    )
    age = profile["age"]
    fits_age = age is None or spec["min_age"] is None or age >= spec["min_age"]
    return covers and active and fits_size and fits_sector and fits_age


def as_profile(p: dict) -> Profile:
    return Profile(
        municipality=Municipality.objects.select_related("province").get(code=p["place"]),
        employees=p["employees"],
        sbi_section=p["sector"],
        company_age_years=p["age"],
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(spec=offer_strategy(), profile=profile_strategy())
def test_eligibility_filter_is_exactly_the_rules(world, spec, profile):
    offer = create(spec, world)
    eligible = offer.pk in eligible_offer_ids(as_profile(profile), TODAY)
    assert eligible == oracle(spec, profile)


@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    specs=st.lists(offer_strategy(), min_size=1, max_size=4),
    profile=profile_strategy(),
    question=st.sampled_from(
        ["energie besparen", "ik zoek personeel", "mijn energierekening is hoog", "advies"]
    ),
)
def test_matching_never_shows_what_the_firm_cannot_use(world, specs, profile, question):
    created = [(create(spec, world), spec) for spec in specs]
    allowed = {offer.pk for offer, spec in created if oracle(spec, profile)}
    result = match(question, as_profile(profile), today=TODAY)
    shown = {m.offer.pk for m in result.matches} | {o.pk for m in result.matches for o in m.similar}
    new = {offer.pk for offer, _ in created}
    assert shown & new <= allowed


def test_size_class_follows_the_vocabulary_bounds(db):
    assert [size_class_code(n) for n in (0, 9, 10, 49, 50, 249, 250)] == [
        "micro",
        "micro",
        "klein",
        "klein",
        "middel",
        "middel",
        "groot",
    ]
