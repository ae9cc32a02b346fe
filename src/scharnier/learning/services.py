"""Every write of the learning cycle: stories and consent, self-assessment rounds, visitations
and their action items, a province's effort, and the entrepreneur's repeated scan."""

import datetime
import hashlib
import secrets
from collections.abc import Iterable, Mapping
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from scharnier.core import mail
from scharnier.core.errors import Conflict
from scharnier.core.links import site_url
from scharnier.geography.models import Province, Region
from scharnier.matching import services as matching_services
from scharnier.matching.models import Plan
from scharnier.matching.queries import Profile
from scharnier.monitoring import queries as monitoring_queries
from scharnier.organisations.models import Organisation

from . import evidence, framework, outcomes, reports
from .models import (
    ActionItem,
    AssessmentStatus,
    CriterionScore,
    HalfYearReport,
    Intervention,
    ProvinceEffort,
    ReportStatus,
    ScanFollowUp,
    SelfAssessment,
    Story,
    StoryStatus,
    Visitation,
    VisitationStatus,
)
from .permissions import Action, require_permission, story_organisation
from .photos import clean_photo

STORY_TEXT_FIELDS = ("title", "entrepreneur", "question", "helpers", "change")
# After confirming, the same link keeps working this long to withdraw consent.
WITHDRAWAL_LINK_DAYS = 365 * 5


def consent_link_days() -> int:
    return int(getattr(settings, "LEARNING_CONSENT_LINK_DAYS", 30))


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# --- Stories ----------------------------------------------------------------------------------
@transaction.atomic
def save_story(
    *, actor, region: Region, data: Mapping[str, Any], story: Story | None = None
) -> Story:
    """Create or change a draft story. `data`: the text fields, consent_email, themes, offers,
    sector, size_class, casework_question, photo (bytes; b"" removes it) and photo_alt."""
    if story is None:
        require_permission(actor, Action.DRAFT_STORY, region)
        story = Story(region=region, created_by=actor)
        organisation_id = story_organisation(actor)
        story.organisation_id = organisation_id
    else:
        require_permission(actor, Action.EDIT_STORY, story)
        story.region = region
    for name in (*STORY_TEXT_FIELDS, "consent_email", "photo_alt"):
        if name in data:
            setattr(story, name, (data[name] or "").strip())
    if "casework_question" in data:
        story.casework_question = data["casework_question"]
    for name in ("sector", "size_class"):
        if name in data:
            setattr(story, name, data[name])
    photo = data.get("photo")
    if photo is not None:
        if photo:
            story.photo, story.photo_type = clean_photo(bytes(photo))
        else:
            story.photo, story.photo_type = None, ""
    if story.photo and not story.photo_alt:
        raise ValidationError(
            {"photo_alt": _("Beschrijf in een zin wat er op de foto staat.")}, code="required"
        )
    story.full_clean(exclude=["themes", "offers", "created_by", "organisation"])
    story.save()
    if "themes" in data:
        story.themes.set(data["themes"])
    if "offers" in data:
        story.offers.set(data["offers"])
    return story


def _mail_consent_link(story: Story, token: str) -> None:
    url = site_url(reverse("learning:consent", args=[token]))
    body = _(
        "Goedendag,\n\n"
        'Wij hebben uw verhaal opgeschreven: "%(title)s".\n'
        "Wilt u het lezen en zeggen of wij het mogen laten zien op onze website?\n\n"
        "%(url)s\n\n"
        "Via dezelfde link kunt u later uw toestemming weer intrekken. "
        "Dan halen wij het verhaal meteen weg.\n"
        "De link werkt %(days)s dagen.\n\n"
        "Met vriendelijke groet,\n"
        "Scharnier\n"
    ) % {"title": story.title, "url": url, "days": consent_link_days()}
    mail.send(
        _("Mogen wij uw verhaal laten zien?"), body, story.consent_email, kind="learning consent"
    )


@transaction.atomic
def request_consent(*, actor, story: Story, notify: bool = True) -> str:
    """Approve a draft: mail the entrepreneur a link to read and confirm it. Returns the token
    (only its hash is stored). `notify=False` only for demo data (no mail to made-up people)."""
    require_permission(actor, Action.REQUEST_CONSENT, story)
    if story.status != StoryStatus.DRAFT:
        raise Conflict(_("Alleen voor een concept kunt u toestemming vragen."))
    if not story.consent_email:
        raise ValidationError(
            {"consent_email": _("Vul het e-mailadres van de ondernemer in.")}, code="required"
        )
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    story.consent_token_hash = hash_token(token)
    story.consent_token_expires_at = now + datetime.timedelta(days=consent_link_days())
    story.status = StoryStatus.CONSENT_REQUESTED
    story.consent_requested_at = now
    story.save()
    if notify:
        transaction.on_commit(lambda: _mail_consent_link(story, token))
    return token


@transaction.atomic
def confirm_consent(*, story: Story) -> Story:
    """The entrepreneur agrees (through the link): the story is published."""
    if story.status != StoryStatus.CONSENT_REQUESTED:
        raise Conflict(_("Dit verhaal wacht niet op uw toestemming."))
    now = timezone.now()
    story.status = StoryStatus.PUBLISHED
    story.published_at = now
    story.consent_token_expires_at = now + datetime.timedelta(days=WITHDRAWAL_LINK_DAYS)
    story.save()
    return story


@transaction.atomic
def withdraw_story(*, story: Story, actor=None, by_entrepreneur: bool = False) -> Story:
    """Consent withdrawn (by the entrepreneur's link, or by staff on their behalf): the story
    leaves every page, API response and export at once and its content is erased."""
    if not by_entrepreneur:
        require_permission(actor, Action.WITHDRAW_STORY, story)
    if story.status == StoryStatus.WITHDRAWN:
        return story
    story.status = StoryStatus.WITHDRAWN
    story.withdrawn_at = timezone.now()
    for name in (*STORY_TEXT_FIELDS, "consent_email", "photo_alt", "consent_token_hash"):
        setattr(story, name, "")
    story.photo, story.photo_type = None, ""
    story.consent_token_expires_at = None
    story.casework_question = None
    story.sector = story.size_class = None
    story.save()
    story.offers.clear()
    drop_story_from_open_reports(story)
    return story


# --- Self-assessment --------------------------------------------------------------------------
def _live(criterion: framework.Criterion, region: Region) -> str:
    return evidence.live_evidence(criterion.evidence, region) if criterion.evidence else ""


@transaction.atomic
def start_assessment(*, actor, region: Region) -> SelfAssessment:
    """A new round (T0 first, then T1, ...), each criterion pre-filled with live evidence."""
    require_permission(actor, Action.SCORE_ASSESSMENT, region)
    rounds = SelfAssessment.objects.select_for_update().filter(region=region)
    if rounds.filter(status=AssessmentStatus.DRAFT).exists():
        raise Conflict(_("Er loopt al een zelfanalyse. Stel die eerst vast."))
    last = rounds.aggregate(last=Max("round"))["last"]
    assessment = SelfAssessment.objects.create(region=region, round=0 if last is None else last + 1)
    CriterionScore.objects.bulk_create(
        CriterionScore(assessment=assessment, criterion=c.code, live_evidence=_live(c, region))
        for c in framework.criteria()
    )
    return assessment


@transaction.atomic
def score_assessment(
    *, actor, assessment: SelfAssessment, scores: Mapping[str, tuple[int | None, str]]
) -> SelfAssessment:
    """Save levels (1-4 or None) and evidence per criterion code; live evidence is refreshed."""
    require_permission(actor, Action.SCORE_ASSESSMENT, assessment.region)
    if assessment.status != AssessmentStatus.DRAFT:
        raise Conflict(_("Deze zelfanalyse is vastgesteld en verandert niet meer."))
    by_code = {c.code: c for c in framework.criteria()}
    errors = {}
    for row in assessment.scores.all():
        criterion = by_code.get(row.criterion)
        if criterion is not None:
            row.live_evidence = _live(criterion, assessment.region)
        if row.criterion in scores:
            level, text = scores[row.criterion]
            if level is not None and level not in (1, 2, 3, 4):
                errors[row.criterion] = _("Kies een niveau van 1 tot en met 4.")
                continue
            row.level, row.evidence = level, (text or "").strip()
            try:
                row.full_clean(exclude=["assessment"])
            except ValidationError as error:
                errors[row.criterion] = " ".join(error.messages)
                continue
        row.save()
    if errors:
        raise ValidationError(errors)
    return assessment


@transaction.atomic
def finalise_assessment(*, actor, assessment: SelfAssessment) -> SelfAssessment:
    require_permission(actor, Action.SCORE_ASSESSMENT, assessment.region)
    if assessment.status != AssessmentStatus.DRAFT:
        raise Conflict(_("Deze zelfanalyse is al vastgesteld."))
    missing = list(assessment.scores.filter(level__isnull=True).values_list("criterion", flat=True))
    if missing:
        raise ValidationError(
            {code: _("Kies een niveau voordat u de zelfanalyse vaststelt.") for code in missing}
        )
    assessment.status = AssessmentStatus.FINAL
    assessment.finalised_at = timezone.now()
    assessment.save()
    return assessment


# --- Peer visitation --------------------------------------------------------------------------
@transaction.atomic
def plan_visitation(
    *,
    actor,
    host_region: Region,
    date: datetime.date,
    peer_regions: Iterable[Region],
    entrepreneurs_organisation: Organisation | None = None,
) -> Visitation:
    require_permission(actor, Action.PLAN_VISITATION, host_region)
    peers = [r for r in peer_regions]
    if not peers:
        raise ValidationError(
            {"peer_regions": _("Kies minstens een andere regio die op bezoek komt.")}
        )
    if any(r.pk == host_region.pk for r in peers):
        raise ValidationError(
            {"peer_regions": _("De regio die bezoek krijgt kan niet ook op bezoek komen.")}
        )
    visitation = Visitation.objects.create(
        host_region=host_region, date=date, entrepreneurs_organisation=entrepreneurs_organisation
    )
    visitation.peer_regions.set(peers)
    return visitation


@transaction.atomic
def record_visitation(
    *, actor, visitation: Visitation, findings: str, recommendations: str
) -> Visitation:
    require_permission(actor, Action.RECORD_VISITATION, visitation)
    visitation.findings = findings.strip()
    visitation.recommendations = recommendations.strip()
    if not visitation.findings:
        raise ValidationError({"findings": _("Schrijf op wat de bezoekers zagen.")})
    visitation.status = VisitationStatus.HELD
    visitation.full_clean(exclude=["peer_regions"])
    visitation.save()
    return visitation


@transaction.atomic
def add_action(
    *, actor, visitation: Visitation, description: str, owner: str, deadline: datetime.date
) -> ActionItem:
    require_permission(actor, Action.RECORD_VISITATION, visitation)
    action = ActionItem(
        visitation=visitation,
        description=description.strip(),
        owner=owner.strip(),
        deadline=deadline,
    )
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def complete_action(*, actor, action: ActionItem, done: bool = True) -> ActionItem:
    require_permission(actor, Action.TRACK_ACTIONS, action.visitation)
    action.done_at = timezone.now() if done else None
    action.save(update_fields=["done_at"])
    return action


# --- Province ---------------------------------------------------------------------------------
@transaction.atomic
def save_province_effort(
    *,
    province: Province,
    way_of_working: str,
    themes: Iterable = (),
    first_line_organisations: Iterable[Organisation] = (),
) -> ProvinceEffort:
    """A province's way of working (data from IPO's contribution, loaded as demo data; no
    page edits it yet)."""
    effort, _created = ProvinceEffort.objects.get_or_create(province=province)
    effort.way_of_working = way_of_working.strip()
    effort.full_clean()
    effort.save()
    effort.themes.set(themes)
    effort.first_line_organisations.set(first_line_organisations)
    return effort


# --- The entrepreneur's own T1 ----------------------------------------------------------------
def first_plan_of(plan: Plan) -> Plan:
    """The firm's first plan: follow the T1 links back (a T2 redoes a T1, and so on)."""
    seen = {plan.pk}
    while link := ScanFollowUp.objects.filter(later=plan).select_related("earlier").first():
        if link.earlier_id in seen:  # never loop on bad data
            break
        plan = link.earlier
        seen.add(plan.pk)
    return plan


@transaction.atomic
def redo_scan(*, earlier: Plan, answers: Mapping[str, Any], count_as_result: bool = False) -> Plan:
    """The scan again, from the earlier plan's link: a new plan linked to the earlier one.

    With the entrepreneur's consent (`count_as_result`) the T1 counts as an outcome of the
    support (monitoring's 'ondersteund'); without it nothing is reported beyond the scan.
    """
    profile = Profile(
        municipality=earlier.municipality,
        employees=earlier.employees,
        sbi_section=earlier.sbi_section,
        company_age_years=earlier.company_age_years,
    )
    first = first_plan_of(earlier)
    later = matching_services.create_plan(profile=profile, answers=answers, subject_plan=first)
    follow_up = ScanFollowUp.objects.create(earlier=earlier, later=later)
    if count_as_result:
        outcomes.scan_redone(follow_up, first)  # counted by monitoring
    return later


# --- Half-year report -------------------------------------------------------------------------
def _period_or_error(code: str):
    period = monitoring_queries.parse_period(code)
    if not code or period is None:
        raise ValidationError({"period": _("Kies een halfjaar, bijvoorbeeld 2026-H1.")})
    if period.start > timezone.localdate():
        raise ValidationError({"period": _("Dit halfjaar is nog niet begonnen.")})
    return period


@transaction.atomic
def start_report(*, actor, region: Region | None, period: str) -> HalfYearReport:
    """Open the report of a region (or, region None, the national roll-up) for a half-year,
    pre-filled from the metric registry; only one version per scope and period is open."""
    require_permission(actor, Action.DRAFT_REPORT, region)
    _period_or_error(period)
    existing = (
        HalfYearReport.objects.select_for_update()
        .filter(region=region, period=period)
        .order_by("-version")
    )
    latest = existing.first()
    if latest is not None:
        if latest.status == ReportStatus.PUBLISHED:
            raise Conflict(
                _(
                    "Deze rapportage is al gepubliceerd. Wilt u iets verbeteren? Maak dan een "
                    "nieuwe versie."
                )  # fmt: skip
            )
        raise Conflict(_("Voor dit halfjaar is er al een rapportage in de maak."))
    return HalfYearReport.objects.create(region=region, period=period, created_by=actor)


@transaction.atomic
def save_report(*, actor, report: HalfYearReport, data: Mapping[str, Any]) -> HalfYearReport:
    """The narrative (progress, lessons, next_steps, correction_note) and the chosen stories."""
    require_permission(actor, Action.EDIT_REPORT, report)
    for name in ("progress", "lessons", "next_steps", "correction_note"):
        if name in data:
            setattr(report, name, (data[name] or "").strip())
    report.full_clean(exclude=["stories", "region", "replaces"])
    report.save()
    if "stories" in data:
        chosen = list(data["stories"])
        if report.region_id is None and chosen:
            raise ValidationError({"stories": _("De landelijke rapportage toont geen verhalen.")})
        allowed = set(
            Story.objects.filter(
                region_id=report.region_id, status=StoryStatus.PUBLISHED
            ).values_list("pk", flat=True)
        )
        if any(story.pk not in allowed for story in chosen):
            raise ValidationError(
                {"stories": _("Kies alleen gepubliceerde verhalen uit deze regio.")}
            )
        report.stories.set(chosen)
    return report


@transaction.atomic
def submit_report(*, actor, report: HalfYearReport) -> HalfYearReport:
    """Send the draft for approval (ter goedkeuring); the narrative must be complete."""
    require_permission(actor, Action.SUBMIT_REPORT, report)
    errors = {}
    messages = {
        "progress": _("Schrijf op welke voortgang de regio maakte."),
        "lessons": _("Schrijf op wat de regio leerde."),
        "next_steps": _("Schrijf op wat de volgende stappen zijn."),
    }
    if report.is_national:
        messages["progress"] = _("Schrijf op welke voortgang het land maakte.")
        messages["lessons"] = _("Schrijf de belangrijkste lessen op.")
    for name, message in messages.items():
        if not getattr(report, name).strip():
            errors[name] = message
    if report.replaces_id and not report.correction_note.strip():
        errors["correction_note"] = _("Schrijf op wat er in deze versie is verbeterd.")
    if errors:
        raise ValidationError(errors)
    return _move_report(
        report, ReportStatus.SUBMITTED, submitted_by=actor, submitted_at=timezone.now()
    )


@transaction.atomic
def approve_report(*, actor, report: HalfYearReport) -> HalfYearReport:
    require_permission(actor, Action.APPROVE_REPORT, report)
    return _move_report(
        report, ReportStatus.APPROVED, approved_by=actor, approved_at=timezone.now()
    )


@transaction.atomic
def return_report(*, actor, report: HalfYearReport) -> HalfYearReport:
    """The approver sends it back: a draft again, to be changed and submitted anew."""
    require_permission(actor, Action.APPROVE_REPORT, report)
    return _move_report(report, ReportStatus.DRAFT, submitted_by=None, submitted_at=None)


def _move_report(report: HalfYearReport, status: str, **fields: Any) -> HalfYearReport:
    """Give the report its next status, with who and when that step was taken."""
    report.status = status
    for name, value in fields.items():
        setattr(report, name, value)
    report.save()
    return report


@transaction.atomic
def publish_report(*, actor, report: HalfYearReport) -> HalfYearReport:
    """Freeze: the snapshot (figures with metric versions, texts, story texts), the HTML and
    the PDF bytes, with their sha256, are written once and never change afterwards."""
    require_permission(actor, Action.PUBLISH_REPORT, report)
    report = HalfYearReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.APPROVED:
        raise Conflict(_("Alleen een goedgekeurde rapportage kan worden gepubliceerd."))
    now = timezone.now()
    snapshot = reports.build(report)
    snapshot["published_at"] = date_format(timezone.localtime(now), "j F Y")
    html = reports.render_html(snapshot, draft=False)
    pdf = reports.render_pdf(html)
    report.snapshot = snapshot
    report.html, report.pdf = html, pdf
    report.html_sha256 = hashlib.sha256(html).hexdigest()
    report.pdf_sha256 = hashlib.sha256(pdf).hexdigest()
    return _move_report(report, ReportStatus.PUBLISHED, published_at=now)


@transaction.atomic
def correct_report(*, actor, report: HalfYearReport) -> HalfYearReport:
    """A correction of a published report: a new draft version with the same texts and stories;
    it goes through approval again and, once published, replaces the earlier version."""
    require_permission(actor, Action.CORRECT_REPORT, report)
    latest = (
        HalfYearReport.objects.select_for_update()
        .filter(region=report.region, period=report.period)
        .order_by("-version")
        .first()
    )
    if latest.pk != report.pk:
        raise Conflict(_("Er is al een nieuwere versie van deze rapportage."))
    correction = HalfYearReport.objects.create(
        region=report.region,
        period=report.period,
        version=report.version + 1,
        replaces=report,
        progress=report.progress,
        lessons=report.lessons,
        next_steps=report.next_steps,
        created_by=actor,
    )
    correction.stories.set(report.stories.filter(status=StoryStatus.PUBLISHED))
    return correction


def drop_story_from_open_reports(story: Story) -> None:
    """A withdrawn consent takes the story out of every report not yet frozen, at once."""
    HalfYearReport.stories.through.objects.filter(story=story).exclude(
        halfyearreport__status=ReportStatus.PUBLISHED
    ).delete()


# --- Interventions ----------------------------------------------------------------------------

INTERVENTION_FIELDS = ("kind", "title", "noticeable", "done_on")


@transaction.atomic
def save_intervention(
    *,
    actor,
    region: Region,
    data: Mapping[str, Any],
    intervention: Intervention | None = None,
) -> Intervention:
    """Record or change an improvement entrepreneurs notice; a date in the future is refused
    (leave it empty while the change is still planned)."""
    require_permission(actor, Action.RECORD_INTERVENTION, region)
    if intervention is not None and intervention.region_id != region.pk:
        raise ValidationError(_("Deze interventie hoort bij een andere regio."))
    item = intervention or Intervention(region=region, recorded_by=actor)
    for name in INTERVENTION_FIELDS:
        value = data.get(name)
        setattr(item, name, value.strip() if isinstance(value, str) else value)
    errors: dict[str, list[str]] = {}
    if item.done_on and item.done_on > timezone.localdate():
        errors["done_on"] = [
            _(
                "Deze datum ligt in de toekomst. Laat de datum leeg zolang de verandering nog "
                "niet is doorgevoerd."
            )
        ]
    if len(item.noticeable) > 1000:
        errors["noticeable"] = [_("Gebruik maximaal 1000 tekens.")]
    try:
        item.full_clean(exclude=["region", "recorded_by"])
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if errors:
        raise ValidationError(errors)
    item.updated_at = timezone.now()
    item.save()
    return item


def remove_intervention(*, actor, intervention: Intervention) -> None:
    require_permission(actor, Action.RECORD_INTERVENTION, intervention.region)
    intervention.delete()
