# ruff: noqa: E501 (demo texts are sentences; one per line reads best)
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

# (region, kind, themes, text). Several regions raise the same worry in their own words (the
# threads the board should show), a few stand alone. Written for the demo; not an evaluation set.
SIGNALS = [
    (
        "regio-zwolle",
        "knelpunt",
        ["netcongestie"],
        "Bedrijven op Hessenpoort krijgen geen zwaardere aansluiting op het stroomnet door netcongestie.",
    ),
    (
        "achterhoek",
        "knelpunt",
        ["netcongestie"],
        "Netbeheerder meldt jaren wachttijd voor een grotere stroomaansluiting; uitbreiding van de fabriek ligt stil.",
    ),
    (
        "regio-zwolle",
        "knelpunt",
        ["netcongestie"],
        "Door de volle stroomnetten kunnen ondernemers hun bedrijfsbussen niet elektrisch laden.",
    ),
    (
        "regio-breda",
        "knelpunt",
        ["netcongestie"],
        "Een distributiecentrum in Breda kan niet uitbreiden: de netbeheerder heeft geen transportcapaciteit.",
    ),
    (
        "stedendriehoek",
        "gat-in-aanbod",
        ["netcongestie", "verduurzaming"],
        "Ondernemers op het bedrijventerrein willen samen stroom delen, maar niemand helpt met een energiehub.",
    ),
    (
        "drechtsteden",
        "knelpunt",
        ["netcongestie"],
        "Maakbedrijven in Dordrecht staan op een wachtlijst voor netaansluiting en verliezen orders.",
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
        "regio-foodvalley",
        "regels-bureaucratie",
        ["verduurzaming"],
        "Voor een subsidie op zonnepanelen moet een klein bedrijf een energieadviseur inhuren; dat kost meer dan het oplevert.",
    ),
    (
        "twente",
        "regels-bureaucratie",
        ["verduurzaming", "financiering"],
        "Subsidieregels voor verduurzaming veranderen elk jaar, ondernemers snappen niet meer waar ze recht op hebben.",
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
        "westelijke-mijnstreek",
        "knelpunt",
        ["arbeidsmarkt"],
        "Technische mkb-bedrijven kunnen hun vacatures voor elektromonteurs niet vullen en weigeren opdrachten.",
    ),
    (
        "twente",
        "gat-in-aanbod",
        ["arbeidsmarkt"],
        "Er is geen regeling waarmee een klein bedrijf een zij-instromer tot technicus kan omscholen.",
    ),
    (
        "regio-zwolle",
        "gat-in-aanbod",
        ["bedrijfsopvolging"],
        "Familiebedrijven zonder opvolger vinden geen begeleiding bij het zoeken naar een koper.",
    ),
    (
        "regio-breda",
        "knelpunt",
        ["bedrijfsopvolging"],
        "Oudere ondernemers beginnen te laat met de overdracht en moeten hun zaak sluiten omdat er geen koper is.",
    ),
    (
        "parkstad-limburg",
        "gat-in-aanbod",
        ["bedrijfsopvolging"],
        "Winkeliers die met pensioen willen, weten niet hoe ze een opvolger vinden of wat hun zaak waard is.",
    ),
    (
        "achterhoek",
        "aanbod-moeilijk-vindbaar",
        ["digitalisering"],
        "Ondernemers weten niet welk loket hen helpt met digitalisering; ze worden van het kastje naar de muur gestuurd.",
    ),
    (
        "drechtsteden",
        "aanbod-moeilijk-vindbaar",
        ["digitalisering"],
        "Kleine bedrijven vinden de digitaliseringsvouchers niet; de informatie staat verspreid over vijf websites.",
    ),
    (
        "regio-amersfoort",
        "aanbod-moeilijk-vindbaar",
        ["digitalisering"],
        "Wie hulp zoekt bij het digitaliseren van de administratie, komt niet verder dan algemene brochures.",
    ),
    (
        "regio-breda",
        "knelpunt",
        ["financiering", "zwaar-weer"],
        "Grote opdrachtgevers betalen facturen pas na 90 dagen; kleine toeleveranciers komen in geldnood.",
    ),
    (
        "stedendriehoek",
        "knelpunt",
        ["financiering"],
        "Bouwbedrijven wachten maanden op betaling door grote aannemers en moeten hun rekening-courant oprekken.",
    ),
    (
        "regio-groningen-assen",
        "regels-bureaucratie",
        ["financiering", "regelgeving"],
        "Overheden houden zich niet aan de betaaltermijn van 30 dagen; zzp'ers en kleine bedrijven lenen bij om rond te komen.",
    ),
    (
        "regio-foodvalley",
        "regels-bureaucratie",
        ["huisvesting", "regelgeving"],
        "De vergunning voor een uitbreiding van de bedrijfshal duurt anderhalf jaar; de gemeente reageert traag.",
    ),
    (
        "hart-van-brabant",
        "regels-bureaucratie",
        ["huisvesting", "regelgeving"],
        "Ondernemers die hun pand willen verbouwen, lopen vast in lange vergunningprocedures en stikstofregels.",
    ),
    (
        "regio-amersfoort",
        "knelpunt",
        ["huisvesting"],
        "Groeiende bedrijven vinden geen bedrijfsruimte in de regio en vertrekken naar elders.",
    ),
    (
        "twente",
        "knelpunt",
        ["digitalisering"],
        "Na een ransomware-aanval weten kleine ondernemers niet wie ze meteen kan helpen.",
    ),
    (
        "stedendriehoek",
        "gat-in-aanbod",
        ["digitalisering"],
        "Er is geen betaalbare hulp om een klein bedrijf te beschermen tegen hackers en phishing.",
    ),
    (
        "regio-zwolle",
        "goede-praktijk",
        ["bedrijfsopvolging"],
        "De peer-groep voor opvolgers werkt goed: ondernemers leren van elkaars overdracht.",
    ),
    (
        "parkstad-limburg",
        "goede-praktijk",
        ["strategie"],
        "Het maandelijkse ondernemerscafé brengt ondernemers en de gemeente bij elkaar; vragen worden sneller opgelost.",
    ),
    (
        "westelijke-mijnstreek",
        "knelpunt",
        ["arbeidsmarkt", "huisvesting"],
        "Bedrijven willen arbeidsmigranten aannemen, maar er is nergens woonruimte voor hen.",
    ),
    (
        "regio-foodvalley",
        "knelpunt",
        ["arbeidsmarkt", "huisvesting"],
        "Voedselbedrijven kunnen buitenlandse medewerkers niet huisvesten; de gemeente staat geen tijdelijke woningen toe.",
    ),
    (
        "drechtsteden",
        "knelpunt",
        ["zwaar-weer"],
        "Ondernemers met schulden melden zich pas bij hulp als de deurwaarder al langs is geweest.",
    ),
    (
        "regio-groningen-assen",
        "gat-in-aanbod",
        ["zwaar-weer"],
        "Voor ondernemers in financiële problemen is er geen vast aanspreekpunt; ze schamen zich en wachten te lang.",
    ),
    (
        "parkstad-limburg",
        "knelpunt",
        ["zwaar-weer"],
        "Ondernemers die hun belastingschuld niet kunnen betalen, vinden de weg naar schuldhulp niet op tijd.",
    ),
    (
        "hart-van-brabant",
        "overlap",
        ["innovatie"],
        "Provincie en gemeente hebben elk een eigen innovatievoucher met bijna dezelfde voorwaarden; ondernemers raken in de war.",
    ),
    (
        "twente",
        "regels-bureaucratie",
        ["internationalisering"],
        "Exporteurs naar Duitsland moeten voor elke klus opnieuw formulieren invullen voor detachering van personeel.",
    ),
    (
        "regio-breda",
        "knelpunt",
        ["marketing", "strategie"],
        "In het centrum van Breda staan steeds meer winkels leeg; zelfstandige winkeliers redden het niet.",
    ),
]

# Who raises the demo signals of a region: its own staff where the demo has them, elsewhere a
# provider (KvK), whose signals the national analyst publishes.
REGION_STAFF = {"regio-zwolle": "schakelteam-zwolle", "achterhoek": "regisseur-achterhoek"}
PROVIDER = ("redacteur-kvk", "kvk")
# Public reports waiting for review (not published, no contact details).
PUBLIC_REPORTS = [
    (
        "regio-zwolle",
        "knelpunt",
        "Ik krijg geen lening bij de bank voor een tweede bestelbus, terwijl mijn omzet groeit.",
    ),
    (
        "regio-breda",
        "aanbod-moeilijk-vindbaar",
        "Ik wist niet dat er gratis advies over personeel bestond; waarom hoor je dat nergens?",
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
    analyst = users.get(username="analist")
    provider_user, provider_slug = PROVIDER
    provider = Organisation.objects.get(slug=provider_slug)
    for slug, kind, themes, text in SIGNALS:
        data = services.SignalInput(
            kind=kind,
            text=text,
            region=Region.objects.get(slug=slug),
            themes=list(Theme.objects.filter(code__in=themes)),
            journey_phase=JourneyPhase.objects.filter(code=PHASE_OF_KIND.get(kind)).first(),
        )
        if slug in REGION_STAFF:
            services.raise_signal(
                actor=users.get(username=REGION_STAFF[slug]),
                source="schakelteam",
                data=data,
                publish=True,
            )
            continue
        signal = services.raise_signal(
            actor=users.get(username=provider_user),
            source="aanbieder",
            data=data,
            organisation=provider,
        )
        services.publish_signal(actor=analyst, signal=signal)
    for slug, kind, text in PUBLIC_REPORTS:
        services.raise_signal(
            actor=None,
            source="publiek",
            data=services.SignalInput(kind=kind, text=text, region=Region.objects.get(slug=slug)),
        )
    _correct_grouping(analyst)
    handled = _handle_threads(users, analyst)
    _choose_categories(analyst)
    return handled


# Signals the demo's analyst took out of the thread the grouping gave them, as the review list
# on a thread's page proposes (signal text start, title of its own thread). The computer placed
# "no room to grow" beside succession: both are about firms that leave the region.
SPLIT_BY_ANALYST = [
    (
        "Groeiende bedrijven vinden geen bedrijfsruimte",
        "Groeiende bedrijven vinden geen bedrijfsruimte en vertrekken uit de regio",
    ),
]


def _correct_grouping(analyst) -> None:
    for text_start, title in SPLIT_BY_ANALYST:
        signal = _signal_starting(text_start)
        if signal is None or signal.thread is None or signal.thread.signal_count < 2:
            continue  # the grouping already gave it a thread of its own
        services.split_thread(actor=analyst, thread=signal.thread, signals=[signal], title=title)


def _signal_starting(text_start: str) -> Signal | None:
    return Signal.objects.filter(text__startswith=text_start).select_related("thread").first()


def _thread_of(text_start: str):
    signal = _signal_starting(text_start)
    return signal.thread if signal and signal.thread else None


# How the demo's national analyst and owners handle a few threads, each found by one of its
# signals (whatever else the grouping put with it comes along): (signal text start, owner,
# days to answer, owner's editor, answer, policy link (label, url), closed, rejection reason).
HANDLING = [
    (
        "De aanvraag voor de energiesubsidie",
        "rvo",
        30,
        "redacteur-rvo",
        "We maken de aanvraag eenvoudiger: één formulier voor kleine aanvragen en hulp van een adviseur bij de eerste aanvraag.",
        ("Vereenvoudiging aanvraag energiesubsidies", "https://www.rvo.nl/"),
        False,
        "",
    ),
    (
        "Kleine bedrijven vinden de digitaliseringsvouchers niet",
        "kvk",
        21,
        "redacteur-kvk",
        "Alle regelingen voor digitalisering staan nu op één pagina, per regio, en de KvK Advieslijn verwijst door naar het regionale loket.",
        ("Overzicht digitaliseringshulp", "https://www.kvk.nl/"),
        True,
        "",
    ),
    (
        "Een distributiecentrum in Breda kan niet uitbreiden",
        "ministerie-ez",
        45,
        "",
        "",
        None,
        False,
        "",
    ),
    (
        # Given to KvK and not yet answered: its editor's "Te beantwoorden" list shows it.
        "Ondernemers met schulden melden zich pas bij hulp",
        "kvk",
        5,
        "",
        "",
        None,
        False,
        "",
    ),
    (
        "In het centrum van Breda staan steeds meer winkels leeg",
        "",
        0,
        "",
        "",
        None,
        False,
        "Leegstand in een binnenstad is een taak van de gemeente en de regio; we hebben het signaal doorgegeven aan de gemeente Breda.",
    ),
]


def _handle_threads(users, analyst) -> int:
    """Threads in each state of the loop: in handling, answered, closed with a link, rejected."""
    today = timezone.localdate()
    handled = 0
    for text_start, owner, days, editor, answer, link, closed, rejection in HANDLING:
        thread = _thread_of(text_start)
        if thread is None or thread.status != "nieuw":
            continue  # the grouping put two of these signals in one thread
        if rejection:
            services.reject_thread(actor=analyst, thread=thread, reason=rejection)
            handled += 1
            continue
        services.assign_owner(
            actor=analyst,
            thread=thread,
            owner=Organisation.objects.get(slug=owner),
            deadline=today + timedelta(days=days),
        )
        if answer:
            label, url = link
            services.answer_thread(
                actor=users.get(username=editor),
                thread=thread,
                answer=answer,
                links=[services.LinkInput(kind="beleid", label=label, url=url)],
            )
        if closed:
            services.close_thread(actor=analyst, thread=thread)
        handled += 1
    return handled


# Kinds of knelpunt the demo's analyst chose by hand (found as in HANDLING): the threads
# without a suggested kind, or whose help runs through a scheme. A new thread of an owned kind
# then shows whom to assign it to (an energy hub on a business park, an answer to a full grid:
# the ministry, as for Hessenpoort's grid thread).
CHOSEN_CATEGORIES = [
    ("Bedrijven op Hessenpoort krijgen geen zwaardere aansluiting", "netcongestie"),
    ("Ondernemers op het bedrijventerrein willen samen stroom delen", "netcongestie"),
    ("De aanvraag voor de energiesubsidie", "regelingen"),
    ("Subsidieregels voor verduurzaming veranderen elk jaar", "regelingen"),
    ("Ondernemers weten niet welk loket", "hulp-vinden"),
    ("Familiebedrijven zonder opvolger", "opvolging"),
]


def _choose_categories(analyst) -> None:
    for text_start, category in CHOSEN_CATEGORIES:
        thread = _thread_of(text_start)
        if thread is not None:
            services.set_thread_category(actor=analyst, thread=thread, category=category)
