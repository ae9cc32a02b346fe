"""The demo data set: loads through the services, covers every vocabulary, is idempotent."""

import datetime
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from scharnier.casework.models import ProviderClosure, Question, Referral, RegionClosure
from scharnier.catalog import services as catalog_services
from scharnier.catalog.models import (
    Direction,
    JourneyPhase,
    Offer,
    OfferStatus,
    OfferType,
    OfferVersion,
    ScopeLevel,
    Theme,
)
from scharnier.catalog.queries import offers_available_in
from scharnier.demo import services as demo
from scharnier.geography.models import Municipality, Region, RegionStatus, RolloutWave
from scharnier.learning.models import (
    ActionItem,
    ProvinceEffort,
    SelfAssessment,
    Story,
    Visitation,
)
from scharnier.monitoring.models import AgreedTarget, ResultAgreement
from scharnier.organisations.models import (
    Membership,
    Organisation,
    RegionalRole,
    Role,
)
from scharnier.organisations.permissions import Action, has_permission
from scharnier.organisations.queries import required_stakeholder_checks

# The offer files carry fixed dates; statuses are asserted on the day the data was written.
REFERENCE_DATE = datetime.date(2026, 11, 23)
FOCUS_REGIONS = {
    "regio-zwolle",
    "regio-breda",
    "westelijke-mijnstreek",
    "stedendriehoek",
    "drechtsteden",
    "achterhoek",
}


def _counts() -> dict[str, int]:
    return {
        "offers": Offer.objects.count(),
        "versions": OfferVersion.objects.count(),
        "organisations": Organisation.objects.count(),
        "regions": Region.objects.count(),
        "roles": RegionalRole.objects.count(),
        "closures": RegionClosure.objects.count(),
        "provider_closures": ProviderClosure.objects.count(),
        "users": get_user_model().objects.count(),
        "memberships": Membership.objects.count(),
        "stories": Story.objects.count(),
        "assessments": SelfAssessment.objects.count(),
        "visitations": Visitation.objects.count(),
        "actions": ActionItem.objects.count(),
        "province_efforts": ProvinceEffort.objects.count(),
        "agreements": ResultAgreement.objects.count(),
        "agreed_targets": AgreedTarget.objects.count(),
    }


@pytest.fixture(scope="module")
def loaded(django_db_setup, django_db_blocker):
    """Load the demo data twice, once per module, inside a transaction rolled back at the end."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
        transaction.atomic(),
    ):
        first = demo.load_demo_data()
        after_first = _counts()
        second = demo.load_demo_data()
        after_second = _counts()
        yield {
            "first": first,
            "second": second,
            "after_first": after_first,
            "after_second": after_second,
        }
        transaction.set_rollback(True)


pytestmark = pytest.mark.django_db


def test_at_least_150_offers_each_with_a_stable_external_id(loaded):
    offers = list(Offer.objects.select_related("provider"))
    assert len(offers) >= 150
    assert all(o.external_id for o in offers)
    assert len({(o.provider.slug, o.external_id) for o in offers}) == len(offers)
    assert loaded["first"].offers["created"] == len(offers)


@pytest.mark.parametrize(
    ("model", "relation"),
    [
        (Theme, "offers"),
        (JourneyPhase, "offers"),
        (OfferType, "offers"),
        (Direction, "offers"),
    ],
)
def test_every_vocabulary_term_is_used(loaded, model, relation):
    unused = [t.code for t in model.objects.all() if not getattr(t, relation).exists()]
    assert unused == []


def test_every_scope_level_and_status_occurs(loaded):
    levels = Counter(Offer.objects.values_list("scope_level", flat=True))
    assert set(levels) == set(ScopeLevel.values)
    statuses = Counter(o.status_on(REFERENCE_DATE) for o in Offer.objects.all())
    for status in OfferStatus.values:
        assert statuses[status] >= 2, status
    structural = Counter(Offer.objects.values_list("is_structural", flat=True))
    assert structural[True] and structural[False]


def test_focus_regions_and_later_waves(loaded):
    focus = Region.objects.filter(rollout_wave=RolloutWave.FOCUS_2024)
    assert set(focus.values_list("slug", flat=True)) == FOCUS_REGIONS
    assert set(focus.values_list("status", flat=True)) == {RegionStatus.ACTIVE}
    later = set(
        Region.objects.exclude(rollout_wave=RolloutWave.FOCUS_2024).values_list(
            "rollout_wave", flat=True
        )
    )
    assert later == {RolloutWave.WAVE_2025, RolloutWave.WAVE_2026, RolloutWave.WAVE_LATER}
    sittard = Region.objects.get(slug="westelijke-mijnstreek").municipalities
    assert set(sittard.values_list("code", flat=True)) == {"GM1883", "GM0888", "GM0971"}


@pytest.mark.parametrize("slug", sorted(FOCUS_REGIONS))
def test_each_focus_region_has_regional_offers_at_every_level(loaded, slug):
    region = Region.objects.get(slug=slug)
    regional = Offer.objects.filter(scope_level=ScopeLevel.REGION, regions=region)
    assert regional.count() >= 3
    # A firm in the region's main municipality sees national, provincial and regional offers.
    main = Organisation.objects.filter(regional_roles__region=region, kind="gemeente").first()
    municipality = main.municipality if main else region.municipalities.first()
    levels = set(offers_available_in(municipality).values_list("scope_level", flat=True))
    assert {ScopeLevel.NATIONAL, ScopeLevel.PROVINCE, ScopeLevel.REGION} <= levels


def test_deliberate_near_duplicates_exist(loaded):
    digital_vouchers = Offer.objects.filter(
        offer_type__code="voucher", themes__code="digitalisering", scope_level=ScopeLevel.REGION
    )
    assert digital_vouchers.count() >= 3
    energy_scans = Offer.objects.filter(
        offer_type__code="scan", themes__code="verduurzaming"
    ).exclude(scope_level=ScopeLevel.NATIONAL)
    assert energy_scans.count() >= 3


def test_second_run_changes_nothing(loaded):
    assert loaded["after_second"] == loaded["after_first"]
    second = loaded["second"]
    assert second.offers["created"] == second.offers["updated"] == 0
    assert second.offers["unchanged"] == loaded["after_first"]["offers"]
    assert second.organisations["created"] == second.organisations["updated"] == 0
    assert second.users["created"] == 0


def test_a_changed_offer_is_restored_with_one_new_version(loaded):
    offer = Offer.objects.get(provider__slug="rvo", external_id="wbso")
    title = offer.title
    catalog_services.update_offer(actor=None, offer=offer, data={"title": "Gewijzigd"})
    versions = OfferVersion.objects.count()
    summary = demo.load_demo_data()
    assert summary.offers["updated"] == 1
    assert Offer.objects.get(pk=offer.pk).title == title
    assert OfferVersion.objects.count() == versions + 1


def test_archived_offers_stay_archived_and_a_restored_one_is_archived_again(loaded):
    archived = Offer.objects.filter(is_archived=True)
    assert archived.count() >= 3
    offer = archived.first()
    catalog_services.restore_offer(actor=None, offer=offer)
    demo.load_demo_data()
    assert Offer.objects.get(pk=offer.pk).is_archived


def test_required_stakeholders_mostly_present_with_gaps(loaded):
    missing = {
        region.slug: [
            c.stakeholder.code for c in required_stakeholder_checks(region) if not c.present
        ]
        for region in Region.objects.filter(slug__in=FOCUS_REGIONS)
    }
    complete = [slug for slug, gaps in missing.items() if not gaps]
    assert len(complete) >= 4
    assert any(missing.values())
    assert missing["achterhoek"]


def _users_file() -> list[dict]:
    return json.loads((demo.DATA_DIR / "users.json").read_text(encoding="utf-8"))


def test_every_demo_user_has_exactly_the_intended_scope(loaded):
    users = _users_file()
    assert {u["role"] for u in users} == set(Role.values)
    for item in users:
        user = get_user_model().objects.get(username=item["username"])
        assert user.check_password(demo.DEMO_PASSWORD)
        # Case histories and notes name people, not login names.
        assert user.get_full_name() == f"{item['first_name']} {item['last_name']}".strip()
        assert user.first_name and user.last_name
        memberships = list(Membership.objects.filter(user=user))
        assert len(memberships) == 1, item["username"]
        membership = memberships[0]
        assert membership.role == item["role"]
        assert getattr(membership.region, "slug", None) == item.get("region")
        assert getattr(membership.organisation, "slug", None) == item.get("organisation")


def test_demo_users_can_do_only_what_their_scope_allows(loaded):
    user = get_user_model().objects.get
    kvk, rvo = Organisation.objects.get(slug="kvk"), Organisation.objects.get(slug="rvo")
    zwolle, breda = Region.objects.get(slug="regio-zwolle"), Region.objects.get(slug="regio-breda")
    editor = user(username="redacteur-kvk")
    assert has_permission(editor, Action.CREATE_OFFER, kvk)
    assert not has_permission(editor, Action.CREATE_OFFER, rvo)
    hub_editor = user(username="redacteur-zwolle")
    hub_offer = Offer.objects.get(external_id="zwolle-digitaal-voucher")
    assert has_permission(hub_editor, Action.CHANGE_OFFER, hub_offer)
    assert not has_permission(
        hub_editor, Action.CHANGE_OFFER, Offer.objects.get(external_id="wbso")
    )
    director = user(username="regisseur-zwolle")
    assert has_permission(director, Action.CHANGE_REGION, zwolle)
    assert not has_permission(director, Action.CHANGE_REGION, breda)
    assert not has_permission(director, Action.CREATE_OFFER, kvk)
    assert not has_permission(user(username="schakelteam-zwolle"), Action.CHANGE_REGION, zwolle)
    assert has_permission(user(username="analist"), Action.VIEW_ANALYSIS, None)
    assert not has_permission(user(username="analist"), Action.CREATE_OFFER, kvk)
    assert has_permission(user(username="beheerder"), Action.CHANGE_REGION, breda)


def test_command_prints_summary_and_accounts(loaded):
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    text = out.getvalue()
    assert "0 nieuw" in text
    assert demo.DEMO_PASSWORD in text
    for item in _users_file():
        assert item["username"] in text
    # Every account gets an address of the reserved demo domain, after the demo's mail-sending
    # questions were made: "Wachtwoord vergeten" works in `make run`.
    assert "@demo.scharnier.example" in text
    for item in _users_file():
        address = get_user_model().objects.get(username=item["username"]).email
        assert address == f"{item['username']}@demo.scharnier.example"


def test_organisation_slugs_needed_elsewhere_exist(loaded):
    required = {"kvk", "rvo", "vno-ncw", "mkb-nederland"}
    assert required <= set(Organisation.objects.values_list("slug", flat=True))
    kinds = set(Organisation.objects.values_list("kind", flat=True))
    assert len(kinds) == 11
    assert Organisation.objects.filter(kind="provincie").count() == 12
    assert Organisation.objects.filter(kind="rom").count() == 9


def test_demo_communities_name_their_places_organiser_and_sectors(loaded):
    # The community map reads its gaps from these: a community tied to the wrong municipality
    # or without sectors would show its own town and branch as "zonder community".
    from scharnier.communities.demo import COMMUNITIES
    from scharnier.communities.models import Community

    for _slug, _user, name, kind, _themes, _reach, places, organiser, sections in COMMUNITIES:
        community = Community.objects.get(name=name)
        assert sorted(community.municipalities.values_list("name", flat=True)) == sorted(places)
        assert community.organiser is not None and community.organiser.slug == organiser
        assert sorted(community.sbi_sections.values_list("code", flat=True)) == sorted(sections)
        assert kind != "sector" or sections, name


def test_demo_public_meetings_have_a_time_a_place_and_a_contact(loaded):
    from django.test import Client

    from scharnier.communities.models import Meeting

    public = list(Meeting.objects.filter(is_public=True).select_related("community__region"))
    assert public
    for meeting in public:
        assert meeting.start_time and meeting.end_time and meeting.start_time < meeting.end_time
        assert meeting.location and meeting.location != meeting.community.region.name
    page = Client().get(f"/bijeenkomsten/{public[0].public_id}/").content.decode()
    assert "tijd volgt" not in page and "plaats volgt" not in page
    assert 'data-testid="meeting-contact"' in page


def test_every_municipality_name_in_regions_file_matches_cbs():
    # Runs without the load: the region file itself must name real CBS codes.
    regions = json.loads((demo.DATA_DIR / "regions.json").read_text(encoding="utf-8"))
    for region in regions:
        found = dict(
            Municipality.objects.filter(code__in=list(region["municipalities"])).values_list(
                "code", "name"
            )
        )
        assert found == region["municipalities"], region["slug"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            '[[offer]]\nid = "x"\nprovider = "kvk"\ntitle = "T"\nsummary = "S"\ntype = "advies"\n'
            'colour = "red"\n',
            "unknown keys",
        ),
        ('[[offer]]\nid = "x"\nprovider = "kvk"\ntitle = "T"\n', "missing keys"),
        (
            '[[offer]]\nid = "Not A Slug"\nprovider = "kvk"\ntitle = "T"\nsummary = "S"\n'
            'type = "advies"\n',
            "lowercase slug",
        ),
        (
            '[[offer]]\nid = "x"\nprovider = "kvk"\ntitle = "T"\nsummary = "S"\ntype = "advies"\n'
            '[[offer]]\nid = "x"\nprovider = "kvk"\ntitle = "U"\nsummary = "S"\ntype = "advies"\n',
            "duplicate",
        ),
    ],
)
def test_mistakes_in_offer_files_are_refused(tmp_path: Path, content, message):
    (tmp_path / "bad.toml").write_text(content, encoding="utf-8")
    with pytest.raises(demo.DemoDataError, match=message):
        demo.offer_specs(tmp_path)


# --- demo activity: questions, referrals, feedback, overlap analysis -----------------------


@pytest.fixture(scope="module")
def activity(loaded, django_db_blocker):
    from scharnier.demo.activity import load_demo_activity

    with django_db_blocker.unblock():
        first = load_demo_activity()
        questions = Question.objects.count()
        second = load_demo_activity()
        yield {"first": first, "second": second, "questions": questions}


def test_demo_activity_fills_inboxes_referrals_feedback_and_analysis(activity):
    from scharnier.casework.models import Feedback, QuestionStatus, ReferralStatus
    from scharnier.casework.permissions import handleable_questions
    from scharnier.landscape.queries import latest_analysis

    assert activity["first"].questions_created >= 10
    # Several inboxes: at least two regions and the national queue.
    assert Question.objects.filter(region__isnull=True).exists()
    assert Question.objects.exclude(region=None).values("region").distinct().count() >= 2
    statuses = set(Question.objects.values_list("status", flat=True))
    assert {QuestionStatus.NEW, QuestionStatus.TRIAGED, QuestionStatus.REFERRED} <= statuses
    assert QuestionStatus.CLOSED in statuses
    referral_statuses = set(Referral.objects.values_list("status", flat=True))
    assert {ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.REJECTED} <= (
        referral_statuses
    )
    assert Referral.objects.filter(status=ReferralStatus.COMPLETED).exclude(result="").exists()
    # Enough feedback in one region to show its NPS (groups under 5 are suppressed).
    assert Feedback.objects.filter(question__region__slug="regio-zwolle").count() >= 5
    analysis = latest_analysis()
    assert analysis is not None and analysis.finished_at is not None
    schakelteam = get_user_model().objects.get(username="schakelteam-zwolle")
    assert handleable_questions(schakelteam).count() >= 5


def test_demo_questions_arrived_over_weeks_and_some_wait_too_long(activity):
    """All arrived at the moment of loading, so the inbox said '0 dagen' and 'Op tijd' for
    every question and nothing showed what it does with a late one (session 60)."""
    from django.test import Client
    from django.utils import timezone

    from scharnier.casework.models import CaseEvent
    from scharnier.casework.queries import overdue_referrals

    now = timezone.now()
    ages = sorted((now - q.submitted_at).days for q in Question.objects.all())
    assert ages[0] <= 1 and ages[-1] >= 30
    assert len(set(ages)) >= 8
    for event in CaseEvent.objects.select_related("question"):
        assert event.question.submitted_at <= event.at <= now
    late = Question.objects.filter(first_response_at__isnull=True, response_due_at__lt=now)
    assert late.exists()
    assert overdue_referrals(now).filter(question__region__slug="regio-zwolle").exists()

    client = Client()
    client.force_login(get_user_model().objects.get(username="schakelteam-zwolle"))
    html = client.get("/schakelteam/vragen/").content.decode()
    assert "Verlopen" in html
    assert "Aanbieder reageerde niet op tijd" in html
    assert "reageerde een aanbieder niet op tijd op de doorverwijzing" in html


def test_demo_has_an_account_that_lost_its_role(loaded):
    from scharnier.organisations.queries import accounts_without_a_role

    (former,) = [
        user for user in accounts_without_a_role() if user.email == demo.FORMER_COLLEAGUE_EMAIL
    ]
    assert former.role_lost_at is not None
    assert get_user_model().objects.filter(email=demo.FORMER_COLLEAGUE_EMAIL).count() == 1


def test_demo_region_closes_between_christmas_and_new_year(loaded):
    from django.test import Client
    from django.utils import timezone

    (closure,) = RegionClosure.objects.filter(region__slug="regio-zwolle")
    assert (closure.starts_on.month, closure.starts_on.day) == (12, 24)
    assert (closure.ends_on - closure.starts_on).days == 8
    assert closure.ends_on >= timezone.localdate()
    client = Client()
    client.force_login(get_user_model().objects.get(username="regisseur-zwolle"))
    html = client.get("/regio/regio-zwolle/termijnen/").content.decode()
    assert "(kerstvakantie)" in html and 'name="sla_working_days"' in html


def test_demo_provider_has_a_team_day_the_schakelteam_sees(loaded):
    from django.test import Client
    from django.utils import timezone

    (closure,) = ProviderClosure.objects.filter(organisation__slug="oost-nl")
    assert closure.starts_on == closure.ends_on and closure.starts_on.weekday() < 5
    assert 7 <= (closure.starts_on - timezone.localdate()).days <= 9
    client = Client()
    client.force_login(get_user_model().objects.get(username="redacteur-oost-nl"))
    html = client.get("/aanbieder/oost-nl/sluitingsdagen/").content.decode()
    assert "(teamdag)" in html
    client.force_login(get_user_model().objects.get(username="schakelteam-zwolle"))
    question = Question.objects.filter(region__slug="regio-zwolle").first()
    html = client.get(f"/schakelteam/vragen/{question.reference}/").content.decode()
    assert "Oost NL (dicht op " in html


def test_demo_activity_second_run_changes_nothing(activity):
    assert activity["second"].questions_created == 0
    assert activity["second"].analysis_run is False
    assert Question.objects.count() == activity["questions"]


def test_learning_cycle_demo(loaded):
    statuses = sorted(Story.objects.values_list("status", flat=True))
    assert statuses == ["gepubliceerd", "gepubliceerd", "ingetrokken", "toestemming_gevraagd"]
    visitation = Visitation.objects.get(host_region__slug="regio-zwolle")
    assert visitation.findings and visitation.actions.count() == 3
    assert visitation.actions.filter(done_at__isnull=False).count() == 1
    assert Membership.objects.filter(role="provincie", province__code="PV23").exists()
    assert ProvinceEffort.objects.filter(province__code="PV23").get().way_of_working


def test_every_demo_region_with_a_table_has_result_agreements_for_2026(loaded):
    # A region without parties at its table (regio-amersfoort) shows "no agreements yet".
    from_json = set(
        Region.objects.filter(stakeholder_roles__isnull=False).values_list("slug", flat=True)
    )
    assert len(from_json) == Region.objects.count() - 1
    with_agreements = set(
        ResultAgreement.objects.filter(year=2026).values_list("region__slug", flat=True)
    )
    assert with_agreements == from_json
    for agreement in ResultAgreement.objects.filter(year=2026):
        assert agreement.parties.count() >= 1
        assert {t.metric_code for t in agreement.targets.all()} >= {"firms-reached", "nps"}
        assert all(t.baseline is not None for t in agreement.targets.all())


def test_demo_analyst_chose_kinds_and_a_new_thread_gets_an_owner_suggestion(loaded):
    from scharnier.signals import queries
    from scharnier.signals.demo import CHOSEN_CATEGORIES, _thread_of

    for text_start, category in CHOSEN_CATEGORIES:
        thread = _thread_of(text_start)
        assert (thread.category, thread.category_locked) == (category, True), text_start
    # The energy hub's thread is new; Hessenpoort's grid thread, of the same kind, went to the
    # ministry (with the grid waiting list in Dordrecht, which the grouping puts with it).
    hub = _thread_of("Ondernemers op het bedrijventerrein willen samen stroom delen")
    grid = _thread_of("Bedrijven op Hessenpoort krijgen geen zwaardere aansluiting")
    assert hub.status == "nieuw" and hub.owner_id is None and hub != grid
    assert grid.owner.slug == "ministerie-ez"
    suggested = [s.organisation.slug for s in queries.owner_suggestions(hub)]
    assert suggested[:1] == ["ministerie-ez"]


def test_the_demo_analyst_took_a_misplaced_signal_out_and_a_regroup_keeps_it_there(loaded):
    from scharnier.signals import services
    from scharnier.signals.demo import SPLIT_BY_ANALYST, _thread_of

    for text_start, title in SPLIT_BY_ANALYST:
        thread = _thread_of(text_start)
        assert thread.title == title and thread.signal_count == 1
        assert thread.signals.get().pinned
    succession = _thread_of("Familiebedrijven zonder opvolger")
    assert not succession.signals.filter(text__contains="bedrijfsruimte").exists()
    with transaction.atomic():  # the other tests read the demo as loaded
        services.regroup()
        assert _thread_of(SPLIT_BY_ANALYST[0][0]).title == SPLIT_BY_ANALYST[0][1]
        transaction.set_rollback(True)


def test_every_demo_thread_with_an_owner_can_be_answered_by_a_demo_account(loaded):
    from scharnier.signals.models import Thread

    usernames = [item["username"] for item in _users_file()]
    editors = list(get_user_model().objects.filter(username__in=usernames))
    owned = list(Thread.objects.exclude(owner=None).select_related("owner"))
    assert {t.owner.slug for t in owned} >= {"ministerie-ez", "kvk", "rvo"}
    for thread in owned:
        answerers = [
            u.username
            for u in editors
            if not u.is_superuser and has_permission(u, Action.ANSWER_THREAD, thread)
        ]
        assert answerers, thread.owner.slug


def test_demo_activity_gives_the_clean_up_page_six_months_of_counts(activity):
    from scharnier.landscape.models import LandscapeSnapshot
    from scharnier.landscape.queries import snapshot_table

    months, by_level = snapshot_table()
    assert len(months) == 6 and months == sorted(months)
    assert by_level["nationaal"][months[-1]] > 0
    # Run twice (the fixture), stored once per month.
    assert LandscapeSnapshot.objects.values("month").distinct().count() == 6


def test_the_demo_draft_self_assessment_reads_the_outcomes_loaded_after_it(activity):
    from scharnier.demo.outcomes import load_demo_outcomes
    from scharnier.learning import demo as learning_demo

    load_demo_outcomes()
    learning_demo.load_reports()
    learning_demo.load_reports()  # again: nothing doubles
    from scharnier.learning.data_initiatives import initiatives, summary

    data = summary(initiatives())
    assert (data.total, data.agreed, data.in_use) == (4, 2, 1)
    assert data.without_dpia == 1 and len(data.obstacles) == 2  # the knots to show
    rounds = SelfAssessment.objects.filter(region__slug="regio-zwolle").order_by("round")
    assert [(r.label, r.status) for r in rounds] == [
        ("eerste ronde", "vastgesteld"),
        ("tweede ronde", "concept"),
    ]
    draft = SelfAssessment.objects.get(region__slug="regio-zwolle", status="concept")
    evidence = " ".join(draft.scores.values_list("live_evidence", flat=True))
    assert "Doorverwijzingen sinds de start" in evidence
    assert "Nog geen doorverwijzingen" not in evidence
    # The finalised first round was made after the outcomes too: it does not say that no firm
    # was reached beside a dashboard that counts hundreds.
    frozen = SelfAssessment.objects.get(region__slug="regio-zwolle", status="vastgesteld")
    frozen_evidence = " ".join(frozen.scores.values_list("live_evidence", flat=True))
    assert "Bereikte bedrijven sinds de start:" in frozen_evidence
    assert "Bereikte bedrijven sinds de start: 0." not in frozen_evidence


def test_demo_public_meetings_fall_on_different_working_days(loaded):
    """They all fell on one day two weeks after loading: a Sunday in the UI audit of session 55,
    one of them an entrepreneurs' breakfast at 7:30."""
    from scharnier.communities.models import Meeting
    from scharnier.core.workdays import is_working_day

    dates = list(Meeting.objects.filter(is_public=True).values_list("date", flat=True))
    assert len(dates) >= 2
    assert all(is_working_day(day) for day in dates)
    assert len(set(dates)) > 1


def test_demo_regions_add_their_own_words_to_national_offers(loaded):
    """REQUIREMENTS A11: who helps here, an example, a meeting on a working day ahead."""
    from scharnier.catalog.models import RegionalOfferNote
    from scharnier.core.workdays import is_working_day

    notes = list(RegionalOfferNote.objects.select_related("region", "offer__provider"))
    assert {(n.region.slug, n.offer.provider.slug) for n in notes} == {
        ("regio-zwolle", "rvo"),
        ("regio-zwolle", "kvk"),
        ("achterhoek", "kvk"),
    }
    (event,) = [n for n in notes if n.event_title]
    assert is_working_day(event.event_date) and event.event_date > datetime.date.today()
