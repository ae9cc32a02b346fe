"""Deadlines: the region's terms in working days (counted by `core.workdays`), without the days
the team that has to act is closed (the region's schakelteam, or the provider of a referral).

Below both `services` and `notifications`, so that either can use it without importing the other.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from scharnier.core.workdays import add_working_days
from scharnier.geography.models import Region
from scharnier.organisations.models import Organisation

from .models import ProviderClosure, Question, Referral, RegionCaseworkSettings, RegionClosure


@dataclass(frozen=True)
class RegionTerms:
    first_answer: int  # working days for the schakelteam's first answer
    referral: int  # working days for a provider to say whether it takes up a referral
    own_referral: int | None  # the region's own referral term; None: the same as first_answer


def terms_of(region: Region | None) -> RegionTerms:
    """The region's terms, or the project's defaults where it set none (one query)."""
    row = RegionCaseworkSettings.objects.filter(region=region).first() if region else None
    first_answer = (
        row.sla_working_days if row else int(getattr(settings, "CASEWORK_SLA_WORKING_DAYS", 5))
    )
    own_referral = row.referral_working_days if row else None
    return RegionTerms(first_answer, own_referral or first_answer, own_referral)


def sla_working_days(region: Region | None) -> int:
    return terms_of(region).first_answer


def referral_working_days(region: Region | None) -> int:
    """Working days a provider has to say whether it takes up a referral."""
    return terms_of(region).referral


def _not_ended(closures, day: datetime.date) -> list:
    return list(closures.filter(ends_on__gte=day).order_by("starts_on"))


def closures_from(region: Region | None, day: datetime.date) -> list[RegionClosure]:
    """The region's closures that have not ended before `day`, earliest first."""
    if region is None:
        return []
    return _not_ended(RegionClosure.objects.filter(region=region), day)


def first_answer_due(region: Region | None, start: datetime.datetime) -> datetime.datetime:
    """When a question that arrives at `start` must have had a first answer."""
    closures = closures_from(region, timezone.localdate(start))
    closed = {day for closure in closures for day in closure.days()}
    return add_working_days(start, sla_working_days(region), closed)


def closure_in_term(question: Question) -> RegionClosure | None:
    """The closure that falls between the question's arrival and its term for a first answer,
    which is why that term is later than usual (said to the entrepreneur). One added after the
    question arrived did not move its term, so it is not given as the reason."""
    if question.region_id is None or question.first_response_at is not None:
        return None
    return (
        RegionClosure.objects.filter(
            region_id=question.region_id,
            starts_on__lte=timezone.localdate(question.response_due_at),
            ends_on__gte=timezone.localdate(question.submitted_at),
            created_at__lte=question.submitted_at,
        )
        .order_by("starts_on")
        .first()
    )


def provider_closures_from(organisation: Organisation, day: datetime.date) -> list[ProviderClosure]:
    """The provider's closures that have not ended before `day`, earliest first."""
    return _not_ended(ProviderClosure.objects.filter(organisation=organisation), day)


def referral_due(
    region: Region | None, organisation: Organisation, start: datetime.datetime
) -> datetime.datetime:
    """When a provider referred to at `start` must have said whether it takes the question up:
    the region's referral term, without the days the provider is closed."""
    closures = provider_closures_from(organisation, timezone.localdate(start))
    closed = {day for closure in closures for day in closure.days()}
    return add_working_days(start, referral_working_days(region), closed)


def provider_closure_in_term(referral: Referral) -> ProviderClosure | None:
    """The provider's closure between the referral and its term to take it up (why that term
    is later than usual); one added after the referral did not move the term."""
    if referral.response_due_at is None:
        return None
    return (
        ProviderClosure.objects.filter(
            organisation_id=referral.organisation_id,
            starts_on__lte=timezone.localdate(referral.response_due_at),
            ends_on__gte=timezone.localdate(referral.created_at),
            created_at__lte=referral.created_at,
        )
        .order_by("starts_on")
        .first()
    )
