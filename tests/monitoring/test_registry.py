"""The metric registry: a change is a new version (only by a national administrator), figures
name the version that made them, a stage definition change recomputes the rollups; the
baseline of a region is locked once set."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from scharnier.geography.models import Municipality
from scharnier.monitoring import queries, services
from scharnier.monitoring.models import MetricDefinition, OutcomeEventKind
from scharnier.monitoring.services import record_outcome_event
from scharnier.monitoring.task import task_of
from scharnier.organisations.models import Role
from tests.factories import ensure_reference_data, make_region, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_user():
    user = make_user(Role.ADMINISTRATOR, username="landelijk")
    user.is_superuser = user.is_staff = True
    user.save()
    return user


def _meetings(n: int) -> None:
    zwolle = Municipality.objects.get(code="GM0193")
    for i in range(n):
        record_outcome_event(
            kind=OutcomeEventKind.MEETING_PARTICIPATION,
            source=("communities.participant", str(i)),
            municipality=zwolle,
            door="community",
        )


def test_a_changed_definition_is_a_new_version_and_recounts(admin_user):
    ensure_reference_data()
    make_region("regio-z", municipality_codes=["GM0193"], name="Regio Z")
    _meetings(6)
    period = queries.since_start()
    assert queries.figures(queries.NATIONAL, period)["firms-reached"].display == "6"
    with pytest.raises(PermissionDenied):
        services.revise_metric_definition(
            actor=make_user(Role.NATIONAL_ANALYST, username="a"), code="firms-reached", name="x"
        )
    with pytest.raises(ValidationError):
        services.revise_metric_definition(
            actor=admin_user, code="firms-reached", event_kinds=["bestaat-niet"]
        )
    revised = services.revise_metric_definition(
        actor=admin_user,
        code="firms-reached",
        event_kinds=[OutcomeEventKind.QUESTION_RECEIVED, OutcomeEventKind.SCAN_COMPLETED],
    )
    assert revised.version == 2 and revised.valid_from == timezone.localdate()
    assert MetricDefinition.objects.filter(code="firms-reached").count() == 2
    figure = queries.figures(queries.NATIONAL, period)["firms-reached"]
    assert figure.stamp == "firms-reached@v2"
    assert figure.display == "0"  # meetings no longer count as reach
    assert [v.version for v in queries.definition_versions("firms-reached")] == [2, 1]


def test_admin_saves_a_change_as_a_new_version(admin_user, client):
    client.force_login(admin_user)
    current = queries.definitions()["nps"]
    url = f"/admin/monitoring/metricdefinition/{current.pk}/change/"
    data = {
        "name": "Aanraadscore (NPS)",
        "definition": current.definition,
        "unit": current.unit,
        "computation": current.computation,
        "period": current.period,
        "owner": current.owner,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content[:2000]
    assert MetricDefinition.objects.get(code="nps", version=1).name == "Net Promoter Score"
    newest = MetricDefinition.objects.filter(code="nps").order_by("-version").first()
    assert newest.version == current.version + 1 and newest.name == "Aanraadscore (NPS)"


def test_baseline_is_locked_once_set(admin_user):
    ensure_reference_data()
    region = make_region("regio-b", municipality_codes=["GM0758"], name="Regio B")
    default = queries.target_of(queries.Scope("region", region=region))
    assert default == queries.default_region_target(region)
    services.set_region_target(actor=admin_user, region=region, target=2000)
    row = services.lock_baseline(actor=admin_user, region=region, baseline=120)
    assert (row.target, row.baseline) == (2000, 120)
    with pytest.raises(ValidationError):
        services.lock_baseline(actor=admin_user, region=region, baseline=10)
    points = queries.trajectory(queries.Scope("region", region=region))
    assert points[-1].expected == 2000 and points[-1].period.label == "2028-H2"


def test_a_region_without_its_own_target_gets_its_share_of_the_national_one(settings):
    ensure_reference_data()
    small = make_region("regio-klein", municipality_codes=["GM0758"], name="Klein")
    large = make_region("regio-groot", municipality_codes=["GM0363", "GM0599"], name="Groot")
    national = sum(task_of(queries.NATIONAL.municipality_codes()).values())
    for region in (small, large):
        own = sum(task_of(region.municipalities.values_list("code", flat=True)).values())
        target = queries.target_of(queries.Scope("region", region=region))
        assert target == round(settings.MONITORING_NATIONAL_TARGET * own / national)
        # Never more firms than the region has (a flat 2,500 asked that of small regions).
        assert 0 < target < own
    assert queries.region_target(large) > queries.region_target(small)
    # The share follows the national target; the flat setting no longer decides.
    settings.MONITORING_NATIONAL_TARGET = 50_000
    settings.MONITORING_REGION_TARGET = 3_000
    own = sum(task_of(["GM0758"]).values())
    assert queries.region_target(small) == round(50_000 * own / national)


def test_a_revision_of_the_computation_alone_is_applied_once(admin_user):
    from scharnier.monitoring.registry import apply_default_revisions

    services.ensure_metric_definitions()
    versions = queries.definition_versions("days-to-first-contact")
    newest = versions[0]
    # Session 61's closing days count as working days in the figure; the reader is told so.
    assert "schakelteam dicht is" in newest.computation
    assert "schakelteam dicht is" not in versions[-1].computation
    assert newest.name == versions[-1].name and newest.definition == versions[-1].definition
    assert apply_default_revisions(MetricDefinition) == 0
    # An administrator's own later version is kept; the default is not added again on top.
    services.revise_metric_definition(
        actor=admin_user,
        code="days-to-first-contact",
        computation="Eigen uitleg.",
    )
    assert apply_default_revisions(MetricDefinition) == 0
    assert queries.definitions()["days-to-first-contact"].computation == "Eigen uitleg."
