"""White-spot matrix counts against a hand-computed fixture covering every scope combination."""

import datetime

import pytest

from scharnier.catalog import services as catalog_services
from scharnier.catalog.models import JourneyPhase, ScopeLevel, Theme
from scharnier.geography.models import Municipality, Province
from scharnier.landscape import queries
from scharnier.organisations.models import OrganisationKind
from tests.factories import make_offer, make_organisation, make_region

pytestmark = pytest.mark.django_db


def terms(model, *codes):
    return list(model.objects.filter(code__in=codes))


def offer(title, themes, phases, provider=None, **fields):
    return make_offer(
        provider=provider,
        title=title,
        themes=terms(Theme, *themes),
        journey_phases=terms(JourneyPhase, *phases),
        **fields,
    )


@pytest.fixture
def landscape():
    """Region Zwolle (Zwolle, Kampen; Overijssel), region Breda (Noord-Brabant) and a region
    that shares Zwolle with Gelderland's Apeldoorn."""
    region = make_region("regio-zwolle", municipality_codes=["GM0193", "GM0166"])
    breda = make_region("regio-breda", municipality_codes=["GM0758"])
    shared = make_region("zwolle-apeldoorn", municipality_codes=["GM0193", "GM0200"])
    muni = {
        m.code: m
        for m in Municipality.objects.filter(code__in=["GM0193", "GM0166", "GM0758", "GM0153"])
    }
    hub = make_organisation(kind=OrganisationKind.HUB)
    gemeente = make_organisation(kind=OrganisationKind.GEMEENTE)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    offers = {
        "o1": offer("o1 landelijk", ["digitalisering"], ["weten"], has_impact_data=True),
        "o2": offer(
            "o2 Overijssel",
            ["digitalisering"],
            ["weten", "kunnen"],
            scope_level=ScopeLevel.PROVINCE,
            provinces=[Province.objects.get(code="PV23")],
        ),
        "o3": offer(
            "o3 Utrecht",
            ["digitalisering"],
            ["weten"],
            scope_level=ScopeLevel.PROVINCE,
            provinces=[Province.objects.get(code="PV26")],
        ),
        "o4": offer(
            "o4 regio Zwolle",
            ["financiering"],
            ["kunnen"],
            provider=hub,
            scope_level=ScopeLevel.REGION,
            regions=[region],
            has_impact_data=True,
            impact_note="Evaluatie 2025",
        ),
        "o5": offer(
            "o5 regio Breda",
            ["financiering"],
            ["kunnen"],
            scope_level=ScopeLevel.REGION,
            regions=[breda],
            has_impact_data=True,
        ),
        "o6": offer(
            "o6 gemeente Zwolle",
            ["digitalisering"],
            ["weten"],
            scope_level=ScopeLevel.MUNICIPALITY,
            municipalities=[muni["GM0193"]],
        ),
        "o7": offer(
            "o7 gemeente Breda",
            ["digitalisering"],
            ["weten"],
            scope_level=ScopeLevel.MUNICIPALITY,
            municipalities=[muni["GM0758"]],
        ),
        "o8": offer(
            "o8 regio Zwolle-Apeldoorn",
            ["innovatie"],
            ["willen"],
            scope_level=ScopeLevel.REGION,
            regions=[shared],
        ),
        "o9": offer("o9 gearchiveerd", ["digitalisering"], ["weten"], has_impact_data=True),
        "o10": offer("o10 verlopen", ["digitalisering"], ["weten"], valid_until=yesterday),
        "o11": offer("o11 twee thema's", ["digitalisering", "innovatie"], ["weten"]),
        "o12": offer(
            "o12 gemeente Kampen tijdelijk",
            ["marketing"],
            ["ontmoeten"],
            provider=gemeente,
            scope_level=ScopeLevel.MUNICIPALITY,
            municipalities=[muni["GM0166"]],
            is_structural=False,
        ),
        "o13": offer(
            "o13 gemeente Enschede",
            ["marketing"],
            ["ontmoeten"],
            scope_level=ScopeLevel.MUNICIPALITY,
            municipalities=[muni["GM0153"]],
        ),
    }
    catalog_services.archive_offer(actor=None, offer=offers["o9"])
    return region, offers


def counts(matrix):
    return {cell: n for cell, n in matrix.counts.items() if n}


def test_region_counts_every_level_that_reaches_a_firm_there(landscape):
    region, _ = landscape
    matrix = queries.white_spot_matrix(queries.resolve_area(f"RG:{region.slug}"))
    # o1 national, o2 own province, o6 own municipality, o11 national (two themes).
    # o3 (other province), o5/o7 (Breda), o9 (archived), o10 (expired), o13 (Enschede) do not count.
    assert counts(matrix) == {
        ("digitalisering", "weten"): 4,
        ("digitalisering", "kunnen"): 1,  # o2
        ("financiering", "kunnen"): 1,  # o4 own region
        ("innovatie", "willen"): 1,  # o8: a region sharing Zwolle
        ("innovatie", "weten"): 1,  # o11 again, once in each of its cells
        ("marketing", "ontmoeten"): 1,  # o12 Kampen
    }
    assert len(matrix.white_spots) == 14 * 4 - 6
    assert matrix.by_kind == {"privaat": 5, "hub": 1, "gemeente": 1}
    assert matrix.by_structural == {True: 6, False: 1}


def test_province_counts(landscape):
    matrix = queries.white_spot_matrix(queries.resolve_area("PV23"))
    assert counts(matrix) == {
        ("digitalisering", "weten"): 4,  # o1 o2 o6 o11
        ("digitalisering", "kunnen"): 1,
        ("financiering", "kunnen"): 1,  # o4: the region lies in Overijssel
        ("innovatie", "willen"): 1,  # o8: reaches Zwolle
        ("innovatie", "weten"): 1,
        ("marketing", "ontmoeten"): 2,  # o12 Kampen, o13 Enschede
    }
    brabant = queries.white_spot_matrix(queries.resolve_area("PV30"))
    assert counts(brabant) == {
        ("digitalisering", "weten"): 3,  # o1 o7 o11
        ("financiering", "kunnen"): 1,  # o5
        ("innovatie", "weten"): 1,  # o11
    }
    gelderland = queries.white_spot_matrix(queries.resolve_area("PV25"))
    assert counts(gelderland)[("innovatie", "willen")] == 1  # o8 reaches Apeldoorn


def test_national_counts_every_active_offer(landscape):
    matrix = queries.white_spot_matrix(queries.resolve_area("NL"))
    assert counts(matrix) == {
        ("digitalisering", "weten"): 6,  # o1 o2 o3 o6 o7 o11
        ("digitalisering", "kunnen"): 1,
        ("financiering", "kunnen"): 2,  # o4 o5
        ("innovatie", "willen"): 1,
        ("innovatie", "weten"): 1,
        ("marketing", "ontmoeten"): 2,
    }


def test_filters_by_provider_kind_and_duration(landscape):
    region, _ = landscape
    area = queries.resolve_area(f"RG:{region.slug}")
    assert counts(queries.white_spot_matrix(area, provider_kind="hub")) == {
        ("financiering", "kunnen"): 1
    }
    assert counts(queries.white_spot_matrix(area, structural=False)) == {
        ("marketing", "ontmoeten"): 1
    }


def test_region_scan_summary(landscape):
    region, _ = landscape
    scan = queries.region_scan(queries.resolve_area(f"RG:{region.slug}"))
    # Available: o1 o2 o4 o6 o8 o11 o12 = 7; of which not national: o2 o4 o6 o8 o12 = 5.
    assert scan.activities == 7
    assert scan.initiatives == 5
    assert scan.providers == 7  # every factory offer has its own provider except hub/gemeente
    assert scan.temporary == 1
    assert scan.share_temporary == pytest.approx(1 / 7)
    # Impact data: o1 and o4 are available here; o5 (Breda) and o9 (archived) are not.
    assert scan.impact_known == 2
    assert scan.share_impact_known == pytest.approx(2 / 7)


def test_region_scan_impact_counts_per_area(landscape):
    national = queries.region_scan(queries.resolve_area("NL"))
    # Active offers: all but o9 (archived) and o10 (expired) = 11; measured: o1 o4 o5.
    assert (national.activities, national.impact_known) == (11, 3)
    breda = queries.region_scan(queries.resolve_area("RG:regio-breda"))
    assert breda.impact_known == 2  # o1 (national) and o5


def test_unknown_area_is_none():
    assert queries.resolve_area("PV99") is None
    assert queries.resolve_area("RG:bestaat-niet") is None
    assert queries.resolve_area("iets") is None
