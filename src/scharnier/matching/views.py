"""Entrepreneur pages: ask a question, take the toekomstscan, read and share the plan."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from scharnier.catalog.models import Theme
from scharnier.communities.queries import communities_to_join
from scharnier.core import ratelimit
from scharnier.core.forms import add_service_errors
from scharnier.core.security import embeddable
from scharnier.core.validation import CAMPAIGN_PARAMETER, campaign_code
from scharnier.learning.queries import stories_like

from . import life_events, scan, services
from .forms import HandoverForm, MunicipalityForm, ProfileForm, QuestionForm, ScanForm
from .matcher import match
from .models import Plan
from .queries import (
    Profile,
    add_regional_notes,
    communities_for,
    meetings_near,
    meetings_to_meet,
    municipality_by_code,
    peer_comparison,
    regions_of,
    stories_to_read,
)
from .text import looks_english

PLAN_OFFERS_PER_QUESTION = 3
# Ranked per question before the offers without its theme are left out.
PLAN_CANDIDATES_PER_QUESTION = 10


def question(request: HttpRequest) -> HttpResponse:
    """GET form (shareable URL, no CSRF needed): question + profile -> results."""
    form = QuestionForm(request.GET or None)
    result = None
    adviser_query = ""
    meetings, region = [], None
    stories, story_region, communities = [], None, []
    regional_team = False
    if form.is_bound and form.is_valid():
        ratelimit.enforce(request, "matches")
        result = match(form.cleaned_data["vraag"], form.profile())
        add_regional_notes([result.entry_point, *result.matches], result.profile.municipality)
        # Outside the rolled-out regions a national team reads the question (casework routing):
        # the page must not promise "het schakelteam in uw regio".
        asker_regions = regions_of(result.profile.municipality)
        regional_team = bool(asker_regions)
        meetings, region = meetings_to_meet(result)
        communities = communities_for(result)
        stories = stories_to_read(result)
        story_region = asker_regions[0] if asker_regions else None
        # The adviser form (casework) takes the question over: no typing it twice.
        adviser_query = urlencode(
            {"vraag": form.cleaned_data["vraag"], "gemeente": form.cleaned_data["gemeente"]}
        )
    return render(
        request,
        "matching/question.html",
        {
            "form": form,
            "result": result,
            "adviser_query": adviser_query,
            "meetings": meetings,
            "meeting_region": region,
            "communities": communities,
            "stories": stories,
            "story_region": story_region,
            "regional_team": regional_team,
            "in_english": result is not None and looks_english(form.cleaned_data["vraag"]),
        },
    )


def life_event_list(request: HttpRequest) -> HttpResponse:
    return render(request, "matching/life_events.html", {"events": life_events.life_events()})


def life_event_detail(request: HttpRequest, code: str) -> HttpResponse:
    """One life event's help per journey phase, for the firm's municipality when chosen."""
    event = life_events.life_event(code)
    if event is None:
        raise Http404("no such life event")
    form = MunicipalityForm(request.GET if "gemeente" in request.GET else None)
    municipality = None
    if form.is_bound and form.is_valid():
        municipality = municipality_by_code(form.cleaned_data["gemeente"])
    query = urlencode(
        {"vraag": event.question, "gemeente": municipality.code if municipality else ""}
    )
    return render(
        request,
        "matching/life_event.html",
        {
            "event": event,
            "themes": life_events.event_themes(event),
            "form": form,
            "municipality": municipality,
            "phases": life_events.offers_per_phase(event, municipality),
            "query": query,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )


EMBED_MATCHES = 5  # a portal's column has room for a few; the rest is one link away


@embeddable
def question_embed(request: HttpRequest) -> HttpResponse:
    """The search for help in a regional portal's own page (an iframe): the same matching as
    /vraag/, the first few offers, and links that open Scharnier in the whole window. The
    portal may choose the municipality (?gemeente=GM0193); the form is only read once a
    question is asked, so that a portal's link does not open on an error."""
    asked = "vraag" in request.GET
    initial = {"gemeente": request.GET.get("gemeente", "")}
    form = QuestionForm(request.GET if asked else None, initial=initial)
    result = None
    matches: list = []
    query = ""
    if asked and form.is_valid():
        ratelimit.enforce(request, "matches")
        result = match(form.cleaned_data["vraag"], form.profile())
        matches = ([result.entry_point] if result.entry_point else []) + list(
            result.matches_beside_entry_point
        )
        add_regional_notes(matches[:EMBED_MATCHES], result.profile.municipality)
        query = urlencode(
            {"vraag": form.cleaned_data["vraag"], "gemeente": form.cleaned_data["gemeente"]}
        )
    return render(
        request,
        "matching/embed.html",
        {
            "form": form,
            "result": result,
            "matches": matches[:EMBED_MATCHES],
            "more": max(0, len(matches) - EMBED_MATCHES),
            "query": query,
        },
        status=400 if asked and not form.is_valid() else 200,
    )


def scan_start(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.GET or None)
    if form.is_bound and form.is_valid():
        return redirect(f"{request.path}vragen/?{request.GET.urlencode()}")
    campaign = campaign_code(request.GET.get(CAMPAIGN_PARAMETER))
    return render(request, "matching/scan_start.html", {"form": form, "campaign": campaign})


@require_http_methods(["GET", "POST"])
def scan_questions(request: HttpRequest) -> HttpResponse:
    profile_form = ProfileForm(request.GET)
    if not profile_form.is_valid():
        campaign = campaign_code(request.GET.get(CAMPAIGN_PARAMETER))
        return render(
            request, "matching/scan_start.html", {"form": profile_form, "campaign": campaign}
        )
    profile = profile_form.profile()
    regions = regions_of(profile.municipality)
    region = regions[0] if regions else None
    form = ScanForm(request.POST or None, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.create_plan(
                profile=profile,
                answers=form.cleaned_data,
                campaign=request.GET.get(CAMPAIGN_PARAMETER, ""),
            )
        except ValidationError as error:  # the framework changed under the form
            add_service_errors(form, error)
        else:
            return redirect("matching:plan", token=plan.token)
    return render(
        request,
        "matching/scan_questions.html",
        {"form": form, "profile": profile, "region": region, "query": request.GET.urlencode()},
    )


def _plan_profile(plan: Plan) -> Profile:
    return Profile(
        municipality=plan.municipality,
        employees=plan.employees,
        sbi_section=plan.sbi_section,
        company_age_years=plan.company_age_years,
    )


def _plan_context(plan: Plan) -> dict:
    profile = _plan_profile(plan)
    themes = {t.code: t for t in Theme.objects.all()}
    sections = []
    entry_point = None
    contact = None
    for priority in plan.priorities:
        result = match(
            priority["question"],
            profile,
            limit=PLAN_CANDIDATES_PER_QUESTION,
            extra_themes={priority["theme"]: 3.0},
        )
        # Each question of the plan is about one theme: an offer without it (found through
        # a word of the question) belongs under another question or none.
        ranked = [m for m in result.matches_beside_entry_point if priority["theme"] in m.themes]
        ranked = ranked[:PLAN_OFFERS_PER_QUESTION]
        entry_point = entry_point or result.entry_point
        contact = contact or result.contact
        sections.append(
            {"priority": priority, "theme": themes.get(priority["theme"]), "matches": ranked}
        )
    add_regional_notes(
        [entry_point, *(m for s in sections for m in s["matches"])], plan.municipality
    )
    regions = regions_of(plan.municipality)
    region = regions[0] if regions else None
    plan_themes = [s["theme"] for s in sections if s["theme"] is not None]
    meetings, _region = meetings_near(plan.municipality, plan_themes)
    return {
        "plan": plan,
        "sections": sections,
        "entry_point": entry_point,
        "contact": contact,
        # The sentence the entrepreneur chose in the scan, not the framework's name for it.
        "direction_sentence": scan.direction_sentence(plan.direction),
        "regions": regions,
        # A community nearby and how others went about it (DESIGN: the personal plan).
        "region": region,
        "communities": communities_to_join(
            region=region,
            themes=plan_themes,
            sbi_section=plan.sbi_section,
            municipality=plan.municipality,
        )
        if region
        else [],
        "meetings": meetings,
        "stories": stories_like(
            themes=plan_themes, region=region, sbi_section=plan.sbi_section or ""
        ),
    }


def plan(request: HttpRequest, token: str) -> HttpResponse:
    plan = get_object_or_404(Plan, token=token)
    context = _plan_context(plan)
    context["sent"] = plan.handovers.exists()
    context["peers"] = peer_comparison(plan)
    return render(request, "matching/plan.html", context)


@require_http_methods(["GET", "POST"])
def plan_send(request: HttpRequest, token: str) -> HttpResponse:
    plan = get_object_or_404(Plan, token=token)
    form = HandoverForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        ratelimit.enforce(request, "plan-handover", email=data["email"])
        try:
            handover = services.send_plan_to_schakelteam(
                plan=plan,
                name=data["naam"],
                email=data["email"],
                phone=data["telefoon"],
                message=data["toelichting"],
                consent=data["toestemming"],
                feedback_consent=data["terugkoppeling"],
                kvk_number=data["kvk_number"],
            )
        except ValidationError as error:
            add_service_errors(form, error, names={"name": "naam", "consent": "toestemming"})
        else:
            # The reference and the e-mail with the status link, as after the question form:
            # without them the entrepreneur could not tell the plan had become a question.
            sent = _(
                "Uw plan is verstuurd naar het schakelteam. Uw referentie is %(ref)s. "
                "Zij nemen contact met u op."
            ) % {"ref": handover.question_reference}
            if data["email"]:
                sent += " " + _(
                    "U krijgt een e-mail met een link. Daar ziet u hoe het met uw vraag gaat."
                )
            messages.success(request, sent)
            return redirect("matching:plan", token=plan.token)
    regions = regions_of(plan.municipality)
    return render(
        request,
        "matching/plan_send.html",
        {"plan": plan, "form": form, "region": regions[0] if regions else None},
        status=400 if form.errors else 200,
    )
