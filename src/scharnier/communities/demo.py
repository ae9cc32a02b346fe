"""Demo communities and meetings in Regio Zwolle and the Achterhoek (through the services)."""

from datetime import time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from scharnier.catalog.models import SbiSection, Theme
from scharnier.core.workdays import next_working_day
from scharnier.geography.models import Region
from scharnier.organisations.models import Organisation

from . import services
from .business_case import record_community_cost
from .models import Community, CommunityCost

# (region, who keeps it, name, kind, themes, reach, municipalities, organiser, SBI sections)
COMMUNITIES = [
    (
        "regio-zwolle",
        "regisseur-zwolle",
        "Ondernemerskring Hessenpoort",
        "plaats",
        ["netcongestie", "verduurzaming"],
        140,
        ["Zwolle"],
        "ondernemerspunt-regio-zwolle",
        [],
    ),
    (
        "regio-zwolle",
        "regisseur-zwolle",
        "Bakkers en ambacht Zwolle",
        "sector",
        ["verduurzaming"],
        35,
        ["Zwolle", "Kampen"],
        "kvk-zwolle",
        ["c", "g"],
    ),
    (
        "regio-zwolle",
        "schakelteam-zwolle",
        "Intervisiegroep jonge familiebedrijven",
        "peer-groep",
        ["bedrijfsopvolging"],
        18,
        ["Zwolle", "Kampen", "Meppel"],
        "ondernemersklankbord",
        [],
    ),
    (
        "achterhoek",
        "regisseur-achterhoek",
        "Maakindustrie Achterhoek",
        "sector",
        ["arbeidsmarkt", "digitalisering"],
        90,
        ["Doetinchem", "Winterswijk", "Oost Gelre"],
        "koninklijke-metaalunie",
        ["c"],
    ),
]


# Where and when each community meets (demo addresses): start, end, place.
MEETING_PLACES = {
    "Ondernemerskring Hessenpoort": (
        time(7, 30),
        time(9, 0),
        "Bedrijfsverzamelgebouw Hessenpoort, Oude Vechtstraat 12, Zwolle",
    ),
    "Bakkers en ambacht Zwolle": (
        time(19, 30),
        time(21, 30),
        "Ambachtshuis, Bakkerstraat 8, Zwolle",
    ),
    "Intervisiegroep jonge familiebedrijven": (
        time(16, 0),
        time(18, 0),
        "Ondernemershuis, Stationsweg 3, Kampen",
    ),
    "Maakindustrie Achterhoek": (
        time(15, 30),
        time(18, 0),
        "Innovatiecentrum Maakindustrie, Industrieweg 40, Doetinchem",
    ),
}


# Regio Zwolle's outreach campaigns: one done (a letter), one running (company visits).
CAMPAIGNS = [
    {
        "title": "Brief over netcongestie aan bedrijven op bedrijventerreinen",
        "channel": "brief",
        "sections": ["c", "f", "h"],
        "places": [],
        "themes": ["netcongestie"],
        "days_ago": 60,
        "days": 30,
        "firms_approached": 400,
    },
    {
        "title": "Bezoek aan bouwbedrijven in Kampen",
        "channel": "bezoek",
        "sections": ["f"],
        "places": ["Kampen"],
        "themes": ["arbeidsmarkt", "bedrijfsopvolging"],
        "days_ago": 10,
        "days": None,
        "firms_approached": None,
    },
]


def _load_campaigns() -> None:
    region = Region.objects.filter(slug="regio-zwolle").first()
    actor = get_user_model().objects.filter(username="schakelteam-zwolle").first()
    if region is None or actor is None or region.campaigns.exists():
        return
    today = timezone.localdate()
    for spec in CAMPAIGNS:
        starts_on = today - timedelta(days=spec["days_ago"])
        services.save_campaign(
            actor=actor,
            region=region,
            data={
                "title": spec["title"],
                "channel": spec["channel"],
                "starts_on": starts_on,
                "ends_on": starts_on + timedelta(days=spec["days"]) if spec["days"] else None,
                "firms_approached": spec["firms_approached"],
                "sbi_sections": list(SbiSection.objects.filter(code__in=spec["sections"])),
                "municipalities": list(region.municipalities.filter(name__in=spec["places"])),
                "themes": list(Theme.objects.filter(code__in=spec["themes"])),
            },
        )


# What the demo communities cost this year (made up): three with costs, one without, so the
# business case shows both; Achterhoek's gives Regio Zwolle another region to compare with.
COSTS = {
    "Ondernemerskring Hessenpoort": ("regisseur-zwolle", "4800", 60, "Gemeente Zwolle"),
    "Bakkers en ambacht Zwolle": (
        "regisseur-zwolle",
        "2150.50",
        30,
        "KvK en de bakkersvereniging, ieder de helft",
    ),
    "Maakindustrie Achterhoek": (
        "regisseur-achterhoek",
        "6000",
        80,
        "Provincie Gelderland en Ondernemersplein Achterhoek",
    ),
}


def _load_costs() -> None:
    year = timezone.localdate().year
    if CommunityCost.objects.filter(year=year).exists():
        return
    users = get_user_model().objects
    for name, (username, amount, hours, funders) in COSTS.items():
        community = Community.objects.filter(name=name).first()
        if community is not None:
            record_community_cost(
                actor=users.get(username=username),
                community=community,
                year=year,
                cost_eur=Decimal(amount),
                hours=hours,
                funders=funders,
            )


def load() -> list:
    _load_campaigns()
    made = _load_communities()
    _load_costs()
    return made


def _load_communities() -> list:
    if Community.objects.filter(name=COMMUNITIES[0][2]).exists():
        return list(Community.objects.all())
    users = get_user_model().objects
    today = timezone.localdate()
    made = []
    for number, (
        slug,
        username,
        name,
        kind,
        themes,
        reach,
        places,
        organiser,
        sections,
    ) in enumerate(COMMUNITIES):
        actor = users.get(username=username)
        region = Region.objects.get(slug=slug)
        community = services.save_community(
            actor=actor,
            region=region,
            data={
                "name": name,
                "kind": kind,
                "status": "actief",
                "reach": reach,
                "themes": list(Theme.objects.filter(code__in=themes)),
                "municipalities": list(region.municipalities.filter(name__in=places)),
                "organiser": Organisation.objects.filter(slug=organiser).first(),
                "sbi_sections": list(SbiSection.objects.filter(code__in=sections)),
            },
        )
        start, end, place = MEETING_PLACES[name]
        for days, public, title in (
            (-20, False, "Terugblik en vragen"),
            (14, True, "Open bijeenkomst"),
        ):
            services.log_meeting(
                actor=actor,
                community=community,
                data={
                    "title": f"{title}: {name}",
                    # Working days, a few days apart: not all on one Sunday.
                    "date": next_working_day(today + timedelta(days=days + 2 * number)),
                    "format": "fysiek",
                    "participants_count": 0 if public else 22,
                    "new_participants_count": 0 if public else 6,
                    "is_public": public,
                    "start_time": start,
                    "end_time": end,
                    "location": place,
                    "themes": list(Theme.objects.filter(code__in=themes)),
                },
            )
        made.append(community)
    return made
