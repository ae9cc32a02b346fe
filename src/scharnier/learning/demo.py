"""Demo data of the learning cycle, made through the services (safe to run again): two
provinces' way of working, stories (published, awaiting consent, withdrawn), a self-assessment
of Regio Zwolle at T0 (fixed) and T1 (in progress), and a visitation with action items."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from scharnier.catalog.models import Theme
from scharnier.geography.models import Province, Region
from scharnier.organisations.models import Organisation

from . import framework, services
from .models import SelfAssessment, Story, Visitation

PROVINCES = [
    (
        "PV23",
        "Overijssel investeert zelf in een eerstelijns ondersteuning voor ondernemers. "
        "Het beleid gaat uit van brede welvaart: bijdragen aan maatschappelijke vraagstukken, "
        "werken aan een weerbare en wendbare economie, met familiebedrijven als kloppend hart. "
        "Ondernemers kunnen terecht bij Kennispoort, NovelT en het Ondernemershuis "
        "Stedendriehoek.",
        ["innovatie", "arbeidsmarkt", "bedrijfsopvolging", "verduurzaming"],
        ["provincie-overijssel", "oost-nl"],
    ),
    (
        "PV25",
        "Gelderland investeert niet in een eigen eerstelijns structuur, maar heeft een "
        "uitvoeringsagenda voor het brede mkb. De provincie werkt met de Regionale Centra voor "
        "Technologie, Food Valley Campus en Novio Tech Campus.",
        ["digitalisering", "innovatie", "arbeidsmarkt"],
        ["provincie-gelderland", "oost-nl"],
    ),
]

STORIES = [
    {
        "title": "Een batterij in plaats van een zwaardere aansluiting",
        "entrepreneur": "Anna, eigenaar van een bakkerij met 14 medewerkers in Zwolle",
        "question": "Ik wilde een nieuwe oven, maar de netbeheerder kon de komende jaren geen "
        "zwaardere aansluiting geven.",
        "helpers": "Het schakelteam van Regio Zwolle bracht mij in contact met het energieloket "
        "en een adviseur van Oost NL.",
        "change": "Met een batterij bakken we nu 's nachts op stroom van overdag. De nieuwe oven "
        "staat er en we hebben twee mensen extra aangenomen.",
        "themes": ["netcongestie", "verduurzaming"],
        "end": "published",
    },
    {
        "title": "De zaak overdragen aan mijn dochter",
        "entrepreneur": "Gerrit, installatiebedrijf met 22 medewerkers in Kampen",
        "question": "Ik ben 62 en wist niet hoe ik het bedrijf goed aan mijn dochter kon "
        "overdragen.",
        "helpers": "De KvK hielp met een plan voor de overdracht, een adviseur uit de community "
        "van familiebedrijven dacht mee.",
        "change": "Mijn dochter is nu mede-eigenaar. Over twee jaar neemt ze het helemaal over.",
        "themes": ["bedrijfsopvolging"],
        "end": "published",
    },
    {
        "title": "Personeel vinden via het leerwerkloket",
        "entrepreneur": "Samira, metaalbedrijf met 9 medewerkers in Zwolle",
        "question": "Ik kon geen lassers vinden.",
        "helpers": "Het leerwerkloket en het schakelteam.",
        "change": "Drie leerlingen leren het vak nu bij ons in het bedrijf.",
        "themes": ["arbeidsmarkt"],
        "end": "consent",
    },
    {
        "title": "Ingetrokken verhaal",
        "entrepreneur": "Een ondernemer",
        "question": "Een vraag.",
        "helpers": "Een aanbieder.",
        "change": "Iets veranderde.",
        "themes": [],
        "end": "withdrawn",
    },
]

ACTIONS = [
    ("Leg bij elke doorverwijzing vast wat eruit kwam.", "Schakelteam Regio Zwolle", 60, True),
    ("Nodig de branches uit voor het ontwikkelteam.", "Regisseur Regio Zwolle", 90, False),
    ("Deel de aanpak van de communities met de Achterhoek.", "Regisseur Regio Zwolle", 120, False),
]


def _user(username: str):
    return get_user_model().objects.filter(username=username).first()


def _provinces() -> None:
    themes = {t.code: t for t in Theme.objects.all()}
    organisations = {o.slug: o for o in Organisation.objects.all()}
    for code, text, theme_codes, organisation_slugs in PROVINCES:
        province = Province.objects.filter(code=code).first()
        if province is None:
            continue
        services.save_province_effort(
            province=province,
            way_of_working=text,
            themes=[themes[c] for c in theme_codes if c in themes],
            first_line_organisations=[
                organisations[s] for s in organisation_slugs if s in organisations
            ],
        )


def _stories(region: Region, staff) -> None:
    if Story.objects.filter(region=region).exists():
        return
    themes = {t.code: t for t in Theme.objects.all()}
    for spec in STORIES:
        data = {k: v for k, v in spec.items() if k not in ("themes", "end")}
        data["themes"] = [themes[c] for c in spec["themes"] if c in themes]
        data["consent_email"] = "ondernemer@example.org"
        story = services.save_story(actor=staff, region=region, data=data)
        services.request_consent(actor=staff, story=story, notify=False)
        if spec["end"] in ("published", "withdrawn"):
            services.confirm_consent(story=story)
        if spec["end"] == "withdrawn":
            services.withdraw_story(story=story, by_entrepreneur=True)


def _assessments(region: Region, director) -> None:
    if SelfAssessment.objects.filter(region=region).exists():
        return
    codes = framework.criterion_codes()
    t0 = services.start_assessment(actor=director, region=region)
    services.score_assessment(
        actor=director,
        assessment=t0,
        scores={
            code: (1 + (i % 3), "Nulmeting met het ontwikkelteam.") for i, code in enumerate(codes)
        },
    )
    services.finalise_assessment(actor=director, assessment=t0)
    t1 = services.start_assessment(actor=director, region=region)
    services.score_assessment(
        actor=director,
        assessment=t1,
        scores={
            code: (min(4, 2 + (i % 3)), "Tweede meting, na de visitatie.")
            for i, code in enumerate(codes[:6])
        },
    )


def _visitation(region: Region, analyst) -> None:
    if Visitation.objects.filter(host_region=region).exists():
        return
    peer = Region.objects.filter(slug="achterhoek").first()
    if peer is None:
        return
    today = timezone.localdate()
    visitation = services.plan_visitation(
        actor=analyst,
        host_region=region,
        date=today - datetime.timedelta(days=30),
        peer_regions=[peer],
        entrepreneurs_organisation=Organisation.objects.filter(slug="mkb-nederland").first(),
    )
    services.record_visitation(
        actor=analyst,
        visitation=visitation,
        findings="De communities zijn sterk en goed bezocht. Wat er na een doorverwijzing "
        "gebeurt, is vaak niet bekend.",
        recommendations="Leg resultaten vast en betrek de branches bij het ontwikkelteam.",
    )
    for description, owner, days, done in ACTIONS:
        action = services.add_action(
            actor=analyst,
            visitation=visitation,
            description=description,
            owner=owner,
            deadline=today + datetime.timedelta(days=days),
        )
        if done:
            services.complete_action(actor=analyst, action=action)


@transaction.atomic
def load() -> None:
    _provinces()
    region = Region.objects.filter(slug="regio-zwolle").first()
    staff, director, analyst = (
        _user("schakelteam-zwolle"),
        _user("regisseur-zwolle"),
        _user("analist"),
    )
    if region is None or None in (staff, director, analyst):
        return
    _stories(region, staff)
    _assessments(region, director)
    _visitation(region, analyst)
