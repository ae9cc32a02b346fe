"""A small world for casework tests: two regions, a municipality without region, two providers,
users in every role, and one question per inbox (built through the real services)."""

from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import AnonymousUser

from scharnier.casework import services
from scharnier.casework.models import ConsentPurpose, Door, Question
from scharnier.geography.models import Municipality
from scharnier.organisations.models import Role
from tests.factories import (
    ensure_reference_data,
    make_offer,
    make_organisation,
    make_region,
    make_user,
)

# Zwolle (region A), Breda (region B), Amsterdam (in no region in these tests: national queue).
MUNICIPALITY_A = "GM0193"
MUNICIPALITY_B = "GM0758"
MUNICIPALITY_NONE = "GM0363"


def submit(code: str = MUNICIPALITY_A, **overrides) -> services.SubmittedQuestion:
    data = {
        "door": Door.SITE,
        "municipality": Municipality.objects.get(code=code),
        "text": "Ik wil mijn bakkerij verduurzamen maar weet niet waar ik moet beginnen.",
        "contact_name": "Fatima de Vries",
        "company_name": "Bakkerij De Korrel",
        "email": "fatima@bakkerij.example",
        "phone": "0612345678",
        "consent_purposes": [ConsentPurpose.HANDLING, ConsentPurpose.FEEDBACK],
    }
    data.update(overrides)
    return services.submit_question(**data)


@dataclass
class World:
    users: dict = field(default_factory=dict)
    regions: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)
    questions: dict = field(default_factory=dict)
    tokens: dict = field(default_factory=dict)
    referrals: dict = field(default_factory=dict)
    offer: object = None

    def user(self, name: str):
        return self.users[name] or AnonymousUser()

    def reload(self, name: str) -> Question:
        return Question.objects.get(pk=self.questions[name].pk)


ROLES = [
    "anoniem",
    "zonder_rol",
    "beheerder",
    "analist",
    "regisseur_a",
    "schakel_a",
    "schakel_b",
    "aanbieder_a",
    "aanbieder_b",
]


def build_world() -> World:
    ensure_reference_data()
    world = World()
    region_a = make_region("regio-a", municipality_codes=[MUNICIPALITY_A], name="Regio A")
    region_b = make_region("regio-b", municipality_codes=[MUNICIPALITY_B], name="Regio B")
    provider_a = make_organisation("aanbieder-a", name="Aanbieder A")
    provider_b = make_organisation("aanbieder-b", name="Aanbieder B")
    world.regions = {"a": region_a, "b": region_b}
    world.organisations = {"a": provider_a, "b": provider_b}
    world.offer = make_offer(provider=provider_a, title="Energiescan voor het mkb")
    world.users = {
        "anoniem": None,
        "zonder_rol": make_user(username="zonder_rol"),
        "beheerder": make_user(Role.ADMINISTRATOR, username="beheerder"),
        "analist": make_user(Role.NATIONAL_ANALYST, username="analist"),
        "regisseur_a": make_user(Role.REGIONAL_DIRECTOR, region=region_a, username="regisseur_a"),
        "schakel_a": make_user(Role.SCHAKELTEAM_MEMBER, region=region_a, username="schakel_a"),
        "schakel_b": make_user(Role.SCHAKELTEAM_MEMBER, region=region_b, username="schakel_b"),
        "aanbieder_a": make_user(
            Role.PROVIDER_EDITOR, organisation=provider_a, username="aanbieder_a"
        ),
        "aanbieder_b": make_user(
            Role.PROVIDER_EDITOR, organisation=provider_b, username="aanbieder_b"
        ),
    }
    for name, user in world.users.items():
        if user is not None:
            user.email = f"{name}@scharnier.example"
            user.save(update_fields=["email"])
    for name, code in (
        ("a", MUNICIPALITY_A),
        ("b", MUNICIPALITY_B),
        ("landelijk", MUNICIPALITY_NONE),
    ):
        submitted = submit(code)
        world.questions[name] = submitted.question
        world.tokens[name] = submitted.status_token
    # Question A is referred to provider A; question B to provider B.
    world.referrals["a"] = services.refer_question(
        actor=world.users["schakel_a"],
        question=world.questions["a"],
        offer=world.offer,
        message="Mevrouw wil haar ovens vervangen; graag contact deze week.",
    )
    world.referrals["b"] = services.refer_question(
        actor=world.users["schakel_b"],
        question=world.questions["b"],
        organisation=provider_b,
        message="Vraag over personeel.",
    )
    for name in world.questions:
        world.questions[name] = world.reload(name)
    return world


@pytest.fixture
def world(db) -> World:
    return build_world()


def question_form(municipality_code: str = MUNICIPALITY_A, **overrides) -> dict:
    """The public question form filled in as an entrepreneur would, with `overrides`."""
    data = {
        "text": "Hoe vind ik personeel voor mijn installatiebedrijf?",
        "municipality": str(Municipality.objects.get(code=municipality_code).pk),
        "contact_name": "Piet Jansen",
        "email": "piet@installatie.example",
        "consent_handling": "on",
        "consent_version": "2026-1",
    }
    data.update(overrides)
    return data
