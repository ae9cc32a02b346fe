"""Live evidence for the self-assessment: what the system already knows about a region, read
through the other apps' queries modules. One function per evidence source of the framework.

Figures that the monitoring dashboard also shows (referrals, reach) come from its queries, for
the same period (since the start), so the two pages tell the same. Another app can still supply
or improve a source with `register(source, function)`.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from scharnier.communities import queries as community_queries
from scharnier.core.templatetags.core_format import count
from scharnier.geography.models import Region
from scharnier.landscape import queries as landscape_queries
from scharnier.monitoring import queries as monitoring_queries
from scharnier.organisations import queries as organisation_queries
from scharnier.signals import queries as signal_queries

Evidence = Callable[[Region], str]


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


def _percent(value: float | None) -> str:
    """2,7% as the dashboard writes it."""
    if value is None:
        return _("te weinig gegevens")
    return f"{value:.1f}".replace(".", ",").removesuffix(",0") + "%"


def _mid_sentence(label: str) -> str:
    """A label inside a sentence: "Private partijen" as "private partijen"; an abbreviation
    ("RVO", "KvK", "VNO-NCW") stays as it is."""
    first = label.split(" ", 1)[0]
    return label[0].lower() + label[1:] if first[1:].islower() else label


def stakeholders(region: Region) -> str:
    checks = organisation_queries.required_stakeholder_checks(region)
    present = [c for c in checks if c.present]
    missing = ", ".join(_mid_sentence(str(c.stakeholder.label)) for c in checks if not c.present)
    text = _("%(present)s van de %(total)s nodige partijen zitten aan tafel.") % {
        "present": len(present),
        "total": len(checks),
    }
    return f"{text} {_('Ontbreekt')}: {missing}." if missing else text


def communities(region: Region) -> str:
    found = community_queries.community_map(region)
    active = len([c for c in found.communities if c.status == "actief"])
    return _("%(communities)s, samen %(reach)s; %(participants)s.") % {
        "communities": ngettext(
            "%(count)s actieve community", "%(count)s actieve community's", active
        )
        % {"count": count(active)},
        "reach": ngettext(
            "%(count)s ondernemer bereikt", "%(count)s ondernemers bereikt", found.total_reach
        )
        % {"count": count(found.total_reach)},
        "participants": ngettext(
            "%(count)s deelnemer aan bijeenkomsten in het afgelopen jaar",
            "%(count)s deelnemers aan bijeenkomsten in het afgelopen jaar",
            found.participants_last_year,
        )
        % {"count": count(found.participants_last_year)},
    }


def _ratio(part: int, whole: int, none_yet: str, sentence: str) -> str:
    """`sentence` with part, whole and share filled in, or `none_yet` when whole is 0."""
    if not whole:
        return none_yet
    return sentence % {"part": part, "whole": whole, "share": _share(part, whole)}


def signals_on_time(region: Region) -> str:
    on_time, due = signal_queries.threads_answered_on_time(region)
    return _ratio(
        on_time,
        due,
        _("Nog geen rode draden met signalen uit deze regio waarvan de termijn voorbij is."),
        ngettext(
            "%(part)s van de %(whole)s rode draad op tijd beantwoord (%(share)s).",
            "%(part)s van de %(whole)s rode draden op tijd beantwoord (%(share)s).",
            due,
        ),
    )


def _region_scope(region: Region) -> monitoring_queries.Scope:
    return monitoring_queries.Scope("region", region=region)


def referral_acceptance(region: Region) -> str:
    """The referral figures of the region's dashboard (since the start): they count every
    referral reported to monitoring, not only those made in Scharnier's own casework."""
    figures = monitoring_queries.figures(_region_scope(region), monitoring_queries.since_start())
    made, accepted = figures["referrals-made"], figures["referrals-accepted"]
    if made.value == 0:
        return _("Nog geen doorverwijzingen uit deze regio.")
    return _(
        "Doorverwijzingen sinds de start: %(made)s. Geaccepteerd: %(accepted)s. "
        "Acceptatie: %(rate)s."
    ) % {
        "made": count(made.display),
        "accepted": count(accepted.display),
        "rate": figures["acceptance-rate"].display,
    }


def cleanup_decisions(region: Region) -> str:
    rows = landscape_queries.cleanup_after_decisions()
    retired = sum(len(row.retired) for row in rows)
    if retired:
        after = ngettext(
            "daarna is %(count)s vorm van aanbod gestopt",
            "daarna zijn %(count)s vormen van aanbod gestopt",
            retired,
        ) % {"count": count(retired)}
    else:
        after = _("daarna is geen aanbod gestopt")
    decisions = ngettext(
        "%(count)s besluit over overlap", "%(count)s besluiten over overlap", len(rows)
    ) % {"count": count(len(rows))}
    return _("Landelijk: %(decisions)s; %(after)s.") % {"decisions": decisions, "after": after}


def reach_vs_task(region: Region) -> str:
    """Reach against the task (the broad-SME firms) and the target, as on the dashboard."""
    board = monitoring_queries.dashboard(_region_scope(region), monitoring_queries.since_start())
    return _(
        "Bereikte bedrijven sinds de start: %(reached)s. Als deel van de opgave (%(task)s "
        "bedrijven in het brede mkb): %(task_share)s. Als deel van het doel (%(target)s "
        "bedrijven): %(target_share)s."
    ) % {
        "reached": count(board.figures["firms-reached"].display),
        "task": count(board.task_total),
        "task_share": _percent(board.reach_share_of_task),
        "target": count(board.target),
        "target_share": _percent(board.reach_share_of_target),
    }


_SOURCES: dict[str, Evidence] = {
    "stakeholders": stakeholders,
    "communities": communities,
    "signals_on_time": signals_on_time,
    "referral_acceptance": referral_acceptance,
    "cleanup_decisions": cleanup_decisions,
    "reach_vs_task": reach_vs_task,
}


def register(source: str, function: Evidence) -> None:
    """Let another app (monitoring) supply or improve an evidence source."""
    _SOURCES[source] = function


def live_evidence(source: str, region: Region) -> str:
    function = _SOURCES.get(source)
    return function(region) if function else ""
