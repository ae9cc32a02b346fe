"""Organisations, regions, municipalities, provinces and vocabularies over real HTTP."""

import datetime

from scharnier.catalog.harvesting import harvest_catalogue, keep_out_of_register
from scharnier.catalog.models import CatalogueEntry
from scharnier.geography.models import Region
from scharnier.learning import data_initiatives, development_plans
from scharnier.organisations.models import Organisation, RegionalRole, Role
from scharnier.organisations.services import assign_directing_organisation
from tests.api.conftest import API_MARKS, assert_problem, invalid_names
from tests.factories import make_user

pytestmark = API_MARKS


def check_organisations_list_filter_and_detail(api, catalog):
    body = api.get("/organisations", params={"kind": "provincie"}).json()
    assert [o["slug"] for o in body["results"]] == ["provincie-overijssel"]
    assert body["results"][0]["kind"]["code"] == "provincie"
    detail = api.get("/organisations/ondernemershuis").json()
    assert detail["regionalRoles"] == [
        {
            "region": {"slug": "regio-zwolle", "name": "Regio Zwolle"},
            "role": {"code": "trekker", "label": "Trekker"},
            "note": "Trekker",
            "reachEstimate": None,
        }
    ]
    assert_problem(api.get("/organisations/bestaat-niet"), 404)
    assert invalid_names(assert_problem(api.get("/organisations", params={"kind": "x"}), 400)) == {
        "kind"
    }


def check_region_detail_has_municipalities_stakeholders_and_required_check(api, catalog):
    body = api.get("/regions/regio-zwolle").json()
    assert body["rolloutWave"]["code"] == "1"
    assert [m["code"] for m in body["municipalities"]] == ["GM0166", "GM0193"]
    assert {s["organisation"]["slug"]: s["role"]["code"] for s in body["stakeholders"]} == {
        "provincie-overijssel": "kernpartner",
        "ondernemershuis": "trekker",
    }
    checks = {c["code"]: c for c in body["requiredStakeholders"]}
    assert set(checks) == {"provincie", "kvk", "rom", "rvo", "werkgevers", "privaat"}
    assert checks["provincie"]["present"] is True
    assert checks["provincie"]["organisations"] == [
        {"slug": "provincie-overijssel", "name": "Provincie Overijssel"}
    ]
    assert checks["kvk"]["present"] is False and checks["kvk"]["organisations"] == []
    listed = api.get("/regions").json()
    assert {r["slug"]: r["municipalityCount"] for r in listed["results"]} == {
        "regio-zwolle": 2,
        "regio-breda": 1,
    }
    assert_problem(api.get("/regions/nergens"), 404)


def check_municipalities_by_code_and_filters(api, catalog):
    zwolle = api.get("/municipalities/GM0193").json()
    assert zwolle["name"] == "Zwolle"
    assert zwolle["province"] == {"code": "PV23", "name": "Overijssel"}
    assert zwolle["regions"] == [{"slug": "regio-zwolle", "name": "Regio Zwolle"}]
    in_region = api.get("/municipalities", params={"region": "regio-zwolle"}).json()
    assert [m["code"] for m in in_region["results"]] == ["GM0166", "GM0193"]
    in_province = api.get("/municipalities", params={"province": "PV23", "pageSize": 100}).json()
    assert in_province["count"] > 20
    assert {m["province"]["code"] for m in in_province["results"]} == {"PV23"}
    everything = api.get("/municipalities").json()
    assert everything["count"] == 342 and len(everything["results"]) == 20
    assert_problem(api.get("/municipalities/GM9999"), 404)
    body = assert_problem(api.get("/municipalities", params={"province": "PV99"}), 400)
    assert invalid_names(body) == {"province"}


def check_provinces(api, catalog):
    body = api.get("/provinces").json()
    assert body["count"] == 12
    utrecht = api.get("/provinces/PV26").json()
    assert utrecht["name"] == "Utrecht" and utrecht["municipalityCount"] > 10
    assert_problem(api.get("/provinces/PV99"), 404)


def check_vocabularies_give_codes_and_dutch_labels(api, catalog):
    response = api.get("/vocabularies")
    assert response.headers["API-Version"] == "1.0.0"
    lists = {v["name"]: v for v in response.json()}
    assert {
        "theme",
        "journeyPhase",
        "offerType",
        "sizeClass",
        "sector",
        "scopeLevel",
        "status",
    } <= set(lists)
    phases = [t["code"] for t in lists["journeyPhase"]["terms"]]
    assert phases == ["ontmoeten", "weten", "willen", "kunnen"]
    # Every code the vocabulary endpoint lists is accepted by the offer filter.
    for term in lists["theme"]["terms"]:
        assert api.get("/offers", params={"theme": term["code"]}).status_code == 200


def test_register_resources(api, catalog):
    """Read-only register resources (one catalog for all checks)."""
    check_organisations_list_filter_and_detail(api, catalog)
    check_region_detail_has_municipalities_stakeholders_and_required_check(api, catalog)
    check_municipalities_by_code_and_filters(api, catalog)
    check_provinces(api, catalog)
    check_vocabularies_give_codes_and_dutch_labels(api, catalog)


def test_a_region_says_who_holds_the_regie_without_the_programme_manager(api, catalog):
    region = Region.objects.get(slug="regio-zwolle")
    assert api.get("/regions/regio-zwolle").json()["regie"] is None
    hub = Organisation.objects.get(slug="ondernemershuis")
    RegionalRole.objects.filter(region=region, organisation=hub).update(reach_estimate=300)
    director = make_user(Role.REGIONAL_DIRECTOR, region=region, username="regie-manager")
    assign_directing_organisation(
        region=region,
        organisation=hub,
        granted_on=datetime.date(2025, 3, 12),
        granted_by="de partijen aan tafel",
        programme_manager=director,
    )
    body = api.get("/regions/regio-zwolle").json()
    assert body["regie"] == {
        "organisation": {"slug": "ondernemershuis", "name": "Ondernemershuis"},
        "grantedOn": "2025-03-12",
        "grantedBy": "de partijen aan tafel",
    }
    assert "regie-manager" not in str(body)
    reach = {s["organisation"]["slug"]: s["reachEstimate"] for s in body["stakeholders"]}
    assert reach == {"ondernemershuis": 300, "provincie-overijssel": None}


def test_an_organisation_says_how_complete_its_catalogue_is_in_the_register(api, catalog):
    overijssel = Organisation.objects.get(slug="provincie-overijssel")
    assert api.get("/organisations/provincie-overijssel").json()["catalogue"] is None
    products = "".join(
        f"""<overheidproduct:scproduct><overheidproduct:meta><overheidproduct:owmskern>
        <dcterms:identifier>https://www.overijssel.nl/loket/{n}</dcterms:identifier>
        <dcterms:title>Regeling {n}</dcterms:title>
        <overheid:authority>Overijssel</overheid:authority></overheidproduct:owmskern>
        <overheidproduct:owmsmantel><dcterms:audience>ondernemer</dcterms:audience>
        </overheidproduct:owmsmantel></overheidproduct:meta></overheidproduct:scproduct>"""
        for n in range(4)
    )
    xml = (
        '<overheidproduct:scproducten xmlns:overheidproduct="http://standaarden.overheid.nl/'
        'product/terms/" xmlns:overheid="http://standaarden.overheid.nl/owms/terms/" '
        f'xmlns:dcterms="http://purl.org/dc/terms/">{products}</overheidproduct:scproducten>'
    )
    report = harvest_catalogue(actor=None, organisation=overijssel, data=xml.encode())
    assert report.ok, report.problems
    entry = CatalogueEntry.objects.get(title="Regeling 0")
    keep_out_of_register(actor=None, entry=entry, reason="Een vergunning, geen hulp.")
    body = api.get("/organisations/provincie-overijssel").json()["catalogue"]
    assert {k: v for k, v in body.items() if k != "lastRead"} == {
        "inCatalogue": 4,
        "inRegister": 0,
        "notForRegister": 1,
        "open": 3,
        "shareInRegister": 0,
    }
    assert body["lastRead"].startswith(str(datetime.date.today().year))


def test_a_region_gives_its_adopted_development_plan_and_never_a_draft(api, catalog):
    region = Region.objects.get(slug="regio-zwolle")
    director = make_user(Role.REGIONAL_DIRECTOR, region=region, username="plan-director")
    year = datetime.date.today().year
    plan = development_plans.save_plan(
        actor=director,
        region=region,
        data={"first_year": year, "last_year": year, "ambition": "Meer ondernemers bereiken."},
    )
    development_plans.save_action(
        actor=director,
        plan=plan,
        data={
            "kansenkaart": "kk5",
            "text": "Doorverwijzingen delen.",
            "lead": Organisation.objects.get(slug="ondernemershuis"),
            "due": datetime.date(year, 12, 31),
            "status": "vastgelopen",
            "obstacle": "gegevensdeling",
            "progress": "Geen afspraak over gegevens.",
        },
    )
    assert api.get("/regions/regio-zwolle").json()["developmentPlan"] is None  # a draft
    development_plans.adopt_plan(actor=director, plan=plan)
    body = api.get("/regions/regio-zwolle").json()["developmentPlan"]
    assert (body["firstYear"], body["lastYear"], body["ambition"]) == (
        year,
        year,
        "Meer ondernemers bereiken.",
    )
    (action,) = body["actions"]
    assert action["kansenkaart"]["code"] == "kk5"
    assert action["kansenkaart"]["label"].startswith("Kansenkaart 5")
    assert action["lead"] == {"slug": "ondernemershuis", "name": "Ondernemershuis"}
    assert action["status"]["code"] == "vastgelopen"
    assert action["obstacle"]["code"] == "gegevensdeling"
    assert action["escalatedOn"] is None and action["steeringGroupDecision"] is None
    assert "plan-director" not in str(body)
    readiness = {r["code"]: r for r in api.get("/regions/regio-zwolle").json()["readiness"]}
    assert readiness["ontwikkelplan"]["met"] is True and readiness["zelfanalyse"]["met"] is False
    # An active focus region (2024) is past its first year: the self-assessment is due.
    assert (readiness["zelfanalyse"]["stage"], readiness["zelfanalyse"]["due"]) == (
        "na-eerste-jaar",
        True,
    )
    assert readiness["tafel"]["stage"] == "opstart" and len(readiness) == 9


def test_the_data_initiatives_are_public_and_name_no_person(api, catalog):
    analyst = make_user(Role.NATIONAL_ANALYST, username="data-analyst")
    kvk = Organisation.objects.get(slug="kvk")
    data_initiatives.save_initiative(
        actor=analyst,
        data={
            "title": "Doorverwijzingen delen",
            "kansenkaart": "kk2",
            "purpose": "Zien welke doorverwijzing hielp.",
            "lead": kvk,
            "parties": [Organisation.objects.get(slug="ondernemershuis")],
            "regions": [Region.objects.get(slug="regio-zwolle")],
            "data_categories": ["doorverwijzingen"],
            "personal_data": "gepseudonimiseerd",
            "legal_basis": "wettelijke-taak",
            "dpia_on": datetime.date.today(),
            "status": "in-gebruik",
            "agreement_signed_on": datetime.date.today(),
        },
    )
    body = api.get("/data-initiatives").json()
    (item,) = body["results"]
    assert item["title"] == "Doorverwijzingen delen"
    assert item["kansenkaart"]["code"] == "kk2"
    assert item["lead"] == {"slug": "kvk", "name": "KvK"}
    assert {p["slug"] for p in item["parties"]} == {"kvk", "ondernemershuis"}
    assert item["regions"] == ["regio-zwolle"]
    assert item["dataCategories"] == [
        {"code": "doorverwijzingen", "label": "Doorverwijzingen en hun resultaat"}
    ]
    assert item["legalBasis"]["code"] == "wettelijke-taak"
    assert item["status"] == {"code": "in-gebruik", "label": "In gebruik"}
    assert "data-analyst" not in str(body)
    assert api.get("/data-initiatives", params={"status": "idee"}).json()["results"] == []
    problem = assert_problem(api.get("/data-initiatives", params={"status": "bijna"}), 400)
    assert invalid_names(problem) == {"status"}
