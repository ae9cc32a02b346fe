"""Template tags of casework: the firm's profile beside a question."""

from django import template

from ..intakes import direction_name, in_broad_sme, profile_known, sector_name

register = template.Library()


@register.inclusion_tag("casework/_firm_profile.html")
def firm_profile(question, *, staff: bool = True, heading: str = "") -> dict:
    """What is known about the firm behind `question`: the intake, else what the scan told.

    `staff`: the schakelteam's own words about the question behind the question are shown
    only to the team (a referred provider sees the profile and the themes). `heading`: a
    heading above the profile, shown only when something is known."""
    return {
        "question": question,
        "known": question.intake_at is not None or profile_known(question),
        "direction": direction_name(question.direction),
        "sector": sector_name(question.sbi_section),
        "broad_sme": in_broad_sme(question.employees),
        "staff": staff,
        "heading": heading,
    }
