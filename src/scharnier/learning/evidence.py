"""Live evidence for the self-assessment: what the system already knows about a region, read
through the other apps' queries modules. One function per evidence source of the framework.

Hook for the monitoring app: `register("reach_vs_task", function)` from its AppConfig.ready()
replaces the "volgt" placeholder with the region's reach against its task.
"""

from collections.abc import Callable

from django.utils.translation import gettext as _

from scharnier.casework import queries as casework_queries
from scharnier.communities import queries as community_queries
from scharnier.geography.models import Region
from scharnier.landscape import queries as landscape_queries
from scharnier.organisations import queries as organisation_queries
from scharnier.signals import queries as signal_queries

Evidence = Callable[[Region], str]


def _share(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "-"


def stakeholders(region: Region) -> str:
    checks = organisation_queries.required_stakeholder_checks(region)
    present = [c for c in checks if c.present]
    missing = ", ".join(str(c.stakeholder.label) for c in checks if not c.present)
    text = _("%(present)s van de %(total)s nodige partijen zitten aan tafel.") % {
        "present": len(present),
        "total": len(checks),
    }
    return f"{text} {_('Ontbreekt')}: {missing}." if missing else text


def communities(region: Region) -> str:
    found = community_queries.community_map(region)
    active = [c for c in found.communities if c.status == "actief"]
    return _(
        "%(active)s actieve community's, samen %(reach)s ondernemers bereikt; "
        "%(participants)s deelnemers aan bijeenkomsten in het afgelopen jaar."
    ) % {
        "active": len(active),
        "reach": found.total_reach,
        "participants": found.participants_last_year,
    }


def _ratio(part: int, whole: int, none_yet: str, sentence: str) -> str:
    """`sentence` with part, whole and share filled in, or `none_yet` when whole is 0."""
    if not whole:
        return none_yet
    return sentence % {"part": part, "whole": whole, "share": _share(part, whole)}


def signals_on_time(region: Region) -> str:
    return _ratio(
        *signal_queries.threads_answered_on_time(region),
        _("Nog geen rode draden met signalen uit deze regio waarvan de termijn voorbij is."),
        _("%(part)s van de %(whole)s rode draden op tijd beantwoord (%(share)s)."),
    )


def referral_acceptance(region: Region) -> str:
    return _ratio(
        *casework_queries.referral_acceptance(region),
        _("Nog geen doorverwijzingen waarover de aanbieder besliste."),
        _("%(part)s van de %(whole)s doorverwijzingen geaccepteerd (%(share)s)."),
    )


def cleanup_decisions(region: Region) -> str:
    rows = landscape_queries.cleanup_after_decisions()
    retired = sum(len(row.retired) for row in rows)
    return _(
        "Landelijk %(decisions)s besluiten over overlap; %(retired)s aanbod daarna gestopt."
    ) % {"decisions": len(rows), "retired": retired}


def reach_vs_task(region: Region) -> str:
    return _("Volgt: bereik tegenover de taakstelling komt uit de monitoring.")


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
