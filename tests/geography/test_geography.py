import pytest

from scharnier.geography.models import Municipality, Province
from scharnier.geography.queries import area_keys_for_municipality
from tests.factories import make_region

pytestmark = pytest.mark.django_db


def test_cbs_geography_is_loaded_by_migrations():
    assert Province.objects.count() == 12
    assert Municipality.objects.count() == 342
    amsterdam = Municipality.objects.get(code="GM0363")
    assert amsterdam.name == "Amsterdam"
    assert amsterdam.province.code == "PV27"
    assert amsterdam.corop_area.code and amsterdam.labour_market_region.code
    # Population total of 1 January 2024 (CBS).
    assert sum(Municipality.objects.values_list("population", flat=True)) == 17_942_942


def test_every_municipality_has_province_corop_and_labour_market_region():
    assert not Municipality.objects.filter(corop_area__isnull=True).exists()
    assert not Municipality.objects.filter(labour_market_region__isnull=True).exists()


def test_area_keys_of_a_municipality_include_its_regions():
    make_region("regio-zwolle", municipality_codes=["GM0193", "GM0166"])
    make_region("andere", municipality_codes=["GM0166"])
    zwolle = Municipality.objects.get(code="GM0193")
    assert area_keys_for_municipality(zwolle) == ["NL", "PV23", "RG:regio-zwolle", "GM0193"]


def test_saving_a_region_again_replaces_its_municipalities():
    region = make_region("r", municipality_codes=["GM0193", "GM0166"])
    region = make_region("r", municipality_codes=["GM0166"])
    assert list(region.municipalities.values_list("code", flat=True)) == ["GM0166"]
