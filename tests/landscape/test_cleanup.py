"""The clean-up page: each offer counted once per level, the schemes apart, and the national
schemes against the provinces' wish to halve them (Inbreng Provincies: "de 6.000 landelijke
regelingen te halveren")."""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from scharnier.catalog.models import JourneyPhase, OfferType, ScopeLevel, Theme
from scharnier.geography.models import Province
from scharnier.landscape import queries, services
from scharnier.landscape.models import ALL_THEMES, LandscapeSnapshot
from tests.factories import make_offer

pytestmark = pytest.mark.django_db


def _offer(title: str, type_code: str, theme_codes: list[str], **extra):
    return make_offer(
        title=title,
        summary=f"{title}: wat het is en voor wie.",
        offer_type=OfferType.objects.get(code=type_code),
        themes=list(Theme.objects.filter(code__in=theme_codes)),
        journey_phases=list(JourneyPhase.objects.filter(code="kunnen")),
        **extra,
    )


def _months() -> tuple[datetime.date, datetime.date]:
    """Last month and this month (first days), from today's date."""
    this_month = timezone.localdate().replace(day=1)
    return (this_month - datetime.timedelta(days=1)).replace(day=1), this_month


def test_an_offer_with_two_themes_counts_once_for_its_level(client):
    _offer("Subsidie digitale energiemeter", "subsidie", ["digitalisering", "verduurzaming"])
    _offer("Advies over uw webshop", "advies", ["digitalisering"])
    _offer(
        "Provinciale innovatielening",
        "lening",
        ["innovatie"],
        scope_level=ScopeLevel.PROVINCE,
        provinces=[Province.objects.get(code="PV26")],
    )
    services.snapshot_landscape()

    months, by_level = queries.snapshot_table()
    # The theme rows hold the subsidy twice; the level counts it once.
    assert by_level[ScopeLevel.NATIONAL] == {months[0]: 2}
    assert by_level[ScopeLevel.PROVINCE] == {months[0]: 1}
    _, schemes = queries.snapshot_table("active_schemes")
    assert schemes[ScopeLevel.NATIONAL] == {months[0]: 1}  # the subsidy, not the advice
    assert schemes[ScopeLevel.PROVINCE] == {months[0]: 1}
    _, by_theme = queries.theme_snapshot_table()
    assert by_theme["digitalisering"] == {months[0]: 2}
    assert by_theme["verduurzaming"] == {months[0]: 1}
    assert ALL_THEMES not in by_theme

    html = client.get("/stelsel/opschoning/").content.decode()
    assert "Actieve regelingen per maand en gebiedsniveau" in html
    rows = client.get("/stelsel/opschoning/?formaat=csv").content.decode("utf-8-sig")
    assert rows.splitlines()[2].startswith("Landelijk;2")  # was 3: the sum of the theme rows
    services.snapshot_landscape()  # the same month again replaces, never doubles
    assert LandscapeSnapshot.objects.filter(theme_code=ALL_THEMES).count() == 2


def test_the_national_schemes_against_the_aim_of_halving_them(client):
    last_month, this_month = _months()
    end_of_last_month = this_month - datetime.timedelta(days=1)
    for n in range(4):
        _offer(
            f"Landelijke subsidie {n}",
            "subsidie",
            ["financiering"],
            # Two stopped at the end of last month.
            valid_until=end_of_last_month if n < 2 else None,
        )
    _offer("Landelijk advies", "advies", ["financiering"])  # no scheme
    _offer(
        "Regionale garantie",
        "garantie",
        ["financiering"],
        scope_level=ScopeLevel.PROVINCE,
        provinces=[Province.objects.get(code="PV26")],
    )  # not national
    empty = client.get("/stelsel/opschoning/").content.decode()
    assert empty.count("Nog geen telling.") == 4  # the aim and the three monthly tables

    services.snapshot_landscape(last_month)
    services.snapshot_landscape()
    ambition = queries.national_scheme_ambition()
    assert (ambition.first_month, ambition.first) == (last_month, 4)
    assert (ambition.month, ambition.now, ambition.target) == (this_month, 2, 2)
    assert (ambition.to_go, ambition.more) == (0, 0)
    html = client.get("/stelsel/opschoning/").content.decode()
    assert "De provincies vragen het Rijk om het aantal landelijke regelingen te halveren." in html
    assert (
        f"Bij de eerste telling ({date_format(last_month, 'F Y')}) waren er 4 landelijke "
        f"regelingen. Nu ({date_format(this_month, 'F Y')}) zijn het er 2. Doel: 2 of minder. "
        "Het doel is gehaald." in html
    )
    report = client.get("/stelsel/opschoning/?formaat=rapport").content.decode()
    assert "Doel: 2 of minder. Het doel is gehaald." in report

    for n in range(3):  # three new schemes this month: more than at the first count
        _offer(f"Nieuwe subsidie {n}", "subsidie", ["financiering"], valid_from=this_month)
    services.snapshot_landscape()
    html = client.get("/stelsel/opschoning/").content.decode()
    assert (
        "zijn het er 5. Doel: 2 of minder. Er moeten nog 3 regelingen af. "
        "Dat is er 1 meer dan bij de eerste telling." in html
    )
