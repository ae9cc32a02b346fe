"""The outcome-event interface: immutable, idempotent, firm key without the KvK number."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from scharnier.geography.models import Municipality
from scharnier.monitoring.models import ImmutableEventError, OutcomeEvent, OutcomeEventKind
from scharnier.monitoring.services import firm_key, record_outcome_event
from tests.factories import make_region

pytestmark = pytest.mark.django_db


def test_event_is_recorded_once_per_source_and_kind():
    region = make_region(municipality_codes=("GM0193",))
    zwolle = Municipality.objects.get(code="GM0193")
    first, created = record_outcome_event(
        kind=OutcomeEventKind.MEETING_PARTICIPATION,
        source=("communities.participant", "7"),
        municipality=zwolle,
        themes=["digitalisering", "arbeidsmarkt", "digitalisering"],
        kvk_number="12345678",
    )
    assert created and first.region == region
    assert first.themes == ["arbeidsmarkt", "digitalisering"]
    again, created_again = record_outcome_event(
        kind=OutcomeEventKind.MEETING_PARTICIPATION,
        source=("communities.participant", "7"),
        municipality=zwolle,
    )
    assert not created_again and again.pk == first.pk
    # Another kind for the same source is a different act.
    _, other = record_outcome_event(
        kind=OutcomeEventKind.MEETING_HELD, source=("communities.participant", "7")
    )
    assert other and OutcomeEvent.objects.count() == 2


def test_events_cannot_be_changed_or_deleted():
    event, _ = record_outcome_event(kind=OutcomeEventKind.SIGNAL_RAISED, source=("x.y", "1"))
    event.quantity = 5
    with pytest.raises(ImmutableEventError):
        event.save()
    with pytest.raises(ImmutableEventError):
        event.delete()
    assert OutcomeEvent.objects.get().quantity == 1


def test_firm_key_is_keyed_and_never_the_number():
    key = firm_key("12345678")
    assert len(key) == 64 and "12345678" not in key
    assert firm_key("12345678") == key != firm_key("12345679")
    with override_settings(MONITORING_FIRM_KEY_SECRET="ander-geheim"):
        assert firm_key("12345678") != key
    with pytest.raises(ValidationError):
        firm_key("1234")
    assert firm_key("") == ""


def test_unknown_kind_is_refused():
    with pytest.raises(ValidationError):
        record_outcome_event(kind="verzonnen", source=("x.y", "1"))
    assert not OutcomeEvent.objects.exists()
