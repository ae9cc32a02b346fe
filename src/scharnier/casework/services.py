"""Write operations on questions and referrals. Views, API, admin and commands all call these.

Each service checks permission, checks the lifecycle (`workflow`), writes, and records a
`CaseEvent`; e-mails go out only after the transaction commits.
"""

import datetime
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from scharnier.catalog.models import Direction, Offer, SbiSection, Theme
from scharnier.core import clock
from scharnier.core.validation import (
    EMAIL_INVALID,
    bounded_text_problem,
    campaign_code,
    kvk_problem,
    phone_problem,
    text_problem,
    too_short_to_understand,
    whole_number,
)
from scharnier.geography.models import Municipality, Region
from scharnier.organisations.models import Organisation
from scharnier.organisations.permissions import Action as OrganisationAction
from scharnier.organisations.permissions import require_permission as require_org_permission

from . import notifications, outcomes, permissions
from .consent import CONSENT_TEXTS, CURRENT_CONSENT_VERSION
from .deadlines import first_answer_due, referral_due
from .links import status_token
from .models import (
    OPEN_REFERRAL_STATUSES,
    AccessChannel,
    CaseEvent,
    Consent,
    ConsentPurpose,
    Door,
    EventKind,
    Feedback,
    Note,
    Outcome,
    PersonalDataAccess,
    ProviderClosure,
    Question,
    QuestionStatus,
    Referral,
    ReferralStatus,
    RegionCaseworkSettings,
    RegionClosure,
    Urgency,
)
from .workflow import (
    TransitionNotAllowed,
    check_question_transition,
    check_referral_transition,
    referral_action,
)

# Unambiguous characters for references read aloud on the phone (no 0/O, 1/I/L).
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


# --- helpers -------------------------------------------------------------------------------

# Said by the service and by the API's field (which also documents the rule in its schema).
OFFER_OF_OTHER_PROVIDER = gettext_lazy(
    "Dit aanbod is van een andere aanbieder. Kies het aanbod of de aanbieder opnieuw."
)

QUESTION_TOO_SHORT = gettext_lazy(
    "Schrijf iets meer over uw vraag, zodat een adviseur weet waar het over gaat."
)


def _new_reference() -> str:
    return "VR-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(7))


def _event(
    question: Question, kind: str, actor=None, referral=None, old="", new="", kvk_number=""
) -> CaseEvent:
    event = CaseEvent.objects.create(
        question=question,
        referral=referral,
        kind=kind,
        from_status=old,
        to_status=new,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        at=clock.now(),
    )
    outcomes.report(event, question, referral, kvk_number)  # counted by monitoring
    return event


def _require_handler(actor, question: Question) -> None:
    if not permissions.can_handle_question(actor, question):
        raise PermissionDenied(_("U behandelt deze vraag niet."))


def _locked(question: Question) -> Question:
    """Re-read the question under a row lock so that concurrent actions queue up."""
    return Question.objects.select_for_update().get(pk=question.pk)


def _mark_first_response(question: Question, now: datetime.datetime) -> None:
    if question.first_response_at is None:
        question.first_response_at = now


def _set_question_status(question: Question, target: str, actor, now) -> None:
    old = question.status
    check_question_transition(old, target)
    question.status = target
    if target == QuestionStatus.CLOSED:
        question.closed_at = now


# --- entry through any door ----------------------------------------------------------------


@dataclass(frozen=True)
class FirmProfile:
    """What is known about the firm behind a question (None or "": not known)."""

    employees: int | None = None
    sbi_section: str = ""
    company_age_years: int | None = None
    direction: str = ""


def _known_parts(profile: FirmProfile) -> FirmProfile:
    """The parts of `profile` that the intake would accept; a part it would refuse is left out
    (a question is never lost over a detail of the firm's profile)."""
    values = {
        "direction": profile.direction or "",
        "employees": profile.employees,
        "sbi_section": (profile.sbi_section or "").lower(),
        "company_age_years": profile.company_age_years,
    }
    errors = _intake_errors(
        themes=[],
        theme_codes=[],
        underlying_need="",
        direction=values["direction"],
        employees=values["employees"],
        sbi_section=values["sbi_section"],
        age=values["company_age_years"],
        kvk="",
    )
    for name in errors:
        values[name] = "" if isinstance(values[name], str) else None
    return FirmProfile(**values)


@dataclass(frozen=True)
class SubmittedQuestion:
    question: Question
    status_token: str


def question_input_errors(
    *,
    door: str,
    text: str,
    email: str = "",
    phone: str = "",
    consent_purposes: list[str] | tuple[str, ...] = (),
    consent_version: str = CURRENT_CONSENT_VERSION,
    contact_name: str = "",
    company_name: str = "",
) -> dict[str, list[str]]:
    """The checks on a new question's input per field; pages use them to report all at once."""
    errors: dict[str, list[str]] = {}
    text = (text or "").strip()
    email = (email or "").strip()
    phone = (phone or "").strip()
    if door not in Door.values:
        errors["door"] = [_("Onbekende ingang.")]
    # At the staff door a team member types what the entrepreneur said: messages name them.
    staff = door == Door.STAFF
    if not text:
        errors["text"] = [
            _("Schrijf de vraag van de ondernemer op. Een paar zinnen is genoeg.")
            if staff
            else _("Schrijf uw vraag op. Een paar zinnen is genoeg.")
        ]
    elif too_short_to_understand(text):
        errors["text"] = [
            _(
                "Schrijf iets meer over de vraag van de ondernemer, zodat een adviseur weet "
                "waar het over gaat."
            )
            if staff
            else str(QUESTION_TOO_SHORT)
        ]
    for field, value, multiline in (
        ("text", text, True),
        ("contact_name", contact_name or "", False),
        ("company_name", company_name or "", False),
        ("phone", phone, False),
    ):
        problem = text_problem(value, multiline=multiline)
        if problem:
            errors.setdefault(field, []).append(problem)
    if not email and not phone:
        errors["email"] = [
            _("Vul een e-mailadres of telefoonnummer van de ondernemer in.")
            if staff
            else _("Vul een e-mailadres of telefoonnummer in, zodat we u kunnen bereiken.")
        ]
    if phone and "phone" not in errors and (problem := phone_problem(phone)):
        errors["phone"] = [problem]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [str(EMAIL_INVALID)]
    if ConsentPurpose.HANDLING not in consent_purposes:
        errors["consent"] = [
            _(
                "Zonder toestemming van de ondernemer kunnen we de vraag niet behandelen. Vraag "
                "het, lees de tekst voor en vink het vakje aan."
            )
            if staff
            else _("Zonder uw toestemming kunnen we uw vraag niet behandelen. Vink het vakje aan.")
        ]
    unknown = set(consent_purposes) - set(ConsentPurpose.values)
    if unknown or consent_version not in CONSENT_TEXTS:
        errors["consent"] = [_("Deze toestemming kennen we niet. Laad de pagina opnieuw.")]
    return errors


def submit_question(
    *,
    door: str,
    municipality: Municipality,
    text: str,
    contact_name: str = "",
    email: str = "",
    phone: str = "",
    company_name: str = "",
    consent_purposes: list[str] | tuple[str, ...] = (),
    consent_version: str = CURRENT_CONSENT_VERSION,
    actor=None,
    plan_reference: str = "",
    theme_codes: list[str] | tuple[str, ...] = (),
    kvk_number: str = "",
    campaign: str = "",
    firm_profile: FirmProfile | None = None,
) -> SubmittedQuestion:
    """Record a question from any door and route it to the municipality's region.

    `actor` is the staff member entering it after a conversation (door STAFF), else None.
    A municipality in no region routes to the national queue (handled by administrators).
    `kvk_number` (optional) only goes to monitoring, as a keyed hash; it is not stored here.
    `campaign` is the code of the outreach campaign whose link was followed (kept if well
    formed, else dropped: a mistyped link must not cost the entrepreneur the question).
    `firm_profile`: what the entrepreneur already told about the firm (the toekomstscan); the
    intake starts from it.
    """
    text = (text or "").strip()
    email = (email or "").strip()
    phone = (phone or "").strip()
    errors = question_input_errors(
        door=door,
        text=text,
        email=email,
        phone=phone,
        consent_purposes=consent_purposes,
        consent_version=consent_version,
        contact_name=contact_name,
        company_name=company_name,
    )
    kvk_number = (kvk_number or "").strip()
    if kvk_problem(kvk_number):
        errors["kvk_number"] = kvk_problem(kvk_number)
    if door == Door.STAFF and not permissions.is_casework_staff(actor):
        raise PermissionDenied(_("Alleen schakelteam-medewerkers voeren vragen in."))
    profile = _known_parts(firm_profile or FirmProfile())
    if errors:
        raise ValidationError(errors)

    region = Region.objects.filter(municipalities=municipality).order_by("pk").first()
    now = clock.now()
    with transaction.atomic():
        question = Question(
            door=door,
            plan_reference=plan_reference,
            campaign_code=campaign_code(campaign),
            municipality=municipality,
            region=region,
            contact_name=contact_name.strip(),
            company_name=company_name.strip(),
            email=email,
            phone=phone,
            text=text,
            submitted_at=now,
            response_due_at=first_answer_due(region, now),
            created_by=actor if door == Door.STAFF else None,
            direction=profile.direction,
            employees=profile.employees,
            sbi_section=profile.sbi_section,
            company_age_years=profile.company_age_years,
        )
        question.full_clean(exclude=["reference", "response_due_at"])
        for _attempt in range(5):
            question.reference = _new_reference()
            try:
                with transaction.atomic():
                    question.save()
                break
            except IntegrityError:
                question.pk = None
        else:  # pragma: no cover - 31^7 references make this practically impossible
            raise RuntimeError("no free question reference")
        if theme_codes:
            question.themes.set(Theme.objects.filter(code__in=list(theme_codes)))
        Consent.objects.bulk_create(
            Consent(question=question, purpose=p, text_version=consent_version, given_at=now)
            for p in sorted(set(consent_purposes))
        )
        _event(question, EventKind.SUBMITTED, actor, new=question.status, kvk_number=kvk_number)
        token = status_token(question)
        transaction.on_commit(lambda: notifications.question_received(question, token))
        region_id = question.region_id
        transaction.on_commit(lambda: notify_staff_of_new_questions(region_id))
    return SubmittedQuestion(question=question, status_token=token)


# --- schakelteam ---------------------------------------------------------------------------


@transaction.atomic
def triage_question(*, actor, question: Question, theme_codes: list[str], urgency: str) -> Question:
    question = _locked(question)
    _require_handler(actor, question)
    if urgency not in Urgency.values:
        raise ValidationError({"urgency": [_("Kies een urgentie uit de lijst.")]})
    themes = list(Theme.objects.filter(code__in=list(theme_codes)))
    if len(themes) != len(set(theme_codes)):
        raise ValidationError({"themes": [_("Een of meer thema's bestaan niet.")]})
    if not themes:
        raise ValidationError({"themes": [_("Kies minstens één thema.")]})
    now = clock.now()
    old = question.status
    if question.status == QuestionStatus.CLOSED:
        raise TransitionNotAllowed(_("Deze vraag is afgesloten. U kunt haar niet meer beoordelen."))
    unchanged = (
        question.status != QuestionStatus.NEW
        and question.urgency == urgency
        and set(question.themes.values_list("pk", flat=True)) == {t.pk for t in themes}
    )
    if unchanged:  # saved again as it was: nothing happened, so no line in the history
        return question
    if question.status == QuestionStatus.NEW:
        _set_question_status(question, QuestionStatus.TRIAGED, actor, now)
    question.urgency = urgency
    _mark_first_response(question, now)
    question.save(update_fields=["status", "urgency", "first_response_at"])
    question.themes.set(themes)
    _event(question, EventKind.TRIAGED, actor=actor, old=old, new=question.status)
    return question


INTAKE_NEED_MAX_CHARS = 2000
INTAKE_MAX_EMPLOYEES = 1_000_000
INTAKE_MAX_AGE_YEARS = 500


def _intake_errors(
    *, themes, theme_codes, underlying_need, direction, employees, sbi_section, age, kvk
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if len(themes) != len(set(theme_codes)):
        errors["underlying_themes"] = [_("Een of meer thema's bestaan niet.")]
    problem = bounded_text_problem(underlying_need, INTAKE_NEED_MAX_CHARS)
    if problem:
        errors["underlying_need"] = [problem]
    if direction and not Direction.objects.filter(code=direction).exists():
        errors["direction"] = [_("Kies een richting uit de lijst.")]
    for name, value, limit in (
        ("employees", employees, INTAKE_MAX_EMPLOYEES),
        ("company_age_years", age, INTAKE_MAX_AGE_YEARS),
    ):
        if value is None:
            continue
        try:
            whole_number(value, min_value=0, max_value=limit)
        except ValidationError as error:
            errors[name] = error.messages
    if sbi_section and not SbiSection.objects.filter(code=sbi_section).exists():
        errors["sbi_section"] = [_("Kies een sector uit de lijst.")]
    problem = kvk_problem(kvk)
    if problem:
        errors["kvk_number"] = [problem]
    return errors


@transaction.atomic
def record_intake(
    *,
    actor,
    question: Question,
    underlying_theme_codes: list[str] = (),
    underlying_need: str = "",
    direction: str = "",
    employees: int | None = None,
    sbi_section: str = "",
    company_age_years: int | None = None,
    kvk_number: str = "",
) -> Question:
    """The intake: the question behind the question and the firm's profile.

    What the firm asks (the triage themes) can differ from what it needs (the underlying
    themes); the profile makes matching's eligibility verdicts exact. The KvK number only goes
    to monitoring as a keyed hash (one firm counted once); it is not kept here. Saving the same
    intake again records nothing.
    """
    question = _locked(question)
    _require_handler(actor, question)
    if question.status == QuestionStatus.CLOSED:
        raise TransitionNotAllowed(
            _("Deze vraag is afgesloten. U kunt de intake niet meer wijzigen.")
        )
    if question.is_anonymised:
        raise TransitionNotAllowed(_("De gegevens van deze vraag zijn verwijderd."))
    underlying_need = (underlying_need or "").strip()
    direction = (direction or "").strip()
    sbi_section = (sbi_section or "").strip()
    kvk_number = (kvk_number or "").strip()
    themes = list(Theme.objects.filter(code__in=list(underlying_theme_codes)))
    errors = _intake_errors(
        themes=themes,
        theme_codes=underlying_theme_codes,
        underlying_need=underlying_need,
        direction=direction,
        employees=employees,
        sbi_section=sbi_section,
        age=company_age_years,
        kvk=kvk_number,
    )
    if errors:
        raise ValidationError(errors)
    values = {
        "underlying_need": underlying_need,
        "direction": direction,
        # Checked whole numbers; a caller may have sent 12.0 or "12".
        "employees": None if employees is None else int(whole_number(employees)),
        "sbi_section": sbi_section,
        "company_age_years": None
        if company_age_years is None
        else int(whole_number(company_age_years)),
    }
    if not any(v not in ("", None) for v in values.values()) and not themes and not kvk_number:
        raise ValidationError({"__all__": [_("Vul minstens één onderdeel van de intake in.")]})
    same = (
        question.intake_at is not None
        and all(getattr(question, name) == value for name, value in values.items())
        and set(question.underlying_themes.values_list("pk", flat=True)) == {t.pk for t in themes}
        and not kvk_number
    )
    if same:
        return question
    for name, value in values.items():
        setattr(question, name, value)
    question.intake_at = clock.now()
    question.save(update_fields=[*values, "intake_at"])
    question.underlying_themes.set(themes)
    _event(question, EventKind.INTAKE, actor=actor, kvk_number=kvk_number)
    return question


@transaction.atomic
def add_note(*, actor, question: Question, text: str) -> Note:
    _require_handler(actor, question)
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": [_("Een lege notitie kunt u niet opslaan.")]})
    if question.is_anonymised:
        raise TransitionNotAllowed(_("De gegevens van deze vraag zijn verwijderd."))
    note = Note.objects.create(question=question, author=actor, text=text, created_at=clock.now())
    _event(question, EventKind.NOTE, actor=actor, old=question.status, new=question.status)
    return note


@transaction.atomic
def refer_question(
    *,
    actor,
    question: Question,
    message: str,
    organisation: Organisation | None = None,
    offer: Offer | None = None,
) -> Referral:
    """Refer to a provider (or to one of its offers) with a warm handover message."""
    question = _locked(question)
    _require_handler(actor, question)
    if offer is not None:
        if organisation is not None and organisation.pk != offer.provider_id:
            raise ValidationError({"offer": [OFFER_OF_OTHER_PROVIDER]})
        organisation = offer.provider
    if organisation is None:
        raise ValidationError({"organisation": [_("Kies een aanbieder of een aanbod.")]})
    message = (message or "").strip()
    if not message:
        raise ValidationError(
            {"message": [_("Schrijf een kort overdrachtsbericht voor de aanbieder.")]}
        )
    if question.referrals.filter(
        organisation=organisation, offer=offer, status__in=OPEN_REFERRAL_STATUSES
    ).exists():
        raise ValidationError(
            {"organisation": [_("Deze vraag loopt al bij deze aanbieder (en dit aanbod).")]}
        )
    now = clock.now()
    old = question.status
    if question.status != QuestionStatus.REFERRED:
        _set_question_status(question, QuestionStatus.REFERRED, actor, now)
    question.returned = False
    _mark_first_response(question, now)
    question.save(update_fields=["status", "returned", "first_response_at"])
    referral = Referral.objects.create(
        question=question,
        organisation=organisation,
        offer=offer,
        handover_message=message,
        created_by=actor,
        created_at=now,
        updated_at=now,
        response_due_at=referral_due(question.region, organisation, now),
    )
    _event(question, EventKind.REFERRED, actor, referral, old=old, new=question.status)
    transaction.on_commit(lambda: notifications.question_referred(referral))
    return referral


@transaction.atomic
def close_question(*, actor, question: Question, outcome: str) -> Question:
    question = _locked(question)
    _require_handler(actor, question)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": [_("Kies een uitkomst uit de lijst.")]})
    if question.referrals.filter(status__in=OPEN_REFERRAL_STATUSES).exists():
        raise TransitionNotAllowed(
            _("Er lopen nog doorverwijzingen. Trek die eerst in of wacht tot ze klaar zijn.")
        )
    # "Helped by a provider" counts in the region's results: only after a finished referral.
    if outcome == Outcome.HELPED and not provider_helped(question):
        raise ValidationError({"outcome": [HELPED_WITHOUT_REFERRAL]})
    _close(question, actor, outcome)
    return question


HELPED_WITHOUT_REFERRAL = gettext_lazy(
    "Een aanbieder heeft deze vraag nog niet afgerond. Kies 'Direct beantwoord' als u de "
    "ondernemer zelf hielp, of verwijs eerst door."
)


def provider_helped(question: Question) -> bool:
    """Whether a provider finished a referral of this question."""
    return question.referrals.filter(status=ReferralStatus.COMPLETED).exists()


def _close(question: Question, actor, outcome: str) -> None:
    now = clock.now()
    old = question.status
    _set_question_status(question, QuestionStatus.CLOSED, actor, now)
    question.outcome = outcome
    _mark_first_response(question, now)
    question.save(update_fields=["status", "outcome", "closed_at", "first_response_at"])
    _event(question, EventKind.CLOSED, actor=actor, old=old, new=question.status)
    if outcome != Outcome.WITHDRAWN:
        transaction.on_commit(lambda: notifications.question_closed(question))


@transaction.atomic
def reroute_question(*, actor, question: Question, region: Region) -> Question:
    """Move a question to another region's inbox (e.g. from the national queue)."""
    question = _locked(question)
    _require_handler(actor, question)
    if question.status == QuestionStatus.CLOSED:
        raise TransitionNotAllowed(_("Een afgesloten vraag kunt u niet meer doorsturen."))
    question.region = region
    question.save(update_fields=["region"])
    _event(question, EventKind.REROUTED, actor=actor, old=question.status, new=question.status)
    return question


@transaction.atomic
def set_region_sla(
    *, actor, region: Region, working_days: int, referral_days: int | None = None
) -> RegionCaseworkSettings:
    """Change the region's terms: for a first answer, and for a provider to say whether it
    takes up a referral (None: the same as for a first answer). The regional director decides."""
    if actor is not None:
        require_org_permission(actor, OrganisationAction.CHANGE_REGION, region)
    errors = {}
    if not 1 <= int(working_days) <= 60:
        errors["sla_working_days"] = [_("Kies tussen 1 en 60 werkdagen.")]
    if referral_days is not None and not 1 <= int(referral_days) <= 60:
        errors["referral_working_days"] = [_("Kies tussen 1 en 60 werkdagen.")]
    if errors:
        raise ValidationError(errors)
    row, _created = RegionCaseworkSettings.objects.update_or_create(
        region=region,
        defaults={
            "sla_working_days": int(working_days),
            "referral_working_days": None if referral_days is None else int(referral_days),
        },
    )
    return row


# Longer closures are not a closure but a region without a schakelteam: its questions belong
# in the national queue or with a neighbour (`reroute_question`).
CLOSURE_MAX_DAYS = 31
CLOSURE_PLANNED_AHEAD_DAYS = 366


def _checked_closure(
    existing: models.QuerySet, starts_on: datetime.date, ends_on: datetime.date, reason: str
) -> str:
    """The reason, stripped, once the days make a closure next to `existing` (locked);
    otherwise a ValidationError per field, in words the person who typed them understands."""
    reason = reason.strip()
    errors: dict[str, list[str]] = {}
    today = timezone.localdate(clock.now())
    if ends_on < starts_on:
        errors["ends_on"] = [_("De laatste dag ligt voor de eerste dag. Kies een latere datum.")]
    elif ends_on < today:
        errors["ends_on"] = [_("Deze dagen zijn al voorbij. Kies een datum vanaf vandaag.")]
    elif (ends_on - starts_on).days + 1 > CLOSURE_MAX_DAYS:
        errors["ends_on"] = [
            _("Een sluiting duurt hoogstens %(days)s dagen.") % {"days": CLOSURE_MAX_DAYS}
        ]
    if starts_on > today + datetime.timedelta(days=CLOSURE_PLANNED_AHEAD_DAYS):
        errors["starts_on"] = [_("Plan een sluiting hoogstens een jaar vooruit.")]
    problem = text_problem(reason, multiline=False)
    if problem:
        errors["reason"] = [problem]
    if errors:
        raise ValidationError(errors)
    clash = (
        existing.select_for_update()
        .filter(starts_on__lte=ends_on, ends_on__gte=starts_on)
        .order_by("starts_on")
        .first()
    )
    if clash is not None:
        raise ValidationError(
            {
                "starts_on": [
                    _(
                        "Deze dagen vallen samen met de sluiting van %(start)s tot en met "
                        "%(end)s. Kies andere dagen, of haal die sluiting eerst weg."
                    )
                    % {
                        "start": date_format(clash.starts_on, "j F Y"),
                        "end": date_format(clash.ends_on, "j F Y"),
                    }
                ]
            }
        )
    return reason


@transaction.atomic
def add_region_closure(
    *, actor, region: Region, starts_on: datetime.date, ends_on: datetime.date, reason: str = ""
) -> RegionClosure:
    """Days the schakelteam is closed. Questions that arrive from now on get a term without
    them; a question that arrived earlier keeps the date it was promised."""
    if actor is not None:
        require_org_permission(actor, OrganisationAction.CHANGE_REGION, region)
    reason = _checked_closure(
        RegionClosure.objects.filter(region=region), starts_on, ends_on, reason
    )
    closure = RegionClosure(
        region=region, starts_on=starts_on, ends_on=ends_on, reason=reason, created_at=clock.now()
    )
    closure.full_clean()
    closure.save()
    return closure


@transaction.atomic
def remove_region_closure(*, actor, closure: RegionClosure) -> None:
    """Take a closure away (the team opens after all); terms already given stay as they are."""
    if actor is not None:
        require_org_permission(actor, OrganisationAction.CHANGE_REGION, closure.region)
    closure.delete()


@transaction.atomic
def add_provider_closure(
    *,
    actor,
    organisation: Organisation,
    starts_on: datetime.date,
    ends_on: datetime.date,
    reason: str = "",
) -> ProviderClosure:
    """Days a provider is closed. Referrals made from now on get a term to take them up
    without these days; the schakelteam sees them when it chooses a provider."""
    if actor is not None:
        require_org_permission(actor, OrganisationAction.CHANGE_ORGANISATION, organisation)
    reason = _checked_closure(
        ProviderClosure.objects.filter(organisation=organisation), starts_on, ends_on, reason
    )
    closure = ProviderClosure(
        organisation=organisation,
        starts_on=starts_on,
        ends_on=ends_on,
        reason=reason,
        created_at=clock.now(),
    )
    closure.full_clean()
    closure.save()
    return closure


@transaction.atomic
def remove_provider_closure(*, actor, closure: ProviderClosure) -> None:
    """Take a provider's closure away; terms already given stay as they are."""
    if actor is not None:
        require_org_permission(actor, OrganisationAction.CHANGE_ORGANISATION, closure.organisation)
    closure.delete()


# --- providers -----------------------------------------------------------------------------


@transaction.atomic
def transition_referral(
    *, actor, referral: Referral, action: str, reason: str = "", result: str = ""
) -> Referral:
    """Move a referral along its lifecycle. Concurrent calls queue on the row lock and the
    second one sees the new status (and is refused if its step no longer applies)."""
    step = referral_action(action)
    # Lock question first, then referral: the same order everywhere avoids deadlocks.
    question = _locked(referral.question)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    referral.question = question
    if step.by_provider:
        if not permissions.can_act_as_provider(actor, referral):
            raise PermissionDenied(_("Deze doorverwijzing is niet aan uw organisatie gericht."))
    else:
        _require_handler(actor, question)
    check_referral_transition(referral.status, step)
    reason = (reason or "").strip()
    result = (result or "").strip()
    if step.target == ReferralStatus.REJECTED and not reason:
        raise ValidationError({"reason": [_("Schrijf kort op waarom u deze vraag afwijst.")]})
    if step.target == ReferralStatus.COMPLETED and not result:
        raise ValidationError({"result": [_("Schrijf kort op wat het resultaat is.")]})
    now = clock.now()
    old = referral.status
    referral.status = step.target
    referral.updated_at = now
    if step.target == ReferralStatus.REJECTED:
        referral.reject_reason = reason
    if step.target == ReferralStatus.COMPLETED:
        referral.result = result
    referral.save(update_fields=["status", "updated_at", "reject_reason", "result"])
    _event(question, EventKind(step.target), actor, referral, old=old, new=referral.status)
    _after_referral_change(question, referral, actor)
    return referral


def _after_referral_change(question: Question, referral: Referral, actor) -> None:
    """Keep the question's status in step with its referrals."""
    if question.status != QuestionStatus.REFERRED:
        return
    statuses = set(question.referrals.values_list("status", flat=True))
    if statuses & set(OPEN_REFERRAL_STATUSES):
        return
    if ReferralStatus.COMPLETED in statuses:
        # The last open referral is done: the question is answered.
        _close(question, actor, Outcome.HELPED)
        return
    # Every referral was rejected or withdrawn: back to the referrer's inbox.
    old = question.status
    _set_question_status(question, QuestionStatus.TRIAGED, actor, clock.now())
    question.returned = True
    question.save(update_fields=["status", "returned"])
    _event(question, EventKind.RETURNED, actor, referral, old=old, new=question.status)
    if referral.status == ReferralStatus.REJECTED:
        transaction.on_commit(lambda: notifications.referral_rejected(referral))


def remind_overdue_referrals(*, now: datetime.datetime | None = None) -> int:
    """Once per referral, when the provider let its term pass without accepting or declining:
    remind the provider and tell who referred (Celery beat runs this daily). Returns how many."""
    now = now or clock.now()
    overdue = Referral.objects.filter(
        status=ReferralStatus.SENT,
        response_due_at__lt=now,
        reminded_at__isnull=True,
        question__status=QuestionStatus.REFERRED,
    ).select_related("question", "organisation", "created_by")
    reminded = 0
    for referral in overdue:
        # Claimed by the update, so that two runs at once remind once.
        if Referral.objects.filter(pk=referral.pk, reminded_at__isnull=True).update(
            reminded_at=now
        ):
            notifications.referral_overdue(referral)
            reminded += 1
    return reminded


# --- the entrepreneur ----------------------------------------------------------------------


@transaction.atomic
def give_feedback(*, question: Question, score: Any, comment: str = "") -> Feedback:
    question = _locked(question)
    if question.status != QuestionStatus.CLOSED:
        raise TransitionNotAllowed(_("U kunt uw mening geven als uw vraag is afgesloten."))
    if Feedback.objects.filter(question=question).exists():
        raise TransitionNotAllowed(_("U heeft uw mening al gegeven. Dank u wel!"))
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = -1
    if not 0 <= score <= 10:
        raise ValidationError({"score": [_("Kies een cijfer van 0 tot en met 10.")]})
    feedback = Feedback.objects.create(
        question=question, score=score, comment=(comment or "").strip()[:2000], given_at=clock.now()
    )
    _event(question, EventKind.FEEDBACK, old=question.status, new=question.status)
    return feedback


def record_personal_data_access(*, question: Question, user, channel: str) -> None:
    """Audit: every read of a question's personal data leaves a row."""
    PersonalDataAccess.objects.create(
        question=question,
        user=user if getattr(user, "is_authenticated", False) else None,
        channel=channel,
    )


def export_personal_data(question: Question) -> dict[str, Any]:
    """Everything we hold about the entrepreneur for this question (download via status link)."""
    record_personal_data_access(question=question, user=None, channel=AccessChannel.EXPORT)
    return {
        "referentie": question.reference,
        "ingediend_op": question.submitted_at.isoformat(),
        "ingang": question.door,
        "gemeente": question.municipality.name,
        "naam": question.contact_name,
        "bedrijfsnaam": question.company_name,
        "e-mailadres": question.email,
        "telefoonnummer": question.phone,
        "vraag": question.text,
        "status": question.status,
        "uitkomst": question.outcome,
        "toestemmingen": [
            {
                "doel": c.purpose,
                "tekst": CONSENT_TEXTS.get(c.text_version, {}).get(c.purpose, ""),
                "versie": c.text_version,
                "gegeven_op": c.given_at.isoformat(),
                "ingetrokken_op": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
            }
            for c in question.consents.order_by("purpose")
        ],
        "doorverwijzingen": [
            {"aanbieder": r.organisation.name, "status": r.status, "op": r.created_at.isoformat()}
            for r in question.referrals.select_related("organisation").order_by("created_at")
        ],
        "feedback": (
            {"cijfer": question.feedback.score, "toelichting": question.feedback.comment}
            if hasattr(question, "feedback")
            else None
        ),
        "inzage": [
            {"op": a.at.isoformat(), "via": a.channel} for a in question.accesses.order_by("at")
        ],
    }


@transaction.atomic
def request_deletion(*, question: Question) -> Question:
    """The entrepreneur asks to delete their data: open work is withdrawn, data anonymised now."""
    question = _locked(question)
    if question.is_anonymised:
        return question
    now = clock.now()
    question.deletion_requested_at = now
    question.save(update_fields=["deletion_requested_at"])
    _event(question, EventKind.DELETION_REQUESTED, old=question.status, new=question.status)
    for referral in question.referrals.filter(status__in=OPEN_REFERRAL_STATUSES):
        old = referral.status
        referral.status = ReferralStatus.WITHDRAWN
        referral.updated_at = now
        referral.save(update_fields=["status", "updated_at"])
        _event(question, EventKind.WITHDRAWN, None, referral, old=old, new=referral.status)
    if question.status != QuestionStatus.CLOSED:
        _close(question, None, Outcome.WITHDRAWN)
    Consent.objects.filter(question=question, withdrawn_at__isnull=True).update(withdrawn_at=now)
    _anonymise(question, now)
    return question


# --- retention -----------------------------------------------------------------------------


def _anonymise(question: Question, now) -> None:
    for name in Question.PERSONAL_FIELDS:
        setattr(question, name, "")
    question.anonymised_at = now
    question.save(update_fields=[*Question.PERSONAL_FIELDS, "anonymised_at"])
    Note.objects.filter(question=question).update(text="")
    Referral.objects.filter(question=question).update(
        handover_message="", reject_reason="", result=""
    )
    Feedback.objects.filter(question=question).update(comment="")
    _event(question, EventKind.ANONYMISED, old=question.status, new=question.status)


def retention_months() -> int:
    return int(getattr(settings, "CASEWORK_RETENTION_MONTHS", 24))


def retention_cutoff(now: datetime.datetime, months: int) -> datetime.datetime:
    year, month = divmod(now.month - 1 - months, 12)
    year += now.year
    month += 1
    day = min(now.day, 28)  # good enough for a retention boundary; never a later month
    return now.replace(year=year, month=month, day=day)


def anonymise_closed_questions(*, now=None, months: int | None = None) -> int:
    """Blank personal data of questions closed longer ago than the retention period.

    Keeps municipality, region, themes, door, status, outcome, dates and feedback scores:
    everything monitoring aggregates need.
    """
    now = now or clock.now()
    cutoff = retention_cutoff(now, retention_months() if months is None else months)
    ids = list(
        Question.objects.filter(
            status=QuestionStatus.CLOSED, closed_at__lt=cutoff, anonymised_at__isnull=True
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            question = Question.objects.select_for_update().get(pk=pk)
            if question.anonymised_at is None:
                _anonymise(question, now)
    return len(ids)


# --- status links ----------------------------------------------------------------------------


@transaction.atomic
def revoke_status_links(*, question: Question) -> Question:
    """Make every status link given out so far stop working (a new one can be requested)."""
    Question.objects.filter(pk=question.pk).update(
        status_link_version=models.F("status_link_version") + 1
    )
    question.refresh_from_db(fields=["status_link_version"])
    return question


def send_fresh_status_link(*, reference: str, email: str) -> bool:
    """Mail a new status link to the address the question was asked with.

    Returns whether a mail goes out; callers must not tell the user (no probing which
    references or addresses exist).
    """
    reference = (reference or "").strip().upper()
    email = (email or "").strip()
    if not reference or not email:
        return False
    question = (
        Question.objects.filter(
            reference=reference, email__iexact=email, anonymised_at__isnull=True
        )
        .select_related("municipality")
        .first()
    )
    if question is None:
        return False
    token = status_token(question)
    transaction.on_commit(lambda: notifications.status_link_requested(question, token))
    return True


# --- staff mail about new questions: bursts become one list ---------------------------------


def _queue(region_id: int | None):
    if region_id is None:
        return Question.objects.filter(region__isnull=True)
    return Question.objects.filter(region_id=region_id)


def notify_staff_of_new_questions(region_id: int | None, *, now=None) -> int:
    """Tell a queue's staff about questions they have not been told about, at most once per
    CASEWORK_STAFF_MAIL_WINDOW_MINUTES: the first question of a quiet period goes out at once,
    the ones that follow wait and go together in one mail (see `flush_staff_notifications`).
    Returns the number of questions mailed about."""
    now = now or clock.now()
    window = datetime.timedelta(minutes=int(settings.CASEWORK_STAFF_MAIL_WINDOW_MINUTES))
    queue = _queue(region_id)
    last = queue.aggregate(last=models.Max("staff_notified_at"))["last"]
    if last is not None and now - last < window:
        return 0
    pending = list(queue.filter(staff_notified_at__isnull=True).order_by("submitted_at", "pk"))
    if not pending:
        return 0
    # Claim them; a concurrent caller that claimed first leaves nothing here.
    claimed = queue.filter(pk__in=[q.pk for q in pending], staff_notified_at__isnull=True).update(
        staff_notified_at=now
    )
    if claimed != len(pending):
        pending = list(queue.filter(pk__in=[q.pk for q in pending], staff_notified_at=now))
    if pending:
        notifications.new_questions_for_staff(region_id, pending)
    return len(pending)


def flush_staff_notifications(*, now=None) -> int:
    """Send the waiting lists whose window has passed (run every few minutes by beat)."""
    region_ids = (
        Question.objects.filter(staff_notified_at__isnull=True)
        .values_list("region_id", flat=True)
        .distinct()
    )
    return sum(notify_staff_of_new_questions(region_id, now=now) for region_id in set(region_ids))
