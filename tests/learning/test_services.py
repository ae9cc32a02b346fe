"""The learning cycle through its services: consent links, photos, self-assessment rounds with
live evidence, visitations with action items, the repeated scan."""

import re
import struct
import zlib
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from scharnier.core.errors import Conflict
from scharnier.core.templatetags.core_format import count
from scharnier.geography.models import Municipality
from scharnier.learning import evidence, queries, services
from scharnier.learning.models import Story, StoryStatus
from scharnier.learning.photos import clean_photo
from scharnier.matching import services as matching_services
from scharnier.matching.queries import Profile
from scharnier.matching.scan import framework as scan_framework
from scharnier.monitoring import queries as monitoring_queries
from scharnier.monitoring import services as monitoring_services
from scharnier.monitoring.models import OutcomeEventKind
from tests.learning.world import STORY, build_world, in_days

pytestmark = pytest.mark.django_db


def _token_from_mail() -> str:
    match = re.search(r"/verhalen/toestemming/([^/\s]+)/", mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def _segment(marker: int, body: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(body) + 2) + body


def _png(*extra: bytes) -> bytes:
    header = _chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
    data = _chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
    return b"\x89PNG\r\n\x1a\n" + header + b"".join(extra) + data + _chunk(b"IEND", b"")


def test_consent_link_publishes_and_withdraws(django_capture_on_commit_callbacks):
    world = build_world()
    story = world.stories["region_draft"]
    assert not queries.published_stories().exists()
    with pytest.raises(PermissionDenied):
        services.request_consent(actor=world.users["aanbieder_owner"], story=story)
    with django_capture_on_commit_callbacks(execute=True):
        services.request_consent(actor=world.users["schakel_a"], story=story)
    assert mail.outbox[-1].to == ["anna@example.org"]
    token = _token_from_mail()
    story.refresh_from_db()
    assert story.status == StoryStatus.CONSENT_REQUESTED
    assert token not in story.consent_token_hash  # only the hash is stored
    assert not queries.published_stories().exists()  # not before consent
    found = queries.story_for_token(token, services.hash_token(token))
    assert found == story
    assert queries.story_for_token("verzonnen", services.hash_token("verzonnen")) is None
    services.confirm_consent(story=found)
    assert list(queries.published_stories()) == [story]
    with pytest.raises(Conflict):
        services.confirm_consent(story=found)
    services.withdraw_story(story=found, by_entrepreneur=True)
    story.refresh_from_db()
    assert story.status == StoryStatus.WITHDRAWN
    assert (story.title, story.question, story.consent_email, story.photo) == ("", "", "", None)
    assert not queries.published_stories().exists()


def test_expired_consent_link_does_not_work(django_capture_on_commit_callbacks, settings):
    world = build_world()
    settings.LEARNING_CONSENT_LINK_DAYS = 0
    with django_capture_on_commit_callbacks(execute=True):
        token = services.request_consent(
            actor=world.users["schakel_a"], story=world.stories["region_draft"]
        )
    assert queries.story_for_token(token, services.hash_token(token)) is None


def test_request_needs_an_email_address():
    world = build_world()
    story = services.save_story(
        actor=world.users["regisseur_a"],
        region=world.regions["a"],
        data={**STORY, "consent_email": ""},
    )
    with pytest.raises(ValidationError) as error:
        services.request_consent(actor=world.users["regisseur_a"], story=story)
    assert "consent_email" in error.value.message_dict


def test_photo_loses_its_metadata_and_other_files_are_refused():
    world = build_world()
    exif = _chunk(b"eXIf", b"MM\x00*GPS 52.51N 6.09E")
    text = _chunk(b"tEXt", b"Author\x00Anna de Vries")
    cleaned, media_type = clean_photo(_png(exif, text))
    assert media_type == "image/png"
    assert cleaned == _png()
    assert b"GPS" not in cleaned and b"Anna" not in cleaned
    jpeg = (
        b"\xff\xd8"
        + _segment(0xE0, b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
        + _segment(0xE1, b"Exif\x00\x00GPS 52.51N 6.09E")
        + _segment(0xFE, b"Anna de Vries")
        + _segment(0xDA, b"\x01\x01\x00\x00?\x00")
        + b"\x12\x34\x56\xff\xd9"
    )
    cleaned, media_type = clean_photo(jpeg)
    assert media_type == "image/jpeg"
    assert b"Exif" not in cleaned and b"Anna" not in cleaned and b"JFIF" in cleaned
    for bad in (b"<svg xmlns='http://www.w3.org/2000/svg'/>", b"GIF89a....", _png()[:-5]):
        with pytest.raises(ValidationError):
            clean_photo(bad)
    with pytest.raises(ValidationError):
        clean_photo(b"\xff\xd8" + b"\x00" * (5 * 1024 * 1024))
    story = world.stories["region_draft"]
    with pytest.raises(ValidationError) as error:
        services.save_story(
            actor=world.users["schakel_a"],
            region=world.regions["a"],
            story=story,
            data={"photo": _png(exif)},
        )
    assert "photo_alt" in error.value.message_dict
    services.save_story(
        actor=world.users["schakel_a"],
        region=world.regions["a"],
        story=story,
        data={"photo": _png(exif), "photo_alt": "Anna bij haar oven"},
    )
    story = Story.objects.get(pk=story.pk)
    assert bytes(story.photo) == _png() and story.photo_type == "image/png"


def test_assessment_rounds_with_live_evidence_and_change():
    world = build_world()
    region = world.regions["a"]
    with pytest.raises(PermissionDenied):
        services.start_assessment(actor=world.users["provincie_a"], region=region)
    t0 = services.start_assessment(actor=world.users["regisseur_a"], region=region)
    assert t0.label == "eerste ronde"
    evidence = {s.criterion: s.live_evidence for s in t0.scores.all()}
    # The world's one active community, in the singular.
    assert evidence["kk1-communities"].startswith("1 actieve community, ")
    assert "nodige partijen" in evidence["kk4-partijen"]
    assert evidence["kk1-bereik"].startswith("Bereikte bedrijven sinds de start: ")
    assert "doorverwijzingen" in evidence["kk2-doorverwijzing"]
    assert evidence["kk2-klantreis"] == ""
    with pytest.raises(Conflict):
        services.start_assessment(actor=world.users["regisseur_a"], region=region)
    with pytest.raises(ValidationError):
        services.finalise_assessment(actor=world.users["regisseur_a"], assessment=t0)
    with pytest.raises(ValidationError):
        services.score_assessment(
            actor=world.users["schakel_a"], assessment=t0, scores={"kk1-communities": (5, "")}
        )
    codes = [s.criterion for s in t0.scores.all()]
    services.score_assessment(
        actor=world.users["schakel_a"],
        assessment=t0,
        scores={code: (2, "Eerste meting.") for code in codes},
    )
    services.finalise_assessment(actor=world.users["regisseur_a"], assessment=t0)
    with pytest.raises(Conflict):
        services.score_assessment(
            actor=world.users["schakel_a"], assessment=t0, scores={codes[0]: (3, "")}
        )
    t1 = services.start_assessment(actor=world.users["regisseur_a"], region=region)
    assert t1.label == "tweede ronde"
    services.score_assessment(
        actor=world.users["regisseur_a"],
        assessment=t1,
        scores={"kk1-communities": (4, "Drie nieuwe community's."), "kk6-opruimen": (1, "")},
    )
    rows = {r.criterion.code: r for card in queries.assessment_rows(t1) for r in card.rows}
    assert (rows["kk1-communities"].previous_level, rows["kk1-communities"].change) == (2, 2)
    assert rows["kk6-opruimen"].change == -1
    assert rows["kk2-klantreis"].change is None  # not scored yet in T1


def test_visitation_findings_and_actions_to_done():
    world = build_world()
    visitation = world.visitation
    with pytest.raises(ValidationError):
        services.plan_visitation(
            actor=world.users["regisseur_a"],
            host_region=world.regions["a"],
            date=in_days(3),
            peer_regions=[world.regions["a"]],
        )
    with pytest.raises(PermissionDenied):
        services.record_visitation(
            actor=world.users["schakel_a"], visitation=visitation, findings="x", recommendations=""
        )
    services.record_visitation(
        actor=world.users["regisseur_a"],
        visitation=visitation,
        findings="Sterke communities, maar weinig zicht op resultaten.",
        recommendations="Leg resultaten vast bij elke doorverwijzing.",
    )
    action = services.add_action(
        actor=world.users["landelijk_analist"],
        visitation=visitation,
        description="Resultaten vastleggen in het schakelteam",
        owner="Schakelteam Regio A",
        deadline=in_days(60),
    )
    rows = queries.region_visitations(world.regions["a"])
    assert (rows[0].as_host, rows[0].open_actions, rows[0].done_actions) == (True, 1, 0)
    assert not queries.region_visitations(world.regions["b"])[0].as_host
    with pytest.raises(PermissionDenied):
        services.complete_action(actor=world.users["schakel_b"], action=action)
    services.complete_action(actor=world.users["schakel_a"], action=action)
    rows = queries.region_visitations(world.regions["a"])
    assert (rows[0].open_actions, rows[0].done_actions) == (0, 1)


def test_redo_the_scan_shows_what_changed():
    build_world()
    data = scan_framework()
    answers = {"richting": data["direction_question"]["options"][0]["direction"]}
    answers |= {q["code"]: 0 for q in data["theme_questions"]}
    first_theme = data["theme_questions"][0]["code"]
    earlier = matching_services.create_plan(
        profile=Profile(municipality=Municipality.objects.get(code="GM0193"), employees=12),
        answers=answers,
    )
    later = services.redo_scan(earlier=earlier, answers={**answers, first_theme: 3})
    assert queries.follow_up_of(later).earlier == earlier
    rows = queries.scan_comparison(earlier, later)
    changed = [r for r in rows if r.changed]
    assert len(changed) == 1 and changed[0].question == data["theme_questions"][0]["text"]
    assert later.municipality == earlier.municipality and later.employees == 12


def _referral_events(kind: str, n: int) -> None:
    municipality = Municipality.objects.get(code="GM0193")  # in region A
    for i in range(n):
        monitoring_services.record_outcome_event(
            kind=kind, source=("other.system.referral", f"{kind}-{i}"), municipality=municipality
        )


def test_referral_evidence_shows_the_dashboards_figures():
    """Referrals reported to monitoring (here: from another system, none in casework) are what
    the region's dashboard shows since the start; the self-assessment tells the same."""
    world = build_world()
    region = world.regions["a"]
    _referral_events(OutcomeEventKind.REFERRAL_MADE, 20)
    _referral_events(OutcomeEventKind.REFERRAL_ACCEPTED, 15)
    _referral_events(OutcomeEventKind.REFERRAL_REJECTED, 5)
    t0 = services.start_assessment(actor=world.users["regisseur_a"], region=region)
    evidence = t0.scores.get(criterion="kk2-doorverwijzing").live_evidence
    board = monitoring_queries.figures(
        monitoring_queries.Scope("region", region=region), monitoring_queries.since_start()
    )
    assert board["referrals-made"].display == "20" and board["acceptance-rate"].value == 75
    assert evidence == "Doorverwijzingen sinds de start: 20. Geaccepteerd: 15. Acceptatie: 75%."


def test_reach_evidence_is_reach_against_the_task_and_target_from_monitoring():
    world = build_world()
    region = world.regions["a"]
    municipality = Municipality.objects.get(code="GM0193")
    for i in range(30):
        monitoring_services.record_outcome_event(
            kind=OutcomeEventKind.QUESTION_RECEIVED,
            source=("test.question", str(i)),
            municipality=municipality,
            door="site",
        )
    t0 = services.start_assessment(actor=world.users["regisseur_a"], region=region)
    evidence = t0.scores.get(criterion="kk1-bereik").live_evidence
    board = monitoring_queries.dashboard(
        monitoring_queries.Scope("region", region=region), monitoring_queries.since_start()
    )
    task_share = f"{board.reach_share_of_task}".replace(".", ",").removesuffix(",0")
    target_share = f"{board.reach_share_of_target}".replace(".", ",").removesuffix(",0")
    assert "Volgt" not in evidence
    assert evidence == (
        f"Bereikte bedrijven sinds de start: 30. Als deel van de opgave ({count(board.task_total)} "
        f"bedrijven in het brede mkb): {task_share}%. Als deel van het doel "
        f"({count(board.target)} bedrijven): {target_share}%."
    )


def test_evidence_reads_as_plain_dutch(monkeypatch):
    world = build_world()
    region = world.regions["a"]
    assert evidence.communities(region).startswith("1 actieve community, samen 120 ")
    assert evidence.cleanup_decisions(region) == (
        "Landelijk: 0 besluiten over overlap; daarna is geen aanbod gestopt."
    )
    rows = [SimpleNamespace(retired=[1])]
    monkeypatch.setattr(evidence.landscape_queries, "cleanup_after_decisions", lambda: rows)
    assert evidence.cleanup_decisions(region) == (
        "Landelijk: 1 besluit over overlap; daarna is 1 vorm van aanbod gestopt."
    )
    text = evidence.stakeholders(region)
    assert "Ontbreekt: provincie, KvK, regionale ontwikkelingsmaatschappij (ROM), RVO, " in text
    assert text.endswith(", private partijen.")
