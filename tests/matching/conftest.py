"""A small, realistic catalog for matching tests, built through the catalog services."""

import datetime

import pytest

from scharnier.catalog.models import (
    JourneyPhase,
    OfferType,
    SbiSection,
    ScopeLevel,
    SizeClass,
    Theme,
)
from scharnier.geography.models import Municipality, Province
from scharnier.matching.services import compute_offer_embeddings
from scharnier.organisations.models import OrganisationKind
from tests.factories import make_offer, make_organisation, make_region

ENERGY_SUMMARY = (
    "Geld voor isolatie, zonnepanelen en zuinige apparaten om uw energierekening te verlagen."
)


def terms(model, *codes):
    return list(model.objects.filter(code__in=codes))


@pytest.fixture
def small_catalog(request):
    """~14 offers in and around Zwolle; features computed as the signal would."""
    zwolle = Municipality.objects.select_related("province").get(code="GM0193")
    region = make_region("regio-zwolle", municipality_codes=["GM0193", "GM0166"])
    other = make_region("regio-breda", municipality_codes=["GM0758"])
    rvo = make_organisation("rvo", kind=OrganisationKind.UITVOERINGSORGANISATIE, phone="088 0")
    kvk = make_organisation("kvk", kind=OrganisationKind.UITVOERINGSORGANISATIE)
    hub = make_organisation("ondernemershuis-zwolle", kind=OrganisationKind.HUB)
    from scharnier.organisations import services as org_services

    org_services.set_regional_role(actor=None, region=region, organisation=hub, role="trekker")

    def offer(key, provider, title, summary, themes, phases=("weten",), type_="advies", **kw):
        return key, make_offer(
            provider=provider,
            title=title,
            summary=summary,
            description=kw.pop("description", summary),
            themes=terms(Theme, *themes),
            journey_phases=terms(JourneyPhase, *phases),
            offer_type=OfferType.objects.get(code=type_),
            **kw,
        )

    today = datetime.date.today()
    offers = dict(
        [
            offer(
                "energy",
                rvo,
                "Subsidie energiebesparing mkb",
                ENERGY_SUMMARY,
                ["verduurzaming"],
                ["kunnen"],
                "subsidie",
            ),
            offer(
                "energy2",
                kvk,
                "Energiebesparing: tips voor ondernemers",
                "Informatie over hoe u energie bespaart en uw energiekosten verlaagt.",
                ["verduurzaming"],
                ["weten"],
                "informatie",
            ),
            offer(
                "energy_dup",
                rvo,
                "Subsidie energiebesparing mkb 2026",
                ENERGY_SUMMARY,
                ["verduurzaming"],
                ["kunnen"],
                "subsidie",
            ),
            offer(
                "staff",
                kvk,
                "Personeel vinden en houden",
                "Advies over werven van medewerkers en vakkrachten bij personeelstekort.",
                ["arbeidsmarkt"],
                ["weten", "kunnen"],
            ),
            offer(
                "succession",
                kvk,
                "Bedrijfsopvolging: uw bedrijf overdragen",
                "Begeleiding bij het overdragen van uw bedrijf aan een opvolger of koper.",
                ["bedrijfsopvolging"],
                ["willen"],
                "begeleiding",
            ),
            offer(
                "co2",
                rvo,
                "CO2-footprint berekenen voor klanten",
                "Hulp bij het berekenen en rapporteren van de CO2-uitstoot die klanten vragen.",
                ["verduurzaming", "regelgeving"],
                ["weten"],
                "scan",
            ),
            offer(
                "hub",
                hub,
                "Ondernemershuis Regio Zwolle: uw vraag, onze hulp",
                "Het schakelteam helpt ondernemers in de regio met elke vraag; warm doorverwijzen.",
                ["strategie"],
                ["weten"],
                "advies",
                scope_level=ScopeLevel.REGION,
                regions=[region],
            ),
            offer(
                "breda",
                kvk,
                "Energieloket Breda",
                "Advies over energiebesparing voor ondernemers in Breda.",
                ["verduurzaming"],
                ["weten"],
                scope_level=ScopeLevel.REGION,
                regions=[other],
            ),
            offer(
                "expired",
                rvo,
                "Energiesubsidie 2020 (afgelopen)",
                "Subsidie voor energiebesparing; de regeling is gesloten.",
                ["verduurzaming"],
                ["kunnen"],
                "subsidie",
                valid_until=today - datetime.timedelta(days=30),
            ),
            offer(
                "large_only",
                rvo,
                "Energie-investeringsregeling grote bedrijven",
                "Fiscale aftrek voor energiebesparende investeringen door grote bedrijven.",
                ["verduurzaming"],
                ["kunnen"],
                "fiscaal",
                size_classes=terms(SizeClass, "groot"),
            ),
            offer(
                "agri",
                rvo,
                "Energie besparen in de glastuinbouw",
                "Subsidie voor energiebesparing in kassen voor tuinders.",
                ["verduurzaming"],
                ["kunnen"],
                "subsidie",
                sbi_sections=terms(SbiSection, "a"),
            ),
            offer(
                "old_firms",
                kvk,
                "Doorstart voor gevestigde bedrijven",
                "Begeleiding voor bedrijven ouder dan tien jaar die zwaar weer hebben.",
                ["zwaar-weer"],
                ["kunnen"],
                "begeleiding",
                min_company_age_years=10,
            ),
            offer(
                "overijssel",
                kvk,
                "Digitaal werken in Overijssel",
                "Hulp bij uw website, webshop en automatisering voor mkb in Overijssel.",
                ["digitalisering"],
                ["kunnen"],
                "begeleiding",
                scope_level=ScopeLevel.PROVINCE,
                provinces=[Province.objects.get(code="PV23")],
            ),
        ]
    )
    compute_offer_embeddings()
    return zwolle, offers
