"""The learning test world plus what half-year reports need: a second director of region A
(four eyes), a director of region B, a second national analyst and outcome events."""

from django.utils import timezone

from scharnier.geography.models import Municipality
from scharnier.learning import services
from scharnier.monitoring import queries as monitoring
from scharnier.monitoring.models import OutcomeEventKind
from scharnier.monitoring.services import record_outcome_event
from scharnier.organisations.models import Role
from tests.factories import make_user
from tests.learning.world import ROLES as LEARNING_ROLES
from tests.learning.world import LearningWorld, build_world
from tests.signals.world import MUNICIPALITY_A

ROLES = [*LEARNING_ROLES, "regisseur_a2", "regisseur_b", "analist_2"]
NARRATIVE = {
    "progress": "Wij bereikten meer bedrijven via de gemeenten.",
    "lessons": "Een vast aanspreekpunt per gemeente werkt goed.",
    "next_steps": "Volgend halfjaar sluiten we de lus bij elke doorverwijzing.",
}


def current_period() -> str:
    return monitoring.half_year(timezone.localdate()).code


def current_period_words() -> str:
    """How people read the current half-year: "tweede halfjaar 2026"."""
    today = timezone.localdate()
    half = "eerste" if today.month <= 6 else "tweede"
    return f"{half} halfjaar {today.year}"


def add_events(n: int, *, start: int = 0, kind: str = OutcomeEventKind.QUESTION_RECEIVED) -> None:
    municipality = Municipality.objects.get(code=MUNICIPALITY_A)
    for i in range(start, start + n):
        record_outcome_event(
            kind=kind, source=("test.question", str(i)), municipality=municipality, door="site"
        )


def build_report_world() -> LearningWorld:
    world = build_world()
    users = world.base.users
    users["regisseur_a2"] = make_user(
        Role.REGIONAL_DIRECTOR, region=world.regions["a"], username="regisseur_a2"
    )
    users["regisseur_b"] = make_user(
        Role.REGIONAL_DIRECTOR, region=world.regions["b"], username="regisseur_b"
    )
    users["analist_2"] = make_user(Role.NATIONAL_ANALYST, username="analist_2")
    return world


def publish(world: LearningWorld, region_key: str = "a", *, stories=()):
    """Draft, write, submit, approve (second director) and publish a region's report."""
    director = world.user("regisseur_a" if region_key == "a" else "regisseur_b")
    region = world.regions[region_key]
    report = services.start_report(actor=director, region=region, period=current_period())
    services.save_report(
        actor=director, report=report, data={**NARRATIVE, "stories": list(stories)}
    )
    services.submit_report(actor=director, report=report)
    approver = world.user("regisseur_a2" if region_key == "a" else "beheerder")
    services.approve_report(actor=approver, report=report)
    return services.publish_report(actor=director, report=report)
