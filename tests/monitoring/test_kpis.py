"""Every KPI against a hand-computed fixture, built through the real services.

Region A (Zwolle) and region B (Breda):
- firm K (KvK 12345678) comes through three doors: a question on the site, the toekomstscan with
  a plan handed over, and a community meeting. It counts once.
- questions q2..q6 (no KvK: one firm each) in A. q2: referral r1 rejected, then r2 accepted,
  contact, completed with a result. q3..q6: one referral each, accepted; q3 completed too.
- q7 is asked in B and moved to A by the schakelteam: it counts in A only.

Hand count for A (and the country): reached 7 (K, q2..q7), activated 6 (K by its plan, q2..q6
by a referral), supported 2 (q2, q3); questions 8 (q1, the plan's question, q2..q7); referrals
made 6, accepted 5, rejected 1, with result 2; plans 1; first contacts 5, all the same day.
"""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from scharnier.casework import services as casework
from scharnier.casework.models import ConsentPurpose, Door
from scharnier.geography.models import Municipality
from scharnier.matching import scan
from scharnier.matching import services as matching
from scharnier.matching.queries import Profile
from scharnier.monitoring import queries, rollups
from scharnier.monitoring.models import FirmFunnel, OutcomeEvent, OutcomeEventKind, OutcomeRollup
from scharnier.monitoring.rollups import firm_measure
from scharnier.monitoring.services import record_outcome_event
from scharnier.organisations.models import Role
from tests.factories import ensure_reference_data, make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db
KVK = "12345678"
ZWOLLE, BREDA = "GM0193", "GM0758"


def _submit(code, **extra):
    return casework.submit_question(
        door=extra.pop("door", Door.SITE),
        municipality=Municipality.objects.get(code=code),
        text="Ik wil mijn bedrijf verduurzamen en zoek hulp daarbij.",
        contact_name="Test",
        email="test@bedrijf.example",
        consent_purposes=[ConsentPurpose.HANDLING],
        **extra,
    ).question


def _answers():
    data = scan.framework()
    answers = {"richting": data["direction_question"]["options"][0]["direction"]}
    answers.update({q["code"]: 2 for q in data["theme_questions"]})
    return answers


@pytest.fixture
def fixture_world():
    ensure_reference_data()
    region_a = make_region("regio-a", municipality_codes=[ZWOLLE], name="Regio A")
    region_b = make_region("regio-b", municipality_codes=[BREDA], name="Regio B")
    staff_a = make_user(Role.SCHAKELTEAM_MEMBER, region=region_a, username="schakel_a")
    staff_b = make_user(Role.SCHAKELTEAM_MEMBER, region=region_b, username="schakel_b")
    provider = make_organisation("aanbieder", name="Aanbieder")
    editor = make_user(Role.PROVIDER_EDITOR, organisation=provider, username="aanbieder")
    zwolle = Municipality.objects.get(code=ZWOLLE)
    # Firm K through three doors.
    _submit(ZWOLLE, kvk_number=KVK)
    plan = matching.create_plan(
        profile=Profile(municipality=zwolle, employees=8, sbi_section="C", company_age_years=9),
        answers=_answers(),
    )
    matching.send_plan_to_schakelteam(
        plan=plan, name="K", email="k@bedrijf.example", consent=True, kvk_number=KVK
    )
    record_outcome_event(
        kind=OutcomeEventKind.MEETING_PARTICIPATION,
        source=("communities.participant", "1"),
        municipality=zwolle,
        door="community",
        kvk_number=KVK,
    )
    questions = [_submit(ZWOLLE) for _ in range(5)]  # q2..q6

    def refer(question):
        return casework.refer_question(
            actor=staff_a, question=question, organisation=provider, message="Graag contact."
        )

    r1 = refer(questions[0])
    casework.transition_referral(actor=editor, referral=r1, action="reject", reason="Vol.")
    for question in questions:
        referral = refer(question) if question != questions[0] else None
        if referral is None:
            referral = refer(question)
        casework.transition_referral(actor=editor, referral=referral, action="accept")
        if question in questions[:2]:
            casework.transition_referral(actor=editor, referral=referral, action="record_contact")
            casework.transition_referral(
                actor=editor, referral=referral, action="complete", result="Geholpen."
            )
    q7 = _submit(BREDA)
    casework.reroute_question(actor=staff_b, question=q7, region=region_a)
    return region_a, region_b


def _raw(scope, measure):
    return queries.total(scope, queries.since_start(), measure)


def test_every_kpi_against_the_hand_count(fixture_world):
    region_a, region_b = fixture_world
    a = queries.Scope("region", region=region_a)
    b = queries.Scope("region", region=region_b)
    for scope in (a, queries.NATIONAL):
        assert _raw(scope, firm_measure("reached")) == 7
        assert _raw(scope, firm_measure("activated")) == 6
        assert _raw(scope, firm_measure("supported")) == 2
        assert _raw(scope, OutcomeEventKind.QUESTION_RECEIVED) == 8
        assert _raw(scope, OutcomeEventKind.REFERRAL_MADE) == 6
        assert _raw(scope, OutcomeEventKind.REFERRAL_ACCEPTED) == 5
        assert _raw(scope, OutcomeEventKind.REFERRAL_REJECTED) == 1
        assert _raw(scope, OutcomeEventKind.REFERRAL_RESULT) == 2
        assert _raw(scope, OutcomeEventKind.SCAN_COMPLETED) == 1
    assert _raw(b, firm_measure("reached")) == 0
    assert _raw(b, OutcomeEventKind.QUESTION_RECEIVED) == 0  # moved with the question
    figures = queries.figures(a, queries.since_start())
    assert figures["firms-reached"].display == "7"
    assert figures["firms-activated"].display == "6"
    assert figures["firms-supported"].display == "<5"  # 2: protected
    assert figures["firms-supported"].value is None
    assert figures["questions"].display == "8"
    assert figures["referrals-accepted"].display == "5"
    # 5 of 6 accepted, but the 1 rejection would follow from the rate: withheld.
    assert figures["acceptance-rate"].value is None
    assert figures["days-to-first-contact"].value == 0
    assert figures["firms-reached"].stamp == "firms-reached@v1"
    by_door = queries.counts_by(
        a, queries.since_start(), OutcomeEventKind.QUESTION_RECEIVED, "door"
    )
    assert by_door == {Door.SITE: 7, Door.SCAN: 1}
    # q7 keeps its municipality (Breda) but counts in A: a row of its own in A's table.
    names = [row.name for row in queries.area_table(a, queries.since_start())]
    assert names[-1] == "Andere gemeenten (doorgestuurde vragen)"
    # The municipality pages agree with the region's table: Zwolle 6, Breda 0 (q7 moved out).
    assert _raw(queries.municipality_scope(ZWOLLE), firm_measure("reached")) == 6
    assert _raw(queries.municipality_scope(BREDA), firm_measure("reached")) == 0
    # Firm K: one row, size class and sector from its plan, first door the site.
    keyed = FirmFunnel.objects.exclude(firm__contains=":")
    assert keyed.count() == 1
    assert (keyed.get().size_class, keyed.get().sector, keyed.get().door) == ("2-9", "bf", "site")


def test_rebuild_gives_the_same_rollups_as_incremental_updates(fixture_world):
    def snapshot():
        return sorted(
            OutcomeRollup.objects.exclude(count=0).values_list(
                "bucket", "region_key", "municipality_key", "measure", "dimension", "value", "count"
            )
        )

    incremental = snapshot()
    result = rollups.rebuild()
    assert result["firms"] == 7
    assert snapshot() == incremental


def test_the_kvk_number_is_stored_nowhere(fixture_world):
    assert not OutcomeEvent.objects.filter(firm_key=KVK).exists()
    assert (
        OutcomeEvent.objects.exclude(firm_key="").count() == 4
    )  # q1, plan question, hand-over, meeting
    with connection.cursor() as cursor:
        for model in (OutcomeEvent, FirmFunnel):
            cursor.execute(f"SELECT * FROM {model._meta.db_table}")  # noqa: S608
            assert KVK not in repr(cursor.fetchall())


def test_rates_nps_and_median_from_a_larger_hand_count():
    ensure_reference_data()
    region = make_region("regio-r", municipality_codes=[ZWOLLE], name="Regio R")
    zwolle = Municipality.objects.get(code=ZWOLLE)
    now = timezone.now() - datetime.timedelta(days=1)

    def event(kind, n, **extra):
        record_outcome_event(
            kind=kind, source=("test.item", f"{kind}-{n}"), occurred_at=now,
            municipality=zwolle, **extra,
        )  # fmt: skip

    for n in range(10):
        event(OutcomeEventKind.REFERRAL_MADE, n)
    for n in range(6):
        event(OutcomeEventKind.REFERRAL_ACCEPTED, n)
    for n in range(5):
        event(OutcomeEventKind.REFERRAL_REJECTED, n)
    for n in range(5):
        event(OutcomeEventKind.REFERRAL_RESULT, n)
    for n, days in enumerate([0, 1, 1, 3, 8, 9]):
        event(OutcomeEventKind.FIRST_CONTACT, n, value=days)
    for n, score in enumerate([10, 9, 9, 8, 7, 6, 3, 10, 9, 2]):
        event(OutcomeEventKind.FEEDBACK_GIVEN, n, value=score)
    figures = queries.figures(queries.Scope("region", region=region), queries.since_start())
    assert figures["acceptance-rate"].value == pytest.approx(100 * 6 / 11, abs=0.05)
    assert figures["closed-loop-share"].value == 50.0
    assert figures["days-to-first-contact"].value == 2.0  # median of 0 1 1 3 8 9
    assert figures["nps"].value == 20  # (5 promoters - 3 detractors) / 10 answers
