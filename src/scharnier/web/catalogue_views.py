"""Editor pages for the Samenwerkende Catalogi (REQUIREMENTS A9/I3): read the organisation's
catalogue, see which products for entrepreneurs are not in the register yet, and place each:
add it as an offer, name the offer it already is, or say why it does not belong."""

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from scharnier.catalog import feeds, harvesting
from scharnier.catalog.models import CatalogueEntry, CatalogueFeed, Offer, ScopeLevel, Theme
from scharnier.core.forms import add_service_errors
from scharnier.matching.needs import recognise
from scharnier.organisations.models import Organisation, OrganisationKind
from scharnier.organisations.permissions import editable_organisations

from .forms import (
    CatalogueFeedForm,
    CatalogueHarvestForm,
    KeepOutOfRegisterForm,
    LinkToOfferForm,
)

# The GET/POST parameter that carries a catalogue entry into the new-offer form.
ENTRY_PARAMETER = "uit_catalogus"


def _chosen(request: HttpRequest, providers) -> Organisation | None:
    slug = request.POST.get("organisatie") or request.GET.get("organisatie")
    if slug:
        return providers.filter(slug=slug).first()
    # Two rows at most: the administrator may edit every organisation there is.
    first_two = list(providers[:2])
    if len(first_two) == 1:
        return first_two[0]
    # An editor of several (or the administrator): the first one whose catalogue was read.
    return providers.filter(catalogue_harvests__isnull=False).first()


@login_required
@require_http_methods(["GET", "POST"])
def editor_catalogue(request: HttpRequest) -> HttpResponse:
    providers = editable_organisations(request.user).order_by("name")
    if not providers.exists():
        raise PermissionDenied
    organisation = _chosen(request, providers)
    action = request.POST.get("form", "")
    harvest_form = CatalogueHarvestForm(
        request.POST if action == "harvest" else None,
        request.FILES if action == "harvest" else None,
        providers=providers,
        initial={"provider": organisation},
    )
    feed = CatalogueFeed.objects.filter(organisation=organisation).first() if organisation else None
    feed_form = CatalogueFeedForm(
        request.POST if action == "feed" else None, initial={"url": feed.url if feed else ""}
    )
    problems: list = []
    entry_forms: dict[int, object] = {}
    if request.method == "POST":
        if action in ("feed", "read-now"):
            if organisation is None:
                raise PermissionDenied
            if action == "feed" and feed_form.is_valid():
                try:
                    feeds.set_catalogue_feed(
                        actor=request.user,
                        organisation=organisation,
                        url=feed_form.cleaned_data["url"],
                    )
                except ValidationError as error:
                    add_service_errors(feed_form, error)
                else:
                    messages.success(request, _("Het adres van de catalogus is opgeslagen."))
                    return _back(organisation)
            elif action == "read-now":
                if feed is None:
                    raise PermissionDenied
                reading = feeds.read_feed(feed, actor=request.user)
                if reading.report.ok:
                    messages.success(request, _harvest_message(reading.report))
                else:
                    messages.error(
                        request,
                        _("Inlezen lukte niet: %(problem)s") % {"problem": feed.last_problem},
                    )
                return _back(organisation)
        elif action == "harvest":
            if harvest_form.is_valid():
                organisation = harvest_form.cleaned_data["provider"]
                upload = harvest_form.cleaned_data["file"]
                report = harvesting.harvest_catalogue(
                    actor=request.user,
                    organisation=organisation,
                    data=upload.read(),
                    source=upload.name,
                )
                if report.ok:
                    messages.success(request, _harvest_message(report))
                    return _back(organisation)
                problems = report.problems
        else:
            entry, form = _entry_action(request, action, organisation)
            if form is None:
                return _back(organisation)
            entry_forms[form.entry_key] = form
    groups = harvesting.entries_of(organisation) if organisation else {}
    offers = (
        Offer.objects.filter(provider=organisation, is_archived=False).order_by("title")
        if organisation
        else Offer.objects.none()
    )
    for entry in groups.get("open", []):
        entry.keep_out_form = entry_forms.get(entry.pk) or KeepOutOfRegisterForm(
            prefix=f"e{entry.pk}"
        )
        entry.link_form = entry_forms.get(-entry.pk) or LinkToOfferForm(
            prefix=f"e{entry.pk}", offers=offers
        )
    failed = bool(problems or harvest_form.errors or entry_forms or feed_form.errors)
    return render(
        request,
        "web/editor/catalogue.html",
        {
            "providers": providers,
            "organisation": organisation,
            "harvest_form": harvest_form,
            "feed": feed,
            "feed_form": feed_form,
            "problems": problems,
            "groups": groups,
            "completeness": harvesting.completeness(organisation) if organisation else None,
            "has_offers": offers.exists(),
            "entry_parameter": ENTRY_PARAMETER,
        },
        status=400 if failed else 200,
    )


def _entry_action(request: HttpRequest, action: str, organisation: Organisation | None):
    """Carry out one entry's button. Returns (entry, None) when done, or (entry, the form with
    its errors) to show again; the link form is keyed by the negative id."""
    if organisation is None:
        raise PermissionDenied
    try:
        public_id = uuid.UUID(request.POST.get("entry", ""))
    except ValueError:
        raise Http404 from None
    entry = get_object_or_404(CatalogueEntry, public_id=public_id, organisation=organisation)
    prefix = f"e{entry.pk}"
    if action == "keep-out":
        form = KeepOutOfRegisterForm(request.POST, prefix=prefix)
        if not form.is_valid():
            return _failed(entry, form, key=entry.pk)
        try:
            harvesting.keep_out_of_register(
                actor=request.user, entry=entry, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return _failed(entry, form, key=entry.pk)
        messages.success(
            request, _("'%(title)s' hoort niet in het register.") % {"title": entry.title}
        )
    elif action == "link":
        offers = Offer.objects.filter(provider=organisation, is_archived=False)
        form = LinkToOfferForm(request.POST, prefix=prefix, offers=offers)
        if not form.is_valid():
            return _failed(entry, form, key=-entry.pk)
        # The choice holds the organisation's own offers only: the service cannot refuse.
        harvesting.link_entry_to_offer(
            actor=request.user, entry=entry, offer=form.cleaned_data["offer"]
        )
        messages.success(
            request,
            _("'%(title)s' staat in het register als '%(offer)s'.")
            % {"title": entry.title, "offer": form.cleaned_data["offer"].title},
        )
    elif action == "reopen":
        harvesting.reopen_entry(actor=request.user, entry=entry)
        messages.success(
            request, _("'%(title)s' staat weer bij 'Nog beoordelen'.") % {"title": entry.title}
        )
    else:
        raise PermissionDenied
    return entry, None


def _failed(entry: CatalogueEntry, form, key: int):
    form.entry_key = key
    return entry, form


def _back(organisation: Organisation) -> HttpResponse:
    return redirect(f"{reverse('web:editor-catalogue')}?organisatie={organisation.slug}")


def _harvest_message(report: harvesting.HarvestReport) -> str:
    parts = [
        ngettext(
            "%(count)s product voor ondernemers gelezen",
            "%(count)s producten voor ondernemers gelezen",
            report.for_entrepreneurs,
        )
        % {"count": report.for_entrepreneurs},
        _("%(count)s nieuw") % {"count": report.new},
        _("%(count)s gewijzigd") % {"count": report.updated},
    ]
    if report.withdrawn:
        parts.append(_("%(count)s niet meer in de catalogus") % {"count": report.withdrawn})
    if report.linked:
        parts.append(_("%(count)s al gevonden in het register") % {"count": report.linked})
    return ", ".join(parts) + "."


def entry_for_new_offer(request: HttpRequest, providers) -> CatalogueEntry | None:
    """The catalogue entry the new offer is made from (GET link or the form's hidden field)."""
    public_id = request.POST.get(ENTRY_PARAMETER) or request.GET.get(ENTRY_PARAMETER)
    if not public_id:
        return None
    try:
        return CatalogueEntry.objects.select_related("organisation__province").get(
            public_id=public_id, organisation__in=providers
        )
    except (CatalogueEntry.DoesNotExist, ValidationError):
        return None


def initial_from_entry(entry: CatalogueEntry) -> dict:
    """What the catalogue already says, and the themes its words point at (a suggestion the
    editor checks: the catalogue has no themes)."""
    initial = {
        "provider": entry.organisation,
        "title": entry.title[:200],
        "summary": entry.abstract[:400],
        "url": entry.identifier,
        "source": _("Samenwerkende Catalogi, %(name)s") % {"name": entry.organisation.name},
    }
    codes = recognise(f"{entry.title}. {entry.abstract}").themes[:3]
    if codes:
        initial["themes"] = list(Theme.objects.filter(code__in=codes))
    organisation = entry.organisation
    if organisation.kind == OrganisationKind.PROVINCIE and organisation.province_id:
        initial["scope_level"] = ScopeLevel.PROVINCE
        initial["provinces"] = [organisation.province]
    elif organisation.kind == OrganisationKind.GEMEENTE and organisation.municipality_id:
        initial["scope_level"] = ScopeLevel.MUNICIPALITY
        initial["municipalities"] = [organisation.municipality]
    return initial
