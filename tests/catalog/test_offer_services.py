import datetime

import pytest
from django.core.exceptions import ValidationError

from scharnier.catalog import services
from scharnier.catalog.models import Offer, OfferArea, OfferStatus, ScopeLevel
from scharnier.catalog.signals import offers_changed
from scharnier.geography.models import Province
from tests.factories import make_offer, make_organisation, make_region, offer_data

pytestmark = pytest.mark.django_db


def test_vocabularies_are_loaded_from_data():
    from scharnier.catalog.models import VOCABULARIES

    counts = {name: model.objects.count() for name, model in VOCABULARIES.items()}
    assert counts == {
        "theme": 14,
        "journey_phase": 4,
        "offer_type": 12,
        "direction": 5,
        "size_class": 4,
        "sbi_section": 21,
        "channel": 4,
    }
    # Re-syncing is idempotent.
    services.sync_vocabularies()
    assert {n: m.objects.count() for n, m in VOCABULARIES.items()} == counts


def test_create_offer_builds_areas_and_first_version():
    region = make_region("regio-x")
    offer = make_offer(scope_level=ScopeLevel.REGION, regions=[region])
    assert list(OfferArea.objects.filter(offer=offer).values_list("key", flat=True)) == [
        "RG:regio-x"
    ]
    version = offer.versions.get()
    assert version.number == 1
    assert version.snapshot["regions"] == ["regio-x"]
    assert version.snapshot["themes"] == ["digitalisering"]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"themes": []}, "themes", "minstens één thema"),
        ({"journey_phases": []}, "journey_phases", "minstens één klantreisfase"),
        ({"scope_level": ScopeLevel.PROVINCE}, "provinces", "minstens één provincie"),
        ({"scope_level": ScopeLevel.REGION}, "regions", "minstens één regio"),
        ({"scope_level": ScopeLevel.MUNICIPALITY}, "municipalities", "minstens één gemeente"),
        (
            {"valid_from": datetime.date(2026, 5, 1), "valid_until": datetime.date(2026, 4, 1)},
            "valid_until",
            "einddatum ligt voor de begindatum",
        ),
        ({"min_employees": 10, "max_employees": 2}, "max_employees", "kleiner dan het minimum"),
        ({"title": ""}, "title", ""),
        ({"url": "geen-url"}, "url", ""),
    ],
)
def test_invalid_offers_are_refused_with_a_dutch_message_and_nothing_changes(
    overrides, field, message
):
    provider = make_organisation()
    before = (Offer.objects.count(), OfferArea.objects.count())
    with pytest.raises(ValidationError) as error:
        services.create_offer(actor=None, provider=provider, data=offer_data(**overrides))
    assert field in error.value.message_dict
    assert message in " ".join(error.value.message_dict[field])
    assert (Offer.objects.count(), OfferArea.objects.count()) == before


def test_areas_outside_the_scope_level_are_refused():
    with pytest.raises(ValidationError) as error:
        make_offer(provinces=[Province.objects.get(code="PV26")])
    assert "provinces" in error.value.message_dict


def test_update_changes_scope_and_rebuilds_areas():
    offer = make_offer()
    services.update_offer(
        actor=None,
        offer=offer,
        data={"scope_level": ScopeLevel.PROVINCE, "provinces": [Province.objects.get(code="PV26")]},
    )
    assert list(offer.areas.values_list("key", flat=True)) == ["PV26"]
    latest = offer.versions.first()
    assert latest.number == 2
    assert latest.changed_fields == ["provinces", "scope_level"]


def test_archive_and_restore_are_versioned_and_change_status():
    offer = make_offer()
    services.archive_offer(actor=None, offer=offer)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ARCHIVED
    assert Offer.objects.with_status(OfferStatus.ARCHIVED).filter(pk=offer.pk).exists()
    services.archive_offer(actor=None, offer=offer)  # idempotent
    services.restore_offer(actor=None, offer=offer)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACTIVE
    assert [v.changed_fields for v in offer.versions.all()][:2] == [
        ["is_archived"],
        ["is_archived"],
    ]


@pytest.mark.parametrize(
    ("valid_from", "valid_until", "expected"),
    [
        (None, None, OfferStatus.ACTIVE),
        (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31), OfferStatus.ACTIVE),
        (datetime.date(2027, 1, 1), None, OfferStatus.PLANNED),
        (None, datetime.date(2026, 6, 30), OfferStatus.EXPIRED),
    ],
)
def test_derived_status_matches_the_query(valid_from, valid_until, expected):
    today = datetime.date(2026, 11, 23)
    offer = make_offer(valid_from=valid_from, valid_until=valid_until)
    assert offer.status_on(today) == expected
    for status in OfferStatus.values:
        matches = Offer.objects.with_status(status, today).filter(pk=offer.pk).exists()
        assert matches == (status == expected), status


def test_offers_changed_is_sent_after_commit(django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, offer_ids, **kwargs):
        received.append(offer_ids)

    offers_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            offer = make_offer()
    finally:
        offers_changed.disconnect(receiver)
    assert received == [[offer.pk]]


def test_changes_in_one_transaction_are_sent_as_one_signal(django_capture_on_commit_callbacks):
    from django.db import transaction

    received = []

    def receiver(sender, offer_ids, **kwargs):
        received.append(offer_ids)

    offers_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            first = make_offer()
            second = make_offer()
            services.archive_offer(actor=None, offer=first)
    finally:
        offers_changed.disconnect(receiver)
    assert received == [sorted([first.pk, second.pk])]
