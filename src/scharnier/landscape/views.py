"""Pages of the landscape analysis. Thin: queries and services do the work."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from scharnier.catalog.models import JourneyPhase, Offer, SbiSection, ScopeLevel, Theme
from scharnier.core import ratelimit
from scharnier.core.forms import add_service_errors
from scharnier.geography.models import Region, area_key_for_region
from scharnier.monitoring import suppression
from scharnier.organisations.permissions import Action, has_permission
from scharnier.signals.queries import public_count

from . import queries, services
from .exports import Table, export, export_links, wants
from .forms import (
    ClusterFilterForm,
    ConsistencyCheckForm,
    DecisionForm,
    FreedBudgetForm,
    MatrixFilterForm,
)
from .models import (
    FREEING_DECISIONS,
    ConsistencyCheck,
    FreedBudget,
    OverlapCluster,
    OverlapDecision,
    SuggestedAction,
)

# One screen of clusters: the analyst works through them with the filters and the pages.
CLUSTERS_PER_PAGE = 25


def _labels(model) -> dict[str, str]:
    return {term.code: term.label for term in model.objects.all()}


def _scope_label(level: str) -> str:
    return str(ScopeLevel(level).label) if level in ScopeLevel.values else level


def _percent(value: float | None) -> str:
    return "-" if value is None else f"{round(value * 100)}%"


def matrix(request: HttpRequest) -> HttpResponse:
    """White spots: theme x journey phase per area. Public: counts of public offers."""
    form = MatrixFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    area = queries.resolve_area(filters.get("gebied") or queries.NATIONAL)
    if area is None:  # the form only allows known areas, so this is a stale link
        raise Http404
    provider_kind = filters.get("soort", "")
    data = queries.white_spot_matrix(
        area, provider_kind=provider_kind, structural=form.structural if form.is_bound else None
    )
    scan = queries.region_scan(area)
    base = {"gebied": area.code, "soort": provider_kind, "duur": filters.get("duur", "")}
    rows = []
    for row in data.rows:
        cells = [
            {
                **cell,
                "signals_shown": public_count(cell["signals"]),
                "url": reverse("landscape:cell-offers")
                + "?"
                + urlencode({**base, "thema": row["theme"].code, "fase": cell["phase"].code}),
            }
            for cell in row["cells"]
        ]
        rows.append({"theme": row["theme"], "cells": cells})
    kinds = [(queries.kind_label(k), n) for k, n in sorted(data.by_kind.items())]
    summary = [
        (_("Activiteiten (al het beschikbare aanbod)"), scan.activities),
        (_("Initiatieven uit het gebied zelf (provincie, regio, gemeente)"), scan.initiatives),
        (_("Aanbieders"), scan.providers),
        (_("Aandeel tijdelijk aanbod"), _percent(scan.share_temporary)),
        (_("Aandeel met gegevens over effect"), _percent(scan.share_impact_known)),
    ]
    tables = [
        Table(_("Kerncijfers"), [_("Kengetal"), _("Waarde")], [list(r) for r in summary]),
        Table(
            _("Aantal vormen van aanbod per thema en fase in %(area)s") % {"area": area.name},
            [_("Thema")] + [p.label for p in data.phases],
            [[r["theme"].label] + [c["count"] for c in r["cells"]] for r in rows],
        ),
        Table(
            _("Witte vlekken"),
            [_("Thema"), _("Klantreisfase")],
            [[t.label, p.label] for t, p in data.white_spots],
        ),
        Table(
            _("Per soort aanbieder"), [_("Soort aanbieder"), _("Aantal")], [list(k) for k in kinds]
        ),
        Table(
            _("Structureel of tijdelijk"),
            [_("Duur"), _("Aantal")],
            [
                [_("Structureel"), data.by_structural.get(True, 0)],
                [_("Tijdelijk"), data.by_structural.get(False, 0)],
            ],
        ),
        Table(
            _("Signalen uit het gebied per thema en klantreisfase (de vraagkant)"),
            [_("Thema")] + [p.label for p in data.phases],
            [[r["theme"].label] + [c["signals_shown"] for c in r["cells"]] for r in rows],
        ),
        _no_fit_table(area, [r["theme"] for r in rows]),
    ]
    title = _("Aanbod en witte vlekken: %(area)s") % {"area": area.name}
    exported = export(request, "witte-vlekken", title, [queries_note()], tables)
    if exported:
        return exported
    query = urlencode(base)
    return render(
        request,
        "landscape/matrix.html",
        {
            "form": form,
            "area": area,
            "matrix": data,
            "rows": rows,
            "summary": summary,
            "kinds": kinds,
            "tables": tables,
            "white_spot_count": len(data.white_spots),
            **export_links(query),
        },
    )


def _no_fit_table(area: queries.Area, themes: list[Theme]) -> Table:
    """Casework's side of the white spots: questions the schakelteams closed because no offer
    fitted, per theme; counts below 5 and shares that would reveal them are withheld."""
    rows = []
    for row in queries.questions_without_fit(area, themes):
        share = suppression.share(row.no_fit, row.closed)
        rows.append(
            [
                row.theme.label,
                suppression.single(row.closed).display,
                suppression.single(row.no_fit).display if row.no_fit else "0",
                "-" if share is None else f"{share:.0f}%",
            ]
        )
    return Table(
        _("Vragen aan de schakelteams zonder passend aanbod, per thema"),
        [_("Thema"), _("Afgesloten vragen"), _("Zonder passend aanbod"), _("Aandeel")],
        rows,
        empty=_("Nog geen afgesloten vragen uit dit gebied."),
    )


def queries_note() -> str:
    return _(
        "Telling: actief aanbod dat ten minste één ondernemer in het gebied kan gebruiken: "
        "landelijk aanbod, aanbod van de provincie(s), van regio's en van gemeenten in het gebied. "
        "Een witte vlek is een combinatie van thema en klantreisfase zonder aanbod."
    )


def cell_offers(request: HttpRequest) -> HttpResponse:
    """The offers behind one matrix cell."""
    if not request.GET.get("thema") and not request.GET.get("fase"):
        return redirect("landscape:matrix")  # no cell chosen: the matrix to choose one from
    form = MatrixFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    area = queries.resolve_area(filters.get("gebied") or queries.NATIONAL)
    theme = Theme.objects.filter(code=request.GET.get("thema", "")).first()
    phase = JourneyPhase.objects.filter(code=request.GET.get("fase", "")).first()
    if area is None or theme is None or phase is None:
        raise Http404
    offers = (
        queries.available_offers(
            area, provider_kind=filters.get("soort", ""), structural=form.structural
        )
        .filter(themes=theme, journey_phases=phase)
        .select_related("provider", "offer_type")
        .order_by("title", "pk")
    )
    title = _("%(theme)s, fase %(phase)s, in %(area)s") % {
        "theme": theme.label,
        "phase": phase.label,
        "area": area.name,
    }
    table = Table(
        title,
        [_("Titel"), _("Aanbieder"), _("Soort aanbod"), _("Gebied"), _("Structureel")],
        [
            [
                o.title,
                o.provider.name,
                o.offer_type.label,
                _scope_label(o.scope_level),
                _("ja") if o.is_structural else _("nee"),
            ]
            for o in offers
        ],
    )
    exported = export(request, "aanbod-cel", title, [], [table])
    if exported:
        return exported
    back = (
        reverse("landscape:matrix")
        + "?"
        + urlencode({k: request.GET.get(k, "") for k in ("gebied", "soort", "duur")})
    )
    query = request.GET.urlencode()
    return render(
        request,
        "landscape/cell_offers.html",
        {
            "title": title,
            "offers": offers,
            "back_url": back,
            **export_links(query),
        },
    )


def _analysis_scope(request: HttpRequest):
    """The area whose clusters the user may see, or raise; national users see everything."""
    user = request.user
    code = request.GET.get("gebied", "")
    if has_permission(user, Action.VIEW_ANALYSIS, None):
        return queries.resolve_area(code) if code else None, None
    regions = [r for r in Region.objects.all() if has_permission(user, Action.VIEW_ANALYSIS, r)]
    if not regions:
        raise PermissionDenied(_("U heeft geen toegang tot de overlapanalyse."))
    chosen = next((r for r in regions if area_key_for_region(r.slug) == code), regions[0])
    return queries.resolve_area(area_key_for_region(chosen.slug)), regions


def _login_required(request: HttpRequest) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    return None


def cluster_list(request: HttpRequest) -> HttpResponse:
    """Clusters of overlapping offers: analysts see all, regional directors their region."""
    if response := _login_required(request):
        return response
    area, regions = _analysis_scope(request)
    analysis = queries.latest_analysis()
    form = ClusterFilterForm(request.GET or None)
    filters = form.filters()
    found, decisions = (
        queries.filtered_clusters(analysis, area, **filters) if analysis else ([], {})
    )
    exporting = wants(request)
    # The page shows one page of clusters; the exports hold every cluster the filters keep.
    page = (
        None
        if exporting
        else Paginator(found, CLUSTERS_PER_PAGE).get_page(request.GET.get("pagina"))
    )
    clusters = found if page is None else list(page.object_list)
    offers_by_cluster: dict[int, list] = {}
    through = OverlapCluster.offers.through
    for row in through.objects.filter(
        overlapcluster_id__in=[c.pk for c in clusters]
    ).select_related("offer"):
        offers_by_cluster.setdefault(row.overlapcluster_id, []).append(row.offer)
    theme_labels, phase_labels = _labels(Theme), _labels(JourneyPhase)
    items = [
        {
            "cluster": c,
            "offers": sorted(offers_by_cluster.get(c.pk, []), key=lambda o: o.title),
            "decision": decisions.get(c.key),
            "themes": ", ".join(theme_labels.get(t, t) for t in c.theme_codes),
            "phases": ", ".join(phase_labels.get(p, p) for p in c.phase_codes),
        }
        for c in clusters
    ]
    table = Table(
        _("Clusters van overlappend aanbod"),
        [
            _("Cluster"),
            _("Aanbod"),
            _("Thema's"),
            _("Fasen"),
            _("Hoogste score"),
            _("Voorgestelde actie"),
            _("Besluit"),
        ],
        [
            [
                i["cluster"].pk,
                " | ".join(o.title for o in i["offers"]),
                i["themes"],
                i["phases"],
                f"{i['cluster'].max_score:.2f}",
                i["cluster"].get_suggested_action_display(),
                i["decision"].get_decision_display() if i["decision"] else _("nog niet beoordeeld"),
            ]
            for i in items
        ],
    )
    exported = export(request, "overlap-clusters", table.caption, [], [table])
    if exported:
        return exported
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "landscape/cluster_list.html",
        {
            "analysis": analysis,
            "items": items,
            "page": page,
            "found": len(found),
            "total": queries.clusters(analysis, area).count() if analysis else 0,
            "filtered": any(filters.values()),
            "form": form,
            "area": area,
            "regions": regions,
            "can_refresh": regions is None,
            "area_choices": queries.area_choices() if regions is None else [],
            "actions": SuggestedAction,
            **export_links(query.urlencode()),
        },
    )


def overlap_history(request: HttpRequest) -> HttpResponse:
    """Expired offers and what they overlapped with while valid (national analysts)."""
    if response := _login_required(request):
        return response
    if not has_permission(request.user, Action.VIEW_ANALYSIS, None):
        raise PermissionDenied(_("Alleen landelijk analisten zien de historie van de overlap."))
    history = services.overlap_history()
    offers = Offer.objects.select_related("provider").in_bulk(
        {f.key for a, b, _score in history for f in (a, b)}
    )

    def describe(item) -> str:
        offer = offers[item.key]
        until = date_format(offer.valid_until, "j F Y") if offer.valid_until else _("doorlopend")
        return f"{offer.title} ({offer.provider.name}, {_('tot')} {until})"

    table = Table(
        _("Verlopen aanbod dat overlapte toen het nog gold"),
        [_("Aanbod"), _("Overlapte met"), _("Score")],
        [[describe(a), describe(b), number_format(score, 2)] for a, b, score in history],
    )
    exported = export(request, "overlap-historie", table.caption, [], [table])
    if exported:
        return exported
    return render(request, "landscape/history.html", {"table": table, "count": len(history)})


def refresh_analysis(request: HttpRequest) -> HttpResponse:
    """Run the overlap analysis now (national analysts); fine for catalogs up to a few thousand
    offers. The full national catalog is analysed by the `analyse_overlap` command."""
    if response := _login_required(request):
        return response
    if request.method != "POST":
        return redirect("landscape:clusters")
    if not has_permission(request.user, Action.VIEW_ANALYSIS, None):
        raise PermissionDenied(_("Alleen landelijk analisten kunnen de analyse opnieuw doen."))
    analysis = services.run_overlap_analysis()
    messages.success(
        request,
        _("De analyse is opnieuw gedaan: %(clusters)s clusters in %(offers)s vormen van aanbod.")
        % {"clusters": analysis.cluster_count, "offers": analysis.offer_count},
    )
    return redirect("landscape:clusters")


def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One cluster: the pairs with their evidence, the suggestion, the decision form and the
    money its decisions freed."""
    if response := _login_required(request):
        return response
    cluster = get_object_or_404(OverlapCluster, pk=pk)
    if not services.can_review(request.user, cluster):
        raise PermissionDenied(_("U heeft geen toegang tot dit cluster."))
    history = list(
        OverlapDecision.objects.filter(cluster_key=cluster.key)
        .select_related("decided_by")
        .prefetch_related("freed_budgets__region", "freed_budgets__recorded_by")
    )
    freeing = [d for d in history if d.decision in FREEING_DECISIONS]
    posted = request.POST if request.method == "POST" else None
    budget_posted = posted is not None and posted.get("form") == "budget"
    form = DecisionForm(None if budget_posted else posted)
    budget_form = FreedBudgetForm(posted if budget_posted else None, decisions=freeing)
    if budget_posted:
        if budget_form.is_valid():
            data = budget_form.cleaned_data
            try:
                services.record_freed_budget(
                    actor=request.user,
                    decision=next(d for d in freeing if d.pk == data["decision"]),
                    amount_eur=data["amount_eur"],
                    year=data["year"],
                    region=data["region"],
                    note=data["note"],
                )
            except ValidationError as error:
                add_service_errors(budget_form, error)
            else:
                messages.success(request, _("Het vrijgespeelde budget is vastgelegd."))
                return redirect(reverse("landscape:cluster", args=[cluster.pk]) + "#budget")
    elif posted is not None:
        if form.is_valid():
            try:
                services.record_decision(
                    actor=request.user,
                    cluster=cluster,
                    decision=form.cleaned_data["decision"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    for message in errors:
                        form.add_error(field if field in form.fields else None, message)
            else:
                messages.success(request, _("Uw besluit is opgeslagen."))
                return redirect("landscape:cluster", pk=cluster.pk)
    budget_entries = [e for d in history for e in d.freed_budgets.all()]
    theme_labels, phase_labels = _labels(Theme), _labels(JourneyPhase)
    pairs = [
        {
            "pair": p,
            "themes": ", ".join(theme_labels.get(t, t) for t in p.shared_themes),
            "phases": ", ".join(phase_labels.get(f, f) for f in p.shared_phases),
        }
        for p in cluster.pairs.select_related(
            "offer_a__provider", "offer_b__provider", "offer_a__offer_type", "offer_b__offer_type"
        )
    ]
    offers = list(cluster.offers.select_related("provider", "offer_type").order_by("title"))
    history = list(
        OverlapDecision.objects.filter(cluster_key=cluster.key).select_related("decided_by")
    )
    table = Table(
        _("Overlappende paren in cluster %(pk)s") % {"pk": cluster.pk},
        [
            _("Aanbod A"),
            _("Aanbod B"),
            _("Overlapscore"),
            _("Betekenis gelijk"),
            _("Tekst gelijk"),
            _("Gedeelde thema's"),
            _("Gedeelde fasen"),
        ],
        [
            [
                i["pair"].offer_a.title,
                i["pair"].offer_b.title,
                f"{i['pair'].score:.2f}",
                f"{i['pair'].semantic_similarity:.2f}",
                f"{i['pair'].text_similarity:.2f}",
                i["themes"],
                i["phases"],
            ]
            for i in pairs
        ],
    )
    exported = export(request, f"cluster-{cluster.pk}", table.caption, [], [table])
    if exported:
        return exported
    return render(
        request,
        "landscape/cluster_detail.html",
        {
            "cluster": cluster,
            "next_undecided": _next_undecided(request, cluster),
            "offers": [(o, _scope_label(o.scope_level)) for o in offers],
            "pairs": pairs,
            "form": form,
            "budget_form": budget_form,
            "history": history,
            "budget_entries": budget_entries,
            "freed_total": sum((e.amount_eur for e in budget_entries), Decimal(0)),
            "can_record_budget": bool(freeing),
            **export_links(),
        },
        status=400 if request.method == "POST" else 200,
    )


def remove_freed_budget(request: HttpRequest, pk: int, entry_pk: int) -> HttpResponse:
    """Take back a freed-budget entry typed in error (POST only)."""
    if response := _login_required(request):
        return response
    cluster = get_object_or_404(OverlapCluster, pk=pk)
    entry = get_object_or_404(
        FreedBudget.objects.select_related("decision"),
        pk=entry_pk,
        decision__cluster_key=cluster.key,
    )
    if request.method != "POST":
        return redirect(reverse("landscape:cluster", args=[cluster.pk]) + "#budget")
    try:
        services.remove_freed_budget(actor=request.user, entry=entry)
    except PermissionDenied:
        raise PermissionDenied(_("U mag dit bedrag niet verwijderen.")) from None
    messages.success(request, _("Het bedrag is verwijderd."))
    return redirect(reverse("landscape:cluster", args=[cluster.pk]) + "#budget")


def _next_undecided(request: HttpRequest, cluster: OverlapCluster) -> OverlapCluster | None:
    """The strongest other cluster without a decision in the reviewer's area, so that a
    reviewer goes from one decision to the next without the list."""
    analysis = queries.latest_analysis()
    if analysis is None or cluster.analysis_id != analysis.pk:
        return None
    area, _regions = _analysis_scope(request)
    undecided, _decisions = queries.filtered_clusters(analysis, area, decision=queries.UNDECIDED)
    return next((c for c in undecided if c.pk != cluster.pk), None)


def check_form(request: HttpRequest) -> HttpResponse:
    """The consistency test: public, so that anyone planning a scheme can test it first."""
    form = ConsistencyCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        ratelimit.enforce(request, "consistency-checks")
        try:
            check = services.run_consistency_check(actor=request.user, raw=form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            return redirect("landscape:check-result", public_id=check.public_id)
    return render(
        request,
        "landscape/check_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


# The sides of `landscape/data/target_sides.json`, as the result page names them.
SIDE_LABELS = {
    ("firm_transfer", "buyer"): gettext_lazy("wie een bedrijf koopt of overneemt"),
    ("firm_transfer", "seller"): gettext_lazy("wie een bedrijf verkoopt of overdraagt"),
    ("export_experience", "first_time"): gettext_lazy("bedrijven die voor het eerst exporteren"),
    ("export_experience", "experienced"): gettext_lazy("bedrijven die al exporteren"),
}


def _sides_note(sides: dict[str, str]) -> list[str]:
    """One sentence per side the proposal's text is for, naming the side that is not counted."""
    notes = []
    for dimension, side in sorted(sides.items()):
        others = [
            str(label) for (d, s), label in SIDE_LABELS.items() if d == dimension and s != side
        ]
        notes.append(
            _(
                "Uw tekst is voor %(side)s. Aanbod alleen voor %(other)s telt daarom niet als "
                "dubbel."
            )
            % {"side": SIDE_LABELS[dimension, side], "other": _(" of ").join(others)}
        )
    return notes


def _read_from_text_note(read: dict) -> str:
    """What the test read from the proposal's text: the target group where its fields were
    open, the side of a subject it is for, and the kind of help that decides what counts."""
    parts = []
    if read.get("sbi_sections"):
        labels = _labels(SbiSection)
        sectors = ", ".join(labels.get(c, c) for c in read["sbi_sections"])
        parts.append(_("de sector %(sectors)s") % {"sectors": sectors})
    if read.get("min_company_age_years"):
        parts.append(
            _("bedrijven van minstens %(years)s jaar oud")
            % {"years": read["min_company_age_years"]}
        )
    notes = _sides_note(read.get("sides", {}))
    if read.get("open_help"):
        notes.append(
            _(
                "Uw tekst beschrijft hulp bij alle vragen, zoals een loket of advieslijn. Aanbod "
                "over één onderwerp telt daarom niet als dubbel."
            )
        )
    if read.get("one_off_event"):
        notes.append(
            _(
                "Uw regeling is een eenmalige bijeenkomst. Doorlopend aanbod, zoals een "
                "ondernemerscafé, telt daarom niet als dubbel."
            )
        )
    if parts:
        notes.insert(
            0,
            _(
                "U vulde niet de hele doelgroep in. Uw tekst noemt %(group)s. Daarmee hebben we "
                "vergeleken. Klopt dat niet? Vul de doelgroep in en toets opnieuw."
            )
            % {"group": _(" en ").join(parts)},
        )
    return " ".join(notes)


def check_result(request: HttpRequest, public_id) -> HttpResponse:
    check = get_object_or_404(ConsistencyCheck, public_id=public_id)
    theme_labels, phase_labels = _labels(Theme), _labels(JourneyPhase)
    overlaps = [
        {
            **o,
            # An offer coded under another theme is a hit when its text says the same help.
            "themes": ", ".join(theme_labels.get(t, t) for t in o["shared_themes"])
            or _("geen (ander thema)"),
            "phases": ", ".join(phase_labels.get(p, p) for p in o["shared_phases"]),
            "scope": _scope_label(o["scope_level"]),
            # Checks stored before the reasons existed have none.
            "reasons": o.get("reasons", []),
        }
        for o in check.result["overlaps"]
    ]
    spots = [
        {
            **s,
            "theme_label": theme_labels.get(s["theme"], s["theme"]),
            "phase_label": phase_labels.get(s["phase"], s["phase"]),
        }
        for s in check.result["white_spots_filled"]
    ]
    tables = [
        Table(
            _("Bestaand aanbod dat overlapt"),
            [
                _("Aanbod"),
                _("Aanbieder"),
                _("Gebied"),
                _("Overlapscore"),
                _("Gedeelde thema's"),
                _("Gedeelde fasen"),
                _("Waarom"),
            ],
            [
                [
                    o["title"],
                    o["provider"],
                    o["scope"],
                    f"{o['score']:.2f}",
                    o["themes"],
                    o["phases"],
                    " ".join(o["reasons"]),
                ]
                for o in overlaps
            ],
        ),
        Table(
            _("Witte vlekken die de regeling vult"),
            [_("Gebied"), _("Thema"), _("Klantreisfase")],
            [[s["area_name"], s["theme_label"], s["phase_label"]] for s in spots],
        ),
    ]
    title = _("Consistentietoets: %(title)s") % {"title": check.proposal.get("title", "")}
    exported = export(request, "consistentietoets", title, [check.get_verdict_display()], tables)
    if exported:
        return exported
    return render(
        request,
        "landscape/check_result.html",
        {
            "check": check,
            "overlaps": overlaps,
            "spots": spots,
            "share_url": request.build_absolute_uri(),
            # Checks stored before the text was read have no such key.
            "read_note": _read_from_text_note(check.result.get("read_from_text", {})),
            "may_coordinate": has_permission(request.user, Action.COORDINATE_JOINT_REVIEW),
            "joint_reviews": check.joint_reviews.all(),
            **export_links(),
        },
    )


NO_MONTHLY_COUNT = gettext_lazy(
    "Nog geen telling. Aan het eind van elke maand tellen we het actieve aanbod."
)


def _level_table(caption: str, counted: str) -> Table:
    """Offers or schemes per scope level per month, each offer counted once."""
    months, by_level = queries.snapshot_table(counted)
    return Table(
        caption,
        [_("Gebiedsniveau")] + [m.strftime("%Y-%m") for m in months],
        [
            [_scope_label(level)] + [by_level.get(level, {}).get(m, 0) for m in months]
            for level in ScopeLevel.values
            if level in by_level
        ],
        empty=NO_MONTHLY_COUNT,
    )


def _ambition_lines(ambition: queries.SchemeAmbition | None) -> list[str]:
    """The national schemes against the aim of halving them: two paragraphs for page and report
    (what is aimed at, and how far it is)."""
    aim = _(
        "De provincies vragen het Rijk om het aantal landelijke regelingen te halveren. "
        "Een regeling is aanbod van een financiële soort, zoals een subsidie, lening of "
        "garantie."
    )
    if ambition is None:
        return [aim, str(NO_MONTHLY_COUNT)]
    lines = [
        ngettext(
            "Bij de eerste telling (%(month)s) was er %(count)d landelijke regeling.",
            "Bij de eerste telling (%(month)s) waren er %(count)d landelijke regelingen.",
            ambition.first,
        )
        % {"month": date_format(ambition.first_month, "F Y"), "count": ambition.first},
        ngettext(
            "Nu (%(month)s) is het er %(count)d.",
            "Nu (%(month)s) zijn het er %(count)d.",
            ambition.now,
        )
        % {"month": date_format(ambition.month, "F Y"), "count": ambition.now},
    ]
    if not ambition.first:  # nothing to halve
        return [aim, " ".join(lines)]
    lines.append(_("Doel: %(target)d of minder.") % {"target": ambition.target})
    if ambition.to_go:
        lines.append(
            ngettext(
                "Er moet nog %(count)d regeling af.",
                "Er moeten nog %(count)d regelingen af.",
                ambition.to_go,
            )
            % {"count": ambition.to_go}
        )
    else:
        lines.append(_("Het doel is gehaald."))
    if ambition.more:
        lines.append(
            ngettext(
                "Dat is er %(count)d meer dan bij de eerste telling.",
                "Dat zijn er %(count)d meer dan bij de eerste telling.",
                ambition.more,
            )
            % {"count": ambition.more}
        )
    return [aim, " ".join(lines)]


def _euros(amount: Decimal) -> str:
    """Whole euros the Dutch way (1.250.000) for tables, page and CSV alike."""
    return number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)


def _freed_budget_lines(ledger: queries.FreedBudgetLedger) -> list[str]:
    """What clean-up freed, for page and report: the vision's revenue of the business case."""
    lines = [
        _(
            "Geld dat vrijkomt doordat aanbod stopt of wordt samengevoegd, gaat naar "
            "vraagactivatie in de regio's. Wie een besluit over overlap neemt, legt op de pagina "
            "van het cluster vast hoeveel geld vrijkomt."
        )
    ]
    if not ledger.entries:
        lines.append(_("Er is nog geen vrijgespeeld budget vastgelegd."))
    else:
        decisions = len(ledger.per_decision)
        lines.append(
            ngettext(
                "Vastgelegd: € %(total)s bij %(count)d besluit. Daarvan is € %(allocated)s "
                "toegewezen aan een regio.",
                "Vastgelegd: € %(total)s bij %(count)d besluiten. Daarvan is € %(allocated)s "
                "toegewezen aan een regio.",
                decisions,
            )
            % {
                "total": _euros(ledger.total),
                "count": decisions,
                "allocated": _euros(ledger.allocated),
            }
        )
    if ledger.retired_budget:
        lines.append(
            _(
                "Het aanbod dat na een besluit stopte, had volgens het register samen een budget "
                "van € %(amount)s. Een deel daarvan kan al zijn uitgegeven."
            )
            % {"amount": _euros(ledger.retired_budget)}
        )
    return lines


def _freed_budget_table(ledger: queries.FreedBudgetLedger) -> Table:
    not_allocated = _("Nog niet toegewezen")
    names = sorted(n for n in ledger.by_region if n) + ([""] if "" in ledger.by_region else [])
    rows = [
        [name or not_allocated]
        + [_euros(ledger.by_region[name].get(year, Decimal(0))) for year in ledger.years]
        for name in names
    ]
    if len(names) > 1:
        rows.append(
            [_("Totaal")]
            + [
                _euros(
                    sum(
                        (by_year.get(year, Decimal(0)) for by_year in ledger.by_region.values()),
                        Decimal(0),
                    )
                )
                for year in ledger.years
            ]
        )
    return Table(
        _("Vrijgespeeld budget per jaar en regio (euro)"),
        [_("Ingezet in regio")] + [str(year) for year in ledger.years],
        rows,
        empty=_("Er is nog geen vrijgespeeld budget vastgelegd."),
    )


def cleanup(request: HttpRequest) -> HttpResponse:
    """The clean-up over time: active offers and schemes per month per level and theme, the
    national schemes against the aim of halving them, and the decisions taken."""
    months, by_theme = queries.theme_snapshot_table()
    theme_labels = _labels(Theme)
    level_table = _level_table(_("Actief aanbod per maand en gebiedsniveau"), "active_offers")
    scheme_table = _level_table(
        _("Actieve regelingen per maand en gebiedsniveau"), "active_schemes"
    )
    theme_table = Table(
        _("Actief aanbod per maand en thema"),
        [_("Thema")] + [m.strftime("%Y-%m") for m in months],
        [
            [theme_labels.get(code, code)] + [by_theme.get(code, {}).get(m, 0) for m in months]
            for code in theme_labels
            if code in by_theme
        ],
        empty=NO_MONTHLY_COUNT,
    )
    rows = queries.cleanup_after_decisions()
    ledger = queries.freed_budget_ledger(rows)
    decision_table = Table(
        _("Besluiten over overlap en wat ermee gebeurde"),
        [
            _("Besloten op"),
            _("Besluit"),
            _("Aantal vormen van aanbod"),
            _("Sindsdien gestopt of samengevoegd"),
            _("Vrijgespeeld budget (euro)"),
        ],
        [
            [
                r.decision.decided_at.strftime("%Y-%m-%d"),
                r.decision.get_decision_display(),
                len(r.offers),
                len(r.retired),
                _euros(ledger.per_decision.get(r.decision.pk, Decimal(0))),
            ]
            for r in rows
        ],
        empty=_("Nog geen besluiten over overlap."),
    )
    budget_table = _freed_budget_table(ledger)
    tables = [level_table, scheme_table, theme_table, decision_table, budget_table]
    title = _("Opschoning van het aanbod")
    ambition = _ambition_lines(queries.national_scheme_ambition())
    budget_lines = _freed_budget_lines(ledger)
    exported = export(request, "opschoning", title, ambition + budget_lines, tables)
    if exported:
        return exported
    return render(
        request,
        "landscape/cleanup.html",
        {
            "tables": [t for t in tables if t is not budget_table],
            "budget_table": budget_table,
            "retired_total": sum(len(r.retired) for r in rows),
            "decision_total": len(rows),
            "ambition_lines": ambition,
            "budget_lines": budget_lines,
            **export_links(),
        },
    )
