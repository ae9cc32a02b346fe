"""The joint consistency test (Actieagenda kansenkaart 4): KvK, RVO and the ROMs test a
department's proposal or a theme's existing offers together, the joint advice goes back to the
policy owner, and the owner says what it did with it."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from scharnier.catalog.models import Offer, OfferStatus, Theme
from scharnier.geography.models import Province
from scharnier.landscape import joint_reviews, services
from scharnier.landscape.models import (
    ConsistencyCheck,
    JointReview,
    OwnerAction,
    ReviewContribution,
    ReviewPosition,
    ReviewStatus,
    ReviewSubject,
    Verdict,
)
from scharnier.organisations.models import OrganisationKind, Role
from scharnier.organisations.permissions import JOINT_REVIEW_ACTIONS, Action, has_permission
from tests.browser import CHROMIUM, assert_accessible_and_fits
from tests.factories import make_offer, make_organisation, make_region, make_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
PROPOSAL = {
    "title": "Landelijke voucher digitaal advies",
    "summary": "Een voucher waarmee een klein bedrijf een adviseur inhuurt om te digitaliseren.",
    "themes": ["digitalisering"],
    "journey_phases": ["kunnen"],
    "offer_type": "voucher",
}


class World:
    def __init__(self) -> None:
        self.ministry = make_organisation("ministerie-test", kind=OrganisationKind.RIJK)
        self.kvk = make_organisation("kvk-test", kind=OrganisationKind.UITVOERINGSORGANISATIE)
        self.kvk_office = make_organisation(
            "kvk-test-zwolle", kind=OrganisationKind.UITVOERINGSORGANISATIE, parent=self.kvk
        )
        self.rvo = make_organisation("rvo-test", kind=OrganisationKind.UITVOERINGSORGANISATIE)
        self.rom = make_organisation("rom-test", kind=OrganisationKind.ROM)
        self.overijssel = Province.objects.get(code="PV23")
        self.province = make_organisation(
            "provincie-test", kind=OrganisationKind.PROVINCIE, province=self.overijssel
        )
        region = make_region("regio-test")
        self.users = {
            "anoniem": AnonymousUser(),
            "beheerder": make_user(Role.ADMINISTRATOR, username="beheerder"),
            "analist": make_user(Role.NATIONAL_ANALYST, username="analist"),
            "regisseur": make_user(Role.REGIONAL_DIRECTOR, region=region, username="regisseur"),
            "kvk": make_user(Role.PROVIDER_EDITOR, organisation=self.kvk, username="red-kvk"),
            "kvk_kantoor": make_user(
                Role.PROVIDER_EDITOR, organisation=self.kvk_office, username="red-kvk-zwolle"
            ),
            "rvo": make_user(Role.PROVIDER_EDITOR, organisation=self.rvo, username="red-rvo"),
            "rom": make_user(Role.PROVIDER_EDITOR, organisation=self.rom, username="red-rom"),
            "ministerie": make_user(
                Role.PROVIDER_EDITOR, organisation=self.ministry, username="beleid"
            ),
            "provincie": make_user(Role.PROVINCE, province=self.overijssel, username="prov"),
            "andere_provincie": make_user(
                Role.PROVINCE, province=Province.objects.get(code="PV26"), username="prov-ut"
            ),
        }
        for name, user in self.users.items():
            if name != "anoniem":
                user.email = f"{name}@example.org"
                user.save()

    def open(self, *, owner=None, reviewers=None, **overrides) -> JointReview:
        check = overrides.pop("consistency_check", None) or ConsistencyCheck.objects.create(
            proposal=PROPOSAL, verdict=Verdict.ALIGN, result={"overlaps": []}
        )
        data = {
            "subject": ReviewSubject.NEW,
            "title": "Voucher digitaal advies",
            "question": "Past deze voucher naast wat er al is?",
            "consistency_check": check,
            "policy_owner": owner or self.ministry,
            "reviewers": reviewers or [self.kvk, self.rvo],
            "deadline": TODAY + datetime.timedelta(days=28),
            **overrides,
        }
        return joint_reviews.open_joint_review(actor=self.users["analist"], data=data)


@pytest.fixture
def world() -> World:
    return World()


# (action, object) -> who may, besides the administrator.
EXPECTED = {
    (Action.COORDINATE_JOINT_REVIEW, "none"): {"analist"},
    (Action.COORDINATE_JOINT_REVIEW, "review"): {"analist"},
    (Action.CONTRIBUTE_JOINT_REVIEW, "contribution_kvk"): {"kvk"},
    (Action.CONTRIBUTE_JOINT_REVIEW, "contribution_rvo"): {"rvo"},
    (Action.RESPOND_JOINT_REVIEW, "review"): {"ministerie"},
    (Action.RESPOND_JOINT_REVIEW, "province_review"): {"provincie"},
    (Action.VIEW_JOINT_REVIEW, "review"): {"analist", "kvk", "rvo", "ministerie"},
    (Action.VIEW_JOINT_REVIEW, "province_review"): {"analist", "kvk", "rvo", "provincie"},
}


def test_every_role_action_object(world):
    review = world.open()
    province_review = world.open(owner=world.province)
    objects = {
        "none": None,
        "review": review,
        "province_review": province_review,
        "contribution_kvk": review.contributions.get(organisation=world.kvk),
        "contribution_rvo": review.contributions.get(organisation=world.rvo),
    }
    wrong = []
    for (action, name), allowed in EXPECTED.items():
        for role, user in world.users.items():
            expected = role == "beheerder" or role in allowed
            if has_permission(user, action, objects[name]) != expected:
                wrong.append((role, str(action), name))
    assert wrong == []
    assert {action for action, _ in EXPECTED} == set(JOINT_REVIEW_ACTIONS)


def test_opening_a_review_refuses_what_is_not_a_joint_review(world):
    analyst = world.users["analist"]
    with pytest.raises(PermissionDenied):
        joint_reviews.open_joint_review(actor=world.users["kvk"], data={})
    with pytest.raises(ValidationError) as refused:
        joint_reviews.open_joint_review(
            actor=analyst,
            data={
                "subject": ReviewSubject.NEW,
                "title": "<b>Voucher</b>",
                "question": "",
                "policy_owner": world.kvk,
                "reviewers": [world.kvk],
                "deadline": TODAY - datetime.timedelta(days=1),
            },
        )
    errors = refused.value.message_dict
    assert set(errors) == {
        "consistency_check",
        "title",
        "question",
        "policy_owner",
        "reviewers",
        "deadline",
    }
    assert "HTML-code" in errors["title"][0]
    assert errors["reviewers"] == ["Kies minstens 2 organisaties: de toets doet u samen."]
    assert errors["deadline"] == ["Deze datum is al voorbij. Kies een datum vanaf vandaag."]
    with pytest.raises(ValidationError) as refused:
        world.open(reviewers=[world.kvk_office, world.rvo])
    assert "Alleen KvK, RVO en de ROM's" in refused.value.message_dict["reviewers"][0]
    with pytest.raises(ValidationError) as refused:
        world.open(deadline=TODAY + datetime.timedelta(days=400))
    assert "binnen een jaar" in refused.value.message_dict["deadline"][0]
    with pytest.raises(ValidationError) as refused:
        joint_reviews.open_joint_review(
            actor=analyst,
            data={
                "subject": ReviewSubject.EXISTING,
                "title": "Toets financiering",
                "question": "Wat overlapt?",
                "theme_code": "bestaat-niet",
                "policy_owner": world.ministry,
                "reviewers": [world.kvk, world.rvo],
                "deadline": TODAY,
            },
        )
    assert list(refused.value.message_dict) == ["theme_code"]
    assert not JointReview.objects.exists()


def test_the_review_goes_round_and_back_to_the_policy_owner(
    world, client, django_capture_on_commit_callbacks
):
    analyst, kvk, rvo, owner = (world.users[n] for n in ("analist", "kvk", "rvo", "ministerie"))
    check = services.run_consistency_check(actor=analyst, raw=PROPOSAL)
    client.force_login(analyst)
    result = client.get(f"/stelsel/toets/{check.public_id}/").content.decode()
    new_url = f"/stelsel/gezamenlijke-toets/nieuw/?toets={check.public_id}"
    assert html.escape(new_url) in result
    page = client.get(new_url).content.decode()
    assert 'value="Landelijke voucher digitaal advies"' in page  # the proposal's title
    assert "Thema" not in page  # a new proposal brings its own themes

    typed = {
        "title": "Voucher digitaal advies",
        "question": "Past deze voucher naast de regionale vouchers?",
        "policy_owner": str(world.kvk.pk),  # not a department or province
        "reviewers": [str(world.kvk.pk)],
        "deadline": (TODAY - datetime.timedelta(days=2)).isoformat(),
    }
    response = client.post(new_url, typed)
    assert response.status_code == 400
    page = html.unescape(response.content.decode())
    assert "Kies een opdrachtgever uit de lijst." in page
    assert "Deze datum is al voorbij. Kies een datum vanaf vandaag." in page
    assert "Kies minstens 2 organisaties: de toets doet u samen." in page
    assert "Past deze voucher naast de regionale vouchers?" in page  # what was typed, again
    assert not JointReview.objects.exists()

    typed.update(
        policy_owner=str(world.ministry.pk),
        reviewers=[str(world.kvk.pk), str(world.rvo.pk)],
        deadline=(TODAY + datetime.timedelta(days=20)).isoformat(),
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(new_url, typed)
    review = JointReview.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/stelsel/gezamenlijke-toets/{review.public_id}/"
    assert (review.subject, review.consistency_check, review.status) == (
        ReviewSubject.NEW,
        check,
        ReviewStatus.OPEN,
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["kvk@example.org", "rvo@example.org"]
    assert str(review.public_id) in mail.outbox[0].body
    assert "Past deze voucher" not in mail.outbox[0].body  # the plan stays on the page
    mail.outbox.clear()
    detail = f"/stelsel/gezamenlijke-toets/{review.public_id}/"

    # An organisation outside the review sees neither the list nor the review.
    client.force_login(world.users["rom"])
    assert client.get("/stelsel/gezamenlijke-toets/").status_code == 403
    assert client.get(detail).status_code == 403
    client.force_login(world.users["regisseur"])
    assert client.get(detail).status_code == 403

    # KvK gives its view: first without a reason.
    client.force_login(kvk)
    assert "Voucher digitaal advies" in client.get("/stelsel/gezamenlijke-toets/").content.decode()
    contribution = review.contributions.get(organisation=world.kvk)
    prefix = f"c{contribution.pk}"
    response = client.post(detail, {"form": prefix, f"{prefix}-position": "afstemmen"})
    assert response.status_code == 400
    assert "Schrijf op waarom u tot dit oordeel komt." in html.unescape(response.content.decode())
    contribution.refresh_from_db()
    assert not contribution.is_given
    motivation = "Lijkt op de regionale vouchers in Brabant."
    response = client.post(
        detail,
        {"form": prefix, f"{prefix}-position": "afstemmen", f"{prefix}-motivation": motivation},
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert (contribution.position, contribution.motivation, contribution.given_by) == (
        ReviewPosition.ALIGN,
        motivation,
        kvk,
    )
    # KvK may not speak for RVO.
    other = review.contributions.get(organisation=world.rvo)
    response = client.post(
        detail,
        {
            "form": f"c{other.pk}",
            f"c{other.pk}-position": "sluit-aan",
            f"c{other.pk}-motivation": "Sluit aan op de regio.",
        },
    )
    assert response.status_code == 403

    # The coordinator cannot hand back before RVO has spoken (the deadline is still ahead).
    client.force_login(analyst)
    page = client.get(detail).content.decode()
    assert "nog geen oordeel" in page
    assert 'name="advice"' not in page
    with pytest.raises(ValidationError):
        joint_reviews.return_to_owner(
            actor=analyst, review=review, position=ReviewPosition.ALIGN, advice="Stem af."
        )

    client.force_login(rvo)
    rvo_prefix = f"c{other.pk}"
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            detail,
            {
                "form": rvo_prefix,
                f"{rvo_prefix}-position": "heroverwegen",
                f"{rvo_prefix}-motivation": "RVO voert al een landelijke voucher uit.",
            },
        )
    assert [m.to[0] for m in mail.outbox] == ["analist@example.org"]  # all views are in
    mail.outbox.clear()

    client.force_login(analyst)
    page = html.unescape(client.get(detail).content.decode())
    assert "RVO voert al een landelijke voucher uit." in page
    # The advice starts from the most cautious of the most given views (a tie here).
    (chosen,) = re.findall(r"<input[^>]*checked[^>]*>", page)
    assert 'value="heroverwegen"' in chosen
    response = client.post(detail, {"form": "advice", "position": "afstemmen", "advice": ""})
    assert response.status_code == 400
    assert "Schrijf de aanbevelingen voor de opdrachtgever." in html.unescape(
        response.content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            detail,
            {"form": "advice", "position": "afstemmen", "advice": "Voeg de vouchers samen."},
        )
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.advice_position) == (ReviewStatus.RETURNED, "afstemmen")
    assert [m.to[0] for m in mail.outbox] == ["ministerie@example.org"]
    mail.outbox.clear()

    # Once handed back, a reviewer's view is fixed.
    client.force_login(kvk)
    response = client.post(
        detail,
        {"form": prefix, f"{prefix}-position": "sluit-aan", f"{prefix}-motivation": "Toch wel."},
    )
    assert response.status_code == 403
    with pytest.raises(ValidationError):
        joint_reviews.give_contribution(
            actor=kvk, contribution=contribution, position="sluit-aan", motivation="Toch wel goed."
        )

    # The policy owner answers what it did.
    client.force_login(owner)
    page = client.get(detail).content.decode()
    assert "Voeg de vouchers samen." in page
    typed = {"form": "response", "action": "aangepast", "response": "We starten één voucher."}
    response = client.post(detail, {**typed, "link": "ftp://niet-goed"})
    assert response.status_code == 400
    assert "Vul een geldig webadres in" in html.unescape(response.content.decode())
    assert "We starten één voucher." in html.unescape(response.content.decode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(detail, {**typed, "link": "https://www.rijksoverheid.nl/besluit"})
    assert response.status_code == 302
    review.refresh_from_db()
    assert (review.status, review.owner_action, review.closed_by) == (
        ReviewStatus.CLOSED,
        OwnerAction.ADJUSTED,
        owner,
    )
    assert sorted(m.to[0] for m in mail.outbox) == ["kvk@example.org", "rvo@example.org"]
    with pytest.raises(ValidationError):
        joint_reviews.record_owner_response(
            actor=owner, review=review, action="ongewijzigd", response="Nog een keer."
        )

    client.force_login(kvk)
    listing = html.unescape(client.get("/stelsel/gezamenlijke-toets/").content.decode())
    assert "Advies op tijd teruggelegd: 1 van de 1" in listing
    assert "Afgehandeld" in listing
    page = html.unescape(client.get(detail).content.decode())
    assert "Plan aangepast" in page and "https://www.rijksoverheid.nl/besluit" in page


def test_after_the_deadline_the_advice_goes_back_with_the_views_given(world):
    review = world.open(reviewers=[world.kvk, world.rvo, world.rom])
    analyst = world.users["analist"]
    assert not joint_reviews.may_return(review)
    joint_reviews.give_contribution(
        actor=world.users["kvk"],
        contribution=review.contributions.get(organisation=world.kvk),
        position=ReviewPosition.FITS,
        motivation="Sluit aan op het regionale aanbod.",
    )
    assert not joint_reviews.may_return(review)
    assert joint_reviews.may_return(review, today=review.deadline + datetime.timedelta(days=1))
    JointReview.objects.filter(pk=review.pk).update(deadline=TODAY - datetime.timedelta(days=1))
    review.refresh_from_db()
    joint_reviews.return_to_owner(
        actor=analyst, review=review, position=ReviewPosition.FITS, advice="Start maar."
    )
    figures = joint_reviews.review_figures(JointReview.objects.all())
    assert (figures.returned, figures.returned_in_time) == (1, 0)  # after the deadline


def test_a_reason_of_a_word_or_two_is_not_enough(world):
    review = world.open()
    with pytest.raises(ValidationError) as refused:
        joint_reviews.give_contribution(
            actor=world.users["kvk"],
            contribution=review.contributions.get(organisation=world.kvk),
            position="misschien",
            motivation="Prima",
        )
    assert set(refused.value.message_dict) == {"position", "motivation"}
    assert not ReviewContribution.objects.filter(given_at__isnull=False).exists()


def test_a_province_asks_and_its_staff_answer(world, client):
    review = world.open(owner=world.province)
    for name in ("kvk", "rvo"):
        joint_reviews.give_contribution(
            actor=world.users[name],
            contribution=review.contributions.get(organisation=getattr(world, name)),
            position=ReviewPosition.ALIGN,
            motivation="Stem af met de gemeentelijke scans.",
        )
    joint_reviews.return_to_owner(
        actor=world.users["analist"], review=review, position="afstemmen", advice="Stem af."
    )
    client.force_login(world.users["andere_provincie"])
    assert client.get(f"/stelsel/gezamenlijke-toets/{review.public_id}/").status_code == 403
    client.force_login(world.users["provincie"])
    page = client.get(f"/stelsel/gezamenlijke-toets/{review.public_id}/").content.decode()
    assert 'name="response"' in page
    assert "Gezamenlijke toets" in page  # in the menu
    client.post(
        f"/stelsel/gezamenlijke-toets/{review.public_id}/",
        {"form": "response", "action": "ongewijzigd", "response": "De raad wil de scan toch."},
    )
    review.refresh_from_db()
    assert (review.status, review.closed_by) == (ReviewStatus.CLOSED, world.users["provincie"])


def test_a_review_of_a_themes_existing_offers_shows_what_runs_now(world, client):
    financing = [Theme.objects.get(code="financiering")]
    digital = [Theme.objects.get(code="digitalisering")]
    provider = make_organisation("bank-test")
    make_offer(provider=provider, title="Starterslening", themes=financing)
    make_offer(provider=world.rvo, title="Borgstelling", themes=financing)
    make_offer(
        provider=provider,
        title="Verlopen krediet",
        themes=financing,
        valid_from=datetime.date(2020, 1, 1),
        valid_until=datetime.date(2021, 1, 1),
    )
    make_offer(provider=provider, title="Digitale scan", themes=digital)
    client.force_login(world.users["analist"])
    page = client.get("/stelsel/gezamenlijke-toets/nieuw/").content.decode()
    assert 'name="theme"' in page
    response = client.post(
        "/stelsel/gezamenlijke-toets/nieuw/",
        {
            "title": "Toets op financiering",
            "theme": "financiering",
            "question": "Wat kan samen?",
            "policy_owner": str(world.ministry.pk),
            "reviewers": [str(world.kvk.pk), str(world.rvo.pk)],
            "deadline": (TODAY + datetime.timedelta(days=30)).isoformat(),
        },
    )
    review = JointReview.objects.get()
    assert response.status_code == 302
    assert (review.subject, review.theme_code, review.consistency_check) == (
        ReviewSubject.EXISTING,
        "financiering",
        None,
    )
    running = Offer.objects.with_status(OfferStatus.ACTIVE, TODAY).filter(
        themes__code="financiering"
    )
    assert running.count() == 2
    page = html.unescape(
        client.get(f"/stelsel/gezamenlijke-toets/{review.public_id}/").content.decode()
    )
    assert "Nu lopen 2 vormen van aanbod van 2 aanbieders." in page
    # The themes the longest without a review come first; financing was just reviewed.
    rows = joint_reviews.themes_by_last_review()
    assert (rows[-1].theme.code, rows[-1].last_review, rows[-1].running_offers) == (
        "financiering",
        review,
        2,
    )
    assert [r.last_review for r in rows[:-1]] == [None] * (len(rows) - 1)
    digital_row = next(r for r in rows if r.theme.code == "digitalisering")
    assert digital_row.running_offers == 1
    listing = client.get("/stelsel/gezamenlijke-toets/").content.decode()
    assert "nog nooit" in listing and f"/stelsel/gezamenlijke-toets/{review.public_id}/" in listing


@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium missing")
def test_an_editor_gives_a_view_on_a_phone(page, live_server, login):
    world = World()
    review = world.open()
    page.set_viewport_size({"width": 390, "height": 844})
    login(world.users["kvk"])
    page.goto(f"{live_server.url}/stelsel/gezamenlijke-toets/")
    assert_accessible_and_fits(page)
    page.get_by_role("link", name="Voucher digitaal advies").click()
    page.get_by_role("button", name="Oordeel opslaan").click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "Kies een oordeel." in main and "Schrijf op waarom u tot dit oordeel komt." in main
    assert_accessible_and_fits(page)
    page.get_by_label("Eerst afstemmen met ander aanbod").check()
    page.get_by_label("Waarom?").fill("Lijkt op de voucher van de provincie.")
    page.get_by_role("button", name="Oordeel opslaan").click()
    page.wait_for_load_state()
    assert "Het oordeel van Kvk Test is opgeslagen." in page.inner_text("main")
    assert review.contributions.get(organisation=world.kvk).position == ReviewPosition.ALIGN
    page.set_viewport_size({"width": 1280, "height": 900})
    assert_accessible_and_fits(page)


def test_a_theme_review_shows_the_strongest_overlap_of_that_theme_only():
    from scharnier.landscape.models import OverlapAnalysis, OverlapCluster

    now = timezone.now()
    analysis = OverlapAnalysis.objects.create(started_at=now, finished_at=now)
    for number in range(12):
        OverlapCluster.objects.create(
            analysis=analysis,
            key=f"f{number}",
            size=2,
            max_score=0.5 + number / 100,
            suggested_action="afstemmen",
            theme_codes=["financiering", "innovatie"],
        )
    OverlapCluster.objects.create(
        analysis=analysis, key="d", size=2, max_score=0.99, theme_codes=["digitalisering"]
    )
    overview = joint_reviews.theme_overview("financiering")
    assert overview.cluster_count == 12
    assert [c.key for c in overview.clusters] == [f"f{n}" for n in range(11, 1, -1)]
    assert joint_reviews.theme_overview("bestaat-niet") is None


def test_reviewers_are_reminded_before_the_deadline_and_the_coordinator_after_it(world):
    from scharnier.celery import app as celery_app
    from scharnier.jobs.models import Job, JobKind, JobState
    from scharnier.landscape.tasks import remind_joint_reviewers

    review = world.open(deadline=TODAY + datetime.timedelta(days=10))
    handed_back = world.open(deadline=TODAY + datetime.timedelta(days=2))
    for contribution in handed_back.contributions.all():
        joint_reviews.give_contribution(
            actor=world.users["kvk" if contribution.organisation == world.kvk else "rvo"],
            contribution=contribution,
            position=ReviewPosition.FITS,
            motivation="Sluit aan op het bestaande aanbod.",
        )
    joint_reviews.return_to_owner(
        actor=world.users["analist"], review=handed_back, position="sluit-aan", advice="Start."
    )
    joint_reviews.give_contribution(
        actor=world.users["kvk"],
        contribution=review.contributions.get(organisation=world.kvk),
        position=ReviewPosition.ALIGN,
        motivation="Stem af met de provincie.",
    )
    mail.outbox.clear()
    early = joint_reviews.remind_reviewers(today=TODAY)
    assert (early.reminded, early.overdue, len(mail.outbox)) == (0, 0, 0)  # ten days ahead

    near = review.deadline - datetime.timedelta(days=2)
    result = joint_reviews.remind_reviewers(today=near)
    assert (result.reminded, result.overdue) == (1, 0)
    (message,) = mail.outbox
    assert message.to == ["rvo@example.org"]  # KvK already gave its view
    assert "Uw oordeel staat nog open" in message.body and str(review.public_id) in message.body
    assert joint_reviews.remind_reviewers(today=near).reminded == 0  # once per deadline

    mail.outbox.clear()
    late = review.deadline + datetime.timedelta(days=1)
    result = joint_reviews.remind_reviewers(today=late)
    assert (result.reminded, result.overdue) == (0, 1)
    (message,) = mail.outbox
    assert message.to == ["analist@example.org"]
    assert "De uiterste datum" in message.body
    assert joint_reviews.remind_reviewers(today=late).overdue == 0
    # A new deadline is a new reminder.
    JointReview.objects.filter(pk=review.pk).update(deadline=late + datetime.timedelta(days=1))
    assert joint_reviews.remind_reviewers(today=late).reminded == 1

    schedule = {entry["task"] for entry in celery_app.conf.beat_schedule.values()}
    assert "scharnier.remind_joint_reviewers" in schedule
    assert remind_joint_reviewers.apply().get() == JobState.SUCCEEDED
    job = Job.objects.get(kind=JobKind.REMIND_JOINT_REVIEWERS)
    assert job.created_by is None and set(job.result) == {"reminded", "overdue"}


def test_the_coordinator_moves_the_deadline_while_views_are_given(world, client):
    review = world.open()
    detail = f"/stelsel/gezamenlijke-toets/{review.public_id}/"
    client.force_login(world.users["kvk"])
    later = (TODAY + datetime.timedelta(days=40)).isoformat()
    assert client.post(detail, {"form": "deadline", "datum-deadline": later}).status_code == 403
    client.force_login(world.users["analist"])
    refused = client.post(
        detail, {"form": "deadline", "datum-deadline": (TODAY - datetime.timedelta(days=1))}
    )
    assert refused.status_code == 400
    assert "Deze datum is al voorbij." in html.unescape(refused.content.decode())
    review.refresh_from_db()
    assert review.deadline == TODAY + datetime.timedelta(days=28)
    assert client.post(detail, {"form": "deadline", "datum-deadline": later}).status_code == 302
    review.refresh_from_db()
    assert review.deadline.isoformat() == later
    for name in ("kvk", "rvo"):
        joint_reviews.give_contribution(
            actor=world.users[name],
            contribution=review.contributions.get(organisation=getattr(world, name)),
            position=ReviewPosition.FITS,
            motivation="Sluit aan op wat er is.",
        )
    joint_reviews.return_to_owner(
        actor=world.users["analist"], review=review, position="sluit-aan", advice="Start maar."
    )
    assert 'name="datum-deadline"' not in client.get(detail).content.decode()
    with pytest.raises(ValidationError):
        joint_reviews.move_deadline(actor=world.users["analist"], review=review, deadline=TODAY)


def test_a_new_desk_shows_its_added_value_beside_the_desks_there_are(world, client):
    from scharnier.organisations import services as organisation_services
    from scharnier.organisations.models import RegionalRoleKind

    region = make_region("regio-loket", municipality_codes=["GM0193"], name="Regio Loket")
    elsewhere = make_region("regio-elders", municipality_codes=["GM0758"])
    hub = make_organisation("ondernemershuis", kind=OrganisationKind.HUB, name="Ondernemershuis")
    lead = make_organisation("gemeente-loket", kind=OrganisationKind.GEMEENTE, name="Gemeente L")
    other_hub = make_organisation("hub-elders", kind=OrganisationKind.HUB, name="Hub Elders")
    for organisation, role, where in (
        (hub, RegionalRoleKind.CORE_PARTNER, region),
        (lead, RegionalRoleKind.LEAD, region),
        (other_hub, RegionalRoleKind.LEAD, elsewhere),
    ):
        organisation_services.set_regional_role(
            region=region if where == region else elsewhere,
            organisation=organisation,
            role=role,
        )
    client.force_login(world.users["analist"])
    url = "/stelsel/gezamenlijke-toets/nieuw/?soort=loket"
    page = html.unescape(client.get(url).content.decode())
    assert "Een nieuw loket of een nieuwe website laten toetsen" in page
    assert page.count('name="desk_') == len(joint_reviews.DESK_QUESTIONS)
    typed = {
        "title": "Digitaal ondernemersloket",
        "question": "Een website met alle regelingen van de gemeente.",
        "region": str(region.pk),
        "desk_meerwaarde": "Alles van de gemeente op één plek.",
        "policy_owner": str(world.province.pk),
        "reviewers": [str(world.kvk.pk), str(world.rvo.pk)],
        "deadline": (TODAY + datetime.timedelta(days=14)).isoformat(),
    }
    refused = client.post(url, typed)
    assert refused.status_code == 400
    page = html.unescape(refused.content.decode())
    assert page.count("zonder antwoord is de meerwaarde niet te toetsen") >= 4
    assert "Alles van de gemeente op één plek." in page
    assert not JointReview.objects.exists()
    answers = {
        "desk_doorverwijzen": "Via het schakelteam en Scharnier.",
        "desk_gegevens": "Het aanbod komt in het register via het API.",
        "desk_kosten-baten": "40.000 euro per jaar; 500 ondernemers.",
        "desk_tevredenheid": "NPS na elk contact.",
    }
    assert client.post(url, {**typed, **answers}).status_code == 302
    review = JointReview.objects.get()
    assert (review.subject, review.region, review.consistency_check) == (
        ReviewSubject.NEW_DESK,
        region,
        None,
    )
    assert set(review.desk_case) == {q.code for q in joint_reviews.DESK_QUESTIONS}
    assert review.desk_case["tevredenheid"] == "NPS na elk contact."
    desks = joint_reviews.existing_desks(region)
    assert [d.name for d in desks][:2] == ["Gemeente L", "Ondernemershuis"]
    assert {world.kvk, world.rvo} <= set(desks) and other_hub not in desks
    assert world.kvk_office not in desks  # a branch speaks through its national organisation
    detail = html.unescape(
        client.get(f"/stelsel/gezamenlijke-toets/{review.public_id}/").content.decode()
    )
    assert "Regio Loket" in detail and "40.000 euro per jaar; 500 ondernemers." in detail
    assert "Ondernemershuis" in detail and "Hub Elders" not in detail
    # The province's staff, as policy owner, read it too.
    client.force_login(world.users["provincie"])
    assert client.get(f"/stelsel/gezamenlijke-toets/{review.public_id}/").status_code == 200
