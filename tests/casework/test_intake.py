"""The intake: the question behind the question and the firm's profile (REQUIREMENTS C3).

Through the real services, pages and matcher: what is kept, what is refused (and that a
refusal changes nothing), what monitoring hears, how matching's help uses the profile, and
the overview that only shows counts of five or more.
"""

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from scharnier.casework import intakes, services
from scharnier.casework.models import EventKind, Question
from scharnier.casework.workflow import TransitionNotAllowed
from scharnier.catalog.models import SizeClass, Theme
from scharnier.geography.models import Municipality
from scharnier.matching import scan
from scharnier.matching import services as matching_services
from scharnier.matching.casework_help import referral_help
from scharnier.matching.eligibility import CHECK, MEETS
from scharnier.matching.queries import Profile
from scharnier.monitoring import rollups
from scharnier.monitoring.models import FirmFunnel, OutcomeEvent, OutcomeEventKind
from scharnier.monitoring.services import firm_key, record_outcome_event
from tests.casework.conftest import submit
from tests.factories import make_offer

pytestmark = pytest.mark.django_db

GOOD = {
    "underlying_theme_codes": ["financiering", "strategie"],
    "underlying_need": "Eigenlijk wil ze weten of uitbreiden nu verstandig is.",
    "direction": "groeien",
    "employees": 14,
    "sbi_section": "f",
    "company_age_years": 22,
}


def _intake(world, name="a", user="schakel_a", **overrides):
    return services.record_intake(
        actor=world.users[user], question=world.reload(name), **{**GOOD, **overrides}
    )


def test_the_intake_is_kept_counted_once_and_reported_to_monitoring(world):
    question = _intake(world, kvk_number="12345678")
    question = world.reload("a")
    assert sorted(question.underlying_themes.values_list("code", flat=True)) == [
        "financiering",
        "strategie",
    ]
    assert (question.direction, question.employees, question.sbi_section) == ("groeien", 14, "f")
    assert question.company_age_years == 22 and question.intake_at is not None
    # What was asked stays what was asked.
    assert list(question.themes.values_list("code", flat=True)) == []
    event = question.events.get(kind=EventKind.INTAKE)
    assert event.actor == world.users["schakel_a"]
    report = OutcomeEvent.objects.get(kind=OutcomeEventKind.QUESTION_INTAKE)
    # The firm is linked by its keyed hash, never by its number; size and sector as groups.
    assert report.firm_key == firm_key("12345678") and "12345678" not in report.firm_key
    assert (report.size_class, report.sector) == ("10-49", "bf")
    assert report.themes == ["financiering", "strategie"]
    assert report.subject == f"casework.question:{question.pk}"
    # Saved again as it was: nothing recorded; a change is one more line and report.
    _intake(world)
    assert question.events.filter(kind=EventKind.INTAKE).count() == 1
    _intake(world, employees=15)
    assert question.events.filter(kind=EventKind.INTAKE).count() == 2
    assert OutcomeEvent.objects.filter(kind=OutcomeEventKind.QUESTION_INTAKE).count() == 2
    _intake(world, employees="15")  # the same number, sent as text: no change
    assert question.events.filter(kind=EventKind.INTAKE).count() == 2
    # Only part of it is fine; the rest is then emptied (the form shows what is kept).
    _intake(
        world,
        underlying_theme_codes=[],
        underlying_need="",
        direction="",
        employees=None,
        sbi_section="",
        company_age_years=0,
    )
    question = world.reload("a")
    assert question.company_age_years == 0 and question.employees is None
    assert not question.underlying_themes.exists()


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("underlying_theme_codes", ["financiering", "bestaat-niet"], "bestaan niet"),
        ("underlying_need", "<b>Let op</b>", "HTML"),
        ("underlying_need", "x" * 2001, "hoogstens 2.000 tekens"),
        ("direction", "vliegen", "Kies een richting"),
        ("employees", 1.5, "heel getal"),
        ("employees", 1e400, "te groot"),
        ("employees", 10**7, "hoogstens"),
        ("employees", -1, "0 of meer"),
        ("sbi_section", "zz", "Kies een sector"),
        ("company_age_years", 501, "hoogstens"),
        ("kvk_number", "1234", "8 cijfers"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_changes_nothing(world, field, value, message):
    with pytest.raises(ValidationError) as refused:
        _intake(world, **{field: value})
    key = {"underlying_theme_codes": "underlying_themes"}.get(field, field)
    assert message in " ".join(refused.value.message_dict[key])
    question = world.reload("a")
    assert question.intake_at is None and question.employees is None
    assert not question.events.filter(kind=EventKind.INTAKE).exists()
    assert not OutcomeEvent.objects.filter(kind=OutcomeEventKind.QUESTION_INTAKE).exists()


def test_only_the_team_that_handles_an_open_question_records_its_intake(world):
    with pytest.raises(PermissionDenied):
        _intake(world, user="schakel_b")
    with pytest.raises(PermissionDenied):
        _intake(world, user="aanbieder_a")
    with pytest.raises(ValidationError) as empty:
        _intake(
            world,
            underlying_theme_codes=[],
            underlying_need="",
            direction="",
            employees=None,
            sbi_section="",
            company_age_years=None,
        )
    assert "minstens één onderdeel" in str(empty.value)
    staff = world.users["schakel_a"]
    question = submit("GM0193").question
    services.record_intake(actor=staff, question=question, **GOOD)
    services.close_question(actor=staff, question=question, outcome="beantwoord")
    with pytest.raises(TransitionNotAllowed):
        services.record_intake(actor=staff, question=question, **{**GOOD, "employees": 3})
    # The words behind the question are personal data: removed with the rest.
    services.anonymise_closed_questions(months=0)
    question = Question.objects.get(pk=question.pk)
    assert question.is_anonymised and question.underlying_need == ""
    assert question.employees == 14  # the profile is no personal data and stays for figures


def test_matching_help_uses_the_profile_and_the_themes_behind_the_question(world):
    # An offer for firms of at least 10 people: without an intake the rule says "controleer".
    only_larger = make_offer(
        title="Energiebesparing voor bakkerijen en ambachtelijke bedrijven",
        summary="Advies over verduurzamen van bakkerijen: ovens, koeling en isolatie.",
        themes=[Theme.objects.get(code="verduurzaming")],
        min_employees=10,
    )
    help_ = referral_help(world.reload("a"))
    match = next(m for m in help_.offers if m.offer == only_larger)
    assert [r.verdict for r in match.rules if r.rule == "medewerkers"] == [CHECK]
    _intake(world, employees=12, underlying_theme_codes=["verduurzaming"])
    help_ = referral_help(world.reload("a"))
    match = next(m for m in help_.offers if m.offer == only_larger)
    assert [r.verdict for r in match.rules if r.rule == "medewerkers"] == [MEETS]
    # Too small a firm: the offer is not suggested at all.
    _intake(world, employees=3, underlying_theme_codes=["verduurzaming"])
    assert only_larger not in [m.offer for m in referral_help(world.reload("a")).offers]
    assert SizeClass.objects.exists()


def _intakes_in_region_a(world, count: int, **overrides) -> list[Question]:
    made = []
    for number in range(count):
        question = submit(
            "GM0193", text=f"Ik zoek geld om te groeien, vraag nummer {number}."
        ).question
        services.triage_question(
            actor=world.users["schakel_a"],
            question=question,
            theme_codes=["financiering"],
            urgency="normaal",
        )
        services.record_intake(
            actor=world.users["schakel_a"], question=question, **{**GOOD, **overrides}
        )
        made.append(question)
    return made


def test_the_overview_shows_what_lies_behind_the_questions_from_five_on(world, client):
    _intakes_in_region_a(world, 4)
    overview = intakes.intake_overview(world.regions["a"])
    assert overview.total.display == "<5" and overview.differs_share is None
    assert overview.broad_sme_share is None
    _intakes_in_region_a(world, 2, employees=60, underlying_theme_codes=["financiering"])
    overview = intakes.intake_overview(world.regions["a"])
    assert overview.total.value == 6
    # Four asked about money and it was also about strategy; two only about money.
    assert overview.adds_share is None  # 4 of 6: the rest (2) is too small to show a share
    assert overview.differs_share == 0.0  # none of six: nothing small to hide
    rows = {row.theme.code: row for row in overview.themes}
    assert rows["financiering"].count.value == 6 and rows["strategie"].count.display == "<5"
    sizes = dict(overview.sizes.rows)
    assert sizes["10 tot 50 personen"].is_hidden and overview.sizes.known.value == 6
    assert overview.pairs == []  # no pair seen five times
    _intakes_in_region_a(world, 3)
    _intakes_in_region_a(world, 3, employees=60, underlying_theme_codes=["financiering"])
    overview = intakes.intake_overview(world.regions["a"])
    assert overview.adds_share == round(100 * 7 / 12, 1)
    assert [(p.asked.code, p.underlying.code, p.count) for p in overview.pairs] == [
        ("financiering", "strategie", 7)
    ]
    assert overview.broad_sme_share == round(100 * 7 / 12, 1)
    # Region B has none; over all regions the same twelve.
    assert intakes.intake_overview(world.regions["b"]).total.value == 0
    assert intakes.intake_overview().total.value == 12

    client.force_login(world.users["schakel_b"])
    page = client.get("/schakelteam/vraag-achter-de-vraag/?regio=regio-a")
    text = page.content.decode()
    assert page.status_code == 200 and "58,3%" in text
    money, strategy = (Theme.objects.get(code=c).label for c in ("financiering", "strategie"))
    assert f"Vraag over {money}, maar het ging ook om {strategy}: 7 keer" in text
    assert "Eigenlijk wil ze weten" not in text  # no words of an intake, only counts
    assert client.get("/schakelteam/vraag-achter-de-vraag/?regio=bestaat-niet").status_code == 200
    client.force_login(world.users["aanbieder_a"])
    assert client.get("/schakelteam/vraag-achter-de-vraag/").status_code == 403


def test_the_question_page_takes_the_intake_and_reshows_what_was_typed(world, client):
    client.force_login(world.users["schakel_a"])
    question = world.reload("a")
    url = f"/schakelteam/vragen/{question.reference}/intake/"
    page = client.get(f"/schakelteam/vragen/{question.reference}/")
    assert "Nog geen intake" in page.content.decode()
    refused = client.post(
        url,
        {"underlying_themes": ["financiering"], "employees": "twaalf", "kvk_number": "12"},
    )
    text = refused.content.decode()
    assert refused.status_code == 400 and "twaalf" in text
    assert "<title>Fout:" in text and "8 cijfers" in text
    assert re.search(r'name="underlying_themes" value="financiering"[^>]* checked', text)
    assert world.reload("a").intake_at is None
    empty = client.post(url, {})
    assert empty.status_code == 400 and "minstens één onderdeel" in empty.content.decode()
    done = client.post(
        url,
        {
            "underlying_themes": ["financiering"],
            "direction": "groeien",
            "employees": "12",
            "sbi_section": "f",
            "company_age_years": "0",
            "kvk_number": "87654321",
        },
        follow=True,
    )
    text = done.content.decode()
    assert "De intake is opgeslagen." in text and "brede mkb" in text
    assert "Intake vastgelegd" in text  # the history line
    assert "87654321" not in text
    assert world.reload("a").company_age_years == 0


def test_a_plan_sent_from_the_scan_brings_the_firm_profile_to_the_intake(world, client):
    answers = {"richting": "vernieuwen"}
    answers.update({q["code"]: 2 for q in scan.framework()["theme_questions"]})
    zwolle = Municipality.objects.get(code="GM0193")
    plan = matching_services.create_plan(
        profile=Profile(municipality=zwolle, employees=8, sbi_section="C", company_age_years=9),
        answers=answers,
    )
    handover = matching_services.send_plan_to_schakelteam(
        plan=plan, name="K", email="k@bedrijf.example", consent=True
    )
    question = Question.objects.get(reference=handover.question_reference)
    assert (question.employees, question.sbi_section, question.company_age_years) == (8, "c", 9)
    assert question.direction == "vernieuwen" and question.intake_at is None
    client.force_login(world.users["schakel_a"])
    text = client.get(f"/schakelteam/vragen/{question.reference}/").content.decode()
    assert "Uit de toekomstscan" in text and "Nog geen intake" not in text
    assert re.search(r'name="employees" value="8"', text)
    # A detail the intake would refuse is left out; the question itself is never lost.
    odd = services.submit_question(
        door="site",
        municipality=zwolle,
        text="Ik wil mijn bakkerij verduurzamen, waar begin ik?",
        email="x@bedrijf.example",
        consent_purposes=["behandeling"],
        firm_profile=services.FirmProfile(employees=5, sbi_section="zz", direction="vliegen"),
    ).question
    assert (odd.employees, odd.sbi_section, odd.direction) == (5, "", "")


def test_the_size_told_at_the_intake_counts_the_firm_in_the_broad_sme(world):
    question = submit("GM0193").question
    firm = f"casework.question:{question.pk}"
    assert FirmFunnel.objects.get(firm=firm).size_class == ""
    services.record_intake(actor=world.users["schakel_a"], question=question, employees=12)
    incremental = FirmFunnel.objects.get(firm=firm)
    assert incremental.size_class == "10-49" and incremental.reached_on is not None
    # An intake alone (no stage event) puts no firm in the funnel; a rebuild agrees.
    record_outcome_event(
        kind=OutcomeEventKind.QUESTION_INTAKE,
        source=("test.intake", "1"),
        subject="test.firm:alone",
        size_class="2-9",
    )
    assert not FirmFunnel.objects.filter(firm="test.firm:alone").exists()
    rollups.rebuild()
    assert FirmFunnel.objects.get(firm=firm).size_class == "10-49"
    assert not FirmFunnel.objects.filter(firm="test.firm:alone").exists()


def test_the_referred_provider_sees_the_profile_but_not_the_teams_words(world, client):
    _intake(world, kvk_number="87654321")
    url = f"/aanbieder/doorverwijzingen/{world.referrals['a'].public_id}/"
    client.force_login(world.users["aanbieder_a"])
    text = client.get(url).content.decode()
    strategy = Theme.objects.get(code="strategie").label
    assert "Over het bedrijf" in text and strategy in text and "brede mkb" in text
    assert "Eigenlijk wil ze weten" not in text and "87654321" not in text
    assert "Vraag door" not in text  # the hint is for the schakelteam
    # Provider B's referral of a question without an intake shows no empty profile.
    client.force_login(world.users["aanbieder_b"])
    other = client.get(f"/aanbieder/doorverwijzingen/{world.referrals['b'].public_id}/")
    assert "Over het bedrijf" not in other.content.decode()
    # On the team's own page the words are there.
    client.force_login(world.users["schakel_a"])
    own = client.get(f"/schakelteam/vragen/{world.questions['a'].reference}/").content.decode()
    assert "Eigenlijk wil ze weten" in own and "Vastgelegd op" in own
