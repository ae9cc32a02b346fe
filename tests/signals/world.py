"""A small world for community and signal tests: two regions, organisations, a user per role."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from scharnier.catalog.models import Theme
from scharnier.communities import services as community_services
from scharnier.geography.models import Municipality
from scharnier.organisations.models import OrganisationKind, Role
from tests.factories import make_organisation, make_region, make_user

# Zwolle in region A, Breda in region B.
MUNICIPALITY_A = "GM0193"
MUNICIPALITY_B = "GM0758"

# Two knelpunten in several wordings: signals that belong together, and apart.
GRID = [
    "Wij kunnen als bakker geen zwaardere aansluiting op het stroomnet krijgen door netcongestie.",
    "Netbeheerder zegt dat er jaren wachttijd is voor een grotere stroomaansluiting: netcongestie.",
    "Door de volle stroomnetten (netcongestie) kan ons bedrijf niet uitbreiden met machines.",
]
SUCCESSION = [
    "Ik wil mijn bedrijf overdragen aan mijn dochter maar weet niet hoe bedrijfsopvolging werkt.",
    "Bedrijfsopvolging: ondernemers vinden geen hulp bij het overdragen van het familiebedrijf.",
]

ROLES = [
    "anoniem",
    "beheerder",
    "landelijk_analist",
    "regisseur_a",
    "schakel_a",
    "schakel_b",
    "aanbieder_owner",
    "aanbieder_organiser",
    "aanbieder_other",
]


@dataclass
class World:
    users: dict = field(default_factory=dict)
    regions: dict = field(default_factory=dict)
    organisations: dict = field(default_factory=dict)
    communities: dict = field(default_factory=dict)
    meetings: dict = field(default_factory=dict)

    def user(self, name: str):
        return self.users.get(name) or AnonymousUser()


def build_world() -> World:
    world = World()
    world.regions["a"] = make_region("regio-a", municipality_codes=(MUNICIPALITY_A, "GM0148"))
    world.regions["b"] = make_region("regio-b", municipality_codes=(MUNICIPALITY_B,))
    world.organisations["owner"] = make_organisation(
        "rvo-test", kind=OrganisationKind.UITVOERINGSORGANISATIE
    )
    world.organisations["organiser"] = make_organisation(
        "ondernemersvereniging-zwolle", kind=OrganisationKind.ONDERNEMERSVERENIGING
    )
    world.organisations["other"] = make_organisation("andere-aanbieder")
    world.users["anoniem"] = None
    world.users["beheerder"] = make_user(Role.ADMINISTRATOR, username="beheerder")
    world.users["landelijk_analist"] = make_user(Role.NATIONAL_ANALYST, username="analist")
    world.users["regisseur_a"] = make_user(
        Role.REGIONAL_DIRECTOR, region=world.regions["a"], username="regisseur_a"
    )
    world.users["schakel_a"] = make_user(
        Role.SCHAKELTEAM_MEMBER, region=world.regions["a"], username="schakel_a"
    )
    world.users["schakel_b"] = make_user(
        Role.SCHAKELTEAM_MEMBER, region=world.regions["b"], username="schakel_b"
    )
    for key, org in (("owner", "owner"), ("organiser", "organiser"), ("other", "other")):
        world.users[f"aanbieder_{key}"] = make_user(
            Role.PROVIDER_EDITOR,
            organisation=world.organisations[org],
            username=f"aanbieder_{key}",
        )
    for user in world.users.values():
        if user is not None:
            user.email = f"{user.username}@example.org"
            user.save(update_fields=["email"])
    world.communities["a"] = community_services.save_community(
        actor=world.users["regisseur_a"],
        region=world.regions["a"],
        data={
            "name": "Ondernemers Zwolle-Zuid",
            "kind": "plaats",
            "status": "actief",
            "organiser": world.organisations["organiser"],
            "reach": 120,
            "themes": [Theme.objects.get(code="netcongestie")],
            "municipalities": [Municipality.objects.get(code=MUNICIPALITY_A)],
        },
    )
    world.communities["b"] = community_services.save_community(
        actor=world.users["schakel_b"],
        region=world.regions["b"],
        data={"name": "Bakkers Breda", "kind": "sector", "status": "actief", "reach": 40},
    )
    world.meetings["a"] = community_services.log_meeting(
        actor=world.users["schakel_a"],
        community=world.communities["a"],
        data={
            "title": "Netcongestie op het bedrijventerrein",
            "date": timezone.localdate() - timedelta(days=3),
            "format": "fysiek",
            "participants_count": 24,
            "new_participants_count": 9,
            "follow_up_questions": "Wie helpt met een gezamenlijke aansluiting?",
            "themes": [Theme.objects.get(code="netcongestie")],
            "municipality": Municipality.objects.get(code=MUNICIPALITY_A),
        },
    )
    world.meetings["public"] = community_services.log_meeting(
        actor=world.users["schakel_a"],
        community=world.communities["a"],
        data={
            "title": "Ontbijtsessie energie besparen",
            "date": timezone.localdate() + timedelta(days=10),
            "format": "hybride",
            "location": "Zwolle, Stadskantoor",
            "is_public": True,
            "themes": [Theme.objects.get(code="verduurzaming")],
        },
    )
    return world


def in_days(days: int) -> date:
    return timezone.localdate() + timedelta(days=days)


def assign_and_answer(world: World, thread, answer: str, deadline_days: int = 30) -> None:
    """The national analyst gives the thread to the world's owner, whose editor answers it."""
    from scharnier.signals import services

    services.assign_owner(
        actor=world.users["landelijk_analist"],
        thread=thread,
        owner=world.organisations["owner"],
        deadline=in_days(deadline_days),
    )
    services.answer_thread(actor=world.users["aanbieder_owner"], thread=thread, answer=answer)


GRID_TEXT = "Wij wachten al jaren op een zwaardere stroomaansluiting voor de hal."
BAKERS_TEXT = "Bakkers krijgen geen zwaardere stroomaansluiting door netcongestie."


def raise_public_signal(world: World, email: str = "melder@example.org", text: str = GRID_TEXT):
    """A signal from the public form in region A, with consent to be told of the answer."""
    from scharnier.signals import services

    return services.raise_signal(
        actor=None,
        source="publiek",
        data=services.SignalInput(kind="knelpunt", text=text, region=world.regions["a"]),
        contact_email=email,
        reply_consent=True,
    )


def raise_published_signal(world: World, text: str = BAKERS_TEXT):
    """A signal that region A's schakelteam raises and publishes at once."""
    from scharnier.signals import services

    return services.raise_signal(
        actor=world.users["schakel_a"],
        source="schakelteam",
        data=services.SignalInput(kind="knelpunt", text=text, region=world.regions["a"]),
        publish=True,
    )


def submit_site_question():
    """An entrepreneur's question in region A, with a name and words that must not travel on."""
    from scharnier.casework import services as casework_services
    from scharnier.casework.models import ConsentPurpose, Door

    return casework_services.submit_question(
        door=Door.SITE,
        municipality=Municipality.objects.get(code=MUNICIPALITY_A),
        text="Ik krijg geen stroomaansluiting voor mijn nieuwe werkplaats in Zwolle.",
        contact_name="Piet Jansen",
        email="piet@example.org",
        consent_purposes=[ConsentPurpose.HANDLING],
    ).question


# Six subjects, each in the two voices of one board: an angry entrepreneur and the schakelteam.
SUBJECTS = {
    "grid": (
        "die netbeheerder geeft ons gewoon geen zwaardere aansluiting",
        "bedrijven door netcongestie geen uitbreiding van hun aansluiting krijgen",
    ),
    "bank": (
        "die bank geeft ons gewoon geen lening",
        "bedrijven bij de bank geen krediet krijgen voor uitbreiding",
    ),
    "staff": (
        "we vinden gewoon geen monteurs meer",
        "technische bedrijven hun vacatures voor monteurs niet vervuld krijgen",
    ),
    "rent": (
        "de huur van ons winkelpand is gewoon verdubbeld",
        "winkeliers in de binnenstad fors hogere huren moeten betalen",
    ),
    "payment": (
        "die grote klant betaalt gewoon pas na drie maanden",
        "grote opdrachtgevers facturen pas na negentig dagen betalen",
    ),
    "permit": (
        "de gemeente doet gewoon een jaar over onze vergunning",
        "vergunningen voor verbouwingen bij gemeenten lang op zich laten wachten",
    ),
}


def in_two_voices(angry: str, policy: str) -> list[str]:
    return [f"Boze ondernemer: {angry}, belachelijk!", f"Het schakelteam signaleert dat {policy}."]
