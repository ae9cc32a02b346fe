"""The open dashboard (no login): national, region, municipality, map, definitions, open data.

Thin: every figure comes from `queries` (through `exports` for CSV).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from scharnier.core.forms import add_service_errors
from scharnier.geography.models import Region

from . import charts, exports, queries, services, svgmap
from .forms import ResultAgreementForm
from .permissions import Action, has_permission
from .registry import CASEWORK_CODES, COMMUNITY_CODES, FUNNEL_CODES, SECTOR_GROUPS
from .task import broad_sme_shares


def _period(request: HttpRequest) -> tuple[queries.Period, str]:
    """The chosen period, or, for a value that is no period, the figures since the start with
    the reason (the page then answers 400 and says so at the period field)."""
    typed = request.GET.get("periode")
    period = queries.parse_period(typed)
    if period is not None:
        return period, ""
    problem = _(
        "De periode '%(value)s' bestaat niet. Kies een halfjaar uit de lijst. "
        "U ziet nu de cijfers sinds de start."
    ) % {"value": (typed or "")[:20]}
    return queries.since_start(), problem


def _render(request: HttpRequest, template: str, context: dict, problem: str) -> HttpResponse:
    return render(
        request, template, {**context, "period_problem": problem}, status=400 if problem else 200
    )


def _csv_refused(problem: str) -> HttpResponse:
    return HttpResponse(problem, status=400, content_type="text/plain; charset=utf-8")


def _csv(body: str, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _dashboard(request: HttpRequest, scope: queries.Scope) -> HttpResponse:
    period, problem = _period(request)
    if problem and request.GET.get("formaat") == "csv":
        return _csv_refused(problem)
    board = queries.dashboard(scope, period)
    agreements = _agreements(request, scope, period)
    if request.GET.get("formaat") == "csv":
        slug = scope.code.replace(":", "-").lower()
        body = exports.view_csv(board, agreements)
        return _csv(body, f"dashboard-{slug}.csv")
    sectors = {code: str(label) for code, label, _letters in SECTOR_GROUPS}
    return _render(
        request,
        "monitoring/dashboard.html",
        {
            "board": board,
            "periods": queries.half_years(),
            "regions": Region.objects.order_by("name"),
            "task_rows": [(sectors[k], v) for k, v in board.task.items()],
            "funnel": [board.figures[c] for c in FUNNEL_CODES],
            "casework": [board.figures[c] for c in (*CASEWORK_CODES, "firms-reached-broad-sme")],
            "community": [board.figures[c] for c in COMMUNITY_CODES],
            "health": [board.figures[c] for c in ("offers", "cleanup-progress", "white-spots")],
            "charts": charts.specs(board),
            "agreements": agreements,
        },
        problem,
    )


def _agreements(request: HttpRequest, scope: queries.Scope, period: queries.Period):
    """A region's result agreements for the year of the chosen period (this year when the
    period is 'since the start'), against the actual figures of that year."""
    if scope.level != "region":
        return None
    year = period.start.year if period.code != queries.since_start().code else None
    year = year or timezone.localdate().year
    return {
        "year": year,
        "agreement": queries.result_agreement(scope.region, year),
        "rows": queries.result_agreements_for(scope.region, year),
        "may_manage": has_permission(request.user, Action.MANAGE_AGREEMENTS, scope.region),
    }


def national(request: HttpRequest) -> HttpResponse:
    return _dashboard(request, queries.NATIONAL)


def region(request: HttpRequest, slug: str) -> HttpResponse:
    scope = queries.region_scope(slug)
    if scope is None:
        raise Http404(_("Deze regio bestaat niet."))
    return _dashboard(request, scope)


def municipality(request: HttpRequest, code: str) -> HttpResponse:
    scope = queries.municipality_scope(code)
    if scope is None:
        raise Http404(_("Deze gemeente bestaat niet."))
    return _dashboard(request, scope)


def reach_map(request: HttpRequest) -> HttpResponse:
    period, problem = _period(request)
    if problem and request.GET.get("formaat") == "csv":
        return _csv_refused(problem)
    regions, municipalities = queries.area_tables_for_map(period)
    share_of_region = {}
    for row in regions:
        if row.url_kind == "region":
            scope = queries.region_scope(row.slug)
            for code in scope.municipality_codes():
                share_of_region[code] = (f"{row.name} ({code})", row.share_of_task)
    region_svg = svgmap.render(
        map_id="kaart-regios",
        title=_("Bereik per regio als deel van de opgave"),
        description=_(
            "Kaart van Nederland. Elke gemeente heeft de kleur en het patroon van haar regio. "
            "De tabel onder de kaart geeft dezelfde cijfers."
        ),
        shares=share_of_region,
    )
    municipality_svg = svgmap.render(
        map_id="kaart-gemeenten",
        title=_("Bereik per gemeente als deel van de opgave"),
        description=_(
            "Kaart van Nederland met alle gemeenten. De tabel onder de kaart geeft dezelfde "
            "cijfers."
        ),
        shares={row.code: (row.name, row.share_of_task) for row in municipalities},
    )
    if request.GET.get("formaat") == "csv":
        rows = [
            [
                r.code,
                r.name,
                r.reached.display,
                r.task,
                "" if r.share_of_task is None else r.share_of_task,
            ]  # fmt: skip
            for r in [*regions, *municipalities]
            if r.code
        ]
        header = ["gebied", "naam", "bereikte_bedrijven", "opgave_breed_mkb", "procent_van_opgave"]
        return _csv(exports.to_csv(header, rows), "kaart-bereik.csv")
    return _render(
        request,
        "monitoring/map.html",
        {
            "period": period,
            "periods": queries.half_years(),
            "region_svg": region_svg,
            "municipality_svg": municipality_svg,
            "regions": [r for r in regions if r.url_kind],
            "municipalities": sorted(municipalities, key=lambda r: r.name),
            "classes": svgmap.classes(),
        },
        problem,
    )


def definitions(request: HttpRequest) -> HttpResponse:
    if request.GET.get("formaat") == "csv":
        return _csv(exports.definitions_csv(), "kengetallen-definities.csv")
    shares = {str(label): round(100 * broad_sme_shares()[code], 1)
              for code, label, _letters in SECTOR_GROUPS}  # fmt: skip
    return render(
        request,
        "monitoring/definitions.html",
        {"definitions": queries.definitions().values(), "shares": shares},
    )


def definition(request: HttpRequest, code: str) -> HttpResponse:
    versions = queries.definition_versions(code)
    if not versions:
        current = queries.definitions().get(code)
        if current is None:
            raise Http404(_("Dit kengetal bestaat niet."))
        versions = [current]
    return render(request, "monitoring/definition.html", {"versions": versions})


def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "monitoring/open_data.html",
        {"columns": exports.OPEN_DATA_COLUMNS, "view_columns": exports.VIEW_COLUMNS},
    )


def open_data_file(request: HttpRequest) -> HttpResponse:
    scopes = [queries.NATIONAL] + [
        queries.Scope("region", region=r) for r in Region.objects.order_by("name")
    ]
    return _csv(exports.open_data_csv(scopes), "kengetallen-per-halfjaar.csv")


@login_required
@require_http_methods(["GET", "POST"])
def agreement_form(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    region = get_object_or_404(Region, slug=slug)
    if year not in services.agreement_years():
        raise Http404(_("Voor dit jaar kunt u geen afspraken maken."))
    if not has_permission(request.user, Action.MANAGE_AGREEMENTS, region):
        raise PermissionDenied
    agreement = queries.result_agreement(region, year)
    existing = {t.metric_code: t for t in agreement.targets.all()} if agreement else {}
    initial = {}
    if agreement is not None:
        initial = {"parties": list(agreement.parties.all()), "note": agreement.note}
        initial |= {f"{code}-target": row.target for code, row in existing.items()}
    form = ResultAgreementForm(
        request.POST or None,
        initial=initial,
        definitions=queries.definitions(),
        parties=queries.agreement_party_choices(region, agreement),
        existing=existing,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_result_agreement(
                actor=request.user,
                region=region,
                year=year,
                targets=form.agreed_values(),
                parties=form.cleaned_data["parties"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("De resultaatafspraken zijn opgeslagen."))
            url = reverse("monitoring:region", kwargs={"slug": slug})
            return redirect(f"{url}?periode={year}-H1#resultaatafspraken")
    return render(
        request,
        "monitoring/agreement_form.html",
        {"form": form, "region": region, "year": year, "agreement": agreement},
        status=400 if form.errors else 200,
    )
