"""Pages of the learning cycle: story gallery and consent, self-assessment, visitation,
province pages and the entrepreneur's repeated scan. Thin: services write, queries read."""

import dataclasses

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from scharnier.catalog import harvesting
from scharnier.core.errors import Conflict
from scharnier.core.exports import Table, csv_response
from scharnier.core.forms import add_service_errors
from scharnier.geography.models import Municipality, Region, RolloutWave
from scharnier.matching.models import Plan
from scharnier.matching.queries import regions_of
from scharnier.monitoring import queries as monitoring_queries
from scharnier.monitoring import svgmap
from scharnier.organisations import permissions as organisation_permissions

from . import data_initiatives as data_sharing
from . import development_plans as devplans
from . import forms, framework, queries, services
from . import governance as rhythm
from . import reports as report_content
from . import rollout as rollout_queries
from .models import (
    INTERVENTIONS_AIMED_PER_YEAR,
    AssessmentStatus,
    DataInitiative,
    DataInitiativeStatus,
    DevelopmentAction,
    DevelopmentPlan,
    GovernanceMeeting,
    HalfYearReport,
    Intervention,
    SelfAssessment,
    Story,
    StoryStatus,
)
from .permissions import Action, has_permission, require_permission, sees_assessments_menu
from .serializers import export_story


# --- Stories ----------------------------------------------------------------------------------
@never_cache
def stories(request: HttpRequest) -> HttpResponse:
    form = forms.StoryFilterForm(request.GET or None)
    region = theme = sector = None
    if form.is_bound and form.is_valid():
        region, theme = form.cleaned_data["regio"], form.cleaned_data["thema"]
        sector = form.cleaned_data["sector"]
    stories = queries.published_stories(region=region, theme=theme, sector=sector)
    page = Paginator(stories, 12).get_page(request.GET.get("pagina"))
    return render(
        request,
        "learning/stories.html",
        {
            "form": form,
            "page": page,
            "may_draft": has_permission(request.user, Action.DRAFT_STORY, region)
            if region
            else bool(queries.story_regions(request.user).exists())
            if request.user.is_authenticated
            else False,
        },
    )


def _visible_story(request: HttpRequest, public_id) -> Story:
    story = queries.published_story(public_id)
    if story is not None:
        return story
    story = Story.objects.filter(public_id=public_id).select_related("region").first()
    if (
        story is None
        or story.status == StoryStatus.WITHDRAWN
        or not has_permission(request.user, Action.SEE_STORY_DRAFTS, story)
    ):
        raise Http404
    return story


@never_cache
def story_detail(request: HttpRequest, public_id) -> HttpResponse:
    story = _visible_story(request, public_id)
    return render(
        request,
        "learning/story.html",
        {
            "story": story,
            "may_edit": has_permission(request.user, Action.EDIT_STORY, story),
            "may_request": has_permission(request.user, Action.REQUEST_CONSENT, story),
            "may_withdraw": has_permission(request.user, Action.WITHDRAW_STORY, story),
        },
    )


@never_cache
def story_photo(request: HttpRequest, public_id) -> HttpResponse:
    story = _visible_story(request, public_id)
    if not story.photo:
        raise Http404
    response = HttpResponse(bytes(story.photo), content_type=story.photo_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


STORIES_PER_MANAGE_PAGE = 25


@login_required
def story_manage(request: HttpRequest) -> HttpResponse:
    if not queries.story_regions(request.user).exists():
        raise PermissionDenied
    page = Paginator(queries.staff_stories(request.user), STORIES_PER_MANAGE_PAGE).get_page(
        request.GET.get("pagina")
    )
    return render(request, "learning/story_manage.html", {"page": page, "stories": page})


def _story_initial(story: Story) -> dict:
    return {
        "region": story.region,
        "title": story.title,
        "entrepreneur": story.entrepreneur,
        "question": story.question,
        "helpers": story.helpers,
        "change": story.change,
        "themes": list(story.themes.all()),
        "sector": story.sector,
        "size_class": story.size_class,
        "offers": list(story.offers.all()),
        "casework_question": story.casework_question.reference if story.casework_question else "",
        "consent_email": story.consent_email,
        "photo_alt": story.photo_alt,
    }


@login_required
@require_http_methods(["GET", "POST"])
def story_form(request: HttpRequest, public_id=None) -> HttpResponse:
    story = get_object_or_404(Story, public_id=public_id) if public_id else None
    if story is not None and not has_permission(request.user, Action.EDIT_STORY, story):
        raise PermissionDenied
    regions = queries.story_regions(request.user)
    if story is None and not regions.exists():
        raise PermissionDenied
    if story is not None:
        regions = regions | Region.objects.filter(pk=story.region_id)
    form = forms.StoryForm(
        request.POST or None,
        request.FILES or None,
        regions=regions.order_by("name"),
        offers=queries.story_offers(request.user, story),
        initial=_story_initial(story)
        if story
        else {"region": queries.own_story_region(request.user)},
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        region = data.pop("region")
        reference = data.pop("casework_question")
        photo = data.pop("photo")
        if photo is False:  # "clear" ticked
            data["photo"] = b""
        elif photo:
            data["photo"] = photo.read()
        data["casework_question"] = None
        if reference:
            data["casework_question"] = queries.casework_question(request.user, reference)
            if data["casework_question"] is None:
                form.add_error(
                    "casework_question", _("Deze vraag bestaat niet of u behandelt haar niet.")
                )
        if not form.errors:
            try:
                saved = services.save_story(
                    actor=request.user, region=region, data=data, story=story
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Het verhaal is opgeslagen als concept."))
                return redirect("learning:story", public_id=saved.public_id)
    return render(
        request,
        "learning/story_form.html",
        {"form": form, "story": story},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def story_request_consent(request: HttpRequest, public_id) -> HttpResponse:
    story = get_object_or_404(Story, public_id=public_id)
    try:
        services.request_consent(actor=request.user, story=story)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except Conflict as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("De ondernemer krijgt een e-mail met een link om toestemming te geven.")
        )
    return redirect("learning:story", public_id=story.public_id)


@login_required
@require_POST
def story_withdraw(request: HttpRequest, public_id) -> HttpResponse:
    story = get_object_or_404(Story, public_id=public_id)
    services.withdraw_story(story=story, actor=request.user)
    messages.success(request, _("Het verhaal is ingetrokken en overal weggehaald."))
    return redirect("learning:story-manage")


@never_cache
@require_http_methods(["GET", "POST"])
def consent(request: HttpRequest, token: str) -> HttpResponse:
    story = queries.story_for_token(token, services.hash_token(token))
    if story is None:
        return render(request, "learning/consent_invalid.html", status=404)
    if request.method == "POST":
        choice = request.POST.get("keuze")
        try:
            if choice == "akkoord":
                services.confirm_consent(story=story)
                messages.success(request, _("Dank u wel. Uw verhaal staat nu op de website."))
            elif choice == "intrekken":
                services.withdraw_story(story=story, by_entrepreneur=True)
                return render(request, "learning/consent_withdrawn.html")
        except Conflict as error:
            messages.error(request, str(error))
        return redirect("learning:consent", token=token)
    return render(request, "learning/consent.html", {"story": story})


def stories_export(request: HttpRequest) -> JsonResponse:
    """Open data: the published stories (never names of staff, e-mail addresses or photos)."""
    rows = [export_story(s) for s in queries.published_stories()]
    response = JsonResponse({"stories": rows}, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "no-cache"
    return response


# --- Self-assessment --------------------------------------------------------------------------
@login_required
def assessments(request: HttpRequest) -> HttpResponse:
    regions = queries.regions_for(request.user, Action.VIEW_ASSESSMENT).order_by("name")
    if not regions.exists():
        raise PermissionDenied
    rows = [(region, queries.assessments_of(region)) for region in regions]
    return render(request, "learning/assessments.html", {"rows": rows})


@login_required
@require_http_methods(["GET", "POST"])
def region_assessments(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    require_permission(request.user, Action.VIEW_ASSESSMENT, region)
    if request.method == "POST":
        try:
            started = services.start_assessment(actor=request.user, region=region)
        except Conflict as error:
            messages.error(request, str(error))
        else:
            return redirect("learning:assessment", slug=slug, round=started.round)
    return render(
        request,
        "learning/region_assessments.html",
        {
            "region": region,
            "rounds": queries.assessments_of(region),
            "may_score": has_permission(request.user, Action.SCORE_ASSESSMENT, region),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def assessment(request: HttpRequest, slug: str, round: int) -> HttpResponse:  # noqa: A002
    region = get_object_or_404(Region, slug=slug)
    require_permission(request.user, Action.VIEW_ASSESSMENT, region)
    item = get_object_or_404(SelfAssessment, region=region, round=round)
    may_score = (
        has_permission(request.user, Action.SCORE_ASSESSMENT, region)
        and item.status == AssessmentStatus.DRAFT
    )
    form = None
    if may_score:
        scores = {s.criterion: s for s in item.scores.all()}
        form = forms.AssessmentForm(request.POST or None, scores=scores)
        if request.method == "POST" and form.is_valid():
            try:
                services.score_assessment(actor=request.user, assessment=item, scores=form.scores())
                if "vaststellen" in request.POST:
                    services.finalise_assessment(actor=request.user, assessment=item)
            except ValidationError as error:
                for code, texts in error.message_dict.items():
                    field = f"{code}-niveau"
                    for text in texts:
                        form.add_error(field if field in form.fields else None, text)
            except Conflict as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("De zelfanalyse is opgeslagen."))
                return redirect("learning:assessment", slug=slug, round=round)
    cards = queries.assessment_rows(item)
    if form is not None:
        for card in cards:
            for row in card.rows:
                row.fields = form.criterion_fields(row.criterion.code)
    return render(
        request,
        "learning/assessment.html",
        {
            "region": region,
            "assessment": item,
            "cards": cards,
            "form": form,
            "pillars": framework.pillar_labels(),
            "levels": framework.framework()["levels"],
        },
        status=400 if form is not None and form.errors else 200,
    )


# --- Visitation -------------------------------------------------------------------------------
@login_required
def visitations(request: HttpRequest) -> HttpResponse:
    if not sees_assessments_menu(request.user):
        raise PermissionDenied
    plannable = queries.regions_for(request.user, Action.PLAN_VISITATION)
    items = queries.visible_visitations(request.user)
    return render(
        request,
        "learning/visitations.html",
        {"visitations": items, "may_plan": plannable.exists()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def visitation_plan(request: HttpRequest) -> HttpResponse:
    regions = queries.regions_for(request.user, Action.PLAN_VISITATION).order_by("name")
    if not regions.exists():
        raise PermissionDenied
    form = forms.VisitationPlanForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            planned = services.plan_visitation(
                actor=request.user,
                host_region=data["host_region"],
                date=data["date"],
                peer_regions=data["peer_regions"],
                entrepreneurs_organisation=data["entrepreneurs_organisation"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De visitatie is gepland."))
            return redirect("learning:visitation", public_id=planned.public_id)
    return render(
        request, "learning/visitation_plan.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
def visitation_detail(request: HttpRequest, public_id) -> HttpResponse:
    item = queries.visitation(public_id)
    if item is None:
        raise Http404
    require_permission(request.user, Action.VIEW_VISITATION, item)
    may_record = has_permission(request.user, Action.RECORD_VISITATION, item)
    may_track = has_permission(request.user, Action.TRACK_ACTIONS, item)
    record_form = action_form = None
    if may_record:
        record_form = forms.VisitationRecordForm(
            request.POST if request.POST.get("stap") == "bevindingen" else None,
            initial={"findings": item.findings, "recommendations": item.recommendations},
            prefix="verslag",
        )
        action_form = forms.ActionForm(
            request.POST if request.POST.get("stap") == "actie" else None, prefix="actie"
        )
    if request.method == "POST":
        step = request.POST.get("stap")
        try:
            if step == "bevindingen" and record_form is not None and record_form.is_valid():
                services.record_visitation(
                    actor=request.user, visitation=item, **record_form.cleaned_data
                )
                messages.success(request, _("De bevindingen zijn opgeslagen."))
                return redirect("learning:visitation", public_id=public_id)
            if step == "actie" and action_form is not None and action_form.is_valid():
                services.add_action(actor=request.user, visitation=item, **action_form.cleaned_data)
                messages.success(request, _("De actie is toegevoegd."))
                return redirect("learning:visitation", public_id=public_id)
            if step in ("klaar", "heropenen") and may_track:
                action = get_object_or_404(item.actions, pk=request.POST.get("actie_id"))
                services.complete_action(actor=request.user, action=action, done=step == "klaar")
                return redirect("learning:visitation", public_id=public_id)
            if step not in ("bevindingen", "actie"):
                raise PermissionDenied
        except ValidationError as error:
            add_service_errors(record_form if step == "bevindingen" else action_form, error)
    return render(
        request,
        "learning/visitation.html",
        {
            "visitation": item,
            "record_form": record_form,
            "action_form": action_form,
            "may_track": may_track,
        },
    )


# --- Province ---------------------------------------------------------------------------------
def province_list(request: HttpRequest) -> HttpResponse:
    provinces = queries.provinces()
    catalogues = harvesting.provinces_completeness()
    return render(
        request,
        "learning/provinces.html",
        {
            "provinces": provinces,
            "catalogues": [
                (province, slug, catalogues[province.pk])
                for province, slug in provinces
                if province.pk in catalogues
            ],
        },
    )


@login_required
def my_province(request: HttpRequest) -> HttpResponse:
    """The work menu's "Mijn provincie": the page of the province this user works for (its
    home page after login, which the menus otherwise do not link)."""
    url = queries.province_home(request.user)
    if url is None:
        raise PermissionDenied
    return redirect(url)


def province_detail(request: HttpRequest, slug: str) -> HttpResponse:
    province = queries.province_by_slug(slug)
    if province is None:
        raise Http404
    organisation = harvesting.province_organisation(province)
    catalogue = harvesting.completeness(organisation) if organisation else None
    return render(
        request,
        "learning/province.html",
        {
            "page": queries.province_page(province),
            "regions": queries.province_regions_for(request.user, province),
            "catalogue": catalogue,
            "missing": harvesting.missing_from_register(organisation) if catalogue else [],
        },
    )


# --- The entrepreneur's own T1 ----------------------------------------------------------------
@never_cache
@require_http_methods(["GET", "POST"])
def rescan(request: HttpRequest, token: str) -> HttpResponse:
    earlier = get_object_or_404(Plan, token=token)
    regions = regions_of(earlier.municipality)
    region = regions[0] if regions else None
    initial = {code: str(value) for code, value in earlier.answers.items()}
    form = forms.RescanForm(request.POST or None, region=region, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            later = services.redo_scan(
                earlier=earlier,
                answers=form.answers(),
                count_as_result=form.cleaned_data["meetellen"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return redirect("learning:rescan-comparison", token=later.token)
    return render(request, "learning/rescan.html", {"form": form, "earlier": earlier})


@never_cache
def rescan_comparison(request: HttpRequest, token: str) -> HttpResponse:
    later = get_object_or_404(Plan, token=token)
    follow_up = queries.follow_up_of(later)
    if follow_up is None:
        raise Http404
    earlier = follow_up.earlier
    return render(
        request,
        "learning/rescan_comparison.html",
        {
            "earlier": earlier,
            "later": later,
            "rows": queries.scan_comparison(earlier, later),
            "before_themes": queries.priority_themes(earlier),
            "after_themes": queries.priority_themes(later),
        },
    )


# --- Half-year reports ------------------------------------------------------------------------
NATIONAL_SCOPE = "NL"


def _report_periods() -> list[str]:
    return [p.code for p in reversed(monitoring_queries.half_years())]


def _new_report_form(request: HttpRequest) -> forms.NewReportForm | None:
    scopes = [(r.slug, r.name) for r in queries.report_regions(request.user)]
    if has_permission(request.user, Action.DRAFT_REPORT, None):
        scopes.insert(0, (NATIONAL_SCOPE, _("Nederland (landelijke rapportage)")))
    if not scopes:
        return None
    return forms.NewReportForm(
        request.POST if request.method == "POST" else None,
        scopes=scopes,
        periods=_report_periods(),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def reports(request: HttpRequest) -> HttpResponse:
    """The archive per period: published reports for everyone, drafts and a start form for
    those who write them."""
    form = _new_report_form(request)
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            scope = form.cleaned_data["scope"]
            region = None if scope == NATIONAL_SCOPE else get_object_or_404(Region, slug=scope)
            try:
                report = services.start_report(
                    actor=request.user, region=region, period=form.cleaned_data["period"]
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except Conflict as error:
                # "Rapportage openen" for a half-year with a report in the making opens it.
                report = queries.open_report(region, form.cleaned_data["period"])
                if report is None or not has_permission(
                    request.user, Action.SEE_REPORT_DRAFT, report
                ):
                    form.add_error(None, str(error))
                else:
                    messages.info(
                        request, _("Deze rapportage was al begonnen. U kunt hier verder.")
                    )
                    return redirect("learning:report-edit", public_id=report.public_id)
            else:
                return redirect("learning:report-edit", public_id=report.public_id)
    return render(
        request,
        "learning/reports/archive.html",
        {
            "periods": queries.report_archive(),
            "drafts": queries.report_drafts(request.user) if request.user.is_authenticated else [],
            "form": form,
        },
    )


def _visible_report(request: HttpRequest, public_id) -> HalfYearReport:
    report = queries.report(public_id)
    if report is None or not has_permission(request.user, Action.VIEW_REPORT, report):
        raise Http404
    return report


def _draft_html(report: HalfYearReport) -> bytes:
    return report_content.render_html(report_content.build(report), draft=True)


def _document_response(body: bytes) -> HttpResponse:
    """The report as one self-contained document (the same bytes make the PDF): its one inline
    style block is allowed by its hash, nothing else inline."""
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    hashes = report_content.style_hashes(body)
    if hashes:
        response._csp_update = {"style-src": hashes}
    return response


@never_cache
def report_detail(request: HttpRequest, public_id) -> HttpResponse:
    """A published report: its stored bytes only (a replaced one says so); a draft: built live."""
    report = _visible_report(request, public_id)
    if report.is_frozen:
        body = bytes(report.html)
        newer = queries.newer_version(report)
        if newer is not None:
            body = report_content.replaced_notice(
                body, reverse("learning:report", args=[newer.public_id]), newer.version
            )
        response = _document_response(body)
        response["X-Content-SHA256"] = report.html_sha256
        return response
    response = _document_response(_draft_html(report))
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def report_pdf(request: HttpRequest, public_id) -> HttpResponse:
    report = _visible_report(request, public_id)
    if report.is_frozen:
        body = bytes(report.pdf)
        name = f"halfjaarrapportage-{report.region.slug if report.region else 'nederland'}"
        name += f"-{report.period}-v{report.version}.pdf"
    else:
        body = report_content.render_pdf(_draft_html(report))
        name = f"concept-halfjaarrapportage-{report.period}.pdf"
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    if report.is_frozen:
        response["X-Content-SHA256"] = report.pdf_sha256
    return response


REPORT_STEPS = {
    "indienen": (services.submit_report, _("De rapportage is ter goedkeuring verstuurd.")),
    "goedkeuren": (services.approve_report, _("De rapportage is goedgekeurd.")),
    "terugsturen": (services.return_report, _("De rapportage is teruggestuurd als concept.")),
    "publiceren": (services.publish_report, _("De rapportage is gepubliceerd en vastgezet.")),
}


@login_required
@require_http_methods(["GET", "POST"])
def report_edit(request: HttpRequest, public_id) -> HttpResponse:
    """The director's page: narrative, stories and the next step of the workflow."""
    report = queries.report(public_id)
    if report is None or not has_permission(request.user, Action.SEE_REPORT_DRAFT, report):
        raise Http404
    may_edit = has_permission(request.user, Action.EDIT_REPORT, report)
    form = forms.ReportForm(
        request.POST if request.method == "POST" and may_edit else None,
        stories=None if report.is_national else queries.selectable_stories(report.region),
        correction=report.replaces_id is not None,
        initial={
            "progress": report.progress,
            "lessons": report.lessons,
            "next_steps": report.next_steps,
            "correction_note": report.correction_note,
            "stories": list(report.stories.all()),
        },
    )
    if request.method == "POST":
        step = request.POST.get("stap", "opslaan")
        try:
            if step in ("opslaan", "indienen") and may_edit:
                if form.is_valid():
                    services.save_report(actor=request.user, report=report, data=form.cleaned_data)
                    if step == "indienen":
                        services.submit_report(actor=request.user, report=report)
                        messages.success(request, REPORT_STEPS[step][1])
                    else:
                        messages.success(request, _("De rapportage is opgeslagen."))
                    return redirect("learning:report-edit", public_id=report.public_id)
            elif step == "corrigeren":
                correction = services.correct_report(actor=request.user, report=report)
                messages.success(request, _("Er is een nieuwe versie gemaakt. Pas die aan."))
                return redirect("learning:report-edit", public_id=correction.public_id)
            elif step in REPORT_STEPS:
                REPORT_STEPS[step][0](actor=request.user, report=report)
                messages.success(request, REPORT_STEPS[step][1])
                return redirect("learning:report-edit", public_id=report.public_id)
            else:
                raise PermissionDenied
        except ValidationError as error:
            if form.is_bound:
                add_service_errors(form, error)
            else:
                messages.error(request, " ".join(error.messages))
        except Conflict as error:
            messages.error(request, str(error))
    user = request.user
    return render(
        request,
        "learning/reports/edit.html",
        {
            "report": report,
            "form": form if may_edit else None,
            "may_submit": has_permission(user, Action.SUBMIT_REPORT, report),
            "may_approve": has_permission(user, Action.APPROVE_REPORT, report),
            "may_publish": has_permission(user, Action.PUBLISH_REPORT, report),
            "may_correct": has_permission(user, Action.CORRECT_REPORT, report),
        },
        status=400 if form is not None and form.errors else 200,
    )


# --- Interventions ----------------------------------------------------------------------------
def _aim_text() -> str:
    low, high = INTERVENTIONS_AIMED_PER_YEAR
    return _(
        "De Actieagenda mkb-dienstverlening mikt per regio op %(low)d à %(high)d interventies per "
        "jaar: verbeteringen in de mkb-ondersteuning die ondernemers direct merken. Aanbod "
        "verbeteren, aanbod combineren, of stoppen met aanbod dat niet werkt."
    ) % {"low": low, "high": high}


@never_cache
def interventions(request: HttpRequest) -> HttpResponse:
    """Every region's interventions per year against the aim (public, CSV)."""
    years, rows = queries.interventions_per_region()
    table = Table(
        _("Doorgevoerde interventies per regio en jaar"),
        [_("Regio")] + [str(y) for y in years] + [_("Gepland")],
        [[r.region.name] + [r.per_year.get(y, 0) for y in years] + [r.planned] for r in rows],
    )
    if request.GET.get("formaat") == "csv":
        return csv_response("interventies", [table])
    return render(
        request,
        "learning/interventions.html",
        {
            "rows": [(r.region, cells[1:]) for r, cells in zip(rows, table.rows, strict=True)],
            "table": table,
            "aim_text": _aim_text(),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def region_interventions(request: HttpRequest, slug: str) -> HttpResponse:
    """A region's interventions (public) and, for its director and schakelteam, the form."""
    region = get_object_or_404(Region, slug=slug)
    may_record = has_permission(request.user, Action.RECORD_INTERVENTION, region)
    form = None
    if may_record:
        form = forms.InterventionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                item = services.save_intervention(
                    actor=request.user, region=region, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("De interventie '%(title)s' is opgeslagen.") % {"title": item.title}
                )
                return redirect("learning:region-interventions", slug=region.slug)
    elif request.method == "POST":
        raise PermissionDenied(_("Alleen de regisseur en het schakelteam van de regio."))
    return render(
        request,
        "learning/region_interventions.html",
        {
            "region": region,
            "items": queries.interventions_of(region),
            "years": queries.intervention_years(region),
            "aim_low": INTERVENTIONS_AIMED_PER_YEAR[0],
            "aim_text": _aim_text(),
            "may_record": may_record,
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


def _own_intervention(request: HttpRequest, slug: str, public_id) -> Intervention:
    item = get_object_or_404(
        Intervention.objects.select_related("region"), public_id=public_id, region__slug=slug
    )
    if not has_permission(request.user, Action.RECORD_INTERVENTION, item.region):
        raise PermissionDenied(_("Alleen de regisseur en het schakelteam van de regio."))
    return item


@login_required
@require_http_methods(["GET", "POST"])
def intervention_edit(request: HttpRequest, slug: str, public_id) -> HttpResponse:
    item = _own_intervention(request, slug, public_id)
    initial = {name: getattr(item, name) for name in services.INTERVENTION_FIELDS}
    form = forms.InterventionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_intervention(
                actor=request.user, region=item.region, data=form.cleaned_data, intervention=item
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De wijziging is opgeslagen."))
            return redirect("learning:region-interventions", slug=slug)
    return render(
        request,
        "learning/intervention_edit.html",
        {"region": item.region, "item": item, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def intervention_remove(request: HttpRequest, slug: str, public_id) -> HttpResponse:
    item = _own_intervention(request, slug, public_id)
    services.remove_intervention(actor=request.user, intervention=item)
    messages.success(
        request, _("De interventie '%(title)s' is verwijderd.") % {"title": item.title}
    )
    return redirect("learning:region-interventions", slug=slug)


# --- Governance rhythm (REQUIREMENTS G3) -------------------------------------------------------
@never_cache
def governance_overview(request: HttpRequest) -> HttpResponse:
    """Public: is the programme's rhythm kept this year, who took part, what is decided."""
    years = rhythm.years_with_meetings()
    try:
        year = int(request.GET.get("jaar") or years[0])
    except ValueError:
        year = years[0]
    if year not in years:
        year = years[0]
    return render(
        request,
        "learning/governance.html",
        {
            "year": year,
            "years": years,
            "rhythm": rhythm.rhythm(year),
            "meetings": rhythm.meetings_in(year),
            "open_actions": rhythm.open_actions(),
            "open_escalations": devplans.open_escalations(),
            "answered_escalations": devplans.answered_escalations(year),
            "escalation_kinds": devplans.escalation_kinds(),
            "today": timezone.localdate(),
            "can_record": has_permission(request.user, Action.RECORD_GOVERNANCE),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def governance_meeting(request: HttpRequest, public_id=None) -> HttpResponse:
    """Record a meeting (new, or correct one) and its decisions and actions."""
    if not has_permission(request.user, Action.RECORD_GOVERNANCE):
        raise PermissionDenied(_("Alleen de landelijke coördinatie legt overleggen vast."))
    meeting = get_object_or_404(GovernanceMeeting, public_id=public_id) if public_id else None
    which = request.POST.get("formulier", "overleg")
    initial = None
    if meeting is not None:
        initial = {
            "body": meeting.body,
            "date": meeting.date,
            "summary": meeting.summary,
            "organisations_present": list(meeting.organisations_present.all()),
            "regions_present": list(meeting.regions_present.all()),
            "report": meeting.report,
        }
    form = forms.GovernanceMeetingForm(
        request.POST if request.method == "POST" and which == "overleg" else None,
        initial=initial,
    )
    open_escalations, answered = devplans.escalations_for(meeting)
    decision_form = forms.GovernanceDecisionForm(
        request.POST if which == "besluit" else None,
        prefix="besluit",
        escalations=open_escalations,
    )
    if request.method == "POST":
        if which == "overleg" and form.is_valid():
            try:
                meeting = rhythm.record_meeting(
                    actor=request.user, data=form.cleaned_data, meeting=meeting
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Het overleg is opgeslagen."))
                return redirect("learning:governance-meeting", public_id=meeting.public_id)
        elif which == "besluit" and meeting is not None and decision_form.is_valid():
            try:
                rhythm.add_decision(
                    actor=request.user, meeting=meeting, **decision_form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(decision_form, error)
            else:
                messages.success(request, _("Het besluit is opgeslagen."))
                return redirect("learning:governance-meeting", public_id=meeting.public_id)
        elif which == "gedaan" and meeting is not None:
            asked = request.POST.get("besluit", "")
            decision = get_object_or_404(meeting.decisions, pk=int(asked) if asked.isdigit() else 0)
            rhythm.mark_done(actor=request.user, decision=decision)
            messages.success(request, _("De actie staat op gedaan."))
            return redirect("learning:governance-meeting", public_id=meeting.public_id)
        elif which not in ("overleg", "besluit"):
            raise Http404
    return render(
        request,
        "learning/governance_meeting.html",
        {
            "meeting": meeting,
            "form": form,
            "decision_form": decision_form,
            "decisions": list(meeting.decisions.select_related("owner")) if meeting else [],
            "open_escalations": open_escalations,
            "answered_escalations": answered,
        },
        status=400 if form.errors or decision_form.errors else 200,
    )


# --- Development plans (REQUIREMENTS G5, G8) ---------------------------------------------------
def _plan_of_region(request: HttpRequest, slug: str, public_id) -> DevelopmentPlan:
    plan = get_object_or_404(
        DevelopmentPlan.objects.select_related("region", "adopted_by"),
        public_id=public_id,
        region__slug=slug,
    )
    if not plan.is_adopted and not has_permission(
        request.user, Action.SEE_DEVELOPMENT_PLAN_DRAFT, plan.region
    ):
        raise Http404
    return plan


@never_cache
def development_plans(request: HttpRequest) -> HttpResponse:
    """Public: every region's adopted plan for a year, with how far its actions are."""
    years = devplans.plan_years()
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("jaar") or this_year)
    except ValueError:
        year = this_year
    if year not in years:
        year = this_year
    rows = devplans.overview(year)
    if request.GET.get("formaat") == "csv":
        table = Table(
            _("Vastgestelde ontwikkelplannen in %(year)s") % {"year": year},
            [
                _("Regio"),
                _("Plan"),
                _("Acties"),
                _("Klaar"),
                _("Vastgelopen"),
                _("Te laat"),
                _("Team afgestemd"),
            ],
            [
                [r.region.name, r.plan.period, r.progress.total, r.progress.done]
                + [r.progress.stuck, r.progress.late, _("ja") if r.alignment.aligned else _("nee")]
                if r.plan
                else [r.region.name, "", "", "", "", "", ""]
                for r in rows
            ],
        )
        return csv_response(f"ontwikkelplannen-{year}", [table])
    return render(
        request,
        "learning/development_plans.html",
        {
            "year": year,
            "years": years,
            "rows": rows,
            "open_escalations": len(devplans.open_escalations()),
        },
    )


@never_cache
@require_http_methods(["GET", "POST"])
def development_plan(request: HttpRequest, slug: str, public_id=None) -> HttpResponse:
    """A region's plan (the current one without an id): ambition, actions per kansenkaart, the
    team's alignment; for the region's staff the forms to add actions, adopt or reopen."""
    region = get_object_or_404(Region, slug=slug)
    plans = devplans.plans_of(region, request.user)
    if public_id is None:
        plan = devplans.current_plan(plans, timezone.localdate().year)
    else:
        plan = _plan_of_region(request, slug, public_id)
    may_edit = has_permission(request.user, Action.EDIT_DEVELOPMENT_PLAN, region)
    may_adopt = has_permission(request.user, Action.ADOPT_DEVELOPMENT_PLAN, region)
    organisations = devplans.organisations_for_lead(region) if may_edit else None
    action_form = None
    if plan is not None and may_edit:
        action_form = forms.DevelopmentActionForm(
            request.POST if request.POST.get("formulier") == "actie" else None,
            organisations=organisations,
            prefix="actie",
        )
    if request.method == "POST":
        if plan is None:
            raise Http404
        which = request.POST.get("formulier")
        try:
            if which == "actie" and action_form is not None:
                if action_form.is_valid():
                    try:
                        devplans.save_action(
                            actor=request.user, plan=plan, data=action_form.cleaned_data
                        )
                    except ValidationError as error:
                        add_service_errors(action_form, error)
                    else:
                        messages.success(request, _("De actie staat in het plan."))
                        return redirect(
                            "learning:development-plan", slug=slug, public_id=plan.public_id
                        )
            elif which == "vaststellen":
                devplans.adopt_plan(actor=request.user, plan=plan)
                messages.success(request, _("Het plan is vastgesteld. Iedereen kan het nu lezen."))
                return redirect("learning:development-plan", slug=slug, public_id=plan.public_id)
            elif which == "concept":
                devplans.reopen_plan(actor=request.user, plan=plan)
                messages.success(
                    request,
                    _("Het plan is weer een concept. Alleen de regio en de partners lezen het."),
                )
                return redirect("learning:development-plan", slug=slug, public_id=plan.public_id)
            else:
                raise PermissionDenied(_("Alleen de regisseur en het schakelteam van de regio."))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect("learning:development-plan", slug=slug, public_id=plan.public_id)
    actions = devplans.actions_of(plan) if plan else []
    return render(
        request,
        "learning/development_plan.html",
        {
            "region": region,
            "plan": plan,
            "plans": plans,
            "cards": devplans.by_kansenkaart(actions),
            "progress": devplans.progress(actions),
            "alignment": devplans.team_alignment(plan, actions) if plan else None,
            "today": timezone.localdate(),
            "may_edit": may_edit,
            "may_adopt": may_adopt,
            "action_form": action_form,
        },
        status=400 if action_form is not None and action_form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def development_plan_form(request: HttpRequest, slug: str, public_id=None) -> HttpResponse:
    """Start a plan, or change the text of a draft."""
    region = get_object_or_404(Region, slug=slug)
    if not has_permission(request.user, Action.EDIT_DEVELOPMENT_PLAN, region):
        raise PermissionDenied(_("Alleen de regisseur en het schakelteam van de regio."))
    plan = _plan_of_region(request, slug, public_id) if public_id else None
    if plan is not None:
        initial = {name: getattr(plan, name) for name in devplans.PLAN_FIELDS}
    else:
        this_year = timezone.localdate().year
        initial = {"first_year": this_year, "last_year": this_year + 1}
    form = forms.DevelopmentPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            plan = devplans.save_plan(
                actor=request.user, region=region, data=form.cleaned_data, plan=plan
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Het plan is opgeslagen."))
            return redirect("learning:development-plan", slug=slug, public_id=plan.public_id)
    return render(
        request,
        "learning/development_plan_form.html",
        {"region": region, "plan": plan, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def development_action(request: HttpRequest, slug: str, public_id) -> HttpResponse:
    """Bring an action up to date; put a stuck one to the steering group; take one out."""
    action = get_object_or_404(
        DevelopmentAction.objects.select_related("plan__region", "lead", "escalation_decision"),
        public_id=public_id,
        plan__region__slug=slug,
    )
    plan, region = action.plan, action.plan.region
    if not has_permission(request.user, Action.EDIT_DEVELOPMENT_PLAN, region):
        raise PermissionDenied(_("Alleen de regisseur en het schakelteam van de regio."))
    which = request.POST.get("formulier", "actie")
    initial = {name: getattr(action, name) for name in devplans.ACTION_FIELDS}
    form = forms.DevelopmentActionForm(
        request.POST if request.method == "POST" and which == "actie" else None,
        initial=initial,
        organisations=devplans.organisations_for_lead(region),
    )
    may_escalate = has_permission(request.user, Action.ESCALATE_ACTION, region)
    escalation_form = forms.EscalationForm(
        request.POST if which == "voorleggen" and may_escalate else None, prefix="stuurgroep"
    )
    back = redirect("learning:development-plan", slug=slug, public_id=plan.public_id)
    refused = False
    if request.method == "POST":
        if which == "actie" and form.is_valid():
            try:
                devplans.save_action(
                    actor=request.user, plan=plan, data=form.cleaned_data, action=action
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("De actie is bijgewerkt."))
                return back
        elif which == "voorleggen":
            if not may_escalate:
                raise PermissionDenied(_("Alleen de regisseur van de regio legt iets voor."))
            if escalation_form.is_valid():
                try:
                    devplans.escalate_action(
                        actor=request.user,
                        action=action,
                        question=escalation_form.cleaned_data["question"],
                    )
                except ValidationError as error:
                    add_service_errors(escalation_form, error)
                else:
                    messages.success(
                        request,
                        _("Het knelpunt ligt nu bij de stuurgroep. Het besluit komt in dit plan."),
                    )
                    return back
        elif which == "weghalen":
            try:
                devplans.remove_action(actor=request.user, action=action)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                refused = True
            else:
                messages.success(
                    request,
                    _("De actie '%(text)s' is uit het plan gehaald.") % {"text": action.text},
                )
                return back
        elif which != "actie":
            raise Http404
    return render(
        request,
        "learning/development_action.html",
        {
            "region": region,
            "plan": plan,
            "action": action,
            "changes": devplans.changes_of(action),
            "form": form,
            "escalation_form": escalation_form if may_escalate else None,
        },
        status=400 if form.errors or escalation_form.errors or refused else 200,
    )


# --- Rollout (REQUIREMENTS H1-H3) --------------------------------------------------------------
@never_cache
def rollout(request: HttpRequest) -> HttpResponse:
    """Public: the waves' coverage of the country and which regions are ready to help."""
    waves = rollout_queries.coverage()
    readiness = rollout_queries.readiness_of(rollout_queries.regions_in_order())
    elements = rollout_queries.elements()
    if request.GET.get("formaat") == "csv":
        coverage_table = Table(
            _("Regio's, gemeenten en bedrijven tot en met elke golf"),
            [
                _("Golf"),
                _("Regio's in deze golf"),
                _("Regio's tot nu"),
                _("Doel"),
                _("Gemeenten"),
                _("Bedrijven brede mkb"),
                _("Deel van Nederland (%)"),
            ],
            [
                [w.label, w.regions, w.regions_so_far, w.aimed_so_far or ""]
                + [w.municipalities_so_far, w.firms_so_far]
                # A Dutch spreadsheet reads "23,4" as a number.
                + [
                    f"{100 * w.share_so_far:.1f}".replace(".", ",")
                    if w.share_so_far is not None
                    else ""
                ]
                for w in waves
            ],
        )
        readiness_table = Table(
            _("Startklaar per regio"),
            [_("Regio"), _("Golf"), _("Fase")] + [e.label for e in elements],
            [
                [
                    r.region.name,
                    r.region.get_rollout_wave_display(),
                    r.region.get_status_display(),
                ]
                # "later": missing, but not needed yet at the region's stage.
                + [_("ja") if c.met else _("nee") if c.due else _("later") for c in r.checks]
                for r in readiness
            ],
        )
        return csv_response("uitrol", [coverage_table, readiness_table])
    return render(
        request,
        "learning/rollout.html",
        {
            "waves": waves,
            "readiness": readiness,
            "elements": elements,
            "wave_map": _wave_map(),
        },
    )


def _wave_map() -> str:
    """Each municipality in the colour and pattern of the first wave that covers it."""
    legend = {
        RolloutWave.FOCUS_2024: svgmap.MapClass("w1", "", None, None, "#154273", ""),
        RolloutWave.WAVE_2025: svgmap.MapClass("w2", "", None, None, "#4f8fc4", "lines"),
        RolloutWave.WAVE_2026: svgmap.MapClass("w3", "", None, None, "#a9cbe6", "dots"),
        RolloutWave.WAVE_LATER: svgmap.MapClass("w4", "", None, None, "#e8f1f8", ""),
    }
    legend = {
        wave: dataclasses.replace(option, label=str(wave.label)) for wave, option in legend.items()
    }
    outside = svgmap.MapClass("w0", _("nog in geen regio"), None, None, "#ffffff", "cross")
    first = rollout_queries.first_wave_per_municipality()
    areas = {}
    for code, name in Municipality.objects.values_list("code", "name"):
        wave = first.get(code)
        areas[code] = (
            (f"{name}: {RolloutWave(wave).label}", legend[RolloutWave(wave)])
            if wave is not None
            else (f"{name}: {outside.label}", outside)
        )
    return svgmap.render_classes(
        map_id="uitrolkaart",
        title=_("Gemeenten per uitrolgolf"),
        description=_(
            "Kaart van Nederland. Elke gemeente heeft de kleur van de eerste golf waarin een "
            "regio met die gemeente meedoet."
        ),
        areas=areas,
        legend=[*legend.values(), outside],
        missing=(_("nog in geen regio"), outside),
    )


@never_cache
def start_package(request: HttpRequest) -> HttpResponse:
    """Public: what a new region needs, and what the regions before it learned."""
    return render(
        request,
        "learning/start_package.html",
        {
            "stages": rollout_queries.elements_by_stage(),
            "lessons": rollout_queries.lessons(),
            "interventions": rollout_queries.interventions_by_kind(),
        },
    )


@never_cache
def region_readiness(request: HttpRequest, slug: str) -> HttpResponse:
    """Public: is this region ready ("startklaar")? Its director also sees where to fix it."""
    region = get_object_or_404(Region, slug=slug)
    (readiness,) = rollout_queries.readiness_of([region])
    # "Regel dit" leads to pages where the region's director (or an administrator) changes it.
    may_change = organisation_permissions.has_permission(
        request.user, organisation_permissions.Action.CHANGE_REGION, region
    )
    return render(
        request,
        "learning/region_readiness.html",
        {"region": region, "readiness": readiness, "may_change": may_change},
    )


# --- The data ecosystem (REQUIREMENTS I2) -------------------------------------------------------
@never_cache
def data_initiatives(request: HttpRequest) -> HttpResponse:
    """Public: the initiatives to share data between organisations and where they stand."""
    status = request.GET.get("stand", "")
    status = status if status in DataInitiativeStatus.values else ""
    items = data_sharing.initiatives(status=status)
    everything = items if not status else data_sharing.initiatives()
    titles = framework.kansenkaart_titles()
    for item in items:
        # "Kansenkaart 5" of "Kansenkaart 5: Benut data als fundament ...".
        item.kansenkaart_label = titles.get(item.kansenkaart, "").split(":")[0]
    if request.GET.get("formaat") == "csv":
        table = Table(
            _("Data-initiatieven"),
            [
                _("Naam"),
                _("Kansenkaart"),
                _("Trekker"),
                _("Partijen"),
                _("Regio's"),
                _("Gegevens"),
                _("Persoonsgegevens"),
                _("Grondslag"),
                _("DPIA afgerond op"),
                _("Stand van zaken"),
                _("Afspraak getekend op"),
                _("Wat staat in de weg"),
            ],
            [
                [
                    i.title,
                    titles.get(i.kansenkaart, i.kansenkaart),
                    i.lead.name,
                    ", ".join(sorted(o.name for o in i.parties.all())),
                    ", ".join(sorted(r.name for r in i.regions.all())) or _("landelijk"),
                    ", ".join(i.category_labels()),
                    i.get_personal_data_display(),
                    i.get_legal_basis_display(),
                    i.dpia_on.isoformat() if i.dpia_on else "",
                    i.get_status_display(),
                    i.agreement_signed_on.isoformat() if i.agreement_signed_on else "",
                    i.obstacle,
                ]
                for i in items
            ],
        )
        return csv_response("data-initiatieven", [table])
    return render(
        request,
        "learning/data_initiatives.html",
        {
            "items": items,
            "status": status,
            "statuses": DataInitiativeStatus.choices,
            "summary": data_sharing.summary(everything),
            "titles": titles,
            "may_manage": has_permission(request.user, Action.MANAGE_DATA_INITIATIVES),
        },
    )


@never_cache
def data_initiative(request: HttpRequest, public_id) -> HttpResponse:
    item = get_object_or_404(
        DataInitiative.objects.select_related("lead", "updated_by"), public_id=public_id
    )
    return render(
        request,
        "learning/data_initiative.html",
        {
            "item": item,
            "kansenkaart": framework.kansenkaart_titles().get(item.kansenkaart, ""),
            "may_manage": has_permission(request.user, Action.MANAGE_DATA_INITIATIVES),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def data_initiative_form(request: HttpRequest, public_id=None) -> HttpResponse:
    """Record an initiative, bring it up to date, or take out one that never got going."""
    if not has_permission(request.user, Action.MANAGE_DATA_INITIATIVES):
        raise PermissionDenied(
            _("Alleen de landelijke coördinatie houdt de data-initiatieven bij.")
        )
    item = get_object_or_404(DataInitiative, public_id=public_id) if public_id else None
    initial = None
    if item is not None:
        initial = {name: getattr(item, name) for name in data_sharing.FIELDS}
        initial["parties"] = list(item.parties.all())
        initial["regions"] = list(item.regions.all())
    which = request.POST.get("formulier", "initiatief")
    form = forms.DataInitiativeForm(
        request.POST if request.method == "POST" and which == "initiatief" else None,
        initial=initial,
    )
    refused = False
    if request.method == "POST":
        if which == "initiatief" and form.is_valid():
            try:
                item = data_sharing.save_initiative(
                    actor=request.user, data=form.cleaned_data, initiative=item
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("Het initiatief is opgeslagen."))
                return redirect("learning:data-initiative", public_id=item.public_id)
        elif which == "weghalen" and item is not None:
            try:
                data_sharing.remove_initiative(actor=request.user, initiative=item)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
                refused = True
            else:
                messages.success(
                    request, _("Het initiatief '%(title)s' is weggehaald.") % {"title": item.title}
                )
                return redirect("learning:data-initiatives")
        elif which != "initiatief":
            raise Http404
    return render(
        request,
        "learning/data_initiative_form.html",
        {"item": item, "form": form},
        status=400 if form.errors or refused else 200,
    )
