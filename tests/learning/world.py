"""The signals test world plus what the learning cycle needs: a provincial reader, a story
drafted by the region and one by a provider, a visitation."""

from dataclasses import dataclass

from scharnier.catalog.models import Theme
from scharnier.geography.models import Municipality
from scharnier.learning import services
from scharnier.organisations.models import Role
from tests.factories import make_user
from tests.signals.world import MUNICIPALITY_A, MUNICIPALITY_B, World, in_days
from tests.signals.world import ROLES as SIGNAL_ROLES
from tests.signals.world import build_world as build_signal_world

ROLES = [*SIGNAL_ROLES, "provincie_a", "provincie_b"]

STORY = {
    "title": "Van netcongestie naar een eigen batterij",
    "entrepreneur": "Anna, eigenaar van bakkerij De Korenschoof in Zwolle",
    "question": "Ik kon geen zwaardere aansluiting krijgen voor een nieuwe oven.",
    "helpers": "Het schakelteam bracht mij in contact met het energieloket.",
    "change": "Met een batterij bakken we nu 's nachts zonder extra aansluiting.",
    "consent_email": "anna@example.org",
}


@dataclass
class LearningWorld:
    base: World
    stories: dict
    visitation: object

    def user(self, name: str):
        return self.base.user(name)

    @property
    def regions(self):
        return self.base.regions

    @property
    def users(self):
        return self.base.users


def build_world() -> LearningWorld:
    base = build_signal_world()
    for name, code in (("provincie_a", MUNICIPALITY_A), ("provincie_b", MUNICIPALITY_B)):
        base.users[name] = make_user(
            Role.PROVINCE, province=Municipality.objects.get(code=code).province, username=name
        )
    stories = {
        "region_draft": services.save_story(
            actor=base.users["schakel_a"],
            region=base.regions["a"],
            data={**STORY, "themes": [Theme.objects.get(code="netcongestie")]},
        ),
        "provider_draft": services.save_story(
            actor=base.users["aanbieder_owner"],
            region=base.regions["a"],
            data={**STORY, "title": "Subsidie voor zonnepanelen"},
        ),
    }
    visitation = services.plan_visitation(
        actor=base.users["landelijk_analist"],
        host_region=base.regions["a"],
        date=in_days(20),
        peer_regions=[base.regions["b"]],
        entrepreneurs_organisation=base.organisations["organiser"],
    )
    return LearningWorld(base, stories, visitation)
