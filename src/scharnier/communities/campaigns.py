"""Reads of the outreach campaigns: the target group in CBS figures and what each campaign's
links brought in (questions, toekomstscan plans), counts below 5 suppressed.

A module of its own because it reads casework and matching, and matching's queries read the
communities' (`communities_to_join`)."""

from dataclasses import dataclass

from django.db.models import QuerySet

from scharnier.casework.queries import questions_per_campaign
from scharnier.catalog.models import SbiSection
from scharnier.geography.models import Region
from scharnier.matching.queries import plans_per_campaign
from scharnier.monitoring.queries import broad_sme_firms_by_sbi_row
from scharnier.monitoring.suppression import SMALL, THRESHOLD

from .models import Campaign
from .queries import sbi_row, sector_rows


@dataclass(frozen=True)
class CampaignResult:
    campaign: Campaign
    target_firms: int  # broad-SME firms (CBS estimate) in the campaign's sectors and places
    questions: int
    plans: int

    @property
    def responses(self) -> int:
        return self.questions + self.plans

    @property
    def shown_responses(self) -> str:
        """The count, or "<5" (the project's suppression of small counts)."""
        if 0 < self.responses < THRESHOLD:
            return SMALL
        return str(self.responses)

    @property
    def response_rate(self) -> str:
        """Responses per approached firm as "4,5%", when both are known and the count may be
        shown; else ""."""
        approached = self.campaign.firms_approached
        if not approached or self.responses < THRESHOLD:
            return ""
        return f"{100 * self.responses / approached:.1f}".replace(".", ",") + "%"


def campaigns_of(region: Region) -> QuerySet[Campaign]:
    return Campaign.objects.filter(region=region).prefetch_related(
        "themes", "sbi_sections", "municipalities"
    )


def target_firms(region: Region, sections: list[SbiSection], municipality_codes: list[str]) -> int:
    """Broad-SME firms (2-50 fte) in the sectors and municipalities (all of the region's when
    none are chosen); a row of the CBS table counts once even when two sections fall in it."""
    codes = municipality_codes or list(region.municipalities.values_list("code", flat=True))
    per_row = broad_sme_firms_by_sbi_row(codes)
    if not sections:
        return sum(per_row.values())
    return sum(per_row.get(row, 0) for row in {sbi_row(s.code) for s in sections})


def campaign_results(region: Region) -> list[CampaignResult]:
    campaigns = list(campaigns_of(region))
    codes = [c.code for c in campaigns]
    questions, plans = questions_per_campaign(codes), plans_per_campaign(codes)
    return [
        CampaignResult(
            campaign=c,
            target_firms=target_firms(
                region, list(c.sbi_sections.all()), [m.code for m in c.municipalities.all()]
            ),
            questions=questions.get(c.code, 0),
            plans=plans.get(c.code, 0),
        )
        for c in campaigns
    ]


@dataclass(frozen=True)
class TargetGroup:
    """A sector row of the CBS table: the region's broad-SME firms in it, and how many of the
    region's campaigns aim at it (a campaign without sectors aims at every row)."""

    label: str
    firms: int
    campaigns: int


def target_groups(region: Region, campaigns: list[Campaign]) -> list[TargetGroup]:
    codes = list(region.municipalities.values_list("code", flat=True))
    per_row = broad_sme_firms_by_sbi_row(codes)
    rows = sector_rows()
    aimed = [{sbi_row(s.code) for s in c.sbi_sections.all()} for c in campaigns]
    groups = [
        TargetGroup(
            label=", ".join(s.label for s in sections),
            firms=per_row.get(row, 0),
            campaigns=sum(1 for rows_of in aimed if not rows_of or row in rows_of),
        )
        for row, sections in rows.items()
    ]
    groups.sort(key=lambda g: (-g.firms, g.label))
    return groups
