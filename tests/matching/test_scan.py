"""Toekomstscan scoring (property-based) and the regional wording within the shared framework."""

import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from scharnier.matching import scan, services
from scharnier.matching.models import ScanQuestionAdaptation
from scharnier.matching.queries import Profile
from tests.factories import make_region

FRAMEWORK = scan.framework()
THEME_QUESTIONS = [q["code"] for q in FRAMEWORK["theme_questions"]]
THEME_OF = {q["code"]: q["theme"] for q in FRAMEWORK["theme_questions"]}
DIRECTIONS = [o["direction"] for o in FRAMEWORK["direction_question"]["options"]]


def answers_strategy():
    return st.fixed_dictionaries(
        {
            scan.DIRECTION_QUESTION: st.sampled_from(DIRECTIONS),
            **{code: st.integers(0, 3) for code in THEME_QUESTIONS},
        }
    )


def test_the_scan_has_about_twelve_questions():
    assert len(scan.question_codes()) == 12


def test_a_direction_never_outweighs_one_step_of_urgency():
    pulls = [w for themes in FRAMEWORK["direction_themes"].values() for w in themes.values()]
    assert max(pulls) < scan.URGENCY_WEIGHT


@given(answers=answers_strategy())
def test_three_to_five_distinct_priorities(answers):
    priorities = scan.priorities(scan.validate_answers(answers))
    themes = [p.theme for p in priorities]
    assert 3 <= len(priorities) <= 5
    assert len(set(themes)) == len(themes)
    assert all(p.question for p in priorities)
    scores = [p.score for p in priorities if p.score > 0]
    assert scores == sorted(scores, reverse=True)


@given(answers=answers_strategy())
def test_urgent_themes_come_first_when_there_is_room(answers):
    urgent = [THEME_OF[c] for c in THEME_QUESTIONS if answers[c] == 3]
    themes = [p.theme for p in scan.priorities(scan.validate_answers(answers))]
    if len(urgent) <= 5:
        assert set(urgent) <= set(themes)
    # Nothing the firm called unimportant outranks something it called urgent.
    for priority in scan.priorities(scan.validate_answers(answers)):
        if priority.urgency == 0 and urgent:
            assert all(t in themes[: themes.index(priority.theme)] for t in urgent[:5])


@given(answers=answers_strategy(), question=st.sampled_from(THEME_QUESTIONS))
def test_raising_an_answer_never_drops_that_theme(answers, question):
    before = [p.theme for p in scan.priorities(scan.validate_answers(answers))]
    if answers[question] == 3 or THEME_OF[question] not in before:
        return
    raised = {**answers, question: answers[question] + 1}
    after = [p.theme for p in scan.priorities(scan.validate_answers(raised))]
    assert THEME_OF[question] in after
    assert after.index(THEME_OF[question]) <= before.index(THEME_OF[question])


def test_stopping_puts_the_hand_over_in_the_plan_even_without_urgent_answers():
    answers = {scan.DIRECTION_QUESTION: "stoppen", **{c: 0 for c in THEME_QUESTIONS}}
    themes = [p.theme for p in scan.priorities(scan.validate_answers(answers))]
    assert themes[0] == "bedrijfsopvolging"


@pytest.mark.parametrize(
    "broken",
    [
        {scan.DIRECTION_QUESTION: "verdwijnen"},
        {"energie": 7},
        {"energie": "veel"},
        {"personeel": None},
    ],
)
def test_incomplete_or_invalid_answers_are_refused_in_dutch(broken):
    answers = {scan.DIRECTION_QUESTION: "groeien", **{c: 1 for c in THEME_QUESTIONS}, **broken}
    with pytest.raises(ValidationError) as error:
        scan.validate_answers(answers)
    (field,) = broken
    assert field in error.value.message_dict
    assert error.value.message_dict[field][0].startswith("Kies")


@pytest.mark.django_db
def test_a_region_adapts_the_wording_not_the_framework():
    region = make_region("regio-eigen", municipality_codes=["GM0193"])
    ScanQuestionAdaptation.objects.create(
        region=region, question_code="personeel", text="Lukt het u om vakmensen te vinden?"
    )
    own = {q.code: q for q in scan.questions(region)}
    shared = {q.code: q for q in scan.questions()}
    assert own["personeel"].text == "Lukt het u om vakmensen te vinden?"
    assert shared["personeel"].text != own["personeel"].text
    assert own["personeel"].options == shared["personeel"].options
    assert list(own) == list(shared)


@pytest.mark.django_db
def test_admin_only_offers_framework_questions(admin_client):
    region = make_region("regio-admin", municipality_codes=["GM0193"])
    response = admin_client.post(
        "/admin/matching/scanquestionadaptation/add/",
        {"region": region.pk, "question_code": "verzonnen", "text": "Eigen vraag?"},
    )
    assert response.status_code == 200  # the form again, with an error
    assert not ScanQuestionAdaptation.objects.exists()
    response = admin_client.post(
        "/admin/matching/scanquestionadaptation/add/",
        {"region": region.pk, "question_code": "energie", "text": "Is uw energierekening hoog?"},
    )
    assert response.status_code == 302
    assert ScanQuestionAdaptation.objects.get().question_code == "energie"


@pytest.mark.django_db
def test_the_plan_repeats_each_answer_as_given(client, small_catalog):
    zwolle, _offers = small_catalog
    answers = {scan.DIRECTION_QUESTION: "groeien", **{code: 0 for code in THEME_QUESTIONS}}
    answers.update(energie=3, personeel=2, digitaal=1)
    plan = services.create_plan(
        profile=Profile(municipality=zwolle, employees=8, company_age_years=10), answers=answers
    )
    page = client.get(f"/plan/{plan.token}/").content.decode()
    assert "U gaf aan dat verduurzaming en energie urgent is." in page
    assert "U gaf aan dat personeel en arbeidsmarkt belangrijk voor u is." in page
    # "Speelt een beetje" is not "belangrijk".
    assert "U gaf aan dat digitalisering een beetje speelt." in page
    assert "U gaf aan dat digitalisering belangrijk" not in page
    # The direction in the words the entrepreneur chose, not the framework's name for it.
    assert "U koos: “Ik wil groeien: meer klanten, meer omzet of meer mensen.”" in page
    assert "Uw richting" not in page


@pytest.mark.django_db
def test_each_question_of_the_plan_lists_only_offers_about_its_theme(small_catalog):
    from scharnier.matching.views import _plan_context

    zwolle, _offers = small_catalog
    answers = {scan.DIRECTION_QUESTION: "groeien", **{code: 0 for code in THEME_QUESTIONS}}
    answers.update(energie=3, personeel=3, digitaal=2, financiering=2)
    plan = services.create_plan(
        profile=Profile(municipality=zwolle, employees=8, company_age_years=10), answers=answers
    )
    sections = _plan_context(plan)["sections"]
    assert len(sections) >= 3 and any(section["matches"] for section in sections)
    for section in sections:
        code = section["priority"]["theme"]
        for m in section["matches"]:
            assert code in set(m.offer.themes.values_list("code", flat=True)), (code, m.offer)
