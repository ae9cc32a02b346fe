"""Demo signals, grouped into threads, with a few answered threads (through the services)."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from scharnier.catalog.models import JourneyPhase, Theme
from scharnier.communities import demo as community_demo
from scharnier.geography.models import Region
from scharnier.organisations.models import Organisation

from . import services
from .models import Signal

SIGNALS = [
    (
        "regio-zwolle",
        "knelpunt",
        ["netcongestie"],
        "Bedrijven op Hessenpoort krijgen geen zwaardere aansluiting op het stroomnet door netcongestie.",  # noqa: E501
    ),
    (
        "achterhoek",
        "knelpunt",
        ["netcongestie"],
        "Netbeheerder meldt jaren wachttijd voor een grotere stroomaansluiting; uitbreiding van de fabriek ligt stil.",  # noqa: E501
    ),
    (
        "regio-zwolle",
        "knelpunt",
        ["netcongestie"],
        "Door de volle stroomnetten kunnen ondernemers hun bedrijfsbussen niet elektrisch laden.",
    ),
    (
        "regio-zwolle",
        "regels-bureaucratie",
        ["verduurzaming"],
        "De aanvraag voor de energiesubsidie is te ingewikkeld voor een kleine bakkerij.",
    ),
    (
        "achterhoek",
        "regels-bureaucratie",
        ["verduurzaming"],
        "Kleine ondernemers haken af bij het aanvragen van EIA en ISDE: te veel formulieren.",
    ),
    (
        "achterhoek",
        "knelpunt",
        ["arbeidsmarkt"],
        "Metaalbedrijven vinden geen monteurs en lassers; vacatures staan maanden open.",
    ),
    (
        "regio-zwolle",
        "knelpunt",
        ["arbeidsmarkt"],
        "Installatiebedrijven nemen geen klussen meer aan door een tekort aan technisch personeel.",
    ),
    (
        "regio-zwolle",
        "gat-in-aanbod",
        ["bedrijfsopvolging"],
        "Familiebedrijven zonder opvolger vinden geen begeleiding bij het zoeken naar een koper.",
    ),
    (
        "regio-zwolle",
        "goede-praktijk",
        ["bedrijfsopvolging"],
        "De peer-groep voor opvolgers werkt goed: ondernemers leren van elkaars overdracht.",
    ),
    (
        "achterhoek",
        "aanbod-moeilijk-vindbaar",
        ["digitalisering"],
        "Ondernemers weten niet welk loket hen helpt met digitalisering; ze worden van het kastje naar de muur gestuurd.",  # noqa: E501
    ),
]


# The journey phase a demo signal of each kind is about (demand side of the white-spot matrix).
PHASE_OF_KIND = {
    "knelpunt": "kunnen",
    "gat-in-aanbod": "kunnen",
    "regels-bureaucratie": "weten",
    "aanbod-moeilijk-vindbaar": "weten",
    "overlap": "weten",
    "goede-praktijk": "ontmoeten",
}


def load() -> int:
    community_demo.load()
    if Signal.objects.exists():
        return 0
    users = get_user_model().objects
    staff = {
        "regio-zwolle": users.get(username="schakelteam-zwolle"),
        "achterhoek": users.get(username="regisseur-achterhoek"),
    }
    for slug, kind, themes, text in SIGNALS:
        services.raise_signal(
            actor=staff[slug],
            source="schakelteam",
            data=services.SignalInput(
                kind=kind,
                text=text,
                region=Region.objects.get(slug=slug),
                themes=list(Theme.objects.filter(code__in=themes)),
                journey_phase=JourneyPhase.objects.filter(code=PHASE_OF_KIND.get(kind)).first(),
            ),
            publish=True,
        )
    analyst = users.get(username="analist")
    owner = Organisation.objects.get(slug="rvo")
    answered = 0
    for signal in Signal.objects.filter(kind="regels-bureaucratie").select_related("thread")[:1]:
        thread = signal.thread
        services.assign_owner(
            actor=analyst,
            thread=thread,
            owner=owner,
            deadline=timezone.localdate() + timedelta(days=30),
        )
        services.answer_thread(
            actor=users.get(username="redacteur-rvo"),
            thread=thread,
            answer="We maken de aanvraag eenvoudiger: één formulier voor kleine aanvragen en "
            "hulp van een adviseur bij de eerste aanvraag.",
            links=[
                services.LinkInput(
                    kind="beleid",
                    label="Vereenvoudiging aanvraag energiesubsidies",
                    url="https://www.rvo.nl/",
                )
            ],
        )
        answered += 1
    return answered
