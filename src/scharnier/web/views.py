"""Public and editor pages. Thin: forms validate input, services write, queries read."""

import csv
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from scharnier.accounts.retention import login_record_days
from scharnier.casework.services import retention_months as question_retention_months
from scharnier.catalog import fileformat, harvesting, regional_notes, uploads
from scharnier.catalog import services as catalog_services
from scharnier.catalog.importing import max_file_bytes, size_problem
from scharnier.catalog.models import (
    ATTENTION_PARAMETER,
    Attention,
    Offer,
    OfferVersion,
    RegionalOfferNote,
)
from scharnier.catalog.queries import (
    attention_counts,
    provider_freshness,
    search_offers,
    search_offers_with_some_words,
    with_related,
)
from scharnier.communities.queries import community_map
from scharnier.communities.retention import retention_months as participant_retention_months
from scharnier.core import navigation
from scharnier.core.forms import add_service_errors
from scharnier.core.pagination import WindowCountPaginator
from scharnier.geography.models import Region
from scharnier.geography.queries import municipalities_with_areas, regions_with_counts
from scharnier.jobs.queries import visible_jobs
from scharnier.monitoring.queries import broad_sme_firms_by_municipality
from scharnier.organisations import services as organisation_services
from scharnier.organisations.models import (
    DirectingOrganisation,
    Organisation,
    RegionalRoleKind,
)
from scharnier.organisations.permissions import Action, editable_organisations, has_permission
from scharnier.organisations.queries import (
    organisations_with_places,
    regional_roles_of,
    required_stakeholder_checks,
    stakeholder_roles,
)
from scharnier.signals.retention import retention_months as signals_retention_months

from . import catalogue_views
from .caching import cache_public_page
from .forms import (
    DirectingOrganisationForm,
    ImportForm,
    OfferForm,
    OfferSearchForm,
    RegionalOfferNoteForm,
    RegionalRoleForm,
)

PAGE_SIZE = 20
EDITOR_PAGE_SIZE = 50


def _page(request: HttpRequest, queryset, per_page: int = PAGE_SIZE, paginator=Paginator) -> Page:
    # get_page() turns a wrong or too high page number into the nearest real page.
    return paginator(queryset, per_page).get_page(request.GET.get("pagina"))


def _offer_results(request: HttpRequest, form: OfferSearchForm, **extra) -> dict:
    """Validate the filters; the page of matching offers (None on bad input), and whether it
    holds offers with only some of the search words because none holds them all."""
    if not form.is_valid():
        return {"page": None, "some_words": False}
    filters = form.filters(**extra)
    page = _page(request, with_related(search_offers(filters)), paginator=WindowCountPaginator)
    if page.paginator.count == 0:
        partly = search_offers_with_some_words(filters)
        if partly is not None:
            page = _page(request, with_related(partly), paginator=WindowCountPaginator)
            return {"page": page, "some_words": page.paginator.count > 0}
    return {"page": page, "some_words": False}


def _render_with_filters(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    # Bad filter input is answered with the page and a message, as a 400.
    status = 400 if context["form"].errors else 200
    return render(request, template, context, status=status)


@cache_public_page
def home(request: HttpRequest) -> HttpResponse:
    # The same search as the offer list without filters, so both pages show the same number.
    default_search = OfferSearchForm(QueryDict())
    offer_count = (
        search_offers(default_search.filters()).count() if default_search.is_valid() else 0
    )
    return render(
        request,
        "web/home.html",
        {
            "offer_count": offer_count,
            "region_count": Region.objects.count(),
            "organisation_count": Organisation.objects.count(),
        },
    )


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico where an answer (JSON, PDF) names no icon. The address is
    looked up per request: the hashed name exists only once the static files are collected."""
    return redirect(static("web/scharnier-logo.svg"), permanent=True)


@login_required
def role_home(request: HttpRequest) -> HttpResponse:
    """After login: the home page of the user's role (inbox, offers, landscape)."""
    return redirect(navigation.home_url(request.user))


def static_page(name: str):
    """A page about the service itself (privacy, accessibility, contact, colophon)."""

    def view(request: HttpRequest) -> HttpResponse:
        return render(
            request,
            f"web/about/{name}.html",
            {
                "contact_email": settings.SCHARNIER_CONTACT_EMAIL,
                # The privacy statement names the period the retention job really uses.
                "signals_retention_months": signals_retention_months(),
                "participant_retention_months": participant_retention_months(),
                "login_record_days": login_record_days(),
                "login_cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
                "question_retention_months": question_retention_months(),
            },
        )

    view.__name__ = f"{name}_page"
    return view


@cache_public_page
def offer_search(request: HttpRequest) -> HttpResponse:
    form = OfferSearchForm(request.GET)
    results = _offer_results(request, form)
    return _render_with_filters(request, "web/offers/search.html", {"form": form, **results})


def _is_editor_of(request: HttpRequest, offer: Offer) -> bool:
    return has_permission(request.user, Action.CHANGE_OFFER, offer)


@cache_public_page
def offer_detail(request: HttpRequest, public_id) -> HttpResponse:
    offer = get_object_or_404(
        with_related(Offer.objects.all()).prefetch_related(
            "directions", "size_classes", "sbi_sections", "channels"
        ),
        public_id=public_id,
    )
    is_editor = _is_editor_of(request, offer)
    if offer.is_archived and not is_editor:
        # Archived offers are withdrawn from the public catalog.
        raise Http404
    versions = None
    if is_editor:
        # Names of the people who changed an offer are personal data: editors only.
        versions = [
            {
                "version": version,
                "fields": [_field_label(name) for name in version.changed_fields],
            }
            for version in OfferVersion.objects.filter(offer=offer)
            .select_related("changed_by")
            .order_by("-number")
        ]
    notes = regional_notes.notes_for_offer(offer)
    chosen = request.GET.get("regio", "")
    # A visitor who came from a region's page or search sees that region's note first.
    notes.sort(key=lambda note: (note.region.slug != chosen, note.region.name))
    return render(
        request,
        "web/offers/detail.html",
        {
            "offer": offer,
            "regional_notes": notes,
            "chosen_region": chosen,
            "regions_to_translate": regional_notes.regions_to_translate(request.user, offer),
            "is_editor": is_editor,
            "versions": versions,
            "unchecked": Attention.UNCHECKED,
            "back_parameter": BACK_PARAMETER,
            "back_to_offer": BACK_TO_OFFER,
        },
    )


def _field_label(name: str) -> str:
    try:
        return str(Offer._meta.get_field(name).verbose_name)
    except Exception:  # noqa: BLE001 - an old snapshot may name a field that no longer exists
        return name


@cache_public_page
def region_list(request: HttpRequest) -> HttpResponse:
    return render(request, "web/regions/list.html", {"regions": regions_with_counts()})


@cache_public_page
def region_detail(request: HttpRequest, slug: str) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    municipalities = region.municipalities.select_related("province").order_by("name")
    form = OfferSearchForm(request.GET, municipalities=region.municipalities.all())
    results = _offer_results(request, form, region=region)
    roles = list(stakeholder_roles(region))
    may_change = has_permission(request.user, Action.CHANGE_REGION, region)
    nodes = [r for r in roles if r.role == RegionalRoleKind.NODE]
    directing = (
        DirectingOrganisation.objects.filter(region=region)
        .select_related("organisation", "programme_manager")
        .first()
    )
    return _render_with_filters(
        request,
        "web/regions/detail.html",
        {
            "region": region,
            "municipalities": municipalities,
            "roles": roles,
            "checks": required_stakeholder_checks(region, roles),
            "can_change_region": may_change,
            "embeds": _embed_links(request, municipalities.first()) if may_change else None,
            "nodes": nodes,
            "directing": directing,
            "node_reach": sum(r.reach_estimate or 0 for r in nodes),
            "region_firms": sum(
                broad_sme_firms_by_municipality([m.code for m in municipalities]).values()
            ),
            "communities": community_map(region),
            "offer_notes": regional_notes.notes_of_region(region),
            "form": form,
            **results,
        },
    )


def _embed_links(request: HttpRequest, municipality) -> dict[str, str]:
    """The addresses a regional portal frames: the search for help (opening on one of the
    region's municipalities) and the question form."""
    search = request.build_absolute_uri(reverse("matching:question-embed"))
    if municipality is not None:
        search += "?" + urlencode({"gemeente": municipality.code})
    return {"search": search, "question": request.build_absolute_uri(reverse("casework:embed"))}


@login_required
@require_http_methods(["GET", "POST"])
def region_stakeholders(request: HttpRequest, slug: str) -> HttpResponse:
    """The regional director keeps the list of organisations at the region's table."""
    region = get_object_or_404(Region, slug=slug)
    if not has_permission(request.user, Action.CHANGE_REGION, region):
        raise PermissionDenied(_("Alleen de regisseur van de regio past dit aan."))
    which = request.POST.get("formulier") if request.method == "POST" else None
    form = RegionalRoleForm(request.POST if which == "rol" else None)
    directing = DirectingOrganisation.objects.filter(region=region).first()
    directing_form = DirectingOrganisationForm(
        request.POST if which == "regie" else None,
        region=region,
        prefix="regie",
        initial={
            "organisation": directing.organisation,
            "granted_on": directing.granted_on,
            "granted_by": directing.granted_by,
            "programme_manager": directing.programme_manager,
        }
        if directing
        else None,
    )
    if which == "regie" and directing_form.is_valid():
        data = directing_form.cleaned_data
        try:
            organisation_services.assign_directing_organisation(
                actor=request.user, region=region, **data
            )
        except ValidationError as error:
            add_service_errors(directing_form, error)
        else:
            messages.success(
                request,
                _("Opgeslagen: %(organisation)s heeft de regie in %(region)s.")
                % {"organisation": data["organisation"].name, "region": region.name},
            )
            return redirect("web:region-stakeholders", slug=region.slug)
    elif which == "rol" and form.is_valid():
        organisation = form.cleaned_data["organisation"]
        try:
            regional_role = organisation_services.set_regional_role(
                actor=request.user,
                region=region,
                organisation=organisation,
                role=form.cleaned_data["role"],
                note=form.cleaned_data["note"],
                reach_estimate=form.cleaned_data["reach_estimate"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Opgeslagen: %(organisation)s is %(role)s in %(region)s.")
                % {
                    "organisation": organisation.name,
                    "role": regional_role.get_role_display().lower(),
                    "region": region.name,
                },
            )
            return redirect("web:region-stakeholders", slug=region.slug)
    elif which == "weghalen":
        pk = request.POST.get("organisatie", "")
        organisation = get_object_or_404(
            Organisation, pk=int(pk) if pk.isdigit() else 0, regional_roles__region=region
        )
        organisation_services.remove_regional_role(
            actor=request.user, region=region, organisation=organisation
        )
        messages.success(
            request,
            _("%(organisation)s zit niet meer aan tafel in %(region)s.")
            % {"organisation": organisation.name, "region": region.name},
        )
        return redirect("web:region-stakeholders", slug=region.slug)
    elif which is not None and which not in ("rol", "regie"):
        raise Http404()
    roles = list(stakeholder_roles(region))
    # "Weghalen" first asks: the role's note is lost with it.
    removing = None
    if request.method == "GET" and "weghalen" in request.GET:
        asked = request.GET["weghalen"]
        removing = next((r for r in roles if str(r.organisation_id) == asked), None)
        if removing is None:
            raise Http404()
    return render(
        request,
        "web/regions/stakeholders.html",
        {
            "region": region,
            "roles": roles,
            "removing": removing,
            "checks": required_stakeholder_checks(region, roles),
            "form": form,
            "directing": directing,
            "directing_form": directing_form,
        },
        status=400 if form.errors or directing_form.errors else 200,
    )


@cache_public_page
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.annotate(
        offer_count=Count("offers", filter=Q(offers__is_archived=False))
    ).order_by("name")
    return render(
        request,
        "web/organisations/list.html",
        {"page": _page(request, organisations, per_page=50)},
    )


@cache_public_page
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_object_or_404(organisations_with_places(), slug=slug)
    roles = regional_roles_of(organisation)
    form = OfferSearchForm(request.GET)
    results = _offer_results(request, form, provider_slug=organisation.slug)
    return _render_with_filters(
        request,
        "web/organisations/detail.html",
        {
            "organisation": organisation,
            "freshness": provider_freshness(organisation),
            "roles": roles,
            "branches": organisation.branches.order_by("name"),
            "form": form,
            **results,
        },
    )


@cache_public_page
def municipality_detail(request: HttpRequest, code: str) -> HttpResponse:
    municipality = get_object_or_404(municipalities_with_areas(), code=code.upper())
    form = OfferSearchForm(request.GET, with_municipality=False)
    results = _offer_results(request, form, municipality=municipality)
    return _render_with_filters(
        request,
        "web/municipalities/detail.html",
        {
            "municipality": municipality,
            "regions": municipality.regions.order_by("name"),
            "form": form,
            **results,
        },
    )


# Editor area ------------------------------------------------------------------------------


def _editable_offers(request: HttpRequest) -> QuerySet[Offer]:
    return Offer.objects.filter(provider__in=editable_organisations(request.user))


def _editable_offer(request: HttpRequest, public_id) -> Offer:
    """The offer if this user may edit it; otherwise 404, so other offers stay invisible."""
    return get_object_or_404(_editable_offers(request), public_id=public_id)


@login_required
def editor_offers(request: HttpRequest) -> HttpResponse:
    providers = editable_organisations(request.user).order_by("name")
    text = " ".join(request.GET.get("q", "").split())[:200]
    attention_only = request.GET.get(ATTENTION_PARAMETER) == "1"
    offers = _editable_offers(request).select_related("provider", "offer_type")
    needing_attention = attention_counts(offers)
    if attention_only:
        offers = offers.needing_attention()
    for word in text.split()[:10]:
        offers = offers.filter(Q(title__icontains=word) | Q(external_id__icontains=word))
    offers = offers.order_by("provider__name", "title", "pk")
    return render(
        request,
        "web/editor/offer_list.html",
        {
            "providers": providers,
            "has_providers": providers.exists(),
            "page": _page(request, offers, per_page=EDITOR_PAGE_SIZE),
            "q": text,
            "attention_only": attention_only,
            "needing_attention": needing_attention,
            "attention_parameter": ATTENTION_PARAMETER,
            "unchecked": Attention.UNCHECKED,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def editor_offer_checked(request: HttpRequest, public_id) -> HttpResponse:
    """ "Klopt nog": the editor confirms the offer is still right; back to the list or the
    offer's page (a GET, e.g. a reload, leads to the list: the action has no page of its own)."""
    offer = _editable_offer(request, public_id)
    if request.method != "POST":
        return redirect("web:editor-offers")
    try:
        catalog_services.confirm_offer_checked(actor=request.user, offer=offer)
    except ValidationError:
        messages.error(
            request,
            _(
                "'%(title)s' is niet als gecontroleerd opgeslagen: er klopt iets niet in het "
                "aanbod. Kies Bewerken en los het op."
            )
            % {"title": offer.title},
        )
    else:
        messages.success(
            request,
            _("'%(title)s' is gecontroleerd. Over 6 maanden vragen we het u weer.")
            % {"title": offer.title},
        )
    if request.POST.get(BACK_PARAMETER) == BACK_TO_OFFER:
        return redirect("web:offer-detail", public_id=offer.public_id)
    back = reverse("web:editor-offers")
    if request.POST.get(ATTENTION_PARAMETER) == "1":
        back += f"?{ATTENTION_PARAMETER}=1"
    return redirect(back)


# "Klopt nog" on the offer's own page leads back there, not to the list.
BACK_PARAMETER = "terug"
BACK_TO_OFFER = "aanbod"


@login_required
@require_http_methods(["GET", "POST"])
def editor_offer_create(request: HttpRequest) -> HttpResponse:
    providers = editable_organisations(request.user).order_by("name")
    if not providers.exists():
        raise PermissionDenied  # the Dutch "not your role" page; the page exists for editors
    # "Opnemen in het register" from the Samenwerkende Catalogi: the form starts from the entry.
    entry = catalogue_views.entry_for_new_offer(request, providers)
    initial = catalogue_views.initial_from_entry(entry) if entry else None
    form = OfferForm(request.POST or None, providers=providers, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            offer = catalog_services.create_offer(
                actor=request.user,
                provider=form.cleaned_data["provider"],
                data=form.offer_data(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            if entry is not None and entry.organisation_id == offer.provider_id:
                harvesting.link_entry_to_offer(actor=request.user, entry=entry, offer=offer)
            messages.success(
                request, _("Het aanbod '%(title)s' is opgeslagen.") % {"title": offer.title}
            )
            return redirect("web:offer-detail", public_id=offer.public_id)
    return _render_offer_form(request, form, offer=None, catalogue_entry=entry)


@login_required
@require_http_methods(["GET", "POST"])
def editor_offer_edit(request: HttpRequest, public_id) -> HttpResponse:
    offer = _editable_offer(request, public_id)
    form = OfferForm(request.POST or None, instance=offer)
    if request.method == "POST" and form.is_valid():
        try:
            offer = catalog_services.update_offer(
                actor=request.user, offer=offer, data=form.offer_data()
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect("web:offer-detail", public_id=offer.public_id)
    return _render_offer_form(request, form, offer=offer)


def _render_offer_form(
    request: HttpRequest, form: OfferForm, offer: Offer | None, catalogue_entry=None
) -> HttpResponse:
    status = 400 if form.errors else 200
    return render(
        request,
        "web/editor/offer_form.html",
        {
            "form": form,
            "offer": offer,
            "catalogue_entry": catalogue_entry,
            "entry_parameter": catalogue_views.ENTRY_PARAMETER,
        },
        status=status,
    )


def _archive_or_restore(request: HttpRequest, public_id, *, archive: bool) -> HttpResponse:
    offer = _editable_offer(request, public_id)
    if request.method == "POST":
        if archive:
            catalog_services.archive_offer(actor=request.user, offer=offer)
            messages.success(request, _("Het aanbod is gearchiveerd."))
        else:
            catalog_services.restore_offer(actor=request.user, offer=offer)
            messages.success(request, _("Het aanbod is teruggezet."))
        return redirect("web:editor-offers")
    return render(request, "web/editor/offer_confirm.html", {"offer": offer, "archive": archive})


@login_required
@require_http_methods(["GET", "POST"])
def editor_offer_archive(request: HttpRequest, public_id) -> HttpResponse:
    return _archive_or_restore(request, public_id, archive=True)


@login_required
@require_http_methods(["GET", "POST"])
def editor_offer_restore(request: HttpRequest, public_id) -> HttpResponse:
    return _archive_or_restore(request, public_id, archive=False)


@login_required
@require_http_methods(["GET", "POST"])
def editor_offer_import(request: HttpRequest) -> HttpResponse:
    """Upload step: the file is checked as a job; its page offers "Opslaan" when it is clean."""
    providers = editable_organisations(request.user).order_by("name")
    if not providers.exists():
        raise PermissionDenied  # the Dutch "not your role" page; the page exists for editors
    too_large = request.method == "POST" and _body_too_large(request)
    if too_large:
        # Refused on the announced length, before Django reads the body.
        form = ImportForm(providers=providers)
    else:
        form = ImportForm(request.POST or None, request.FILES or None, providers=providers)
    if request.method == "POST" and not too_large and form.is_valid():
        upload = form.cleaned_data["file"]
        job = uploads.start_check(
            user=request.user,
            provider=form.cleaned_data["provider"],
            name=upload.name,
            content=upload.read(),
        )
        return redirect("jobs:detail", public_id=job.public_id)
    if request.method == "GET" and request.GET.get("voorbeeld") == "csv":
        return _example_import_file()
    status = 413 if too_large else (400 if form.errors else 200)
    columns = [c for c in fileformat.COLUMNS if c.field not in fileformat.EXAMPLE_SKIPPED]
    return render(
        request,
        "web/editor/import.html",
        {
            "form": form,
            "too_large": size_problem(_content_length(request)) if too_large else "",
            "columns": [(c, fileformat.kind_text(c)) for c in columns],
        },
        status=status,
    )


def _example_import_file() -> HttpResponse:
    """A CSV with every column and one example offer, as Dutch spreadsheet programs open it."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="voorbeeld-aanbod.csv"'
    response.write("\ufeff")
    csv.writer(response, delimiter=";").writerows(fileformat.example_rows())
    return response


@login_required
@require_http_methods(["POST"])
def editor_offer_import_confirm(request: HttpRequest, public_id) -> HttpResponse:
    """Save step: the checked file, kept on the server, is saved without a new upload."""
    check = get_object_or_404(visible_jobs(request.user), public_id=public_id)
    try:
        job = uploads.confirm_check(user=request.user, check=check)
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("jobs:detail", public_id=check.public_id)
    return redirect("jobs:detail", public_id=job.public_id)


def _content_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def _body_too_large(request: HttpRequest) -> bool:
    # Room for the other form fields and the multipart boundaries.
    return _content_length(request) > max_file_bytes() + 64 * 1024


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form posted without a valid CSRF token: our Dutch page instead of Django's English one."""
    return render(request, "web/csrf_failure.html", status=403)


@login_required
@require_http_methods(["GET", "POST"])
def offer_regional_note(request: HttpRequest, public_id, slug: str) -> HttpResponse:
    """The region's staff add who helps with an offer here, an example, a meeting."""
    offer = get_object_or_404(Offer.objects.select_related("provider"), public_id=public_id)
    region = get_object_or_404(Region, slug=slug)
    if not has_permission(request.user, Action.TRANSLATE_OFFER, region):
        raise PermissionDenied(_("Alleen de regisseur en het schakelteam van de regio."))
    note = RegionalOfferNote.objects.filter(offer=offer, region=region).first()
    which = request.POST.get("formulier", "aanvulling")
    initial = {name: getattr(note, name) for name in regional_notes.FIELDS} if note else None
    form = RegionalOfferNoteForm(
        request.POST if request.method == "POST" and which == "aanvulling" else None,
        initial=initial,
    )
    back = reverse("web:offer-detail", args=[offer.public_id]) + f"?regio={region.slug}"
    if request.method == "POST":
        if which == "aanvulling" and form.is_valid():
            try:
                regional_notes.save_note(
                    actor=request.user, offer=offer, region=region, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("De aanvulling voor de regio is opgeslagen."))
                return redirect(back + "#in-de-regio")
        elif which == "weghalen" and note is not None:
            regional_notes.remove_note(actor=request.user, note=note)
            messages.success(request, _("De aanvulling voor de regio is weggehaald."))
            return redirect(back)
        elif which not in ("aanvulling", "weghalen"):
            raise Http404
    return render(
        request,
        "web/offers/regional_note.html",
        {"offer": offer, "region": region, "note": note, "form": form, "back": back},
        status=400 if form.errors else 200,
    )
