"""Matching's help for the schakelteam: themes and the best offers/providers for a referral.

The same matcher as the entrepreneur's search ranks the offers, with its explanation and the
eligibility verdicts. The case knows the municipality; the firm's size, sector and age only
when the schakelteam recorded them at the intake, else those rules show as "controleer dit".
The themes the schakelteam chose weigh in as needs, those behind the question too.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from scharnier.catalog.models import Theme
from scharnier.organisations.models import Organisation

from .matcher import MatchResult, OfferMatch, match
from .queries import Profile

SUGGESTIONS = 5


@dataclass
class ProviderSuggestion:
    organisation: Organisation
    offers: list[OfferMatch]


@dataclass
class ReferralHelp:
    themes: list[Theme]  # suggested themes, strongest first
    offers: list[OfferMatch]
    providers: list[ProviderSuggestion]
    result: MatchResult


def referral_help(question, declined: Collection[int] = ()) -> ReferralHelp | None:
    """Suggestions for a casework question (text + municipality + triaged themes), or None.

    `declined`: organisations that turned this question's referral down; their offers come
    after everyone else's (still there when little else fits).
    """
    if question.is_anonymised or not (question.text or "").strip():
        return None
    chosen = {code: 1.0 for code in question.themes.values_list("code", flat=True)}
    chosen.update({code: 1.0 for code in question.underlying_themes.values_list("code", flat=True)})
    result = match(
        question.text,
        Profile(
            municipality=question.municipality,
            employees=question.employees,
            sbi_section=question.sbi_section,
            company_age_years=question.company_age_years,
        ),
        extra_themes=chosen,
        with_entry_point=False,
        limit=2 * SUGGESTIONS if declined else SUGGESTIONS,
        for_staff=True,
    )
    declined = set(declined)
    ranked = sorted(result.matches, key=lambda m: m.offer.provider_id in declined)
    offers = ranked[:SUGGESTIONS]
    providers: dict[int, ProviderSuggestion] = {}
    for item in offers:
        provider = item.offer.provider
        providers.setdefault(provider.pk, ProviderSuggestion(provider, [])).offers.append(item)
    return ReferralHelp(
        themes=result.theme_terms()[:3],
        offers=offers,
        providers=list(providers.values()),
        result=result,
    )
