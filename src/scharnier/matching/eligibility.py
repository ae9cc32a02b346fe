"""Eligibility verdicts per rule, for what the matcher shows.

The hard filter (`queries.eligible_offers`) already removed every offer a rule excludes. For
each offer that is shown, every target-group rule of the offer gets a verdict: the firm meets
it, or a profile field that the rule needs is unknown, so the entrepreneur should check it
("controleer dit") instead of the rule silently passing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from scharnier.catalog.models import Offer, ScopeLevel

from .queries import Profile

MEETS = "voldoet"
CHECK = "controleer"


@dataclass(frozen=True)
class RuleVerdict:
    rule: str  # "gebied", "grootte", "medewerkers", "sector", "bedrijfsleeftijd"
    verdict: str  # MEETS or CHECK
    message: str  # the rule in B1 Dutch

    @property
    def needs_check(self) -> bool:
        return self.verdict == CHECK


def _area_names(offer: Offer) -> str:
    names = [a.name for a in offer.provinces.all()] + [r.name for r in offer.regions.all()]
    names += [m.name for m in offer.municipalities.all()]
    return ", ".join(names[:5]) + (" ..." if len(names) > 5 else "") or _("een deel van het land")


def _employee_rule(offer: Offer) -> str:
    low, high = offer.min_employees, offer.max_employees
    if low is not None and high is not None:
        return _("Alleen voor bedrijven met %(low)s tot en met %(high)s medewerkers.") % {
            "low": low,
            "high": high,
        }
    if low is not None:
        return _("Alleen voor bedrijven met minstens %(low)s medewerkers.") % {"low": low}
    return _("Alleen voor bedrijven met hoogstens %(high)s medewerkers.") % {"high": high}


def _size_rule(sizes: list) -> str:
    """Adjoining size classes read as one employee range ("minder dan 250 medewerkers"), not
    as a list of three labels; classes with a gap between them are listed."""
    sizes = sorted(sizes, key=lambda s: s.min_employees)
    adjoining = all(
        a.max_employees is not None and a.max_employees + 1 == b.min_employees
        for a, b in zip(sizes, sizes[1:], strict=False)
    )
    if len(sizes) < 2 or not adjoining:
        return _("Alleen voor deze bedrijfsgrootte: %(sizes)s.") % {
            "sizes": ", ".join(s.label.lower() for s in sizes)
        }
    low, high = sizes[0].min_employees, sizes[-1].max_employees
    if high is None:
        return _("Alleen voor bedrijven met %(low)s of meer medewerkers.") % {"low": low}
    if low == 0:
        return _("Alleen voor bedrijven met minder dan %(limit)s medewerkers.") % {
            "limit": high + 1
        }
    return _("Alleen voor bedrijven met %(low)s tot %(limit)s medewerkers.") % {
        "low": low,
        "limit": high + 1,
    }


def verdicts(offer: Offer, profile: Profile) -> list[RuleVerdict]:
    """One verdict per target-group rule of an eligible offer (prefetch size/sbi terms)."""
    result: list[RuleVerdict] = []

    def add(rule: str, known: bool, message: str) -> None:
        result.append(RuleVerdict(rule, MEETS if known else CHECK, message))

    if offer.scope_level != ScopeLevel.NATIONAL:
        add(
            "gebied",
            profile.municipality is not None,
            _("Alleen voor ondernemers in %(area)s.") % {"area": _area_names(offer)},
        )

    sizes = list(offer.size_classes.all())
    if sizes:
        add(
            "grootte",
            profile.employees is not None,
            _size_rule(sizes),
        )
    if offer.min_employees is not None or offer.max_employees is not None:
        add("medewerkers", profile.employees is not None, _employee_rule(offer))
    sectors = list(offer.sbi_sections.all())
    if sectors:
        add(
            "sector",
            bool(profile.sbi_section),
            _("Alleen voor bedrijven in deze sector: %(sectors)s.")
            % {"sectors": ", ".join(s.name for s in sectors)},
        )
    if offer.min_company_age_years:
        add(
            "bedrijfsleeftijd",
            profile.company_age_years is not None,
            _("Alleen voor bedrijven van minstens %(years)s jaar oud.")
            % {"years": offer.min_company_age_years},
        )
    return result
