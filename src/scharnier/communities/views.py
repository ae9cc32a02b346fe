"""Community pages: the region's community map, the meeting log, the public calendar and feed."""

from datetime import datetime, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from icalendar import Calendar, Event

from scharnier.core.forms import add_service_errors
from scharnier.core.links import site_url
from scharnier.core.validation import CAMPAIGN_PARAMETER
from scharnier.geography.models import Region
from scharnier.organisations.permissions import Action, has_permission, staffed_regions
from scharnier.signals import services as signal_services
from scharnier.signals.forms import SignalFields

from . import business_case as cases
from . import campaigns as campaign_queries
from . import forms, outcomes, queries, services
from .models import Campaign, Community, Meeting
from .retention import retention_months


@login_required
def my_community_map(request: HttpRequest) -> HttpResponse:
    """The menu's "Communities": the map of the region this user works for."""
    regions = Region.objects.filter(pk__in=staffed_regions(request.user)).order_by("name")
    region = regions.first()
    if region is None:
        raise PermissionDenied
    return redirect("communities:map", slug=region.slug)


def community_map(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    return render(
        request,
        "communities/map.html",
        {
            "region": region,
            "map": queries.community_map(region),
            "can_manage": has_permission(request.user, Action.MANAGE_COMMUNITIES, region),
            "can_compare": has_permission(request.user, Action.VIEW_ANALYSIS),
            "meetings": queries.upcoming_public_meetings(region=region)[:10],
        },
    )


@login_required
def community_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    community = get_object_or_404(Community, pk=pk, region=region) if pk else None
    if not has_permission(request.user, Action.MANAGE_COMMUNITIES, community or region):
        raise PermissionDenied
    initial = {}
    if community is not None:
        initial = {
            "name": community.name,
            "kind": community.kind,
            "status": community.status,
            "themes": list(community.themes.all()),
            "sbi_sections": list(community.sbi_sections.all()),
            "municipalities": list(community.municipalities.all()),
            "organiser": community.organiser,
            "reach": community.reach,
            "website": community.website,
        }
    form = forms.CommunityForm(request.POST or None, initial=initial, region=region)
    if request.method == "POST" and form.is_valid():
        data = {**form.cleaned_data, "reach": form.cleaned_data["reach"] or 0}
        try:
            services.save_community(
                actor=request.user, region=region, data=data, community=community
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De community is opgeslagen."))
            return redirect("communities:map", slug=region.slug)
    return render(
        request,
        "communities/community_form.html",
        {"form": form, "region": region, "community": community},
        status=400 if form.errors else 200,
    )


def _loggable_communities(user):
    ids = [
        c.pk
        for c in Community.objects.select_related("region")
        if has_permission(user, Action.LOG_MEETING, c)
    ]
    return Community.objects.filter(pk__in=ids).select_related("region").order_by("name")


@login_required
def meeting_form(request: HttpRequest, public_id=None) -> HttpResponse:
    """Log a meeting, or (with `public_id`) correct its log or fill in the numbers of a planned
    meeting once it took place."""
    communities = _loggable_communities(request.user)
    meeting, reported = None, False
    if public_id is not None:
        meeting = get_object_or_404(
            Meeting.objects.select_related("community__region"), public_id=public_id
        )
        if not has_permission(request.user, Action.LOG_MEETING, meeting):
            raise PermissionDenied
        reported = outcomes.held_reported(meeting)
        initial = forms.MeetingForm.initial_for(meeting)
    elif not communities.exists():
        raise PermissionDenied
    else:
        initial = {"date": timezone.localdate(), "format": "fysiek"}
    form = forms.MeetingForm(
        request.POST or None,
        communities=communities,
        reported=reported,
        editing=meeting is not None,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        community = data.pop("community")
        counted = (meeting.participants_count, meeting.date) if reported else None
        try:
            saved = services.log_meeting(
                actor=request.user, community=community, data=data, meeting=meeting
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if meeting is None:
                messages.success(request, _("De bijeenkomst is vastgelegd."))
            elif counted and counted != (saved.participants_count, saved.date):
                messages.success(
                    request,
                    _(
                        "De bijeenkomst is bijgewerkt. Het bereik van de regio telt nu met de "
                        "verbeterde gegevens; de oude telling is ingetrokken."
                    ),
                )
            else:
                messages.success(request, _("De bijeenkomst is bijgewerkt."))
            return redirect("communities:meeting", public_id=saved.public_id)
    return render(
        request,
        "communities/meeting_form.html",
        {"form": form, "meeting": meeting, "reported": reported},
        status=400 if form.errors else 200,
    )


def meeting_detail(request: HttpRequest, public_id) -> HttpResponse:
    meeting = get_object_or_404(
        Meeting.objects.select_related("community__region", "community__organiser", "municipality"),
        public_id=public_id,
    )
    can_log = has_permission(request.user, Action.LOG_MEETING, meeting)
    if not meeting.is_public and not can_log:
        raise Http404
    today = timezone.localdate()
    context = {
        "meeting": meeting,
        "can_log": can_log,
        "today": today,
        "upcoming": meeting.date >= today,
    }
    if meeting.is_public:
        context["contact"] = queries.meeting_contact(meeting)
    if can_log:
        participant_form = forms.ParticipantForm(prefix="deelnemer")
        attendance_form = forms.AttendanceForm(prefix="lijst")
        signal_form = SignalFields(prefix="signaal")
        if request.method == "POST":
            which = request.POST.get("formulier")
            try:
                if which == "deelnemer":
                    participant_form = forms.ParticipantForm(request.POST, prefix="deelnemer")
                    if participant_form.is_valid():
                        data = participant_form.cleaned_data
                        services.register_participant(
                            actor=request.user,
                            meeting=meeting,
                            name=data["name"],
                            email=data["email"],
                            kvk_number=data["kvk_number"],
                            is_new=data["is_new"],
                            consent=data["consent"],
                        )
                        messages.success(request, _("De deelnemer is toegevoegd."))
                        return redirect("communities:meeting", public_id=meeting.public_id)
                elif which == "wissen":
                    participant_id = request.POST.get("deelnemer", "")
                    services.erase_participant(
                        actor=request.user,
                        meeting=meeting,
                        participant_id=int(participant_id) if participant_id.isdigit() else 0,
                    )
                    messages.success(
                        request, _("De naam en het e-mailadres van de deelnemer zijn gewist.")
                    )
                    return redirect("communities:meeting", public_id=meeting.public_id)
                elif which == "lijst":
                    attendance_form = forms.AttendanceForm(
                        request.POST, request.FILES, prefix="lijst"
                    )
                    if attendance_form.is_valid():
                        added = services.import_attendance(
                            actor=request.user,
                            meeting=meeting,
                            content=attendance_form.cleaned_data["file"].read(),
                            consent_confirmed=attendance_form.cleaned_data["consent_confirmed"],
                        )
                        message = ngettext(
                            "%(n)s deelnemer toegevoegd.", "%(n)s deelnemers toegevoegd.", added
                        )
                        messages.success(request, message % {"n": added})
                        return redirect("communities:meeting", public_id=meeting.public_id)
                elif which == "signaal":
                    signal_form = SignalFields(request.POST, prefix="signaal")
                    if signal_form.is_valid():
                        data = signal_form.cleaned_data
                        signal = signal_services.raise_signal(
                            actor=request.user,
                            source="bijeenkomst",
                            meeting=meeting,
                            data=signal_services.SignalInput(
                                kind=data["kind"],
                                text=data["text"],
                                themes=data["themes"],
                                municipality=data["municipality"],
                            ),
                        )
                        messages.success(
                            request, _("Signaal %(ref)s is vastgelegd.") % {"ref": signal.reference}
                        )
                        return redirect("communities:meeting", public_id=meeting.public_id)
            except services.AttendanceImportError as error:
                attendance_form.refuse(error.problems)
            except ValidationError as error:
                target = {"deelnemer": participant_form, "signaal": signal_form}.get(which)
                if target is not None:
                    add_service_errors(target, error)
                else:
                    for message in error.messages:
                        messages.error(request, message)
                    return redirect("communities:meeting", public_id=meeting.public_id)
        context.update(
            participants=meeting.participants.filter(erased_at__isnull=True),
            erased_participants=meeting.participants.filter(erased_at__isnull=False).count(),
            retention_months=retention_months(),
            participant_form=participant_form,
            attendance_form=attendance_form,
            signal_form=signal_form,
            signals=meeting.signals.all(),
        )
    return render(request, "communities/meeting.html", context)


def calendar(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    chosen = request.GET.get("regio", "")
    if not slug and chosen and Region.objects.filter(slug=chosen).exists():
        # The region filter posts ?regio=...; each region's calendar has its own address
        # (and iCalendar feed), so go there. Without script: the CSP allows none inline.
        return redirect("communities:region-calendar", slug=chosen)
    region = get_object_or_404(Region, slug=slug) if slug else None
    return render(
        request,
        "communities/calendar.html",
        {
            "region": region,
            "regions": Region.objects.order_by("name"),
            "meetings": queries.upcoming_public_meetings(region=region, with_cancelled=True)[:200],
        },
    )


def calendar_feed(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    """iCalendar (RFC 5545) feed of public events; only public facts, never participants."""
    region = get_object_or_404(Region, slug=slug) if slug else None
    feed = Calendar()
    feed.add("prodid", "-//Scharnier//Agenda ondernemerscommunities//NL")
    feed.add("version", "2.0")
    feed.add(
        "x-wr-calname", _("Agenda %(name)s") % {"name": region.name} if region else _("Agenda")
    )
    since = timezone.localdate() - timedelta(days=30)
    meetings = queries.upcoming_public_meetings(region=region, since=since, with_cancelled=True)
    for meeting in meetings[:500]:
        event = Event()
        event.add("uid", f"{meeting.public_id}@scharnier")
        event.add("summary", meeting.title)
        event.add("status", "CANCELLED" if meeting.is_cancelled else "CONFIRMED")
        event.add("dtstamp", meeting.created_at)
        if meeting.start_time:
            zone = timezone.get_current_timezone()
            start = datetime.combine(meeting.date, meeting.start_time, tzinfo=zone)
            event.add("dtstart", start)
            end_time = meeting.end_time or (start + timedelta(hours=2)).time()
            event.add("dtend", datetime.combine(meeting.date, end_time, tzinfo=zone))
        else:
            event.add("dtstart", meeting.date)
            event.add("dtend", meeting.date + timedelta(days=1))
        location = meeting.location or (meeting.municipality.name if meeting.municipality else "")
        if location:
            event.add("location", location)
        event.add("description", f"{meeting.community.name} ({meeting.get_format_display()})")
        event.add("url", request.build_absolute_uri(meeting_url(meeting)))
        feed.add_component(event)
    # RFC 5545 wants a VTIMEZONE for every TZID used; without it Outlook shows the times wrong.
    feed.add_missing_timezones()
    response = HttpResponse(feed.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="agenda.ics"'
    return response


def meeting_url(meeting: Meeting) -> str:
    from django.urls import reverse

    return reverse("communities:meeting", args=[meeting.public_id])


# --- Outreach campaigns -----------------------------------------------------------------------
def _campaign_region(request: HttpRequest, slug: str) -> Region:
    region = get_object_or_404(Region, slug=slug)
    if not has_permission(request.user, Action.MANAGE_COMMUNITIES, region):
        raise PermissionDenied(_("Alleen de regisseur en het schakelteam van de regio."))
    return region


def _campaign_links(campaign: Campaign) -> dict[str, str]:
    query = f"?{CAMPAIGN_PARAMETER}={campaign.code}"
    return {
        "question": site_url(reverse("casework:ask") + query),
        "scan": site_url(reverse("matching:scan") + query),
    }


@login_required
def campaigns(request: HttpRequest, slug: str) -> HttpResponse:
    """The region's outreach campaigns with what they brought in, and the target groups."""
    region = _campaign_region(request, slug)
    results = campaign_queries.campaign_results(region)
    return render(
        request,
        "communities/campaigns.html",
        {
            "region": region,
            "results": [(r, _campaign_links(r.campaign)) for r in results],
            "segments": campaign_queries.target_groups(region, [r.campaign for r in results]),
        },
    )


@login_required
def campaign_form(request: HttpRequest, slug: str, pk: int | None = None) -> HttpResponse:
    region = _campaign_region(request, slug)
    campaign = get_object_or_404(Campaign, pk=pk, region=region) if pk else None
    initial = {}
    if campaign is not None:
        initial = {name: getattr(campaign, name) for name in services.CAMPAIGN_FIELDS}
        for name in ("themes", "sbi_sections", "municipalities"):
            initial[name] = list(getattr(campaign, name).all())
    form = forms.CampaignForm(request.POST or None, initial=initial, region=region)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_campaign(
                actor=request.user, region=region, data=form.cleaned_data, campaign=campaign
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("De benaderactie '%(title)s' is opgeslagen.") % {"title": saved.title}
            )
            return redirect("communities:campaigns", slug=region.slug)
    return render(
        request,
        "communities/campaign_form.html",
        {
            "form": form,
            "region": region,
            "campaign": campaign,
            "links": _campaign_links(campaign) if campaign else None,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def campaign_remove(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    region = _campaign_region(request, slug)
    campaign = get_object_or_404(Campaign, pk=pk, region=region)
    services.remove_campaign(actor=request.user, campaign=campaign)
    messages.success(
        request, _("De benaderactie '%(title)s' is verwijderd.") % {"title": campaign.title}
    )
    return redirect("communities:campaigns", slug=region.slug)


# --- The business case of communities (REQUIREMENTS D8) ---------------------------------------
@login_required
def business_case(request: HttpRequest, slug: str) -> HttpResponse:
    """What the region's communities cost in a year and what they brought; the region's staff
    record the costs, the national analyst compares."""
    region = get_object_or_404(Region, slug=slug)
    can_edit = has_permission(request.user, Action.MANAGE_COMMUNITIES, region)
    if not (can_edit or has_permission(request.user, Action.VIEW_ANALYSIS)):
        raise PermissionDenied(_("Alleen de regisseur en het schakelteam van de regio."))
    years = cases.years_to_show(region)
    try:
        year = int(request.GET.get("jaar") or request.POST.get("jaar") or years[0])
    except ValueError:
        year = years[0]
    if cases.year_problem(year):
        year = timezone.localdate().year
    initial = {}
    chosen = request.GET.get("community")
    if chosen and chosen.isdigit():
        community = Community.objects.filter(region=region, pk=int(chosen)).first()
        cost = community.costs.filter(year=year).first() if community else None
        initial = {"community": community}
        if cost is not None:
            initial |= {"cost_eur": cost.cost_eur, "hours": cost.hours, "funders": cost.funders}
    form = forms.CommunityCostForm(request.POST or None, initial=initial, region=region)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                cases.record_community_cost(
                    actor=request.user,
                    community=data["community"],
                    year=year,
                    cost_eur=data["cost_eur"],
                    hours=data["hours"],
                    funders=data["funders"] or "",
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("De kosten van %(name)s in %(year)s zijn opgeslagen.")
                    % {"name": data["community"].name, "year": year},
                )
                url = reverse("communities:business-case", args=[region.slug])
                return redirect(f"{url}?jaar={year}")
    return render(
        request,
        "communities/business_case.html",
        {
            "region": region,
            "case": cases.business_case(region, year),
            "years": years if year in years else sorted({*years, year}, reverse=True),
            "year": year,
            "form": form,
            "can_edit": can_edit,
        },
        status=400 if form.errors else 200,
    )
