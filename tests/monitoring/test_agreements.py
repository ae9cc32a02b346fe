"""Result agreements (resultaatafspraken): who may enter them (role x action), what the service
refuses (with Dutch messages), the locked baseline, and the agreed KPIs against the actual
figures on the region dashboard, in its CSV and in the metrics API."""

import csv
import datetime
import io
import threading

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone

from scharnier.geography.models import Municipality
from scharnier.monitoring import queries, services
from scharnier.monitoring.models import AgreedTarget, OutcomeEventKind, ResultAgreement
from scharnier.monitoring.permissions import Action, has_permission
from scharnier.monitoring.services import AgreedValues
from scharnier.organisations import services as organisation_services
from scharnier.organisations.models import RegionalRoleKind, Role
from tests.factories import ensure_reference_data, make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db

YEAR = timezone.localdate().year
START = datetime.date(YEAR, 1, 1)


@pytest.fixture
def world():
    ensure_reference_data()
    zwolle = make_region("regio-zwolle", municipality_codes=["GM0193"], name="Regio Zwolle")
    breda = make_region("regio-breda", municipality_codes=["GM0758"], name="Regio Breda")
    kvk = make_organisation("kvk", name="KvK")
    province = make_organisation("provincie-overijssel", name="Provincie Overijssel")
    for organisation in (kvk, province):
        organisation_services.set_regional_role(
            region=zwolle, organisation=organisation, role=RegionalRoleKind.CORE_PARTNER
        )
    gm0193 = Municipality.objects.get(code="GM0193")
    users = {
        "anonymous": AnonymousUser(),
        "no_role": make_user(),
        "director_own": make_user(Role.REGIONAL_DIRECTOR, region=zwolle),
        "director_other": make_user(Role.REGIONAL_DIRECTOR, region=breda),
        "schakelteam_own": make_user(Role.SCHAKELTEAM_MEMBER, region=zwolle),
        "provider_editor": make_user(Role.PROVIDER_EDITOR, organisation=kvk),
        "national_analyst": make_user(Role.NATIONAL_ANALYST),
        "province": make_user(Role.PROVINCE, province=gm0193.province),
        "administrator": make_user(Role.ADMINISTRATOR),
    }
    superuser = make_user(username="superbeheerder")
    superuser.is_superuser = superuser.is_staff = True
    superuser.save()
    users["superuser"] = superuser
    return {"zwolle": zwolle, "breda": breda, "parties": [kvk, province], "users": users}


def _save(world, actor, **overrides):
    data = {
        "actor": actor,
        "region": world["zwolle"],
        "year": YEAR,
        "targets": {
            "firms-reached": AgreedValues(target=900, baseline=300, baseline_on=START),
            "acceptance-rate": AgreedValues(target=80),
        },
        "parties": world["parties"],
        "note": "Afgesproken aan de regionale tafel.",
    }
    return services.save_result_agreement(**(data | overrides))


ALLOWED = {"director_own", "administrator", "superuser"}


def test_permission_matrix_role_x_action(world, client):
    """Every role against every action on the region's agreement: see (public dashboard),
    open the form, save through the form, save through the service."""
    page_url = "/dashboard/regio/regio-zwolle/"
    form_url = f"/dashboard/regio/regio-zwolle/resultaatafspraken/{YEAR}/"
    post = {"parties": ["kvk"], "firms-reached-target": "500", "note": ""}
    results = {}
    for name, user in world["users"].items():
        client.logout()
        if name != "anonymous":
            client.force_login(user)
        dashboard = client.get(page_url)
        form = client.get(form_url)
        posted = client.post(form_url, post)
        try:
            _save(world, user)
            service = "ok"
        except PermissionDenied:
            service = "denied"
        results[name] = (
            dashboard.status_code,
            "resultaatafspraken/" in dashboard.content.decode(),  # the edit link
            form.status_code,
            posted.status_code,
            service,
            has_permission(user, Action.MANAGE_AGREEMENTS, world["zwolle"]),
        )
    expected = {}
    for name in world["users"]:
        if name in ALLOWED:
            expected[name] = (200, True, 200, 302, "ok", True)
        elif name == "anonymous":
            expected[name] = (200, False, 302, 302, "denied", False)  # to the login page
        else:
            expected[name] = (200, False, 403, 403, "denied", False)
    assert results == expected
    # The director of another region may enter their own region's agreements.
    breda_director = world["users"]["director_other"]
    assert has_permission(breda_director, Action.MANAGE_AGREEMENTS, world["breda"])
    _save(world, breda_director, region=world["breda"])
    assert ResultAgreement.objects.filter(region=world["breda"], year=YEAR).exists()


def test_baseline_is_locked_once_set(world):
    director = world["users"]["director_own"]
    _save(world, director)
    row = AgreedTarget.objects.get(metric_code="firms-reached")
    assert (row.baseline, row.baseline_on, row.target) == (300, START, 900)

    # The target may change; an empty baseline keeps the locked one.
    _save(world, director, targets={"firms-reached": AgreedValues(target=1000)})
    row.refresh_from_db()
    assert (row.baseline, row.baseline_on, row.target) == (300, START, 1000)
    assert not AgreedTarget.objects.filter(metric_code="acceptance-rate").exists()

    with pytest.raises(ValidationError) as changed:
        _save(
            world,
            director,
            targets={"firms-reached": AgreedValues(target=1000, baseline=250, baseline_on=START)},
        )
    assert changed.value.message_dict == {
        "firms-reached-baseline": [
            "De nulmeting van Bereikte bedrijven ligt vast en kan niet meer veranderen."
        ]
    }
    with pytest.raises(ValidationError) as removed:
        _save(world, director, targets={"firms-reached": AgreedValues()})
    assert "ligt vast" in removed.value.message_dict["firms-reached-target"][0]
    row.refresh_from_db()
    assert (row.baseline, row.target) == (300, 1000)


def test_service_refuses_with_specific_dutch_messages(world):
    director = world["users"]["director_own"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refused:
        _save(
            world,
            director,
            year=1999,
            targets={
                "acceptance-rate": AgreedValues(target=120),
                "nps": AgreedValues(target=20, baseline=-150, baseline_on=START),
                "questions": AgreedValues(target=50, baseline=10),
                "plans-made": AgreedValues(target=5, baseline=3, baseline_on=tomorrow),
                "referrals-made": AgreedValues(baseline=4, baseline_on=START),
            },
            parties=[],
            note="<b>vet</b>",
        )
    errors = refused.value.message_dict
    years = services.agreement_years()
    assert errors["year"] == [f"Kies een jaar van {years[0]} tot en met {years[-1]}."]
    assert errors["acceptance-rate-target"] == ["Vul een getal van 0 tot en met 100 in."]
    assert errors["nps-baseline"] == ["Vul een getal van -100 tot en met 100 in."]
    assert errors["questions-baseline_on"] == ["Vul de datum van de nulmeting in."]
    assert errors["plans-made-baseline_on"] == [
        "De nulmeting is al gedaan: kies een datum tot en met vandaag."
    ]
    assert errors["referrals-made-target"] == [
        "Vul ook een streefwaarde in voor Doorverwijzingen, of laat de nulmeting leeg."
    ]
    assert errors["parties"] == ["Kies minstens één partij die de afspraak maakt."]
    assert "note" in errors
    assert not ResultAgreement.objects.exists()

    with pytest.raises(ValidationError) as empty:
        _save(world, director, targets={"firms-reached": AgreedValues()})
    assert empty.value.message_dict == {
        "targets": ["Vul bij minstens één kengetal een streefwaarde in."]
    }
    with pytest.raises(ValidationError) as unknown:
        _save(world, director, targets={"bestaat-niet": AgreedValues(target=1)})
    assert unknown.value.message_dict["targets"] == ["Dit kengetal bestaat niet: bestaat-niet."]


def _reach(region, n: int, kind=OutcomeEventKind.QUESTION_RECEIVED) -> None:
    municipality = region.municipalities.first()
    for i in range(n):
        services.record_outcome_event(
            kind=kind,
            source=("test.question", f"{region.slug}-{i}"),
            occurred_at=timezone.now(),
            municipality=municipality,
            region=region,
        )


def test_result_agreements_for_gives_the_rows_the_report_needs(world):
    _reach(world["zwolle"], 7)
    _save(
        world,
        world["users"]["director_own"],
        targets={
            "firms-reached": AgreedValues(target=900, baseline=3, baseline_on=START),
            "acceptance-rate": AgreedValues(target=80, baseline=70, baseline_on=START),
        },
    )

    rows = queries.result_agreements_for(world["zwolle"], YEAR)

    assert [r.metric_code for r in rows] == ["firms-reached", "acceptance-rate"]  # registry order
    reached, rate = rows
    assert (reached.metric_name, reached.unit, reached.target) == (
        "Bereikte bedrijven",
        "bedrijven",
        900,
    )
    # A baseline of 1-4 firms is a count like any other: shown as <5.
    assert (reached.baseline, reached.baseline_display, reached.baseline_on) == (None, "<5", START)
    year_figures = queries.figures(
        queries.Scope("region", region=world["zwolle"]), queries.calendar_year(YEAR)
    )
    assert (reached.actual, reached.actual_display) == (7, "7")
    assert reached.metric_version == year_figures["firms-reached"].version == 1
    assert reached.parties == ("KvK", "Provincie Overijssel")
    assert (rate.baseline, rate.baseline_display, rate.target_display) == (70, "70%", "80%")
    assert rate.actual is None and rate.actual_display == "te weinig gegevens"
    assert queries.result_agreements_for(world["breda"], YEAR) == []
    assert queries.result_agreements_for(world["zwolle"], YEAR + 1) == []


def test_dashboard_csv_and_api_show_the_agreement_against_actuals(world, client):
    _reach(world["zwolle"], 12)
    _save(world, world["users"]["director_own"])

    page = client.get("/dashboard/regio/regio-zwolle/").content.decode()
    assert f"Resultaatafspraken {YEAR}" in page
    assert "KvK, Provincie Overijssel" in page
    assert "Afgesproken aan de regionale tafel." in page
    # On a phone each agreement is a card: the result is not hidden behind sideways scrolling.
    assert 'table-stack" role="table"' in page
    assert 'role="cell" data-label="Resultaat">12<' in page

    body = client.get("/dashboard/regio/regio-zwolle/?formaat=csv").content.decode()
    rows = [r for r in csv.DictReader(io.StringIO(body)) if r["tabel"] == "resultaatafspraken"]
    assert {(r["rij"], r["waarde"], r["kengetal"], r["versie"], r["periode"]) for r in rows} >= {
        ("Bereikte bedrijven: nulmeting", "300", "firms-reached", "1", str(YEAR)),
        ("Bereikte bedrijven: doel", "900", "firms-reached", "1", str(YEAR)),
        ("Bereikte bedrijven: resultaat", "12", "firms-reached", "1", str(YEAR)),
    }

    api = client.get(f"/api/v1/metrics/result-agreements?area=RG:regio-zwolle&year={YEAR}")
    assert api.status_code == 200
    data = api.json()
    assert data["parties"] == ["KvK", "Provincie Overijssel"]
    first = data["agreements"][0]
    assert first["metricCode"] == "firms-reached" and first["metricVersion"] == 1
    assert (first["baseline"], first["target"], first["actual"]) == (300, 900, 12)
    assert first["baselineOn"] == START.isoformat()

    for query, name in (
        ("area=RG:bestaat-niet&year=2026", "area"),
        ("area=NL&year=2026", "area"),
        ("year=2026", "area"),
        ("area=RG:regio-zwolle&year=twintig", "year"),
        ("area=RG:regio-zwolle&year=1900", "year"),
        ("area=RG:regio-zwolle&year=2026&extra=1", "extra"),
    ):
        refused = client.get(f"/api/v1/metrics/result-agreements?{query}")
        assert refused.status_code == 400, query
        assert refused["Content-Type"].startswith("application/problem+json")
        assert name in {p["name"] for p in refused.json()["invalidParams"]}, query


def test_form_reshows_input_with_errors_and_then_saves(world, client):
    client.force_login(world["users"]["director_own"])
    url = f"/dashboard/regio/regio-zwolle/resultaatafspraken/{YEAR}/"
    wrong = client.post(
        url,
        {
            "firms-reached-target": "900",
            "firms-reached-baseline": "300",
            "acceptance-rate-target": "7,5",
            "note": "Eerste afspraken",
        },
    )
    html = wrong.content.decode()
    assert wrong.status_code == 400
    assert "Er is iets niet goed ingevuld" in html
    assert "Vul een heel getal in, zonder cijfers achter de komma." in html
    assert 'value="900"' in html and 'value="300"' in html and "Eerste afspraken" in html
    assert not ResultAgreement.objects.exists()
    # The form's own checks passed, the service's did not: its messages land on the fields.
    again = client.post(
        url,
        {"firms-reached-target": "900", "firms-reached-baseline": "300", "note": ""},
    ).content.decode()
    assert "Vul de datum van de nulmeting in." in again
    assert "Kies minstens één partij die de afspraak maakt." in again

    done = client.post(
        url,
        {
            "parties": ["kvk"],
            "firms-reached-target": "900",
            "firms-reached-baseline": "300",
            "firms-reached-baseline_on": START.isoformat(),
        },
    )
    assert done.status_code == 302
    assert done["Location"].endswith("#resultaatafspraken")
    locked = client.get(url).content.decode()
    assert 'name="firms-reached-baseline"' not in locked  # locked: shown as text
    assert "Deze ligt vast." in locked


def test_admin_lists_agreements_read_only_and_links_to_the_form(world, client):
    agreement = _save(world, world["users"]["director_own"])
    client.force_login(world["users"]["superuser"])
    listing = client.get("/admin/monitoring/resultagreement/")
    assert listing.status_code == 200 and "Regio Zwolle" in listing.content.decode()
    detail = client.get(f"/admin/monitoring/resultagreement/{agreement.pk}/change/")
    html = detail.content.decode()
    assert detail.status_code == 200
    assert f"/dashboard/regio/regio-zwolle/resultaatafspraken/{YEAR}/" in html
    assert 'name="note"' not in html  # read-only: written through the service only
    assert client.post(f"/admin/monitoring/resultagreement/{agreement.pk}/delete/").status_code in (
        403,
        302,
    )
    assert ResultAgreement.objects.filter(pk=agreement.pk).exists()


def _first_saves_at_once(world, actor, targets: tuple[dict, dict], year: int) -> list[str]:
    barrier = threading.Barrier(2)
    outcomes = ["", ""]

    def save(index: int) -> None:
        try:
            barrier.wait()
            _save(world, actor, targets=targets[index], year=year)
            outcomes[index] = "ok"
        except Exception as error:  # noqa: BLE001 - the test reports what went wrong
            outcomes[index] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return outcomes


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs two real connections that wait on each other's insert: PostgreSQL only",
)
def test_two_first_saves_at_once_both_succeed_and_one_agreement_remains(world):
    targets = (
        {"firms-reached": AgreedValues(target=900)},
        {"firms-reached": AgreedValues(target=950), "acceptance-rate": AgreedValues(target=70)},
    )
    for year in (YEAR, YEAR + 1, YEAR):
        ResultAgreement.objects.all().delete()
        outcomes = _first_saves_at_once(world, world["users"]["director_own"], targets, year)
        assert outcomes == ["ok", "ok"]
        agreement = ResultAgreement.objects.get(region=world["zwolle"], year=year)
        codes = sorted(agreement.targets.values_list("metric_code", flat=True))
        assert codes in (["firms-reached"], ["acceptance-rate", "firms-reached"])  # last one wins
