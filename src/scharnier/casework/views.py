"""Casework pages: the doors for entrepreneurs, the schakelteam inbox, the provider's referrals.

Views stay thin: they read forms, call services and show the result. Objects a user may not
see answer 404, so that nobody can probe which references exist.
"""

import datetime
import json
import logging
from functools import partial, wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from scharnier.catalog.models import Theme
from scharnier.core import ratelimit
from scharnier.core.forms import add_service_errors
from scharnier.core.security import embeddable
from scharnier.core.validation import CAMPAIGN_PARAMETER, campaign_code
from scharnier.geography.models import Municipality, Region
from scharnier.matching.casework_help import referral_help
from scharnier.organisations.models import Organisation
from scharnier.organisations.permissions import Action as OrganisationAction
from scharnier.organisations.permissions import (
    directed_regions,
    has_permission,
    staffed_regions,
)
from scharnier.organisations.queries import organisations_receiving_referrals

from . import intakes, permissions, queries, services
from .deadlines import closure_in_term, provider_closure_in_term, terms_of
from .forms import (
    PROVIDER_CLOSURE_AHEAD,
    CloseForm,
    ClosureForm,
    CompleteForm,
    FeedbackForm,
    FirstAnswerTermForm,
    IntakeForm,
    NoteForm,
    ProviderClosureForm,
    QuestionForm,
    ReferralForm,
    RejectForm,
    StatusLinkRequestForm,
    TriageForm,
    closed_days_label,
)
from .links import status_link_max_age_seconds, token_hash
from .models import (
    AccessChannel,
    Door,
    Feedback,
    ProviderClosure,
    Question,
    QuestionStatus,
    Referral,
    ReferralStatus,
    RegionClosure,
    Urgency,
)
from .workflow import TransitionNotAllowed, allowed_referral_actions

logger = logging.getLogger(__name__)

# Service error keys that are named differently on the question form.
_FORM_FIELD_OF = {"consent": "consent_handling"}


def _add_errors(form, error: ValidationError | dict) -> None:
    """Put a service's errors on the form (unknown fields become form errors); the form's own
    message for a field stays the only one."""
    add_service_errors(form, error, names=_FORM_FIELD_OF, once_per_field=True)


# --- doors for the entrepreneur ------------------------------------------------------------


def _submit(request: HttpRequest, form: QuestionForm, door: str, actor=None):
    if not form.is_valid():
        # Add the service's checks too, so that every error shows in one round.
        data = form.cleaned_data
        _add_errors(
            form,
            services.question_input_errors(
                door=door,
                text=data.get("text", ""),
                email=data.get("email", ""),
                phone=data.get("phone", ""),
                consent_purposes=form.consent_purposes(),
                consent_version=data.get("consent_version", ""),
                contact_name=data.get("contact_name", ""),
                company_name=data.get("company_name", ""),
            ),
        )
        return None
    if actor is None:
        # Anonymous doors: per IP and per e-mail address (429 page when over the limit).
        ratelimit.enforce(request, "questions", email=form.cleaned_data["email"])
    try:
        return services.submit_question(
            door=door,
            municipality=form.cleaned_data["municipality"],
            text=form.cleaned_data["text"],
            contact_name=form.cleaned_data["contact_name"],
            company_name=form.cleaned_data["company_name"],
            email=form.cleaned_data["email"],
            phone=form.cleaned_data["phone"],
            consent_purposes=form.consent_purposes(),
            consent_version=form.cleaned_data["consent_version"],
            actor=actor,
            kvk_number=form.cleaned_data.get("kvk_number", ""),
            campaign=request.POST.get(CAMPAIGN_PARAMETER, "") if actor is None else "",
        )
    except ValidationError as error:
        _add_errors(form, error)
        return None


def _carried_over(request: HttpRequest) -> dict:
    """A question carried over from the instant matching page, as the form's initial values."""
    initial = {}
    text = request.GET.get("vraag", "").strip()[:5000]
    if text:
        initial["text"] = text
    code = request.GET.get("gemeente", "").strip().upper()
    if code:
        municipality = Municipality.objects.filter(code=code).first()
        if municipality is not None:
            initial["municipality"] = municipality.pk
    return initial


@require_http_methods(["GET", "POST"])
def ask(request: HttpRequest) -> HttpResponse:
    """The site's own door; `?vraag=...&gemeente=<CBS code>` fills it in (from /vraag/)."""
    form = QuestionForm(request.POST or None, initial=_carried_over(request))
    if request.method == "POST":
        submitted = _submit(request, form, Door.SITE)
        if submitted:
            messages.success(
                request,
                _(
                    "Uw vraag is verstuurd. Uw referentie is %(ref)s. "
                    "Bewaar de link van deze pagina."
                )
                % {"ref": submitted.question.reference},
            )
            return redirect("casework:status", token=submitted.status_token)
    status = 400 if form.is_bound else 200
    data = request.POST if request.method == "POST" else request.GET
    campaign = campaign_code(data.get(CAMPAIGN_PARAMETER))
    return render(request, "casework/ask.html", {"form": form, "campaign": campaign}, status=status)


# The one page meant to be embedded in a regional portal's or municipality's iframe. Inside a
# cross-site iframe the browser withholds the (SameSite=Lax) CSRF cookie, so the form could
# never be posted; CSRF protects nothing here anyway: the form only adds a new question, which
# anyone may do without an account (also through the API). Framing: see `embeddable`.
@csrf_exempt
@embeddable
@require_http_methods(["GET", "POST"])
def embed(request: HttpRequest) -> HttpResponse:
    form = QuestionForm(request.POST or None)
    submitted = None
    if request.method == "POST":
        submitted = _submit(request, form, Door.EMBED)
    context = {
        "form": form,
        "submitted": submitted,
        "closure": closure_in_term(submitted.question) if submitted else None,
        "status_url": (
            request.build_absolute_uri(reverse("casework:status", args=[submitted.status_token]))
            if submitted
            else ""
        ),
    }
    status = 400 if form.is_bound and not submitted else 200
    return render(request, "casework/embed.html", context, status=status)


class _LinkGoneError(Exception):
    def __init__(self, state: str):
        self.state = state


def _question_for_token(token: str) -> Question:
    state, question = queries.status_link_state(token)
    if state == "invalid":
        raise Http404(_("Deze link klopt niet."))
    if state != "valid":
        logger.info("status link %s: %s", state, token_hash(token))
        raise _LinkGoneError(state)
    return question


def _status_link(view):
    """Expired or revoked status links get a Dutch page (410) that offers a fresh link."""

    @wraps(view)
    def wrapper(request: HttpRequest, token: str, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, token, *args, **kwargs)
        except _LinkGoneError as gone:
            return render(
                request,
                "casework/status_gone.html",
                {"state": gone.state, "days": status_link_max_age_seconds() // 86400},
                status=410,
            )

    return wrapper


def _status_page(request, token: str, question: Question, feedback_form=None, status=200):
    if not question.is_anonymised:
        services.record_personal_data_access(
            question=question, user=None, channel=AccessChannel.STATUS_LINK
        )
    feedback = Feedback.objects.filter(question=question).first()
    waiting = question.first_response_at is None and question.status != QuestionStatus.CLOSED
    return render(
        request,
        "casework/status.html",
        {
            "question": question,
            "token": token,
            # In the entrepreneur's words; staff notes stay internal.
            "events": queries.entrepreneur_history(question),
            "helpers": queries.entrepreneur_helpers(question),
            "status_words": queries.entrepreneur_status(question),
            # Until the first answer: when they will hear from us (or that it takes longer).
            "waiting": waiting,
            "overdue": waiting and question.response_due_at < timezone.now(),
            "closure": closure_in_term(question) if waiting else None,
            "feedback": feedback,
            "feedback_form": feedback_form
            or (FeedbackForm() if question.status == QuestionStatus.CLOSED else None),
            "consents": question.consents.order_by("purpose"),
            "link_days": status_link_max_age_seconds() // 86400,
        },
        status=status,
    )


@_status_link
@require_GET
def status(request: HttpRequest, token: str) -> HttpResponse:
    return _status_page(request, token, _question_for_token(token))


@_status_link
@require_POST
def status_feedback(request: HttpRequest, token: str) -> HttpResponse:
    question = _question_for_token(token)
    form = FeedbackForm(request.POST)
    if form.is_valid():
        try:
            services.give_feedback(
                question=question,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            _add_errors(form, error)
        except TransitionNotAllowed as refused:
            messages.error(request, refused.message)
            return redirect("casework:status", token=token)
        else:
            messages.success(request, _("Dank u wel voor uw mening!"))
            return redirect("casework:status", token=token)
    return _status_page(request, token, question, feedback_form=form, status=400)


@_status_link
@require_GET
def status_export(request: HttpRequest, token: str) -> HttpResponse:
    question = _question_for_token(token)
    data = services.export_personal_data(question)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="mijn-gegevens-{question.reference}.json"'
    )
    return response


@_status_link
@require_http_methods(["GET", "POST"])
def status_delete(request: HttpRequest, token: str) -> HttpResponse:
    question = _question_for_token(token)
    if request.method == "POST":
        services.request_deletion(question=question)
        messages.success(request, _("Uw gegevens zijn verwijderd. Uw vraag is gestopt."))
        return redirect("casework:status", token=token)
    return render(request, "casework/status_delete.html", {"question": question, "token": token})


@_status_link
@require_POST
def status_revoke(request: HttpRequest, token: str) -> HttpResponse:
    """The entrepreneur stops this link (e.g. after sharing it by mistake)."""
    question = _question_for_token(token)
    services.revoke_status_links(question=question)
    messages.success(
        request,
        _("De link werkt niet meer. Een nieuwe link vraagt u aan op deze pagina."),
    )
    return redirect("casework:status-request")


@ratelimit.rate_limited("status-link-request")
@require_http_methods(["GET", "POST"])
def status_request(request: HttpRequest) -> HttpResponse:
    """Ask for a fresh status link by e-mail (reference + the address the question came from)."""
    form = StatusLinkRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.send_fresh_status_link(
            reference=form.cleaned_data["reference"], email=form.cleaned_data["email"]
        )
        # The same answer whether or not the question exists: nobody can probe references.
        messages.success(
            request,
            _(
                "Als de referentie en het e-mailadres bij een vraag horen, krijgt u binnen een "
                "paar minuten een e-mail met een nieuwe link."
            ),
        )
        return redirect("casework:status-request")
    status = 400 if form.errors else 200
    return render(request, "casework/status_request.html", {"form": form}, status=status)


# --- schakelteam ---------------------------------------------------------------------------


def _require_staff(request: HttpRequest) -> None:
    if not permissions.is_casework_staff(request.user):
        raise PermissionDenied(_("Deze pagina is voor schakelteam-medewerkers."))


@login_required
@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    _require_staff(request)
    choices = queries.inbox_regions(request.user)
    keys = [key for key, _label in choices]
    key = request.GET.get("regio") or keys[0]
    if key not in keys:
        raise Http404(_("Deze inbox bestaat niet of is niet van u."))
    filters = queries.InboxFilters(
        status=request.GET.get("status", ""),
        theme=request.GET.get("thema", ""),
        urgency=request.GET.get("urgentie", ""),
        sla=request.GET.get("termijn", ""),
        reference=request.GET.get("referentie", ""),
        returned=request.GET.get("teruggekomen") == "1",
    )
    page = Paginator(queries.inbox(request.user, key, filters), 50).get_page(
        request.GET.get("pagina")
    )
    now = timezone.now()
    rows = [(q, queries.sla_state(q, now), (now - q.submitted_at).days) for q in page.object_list]
    region = Region.objects.filter(slug=key).first() if key != queries.NATIONAL_QUEUE else None
    closures = queries.closures_ahead(region) if region else []
    soon = timezone.localdate(now) + CLOSURE_NOTICE_AHEAD
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "casework/inbox.html",
        {
            "choices": choices,
            "current": key,
            # One reverse() instead of one per row keeps a 50-row page cheap.
            "day_label": _("dag"),
            "days_label": _("dagen"),
            "question_url": reverse("casework:question", args=["REF"]).removesuffix("REF/"),
            "current_label": dict(choices)[key],
            "filters": filters,
            "region": region,
            # A closure going on or coming soon: the team knows why terms are later.
            "closure": next((c for c in closures if c.starts_on <= soon), None),
            # Said above the filters: questions past their term for a first answer, and
            # referrals a provider let pass their term (those need a call); not on the page
            # that lists them already.
            "late_count": _count_unless_shown(request.user, key, filters, "te-laat"),
            "provider_late_count": _count_unless_shown(
                request.user, key, filters, "aanbieder-te-laat"
            ),
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "statuses": QuestionStatus.choices,
            "themes": Theme.objects.order_by("position", "label"),
            "urgencies": Urgency.choices,
        },
    )


CLOSURE_NOTICE_AHEAD = datetime.timedelta(days=14)


def _count_unless_shown(user, key: str, filters: queries.InboxFilters, sla: str) -> int:
    if filters.sla == sla:
        return 0
    return queries.inbox(user, key, queries.InboxFilters(sla=sla)).count()


@login_required
@require_http_methods(["GET", "POST"])
def staff_entry(request: HttpRequest) -> HttpResponse:
    """Entering a question after a conversation (phone, visit, meeting)."""
    _require_staff(request)
    form = QuestionForm(
        request.POST or None, staff=True, home_regions=queries.handled_regions(request.user)
    )
    if request.method == "POST":
        submitted = _submit(request, form, Door.STAFF, actor=request.user)
        if submitted:
            messages.success(
                request,
                _("Vraag %(ref)s is ingevoerd. De ondernemer krijgt de statuslink per e-mail.")
                % {"ref": submitted.question.reference},
            )
            question = submitted.question
            if permissions.can_handle_question(request.user, question):
                return redirect("casework:question", reference=question.reference)
            return redirect("casework:inbox")
    return render(
        request, "casework/staff_entry.html", {"form": form}, status=400 if form.is_bound else 200
    )


def _handled_question(request: HttpRequest, reference: str) -> Question:
    question = queries.question_by_reference(reference)
    if question is None or not permissions.can_handle_question(request.user, question):
        raise Http404(_("Deze vraag bestaat niet of u behandelt haar niet."))
    return question


def _with_closures(help_):
    """Mark each suggested provider that is closed now or soon, as the referral form does."""
    if help_ is None:
        return None
    closed_soon = queries.providers_closed_soon(PROVIDER_CLOSURE_AHEAD)
    for suggestion in help_.providers:
        closure = closed_soon.get(suggestion.organisation.pk)
        label = closed_days_label(closure) if closure else ""
        offer_providers = [m.offer.provider for m in suggestion.offers]
        for organisation in [suggestion.organisation, *offer_providers]:
            organisation.closed_label = label
    return help_


def _question_page(request, question: Question, bound: dict | None = None, status=200):
    bound = bound or {}
    if not question.is_anonymised:
        services.record_personal_data_access(
            question=question, user=request.user, channel=AccessChannel.PAGE
        )
    referrals = list(queries.referrals_of(question))
    receiving = organisations_receiving_referrals(r.organisation_id for r in referrals)
    for referral in referrals:
        referral.withdrawable = "withdraw" in allowed_referral_actions(
            referral.status, by_provider=False
        )
        referral.unreceived = referral.organisation_id not in receiving
        referral.closure_in_term = (
            provider_closure_in_term(referral) if referral.awaits_provider else None
        )
    closed = question.status == QuestionStatus.CLOSED
    declined = {r.organisation_id for r in referrals if r.status == ReferralStatus.REJECTED}
    return render(
        request,
        "casework/question.html",
        {
            "question": question,
            "sla": queries.sla_state(question),
            "referrals": referrals,
            "events": queries.timeline(question),
            "notes": question.notes.select_related("author").order_by("created_at"),
            "closed": closed,
            "triage_form": bound.get("triage")
            or TriageForm(
                initial={
                    "themes": [t.code for t in question.themes.all()],
                    "urgency": question.urgency,
                }
            ),
            "intake_form": bound.get("intake") or IntakeForm.for_question(question),
            "note_form": bound.get("note") or NoteForm(),
            "referral_form": bound.get("referral")
            or ReferralForm(question=question, suggested_offer=request.GET.get("aanbod")),
            "close_form": bound.get("close")
            or CloseForm(provider_helped=services.provider_helped(question)),
            # Matching's suggestions for a referral (themes, offers, providers).
            "matching_help": None if closed else _with_closures(referral_help(question, declined)),
            # The refused form, so the page title starts with "Fout:".
            "form": next(iter(bound.values()), None),
        },
        status=status,
    )


@login_required
@require_GET
def question_detail(request: HttpRequest, reference: str) -> HttpResponse:
    return _question_page(request, _handled_question(request, reference))


@login_required
@require_POST
def question_action(request: HttpRequest, reference: str, step: str) -> HttpResponse:
    question = _handled_question(request, reference)
    forms = {
        "beoordelen": ("triage", TriageForm(request.POST)),
        "intake": ("intake", IntakeForm(request.POST)),
        "notitie": ("note", NoteForm(request.POST)),
        "doorverwijzen": ("referral", ReferralForm(request.POST, question=question)),
        "afsluiten": (
            "close",
            CloseForm(request.POST, provider_helped=services.provider_helped(question)),
        ),
    }
    if step not in forms:
        raise Http404()
    name, form = forms[step]
    if form.is_valid():
        data = form.cleaned_data
        try:
            if name == "triage":
                services.triage_question(
                    actor=request.user,
                    question=question,
                    theme_codes=[t.code for t in data["themes"]],
                    urgency=data["urgency"],
                )
                done = _("De vraag is beoordeeld.")
            elif name == "intake":
                services.record_intake(
                    actor=request.user,
                    question=question,
                    underlying_theme_codes=[t.code for t in data["underlying_themes"]],
                    underlying_need=data["underlying_need"],
                    direction=data["direction"],
                    employees=data["employees"],
                    sbi_section=data["sbi_section"],
                    company_age_years=data["company_age_years"],
                    kvk_number=data["kvk_number"],
                )
                done = _("De intake is opgeslagen.")
            elif name == "note":
                services.add_note(actor=request.user, question=question, text=data["text"])
                done = _("De notitie is opgeslagen.")
            elif name == "referral":
                referral = services.refer_question(
                    actor=request.user,
                    question=question,
                    organisation=data["organisation"],
                    offer=data["offer"],
                    message=data["message"],
                )
                done = _("De vraag is doorverwezen naar %(org)s.") % {
                    "org": referral.organisation.name
                }
                if not organisations_receiving_referrals([referral.organisation_id]):
                    # The handover mail reached nobody: the referrer has to call.
                    messages.warning(
                        request,
                        _(
                            "Let op: bij %(org)s ontvangt niemand doorverwijzingen in "
                            "Scharnier. Neem zelf contact op met de aanbieder."
                        )
                        % {"org": referral.organisation.name},
                    )
            else:
                services.close_question(
                    actor=request.user, question=question, outcome=data["outcome"]
                )
                done = _("De vraag is afgesloten.")
        except ValidationError as error:
            _add_errors(form, error)
        except TransitionNotAllowed as refused:
            messages.error(request, refused.message)
            return redirect("casework:question", reference=question.reference)
        else:
            messages.success(request, done)
            return redirect("casework:question", reference=question.reference)
    question.refresh_from_db()
    return _question_page(request, question, bound={name: form}, status=400)


def _referral(public_id) -> Referral:
    referral = (
        Referral.objects.select_related("question", "question__municipality", "organisation")
        .filter(public_id=public_id)
        .first()
    )
    if referral is None:
        raise Http404(_("Deze doorverwijzing bestaat niet."))
    return referral


@login_required
@require_http_methods(["GET", "POST"])
def referral_withdraw(request: HttpRequest, public_id) -> HttpResponse:
    """GET asks to confirm (what happens, "Ja, intrekken" or back); POST withdraws."""
    referral = _referral(public_id)
    if not permissions.can_handle_question(request.user, referral.question):
        raise Http404(_("Deze doorverwijzing bestaat niet."))
    if request.method == "GET":
        return render(
            request,
            "casework/referral_withdraw.html",
            {
                "referral": referral,
                "question": referral.question,
                "withdrawable": "withdraw"
                in allowed_referral_actions(referral.status, by_provider=False),
            },
        )
    try:
        services.transition_referral(actor=request.user, referral=referral, action="withdraw")
    except TransitionNotAllowed as refused:
        messages.error(request, refused.message)
    else:
        messages.success(request, _("De doorverwijzing is ingetrokken."))
    return redirect("casework:question", reference=referral.question.reference)


@login_required
@require_GET
def satisfaction(request: HttpRequest) -> HttpResponse:
    """NPS per region and per provider; groups under the minimum count are not shown."""
    _require_staff(request)
    return render(
        request,
        "casework/satisfaction.html",
        {
            "regions": queries.nps_by_region(),
            "providers": queries.nps_by_provider(),
            "response_times": queries.provider_response_times(),
            "minimum": queries.MIN_AGGREGATE_COUNT,
        },
    )


@login_required
@require_GET
def intake_overview(request: HttpRequest) -> HttpResponse:
    """What lies behind the questions, in aggregate: per region or over all regions."""
    if not permissions.sees_casework_figures(request.user):
        raise PermissionDenied(
            _("Deze pagina is voor schakelteams, regionale regisseurs en landelijk analisten.")
        )
    regions = intakes.regions_with_intakes()
    slug = request.GET.get("regio", "")
    region = next((r for r in regions if r.slug == slug), None)
    return render(
        request,
        "casework/intake_overview.html",
        {
            "overview": intakes.intake_overview(region),
            "regions": regions,
            "current": region.slug if region else "",
            "unknown_region": bool(slug) and region is None,
            "has_inbox": permissions.is_casework_staff(request.user),
            "minimum": queries.MIN_AGGREGATE_COUNT,
        },
    )


# --- providers -----------------------------------------------------------------------------


@login_required
@require_GET
def referrals(request: HttpRequest) -> HttpResponse:
    organisation_ids = permissions.provider_organisation_ids(request.user)
    if not organisation_ids:
        raise PermissionDenied(_("Deze pagina is voor medewerkers van aanbieders."))
    status = request.GET.get("status", "open")
    if status not in ("open", "alle", *ReferralStatus.values):
        status = "alle"  # what the query shows for an unknown filter
    page = Paginator(queries.provider_referrals(request.user, status), 50).get_page(
        request.GET.get("pagina")
    )
    if status == "open":
        empty = _("Geen open doorverwijzingen.")
    elif status == "alle":
        empty = _("Nog geen doorverwijzingen voor uw organisatie.")
    else:
        empty = _("Geen doorverwijzingen met de status '%(status)s'.") % {
            "status": ReferralStatus(status).label
        }
    return render(
        request,
        "casework/referrals.html",
        {
            "page": page,
            "status": status,
            "statuses": ReferralStatus.choices,
            "empty": empty,
            # With one organisation the column would only repeat the user's own.
            "show_organisation": len(organisation_ids) > 1,
            "organisations": Organisation.objects.filter(pk__in=organisation_ids).order_by("name"),
        },
    )


CLOSURE_FORMS = ("sluiting", "weghalen")


def _change_closures(request, which: str, form, *, add, remove, closures) -> bool:
    """The two closure forms of a page with closing days: "sluiting" adds one from `form`
    (errors stay on the form), "weghalen" removes one of `closures` by its posted id.
    True when done (the page redirects), False when the form shows what to correct."""
    if which == "weghalen":
        pk = request.POST.get("sluiting", "")
        remove(closure=get_object_or_404(closures, pk=int(pk) if pk.isdigit() else 0))
        messages.success(request, _("De sluiting is weggehaald."))
        return True
    if not form.is_valid():
        return False
    try:
        add(**form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return False
    messages.success(request, _("De sluiting is opgeslagen."))
    return True


@login_required
@require_http_methods(["GET", "POST"])
def provider_closures(request: HttpRequest, slug: str) -> HttpResponse:
    """The days a provider is closed: its own editors (and the administrator) keep them, so
    that a referral's term skips them and the schakelteam sees them when choosing."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not has_permission(request.user, OrganisationAction.CHANGE_ORGANISATION, organisation):
        raise PermissionDenied(_("Deze pagina is voor de medewerkers van deze organisatie."))
    form = ProviderClosureForm()
    if request.method == "POST":
        which = request.POST.get("formulier")
        if which in CLOSURE_FORMS:
            form = ProviderClosureForm(request.POST if which == "sluiting" else None)
            done = _change_closures(
                request,
                which,
                form,
                add=partial(
                    services.add_provider_closure, actor=request.user, organisation=organisation
                ),
                remove=partial(services.remove_provider_closure, actor=request.user),
                closures=ProviderClosure.objects.filter(organisation=organisation),
            )
            if done:
                return redirect("casework:provider-closures", slug=organisation.slug)
        else:
            raise Http404()
    return render(
        request,
        "casework/provider_closures.html",
        {
            "organisation": organisation,
            "closures": queries.provider_closures_ahead(organisation),
            "form": form,
            "receives_referrals": organisation.pk
            in permissions.provider_organisation_ids(request.user),
        },
        status=400 if form.errors else 200,
    )


def _referral_page(request, referral: Referral, bound: dict | None = None, status=200):
    bound = bound or {}
    question = referral.question
    show_personal = permissions.can_view_question(request.user, question) and not (
        question.is_anonymised
    )
    if show_personal:
        services.record_personal_data_access(
            question=question, user=request.user, channel=AccessChannel.PAGE
        )
    actions = allowed_referral_actions(referral.status, by_provider=True)
    return render(
        request,
        "casework/referral.html",
        {
            "referral": referral,
            "question": question,
            "show_personal": show_personal,
            "actions": actions,
            "events": referral.events.select_related("actor").order_by("at", "pk"),
            "reject_form": bound.get("reject") or RejectForm(),
            "complete_form": bound.get("complete") or CompleteForm(),
            "form": next(iter(bound.values()), None),
        },
        status=status,
    )


@login_required
@require_GET
def referral_detail(request: HttpRequest, public_id) -> HttpResponse:
    referral = _referral(public_id)
    if not permissions.can_act_as_provider(request.user, referral):
        raise Http404(_("Deze doorverwijzing bestaat niet."))
    return _referral_page(request, referral)


_PROVIDER_STEPS = {
    "accepteren": ("accept", None),
    "afwijzen": ("reject", RejectForm),
    "contact": ("record_contact", None),
    "afronden": ("complete", CompleteForm),
}


@login_required
@require_POST
def referral_action(request: HttpRequest, public_id, step: str) -> HttpResponse:
    referral = _referral(public_id)
    if not permissions.can_act_as_provider(request.user, referral):
        raise Http404(_("Deze doorverwijzing bestaat niet."))
    if step not in _PROVIDER_STEPS:
        raise Http404()
    action, form_class = _PROVIDER_STEPS[step]
    form = form_class(request.POST) if form_class else None
    if form is None or form.is_valid():
        data = form.cleaned_data if form else {}
        try:
            services.transition_referral(
                actor=request.user,
                referral=referral,
                action=action,
                reason=data.get("reason", ""),
                result=data.get("result", ""),
            )
        except ValidationError as error:
            if form is None:
                messages.error(request, " ".join(error.messages))
                return redirect("casework:referral", public_id=referral.public_id)
            _add_errors(form, error)
        except TransitionNotAllowed as refused:
            messages.error(request, refused.message)
            return redirect("casework:referral", public_id=referral.public_id)
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect("casework:referral", public_id=referral.public_id)
    key = "reject" if action == "reject" else "complete"
    referral.refresh_from_db()
    return _referral_page(request, referral, bound={key: form}, status=400)


# --- the region's term and closing days ------------------------------------------------------


@login_required
@require_GET
def my_region_terms(request: HttpRequest) -> HttpResponse:
    """The menu's "Termijnen": the page of the region this user directs."""
    regions = Region.objects.filter(pk__in=directed_regions(request.user)).order_by("name")
    region = regions.first()
    if region is None:
        raise PermissionDenied(_("Deze pagina is voor de regisseur van een regio."))
    return redirect("casework:region-terms", slug=region.slug)


@login_required
@require_http_methods(["GET", "POST"])
def region_terms(request: HttpRequest, slug: str) -> HttpResponse:
    """The term for a first answer and the days the schakelteam is closed. The regional
    director changes them; the region's schakelteam reads them."""
    region = get_object_or_404(Region, slug=slug)
    may_change = has_permission(request.user, OrganisationAction.CHANGE_REGION, region)
    if not may_change and region.pk not in staffed_regions(request.user):
        raise PermissionDenied(_("Deze pagina is voor het team van deze regio."))
    terms = terms_of(region)
    term_form = FirstAnswerTermForm(
        initial={
            "sla_working_days": terms.first_answer,
            "referral_working_days": terms.own_referral,
        }
    )
    closure_form = ClosureForm()
    if request.method == "POST":
        if not may_change:
            raise PermissionDenied(_("Alleen de regisseur van de regio wijzigt dit."))
        which = request.POST.get("formulier")
        if which == "termijn":
            term_form = FirstAnswerTermForm(request.POST)
            if term_form.is_valid():
                try:
                    services.set_region_sla(
                        actor=request.user,
                        region=region,
                        working_days=term_form.cleaned_data["sla_working_days"],
                        referral_days=term_form.cleaned_data["referral_working_days"],
                    )
                except ValidationError as error:
                    add_service_errors(term_form, error)
                else:
                    messages.success(request, _("De termijn is opgeslagen."))
                    return redirect("casework:region-terms", slug=region.slug)
        elif which in CLOSURE_FORMS:
            closure_form = ClosureForm(request.POST if which == "sluiting" else None)
            done = _change_closures(
                request,
                which,
                closure_form,
                add=partial(services.add_region_closure, actor=request.user, region=region),
                remove=partial(services.remove_region_closure, actor=request.user),
                closures=RegionClosure.objects.filter(region=region),
            )
            if done:
                return redirect("casework:region-terms", slug=region.slug)
        else:
            raise Http404()
    failed = bool(term_form.errors or closure_form.errors)
    return render(
        request,
        "casework/region_terms.html",
        {
            "region": region,
            "may_change": may_change,
            "terms": terms,
            "closures": queries.closures_ahead(region),
            "handles_questions": region.pk in permissions.handled_region_ids(request.user),
            "term_form": term_form,
            "closure_form": closure_form,
        },
        status=400 if failed else 200,
    )
