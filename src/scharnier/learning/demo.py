"""Demo data of the learning cycle, made through the services (safe to run again): two
provinces' way of working, stories (published, awaiting consent, withdrawn), a self-assessment
of Regio Zwolle at T0 (fixed) and T1 (in progress), and a visitation with action items."""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from scharnier.catalog.models import SbiSection, SizeClass, Theme
from scharnier.core import clock
from scharnier.geography.models import Province, Region
from scharnier.monitoring import queries as monitoring_queries
from scharnier.organisations.models import Organisation

from . import data_initiatives, development_plans, framework, governance, services
from .models import (
    AssessmentStatus,
    DataInitiative,
    DevelopmentPlan,
    GovernanceMeeting,
    HalfYearReport,
    InterventionKind,
    SelfAssessment,
    Story,
    StoryStatus,
    Visitation,
)

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
        "sector": "c",  # SBI section
        "size_class": "klein",
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
        "sector": "f",  # SBI section
        "size_class": "klein",
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
        "sector": "c",  # SBI section
        "size_class": "micro",
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
    sectors = {s.code: s for s in SbiSection.objects.all()}
    sizes = {s.code: s for s in SizeClass.objects.all()}
    for spec in STORIES:
        data = {k: v for k, v in spec.items() if k not in ("themes", "end")}
        data["themes"] = [themes[c] for c in spec["themes"] if c in themes]
        data["sector"] = sectors.get(spec.get("sector", ""))
        data["size_class"] = sizes.get(spec.get("size_class", ""))
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
    _visitation(region, analyst)
    _interventions(region, director)


# Regio Zwolle's improvements this year (three carried out, one planned), in the words of the
# Actieagenda's kansenkaart 6: improve, combine, stop.
INTERVENTIONS = [
    {
        "kind": InterventionKind.COMBINE,
        "title": "Eén loket voor vragen over bedrijfsopvolging",
        "noticeable": "Wie zijn bedrijf wil overdragen, belt het Ondernemerspunt. Het "
        "Ondernemerspunt regelt het eerste gesprek met KvK en Ondernemersklankbord samen.",
        "days_ago": 150,
    },
    {
        "kind": InterventionKind.IMPROVE,
        "title": "Energiescan van de gemeente Zwolle in twee weken in plaats van zes",
        "noticeable": "Een ondernemer die een energiescan aanvraagt, heeft binnen twee weken "
        "een adviseur op bezoek.",
        "days_ago": 90,
    },
    {
        "kind": InterventionKind.STOP,
        "title": "Gestopt met de losse webinarreeks over digitalisering",
        "noticeable": "Ondernemers vinden de webinars nu bij de landelijke reeks van KvK. Het "
        "geld gaat naar digitaliseringsspreekuren in de gemeenten.",
        "days_ago": 40,
    },
    {
        "kind": InterventionKind.IMPROVE,
        "title": "Vaste contactpersoon per bedrijventerrein",
        "noticeable": "Elk bedrijventerrein krijgt één vast aanspreekpunt voor vragen over "
        "netcongestie en bereikbaarheid.",
        "days_ago": None,  # planned
    },
]


def _interventions(region: Region, director) -> None:
    if region.interventions.exists():
        return
    today = timezone.localdate()
    for spec in INTERVENTIONS:
        days_ago = spec["days_ago"]
        done_on = None if days_ago is None else today - datetime.timedelta(days=days_ago)
        if done_on and done_on.year != today.year:
            done_on = today.replace(month=1, day=2)  # early in January: still this year
        data = {k: v for k, v in spec.items() if k != "days_ago"}
        services.save_intervention(actor=director, region=region, data={**data, "done_on": done_on})


REPORT_TEXTS = {
    "progress": "Regio Zwolle bereikte dit halfjaar meer ondernemers via de gemeenten en de "
    "ondernemersverenigingen. De communities over netcongestie en personeel trokken nieuwe "
    "bedrijven.\n\nHet schakelteam reageert sneller: de meeste vragen krijgen binnen twee "
    "werkdagen een eerste reactie.",
    "lessons": "Een vast aanspreekpunt per gemeente werkt. Ondernemers vinden de weg beter als "
    "de gemeente zelf doorverwijst.\n\nWat er na een doorverwijzing gebeurt, weten we nog te "
    "vaak niet. Daarom vragen we aanbieders het resultaat vast te leggen.",
    "next_steps": "Elke doorverwijzing krijgt een vastgelegd resultaat. We nodigen de branches "
    "uit voor het ontwikkelteam en delen onze aanpak met de Achterhoek.",
}


@transaction.atomic
def load_reports() -> HalfYearReport | None:
    """The self-assessment's two rounds (the first finalised), one published report (the
    previous half-year) and one draft (this half-year) for Regio Zwolle. Run after the demo
    outcomes: a finalised round and a report keep the figures they had then, and made before
    the outcomes they said "0 reached" beside a dashboard with hundreds. Returns the published
    report (None when the demo users or region are missing)."""
    region = Region.objects.filter(slug="regio-zwolle").first()
    director, approver = _user("regisseur-zwolle"), _user("beheerder")
    if region is None or None in (director, approver):
        return None
    _assessments(region, director)
    # The draft self-assessment was started before the outcomes existed: what the system knows
    # is read again now, as it is at each save (the finalised round keeps what it knew then).
    for draft in SelfAssessment.objects.filter(region=region, status=AssessmentStatus.DRAFT):
        services.score_assessment(actor=director, assessment=draft, scores={})
    current = monitoring_queries.half_year(timezone.localdate())
    previous = monitoring_queries.half_year(current.start - datetime.timedelta(days=1))
    stories = list(Story.objects.filter(region=region, status=StoryStatus.PUBLISHED)[:2])
    published = HalfYearReport.objects.filter(region=region, period=previous.code).first()
    if published is None:
        published = services.start_report(actor=director, region=region, period=previous.code)
        services.save_report(
            actor=director, report=published, data={**REPORT_TEXTS, "stories": stories}
        )
        services.submit_report(actor=director, report=published)
        services.approve_report(actor=approver, report=published)
        published = services.publish_report(actor=director, report=published)
    if not HalfYearReport.objects.filter(region=region, period=current.code).exists():
        draft = services.start_report(actor=director, region=region, period=current.code)
        services.save_report(
            actor=director,
            report=draft,
            data={"progress": REPORT_TEXTS["progress"], "stories": stories[:1]},
        )
    _governance(published)
    _development_plans()
    _data_initiatives()
    return published


# This year's programme meetings (made up): two steering groups held (the second discussed the
# published report) and one planned, three leads' meetings, with decisions and actions.
STEERING = ["ministerie-ez", "mkb-nederland", "kvk", "rvo", "oost-nl", "provincie-overijssel"]
GOVERNANCE = [
    ("stuurgroep", 2, 10, "Start van het jaar: de doelen per regio en de resultaatafspraken."),
    ("trekkersoverleg", 2, 24, "Ervaringen met de eerste benaderacties."),
    ("trekkersoverleg", 5, 12, "Hoe houden we de communities levend na de zomer?"),
    ("stuurgroep", 6, 16, "De halfjaarrapportage en de opschoning van dubbel aanbod."),
    ("trekkersoverleg", 9, 22, "De gezamenlijke toets op nieuwe loketten."),
]


def _governance(report: HalfYearReport | None) -> None:
    analyst = _user("analist")
    year = timezone.localdate().year
    if analyst is None or GovernanceMeeting.objects.filter(date__year=year).exists():
        return
    organisations = list(Organisation.objects.filter(slug__in=STEERING))
    # Breda's lead came to the last meeting only: the page shows it.
    regions = [
        region
        for slug in ("regio-zwolle", "achterhoek", "regio-breda")
        if (region := Region.objects.filter(slug=slug).first())
    ]
    for number, (body, month, day, summary) in enumerate(GOVERNANCE):
        leads = body == "trekkersoverleg"
        meeting = governance.record_meeting(
            actor=analyst,
            data={
                "body": body,
                "date": datetime.date(year, month, day),
                "summary": summary,
                "organisations_present": [] if leads else organisations,
                "regions_present": regions[: 1 + min(number, 2)] if leads else [],
                "report": report if body == "stuurgroep" and month == 6 else None,
            },
        )
        if number == 3:
            governance.add_decision(
                actor=analyst,
                meeting=meeting,
                text="De vouchers voor digitaal advies van Breda en Brabant gaan samen.",
            )
            governance.add_decision(
                actor=analyst,
                meeting=meeting,
                text="Voorstel voor één aanmeldformulier voor alle regio's.",
                owner=Organisation.objects.filter(slug="kvk").first(),
                due=datetime.date(year, 11, 1),
            )
    planned = timezone.localdate() + datetime.timedelta(days=21)
    if planned.year == year:
        governance.record_meeting(
            actor=analyst,
            data={
                "body": "stuurgroep",
                "date": planned,
                "summary": "Agenda: de resultaatafspraken voor volgend jaar.",
            },
        )


# Development plans (made up): Regio Zwolle's plan for last year and this one, adopted early last
# year, with a data-sharing knot the steering group answered in June; the Achterhoek's plan for
# this year and next, with a knot waiting for the next steering group. Each action: kansenkaart,
# text, lead (slug), due (years after the plan's first year, month, day), status, progress.
ZWOLLE_PLAN = {
    "ambition": "Elke ondernemer in Regio Zwolle weet waar hij met een vraag terechtkan, en "
    "het brede mkb doet mee in een community. In twee jaar spreken we 4.000 ondernemers.",
    "support_needed": "Een vaste bijdrage van het Rijk voor het Ondernemerspunt. Hulp van KvK "
    "en RVO bij het delen van doorverwijzingen tussen organisaties.",
    "continuity": "De gemeenten en de provincie dragen na 2026 samen de kosten van de "
    "organisatoren van de communities.",
}
ZWOLLE_ACTIONS = [
    (
        "kk1",
        "Elke maand een ondernemersontbijt op een ander bedrijventerrein",
        "ondernemerspunt-regio-zwolle",
        (1, 12, 31),
        "bezig",
        "Elf ontbijten gehouden, gemiddeld 25 ondernemers.",
    ),
    (
        "kk1",
        "Een community voor bouw en installatie, samen met de branches",
        "vno-ncw-midden",
        (1, 6, 30),
        "klaar",
        "",
    ),
    (
        "kk2",
        "Eén aanmeldformulier voor vragen aan KvK, Oost NL en de gemeenten",
        "kvk-zwolle",
        (1, 3, 31),
        "klaar",
        "",
    ),
    (
        "kk2",
        "Spreekuren over bedrijfsopvolging in alle gemeenten van de regio",
        "ondernemersklankbord",
        (1, 9, 30),
        "bezig",
        "In zes van de tien gemeenten.",
    ),
    (
        "kk5",
        "Doorverwijzingen en hun resultaat delen tussen gemeenten, KvK en Oost NL",
        "oost-nl",
        (1, 2, 28),
        "vastgelopen",
        "De gemeenten delen geen gegevens over ondernemers zonder een afspraak die alle partners "
        "tekenen.",
    ),
    (
        "kk6",
        "Gestopt met de losse webinarreeks; het geld gaat naar spreekuren",
        "gemeente-zwolle",
        (0, 12, 31),
        "klaar",
        "",
    ),
    (
        "kk6",
        "Eén praktijkleertraject digitalisering van Deltion en Windesheim samen",
        "deltion-college",
        (1, 12, 31),
        "gepland",
        "",
    ),
]
ZWOLLE_QUESTION = (
    "Kan de stuurgroep één modelafspraak vaststellen waarmee alle partners doorverwijzingen en "
    "hun resultaat mogen delen?"
)
ZWOLLE_DECISION = (
    "KvK en VNG maken voor 1 oktober één modelafspraak voor het delen van doorverwijzingen."
)
ACHTERHOEK_PLAN = {
    "ambition": "Ondernemers in de Achterhoek vinden elkaar in sterke branchegroepen. De "
    "maakindustrie krijgt hulp bij personeel en digitalisering dicht bij huis.",
    "support_needed": "Capaciteit van Oost NL voor bedrijfsbezoeken in de maakindustrie.",
    "continuity": "",
}
ACHTERHOEK_ACTIONS = [
    (
        "kk1",
        "Een peer group van metaalbedrijven die elk kwartaal bij een ander bedrijf komt",
        "koninklijke-metaalunie",
        (0, 6, 30),
        "klaar",
        "",
    ),
    (
        "kk2",
        "Bedrijfsbezoeken bij 200 maakbedrijven met KvK en Oost NL",
        "oost-nl",
        (1, 12, 31),
        "bezig",
        "60 bezoeken gedaan.",
    ),
    (
        "kk5",
        "De vragen uit de bedrijfsbezoeken samen bijhouden in één overzicht",
        "ondernemersplein-achterhoek",
        (0, 11, 1),
        "vastgelopen",
        "Oost NL en de gemeenten gebruiken elk een eigen systeem en mogen niet in elkaars "
        "gegevens kijken.",
    ),
]
ACHTERHOEK_QUESTION = (
    "Kan de stuurgroep afspreken welke gegevens over bedrijfsbezoeken de partners met elkaar "
    "mogen delen, en op welke manier?"
)


def _at(day: datetime.date):
    """The clock on the morning of `day` (never later than now)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    return clock.set_to(min(moment, timezone.now()))


def _plan(region_slug, director_name, first_year, texts, actions, adopted_on) -> list:
    region = Region.objects.filter(slug=region_slug).first()
    director = _user(director_name)
    if region is None or director is None:
        return []
    if DevelopmentPlan.objects.filter(region=region).exists():
        return []
    organisations = {o.slug: o for o in Organisation.objects.all()}
    with _at(datetime.date(first_year - 1, 12, 1)):
        plan = development_plans.save_plan(
            actor=director,
            region=region,
            data={"first_year": first_year, "last_year": first_year + 1, **texts},
        )
        made = []
        for code, text, lead, (years, month, day), status, _progress in actions:
            # A stuck action is first recorded as underway: it got stuck later.
            made.append(
                development_plans.save_action(
                    actor=director,
                    plan=plan,
                    data={
                        "kansenkaart": code,
                        "text": text,
                        "lead": organisations.get(lead),
                        "due": datetime.date(first_year + years, month, day),
                        "status": "bezig" if status == "vastgelopen" else "gepland",
                        "progress": "",
                    },
                )
            )
    with _at(adopted_on):
        development_plans.adopt_plan(actor=director, plan=plan)
    today = timezone.localdate()
    for action, (*_spec, status, progress) in zip(made, actions, strict=True):
        if status == "gepland":
            continue
        with _at(min(action.due, today)):
            development_plans.save_action(
                actor=director,
                plan=plan,
                action=action,
                data={
                    "kansenkaart": action.kansenkaart,
                    "text": action.text,
                    "lead": action.lead,
                    "due": action.due,
                    "status": status,
                    "progress": progress,
                    "obstacle": "gegevensdeling" if status == "vastgelopen" else "",
                },
            )
    return made


def _development_plans() -> None:
    analyst = _user("analist")
    year = timezone.localdate().year
    today = timezone.localdate()
    zwolle = _plan(
        "regio-zwolle",
        "regisseur-zwolle",
        year - 1,
        ZWOLLE_PLAN,
        ZWOLLE_ACTIONS,
        datetime.date(year - 1, 1, 20),
    )
    if zwolle and analyst is not None:
        stuck = next(a for a in zwolle if a.kansenkaart == "kk5")
        meeting = GovernanceMeeting.objects.filter(
            body="stuurgroep", date=datetime.date(year, 6, 16)
        ).first()
        if meeting is not None and meeting.date <= today:
            director = _user("regisseur-zwolle")
            with _at(datetime.date(year, 3, 2)):
                development_plans.escalate_action(
                    actor=director, action=stuck, question=ZWOLLE_QUESTION
                )
            governance.add_decision(
                actor=analyst,
                meeting=meeting,
                text=ZWOLLE_DECISION,
                owner=Organisation.objects.filter(slug="kvk").first(),
                due=datetime.date(year, 10, 1),
                answers=stuck,
            )
            with _at(datetime.date(year, 10, 15)):
                development_plans.save_action(
                    actor=director,
                    plan=stuck.plan,
                    action=stuck,
                    data={
                        "kansenkaart": stuck.kansenkaart,
                        "text": stuck.text,
                        "lead": stuck.lead,
                        "due": datetime.date(year, 12, 31),
                        "status": "bezig",
                        "progress": "De modelafspraak is er. Acht van de tien gemeenten hebben "
                        "getekend.",
                    },
                )
    achterhoek = _plan(
        "achterhoek",
        "regisseur-achterhoek",
        year,
        ACHTERHOEK_PLAN,
        ACHTERHOEK_ACTIONS,
        datetime.date(year, 2, 1),
    )
    if achterhoek:
        stuck = next(a for a in achterhoek if a.kansenkaart == "kk5")
        with _at(today - datetime.timedelta(days=12)):
            development_plans.escalate_action(
                actor=_user("regisseur-achterhoek"), action=stuck, question=ACHTERHOEK_QUESTION
            )


# The data ecosystem (kansenkaart 5: "3 tot 6 concrete initiatieven"); made up, after the
# Actieagenda's examples ("RVO en de ROM's ... het verbreden van de intelligence van de doelgroep
# van (innovatieve) startups/scale-ups/mkb ... KvK"; "de data die uit de klantreizen voortkomen").
DATA_INITIATIVES = [
    {
        "title": "Doorverwijzingen en hun resultaat delen",
        "kansenkaart": "kk2",
        "purpose": "Het schakelteam en de aanbieders zien welke doorverwijzing een ondernemer "
        "echt verder hielp. Zo verwijzen zij de volgende keer beter door.",
        "lead": "kvk",
        "parties": ["oost-nl", "rvo"],
        "regions": ["regio-zwolle", "achterhoek"],
        "data_categories": ["doorverwijzingen", "impact"],
        "personal_data": "gepseudonimiseerd",
        "legal_basis": "wettelijke-taak",
        "dpia_days_ago": 240,
        "status": "in-gebruik",
        "signed_days_ago": 200,
    },
    {
        "title": "De doelgroep startups en scale-ups beter kennen",
        "kansenkaart": "kk5",
        "purpose": "RVO en de ROM's leggen hun kennis over innovatieve startups en scale-ups "
        "naast de gegevens van KvK, om te zien welke groepen de hulp nog niet vinden.",
        "lead": "rvo",
        "parties": ["rom-utrecht-region", "oost-nl", "kvk"],
        "regions": [],
        "data_categories": ["doelgroepen", "bedrijfskenmerken"],
        "personal_data": "geen",
        "status": "in-voorbereiding",
        "obstacle": "De ROM's mogen hun klantbestand niet zonder afspraak aan KvK-gegevens "
        "koppelen.",
    },
    {
        "title": "Klantreizen van ondernemers meten",
        "kansenkaart": "kk5",
        "purpose": "Zien waar ondernemers afhaken tussen hun eerste vraag en de hulp die past, "
        "over de websites en loketten van de partijen heen.",
        "lead": "kvk",
        "parties": ["rvo", "ministerie-ez"],
        "regions": [],
        "data_categories": ["klantreizen", "bereik"],
        "personal_data": "gepseudonimiseerd",
        "legal_basis": "toestemming",
        "status": "verkenning",
        "obstacle": "De websites meten bezoek elk op hun eigen manier.",
    },
    {
        "title": "Signalen uit communities naar het beleid",
        "kansenkaart": "kk1",
        "purpose": "Wat ondernemers in de communities zeggen, komt gebundeld bij de provincie "
        "en het ministerie, zonder namen.",
        "lead": "provincie-overijssel",
        "parties": ["ministerie-ez", "provincie-gelderland"],
        "regions": ["regio-zwolle"],
        "data_categories": ["vraag-communities"],
        "personal_data": "geen",
        "status": "getekend",
        "signed_days_ago": 45,
    },
]


def _data_initiatives() -> None:
    analyst = _user("analist")
    if analyst is None or DataInitiative.objects.exists():
        return
    today = timezone.localdate()
    organisations = {o.slug: o for o in Organisation.objects.all()}
    regions = {r.slug: r for r in Region.objects.all()}
    for item in DATA_INITIATIVES:
        names = [item["lead"], *item["parties"]]
        if any(name not in organisations for name in names):
            continue
        data = {
            **{k: v for k, v in item.items() if not k.endswith("days_ago")},
            "lead": organisations[item["lead"]],
            "parties": [organisations[name] for name in item["parties"]],
            "regions": [regions[slug] for slug in item["regions"] if slug in regions],
        }
        if "dpia_days_ago" in item:
            data["dpia_on"] = today - datetime.timedelta(days=item["dpia_days_ago"])
        if "signed_days_ago" in item:
            data["agreement_signed_on"] = today - datetime.timedelta(days=item["signed_days_ago"])
        data_initiatives.save_initiative(actor=analyst, data=data)
