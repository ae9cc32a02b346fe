"""Signing in beyond the password: the code from the app (or setting the app up first), a
forgotten or first password, "Mijn account" (roles, address, changing the password) and "Mijn
team" (who holds a role in the region a director runs, the organisation an editor edits or the
province a province's staff serve)."""

from datetime import timedelta
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from scharnier.core.ratelimit import enforce
from scharnier.organisations.models import Membership
from scharnier.organisations.permissions import (
    Action,
    manages_every_team,
    memberships,
    require_permission,
    runs_a_team,
)
from scharnier.organisations.queries import (
    TEAM_KINDS,
    Team,
    accounts_without_a_role,
    managed_teams,
    membership_team,
    organisations_overview,
    provinces_overview,
    regions_overview,
    team_by_address,
    team_changes,
    team_key,
    team_memberships,
    team_name,
    team_roles,
    with_team_counts,
)

from . import services
from .forms import (
    ChangePasswordForm,
    CodeForm,
    ColleagueForm,
    EmailChangeForm,
    NewPasswordForm,
    OrganisationFilterForm,
    PasswordForgottenForm,
)
from .policy import is_verified, requires_second_factor
from .tokens import invitation_tokens


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@login_required
@require_http_methods(["GET", "POST"])
def verify(request: HttpRequest) -> HttpResponse:
    if is_verified(request.user):
        return redirect(_next_url(request))
    device = services.confirmed_device(request.user)
    if device is None:
        if not requires_second_factor(request.user):
            return redirect(_next_url(request))
        return redirect(f"{reverse('accounts:setup')}?{urlencode({'next': _next_url(request)})}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.verify(request, form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _(
                "Deze code klopt niet of is verlopen. Kijk of de tijd op uw telefoon goed staat "
                "en vul de nieuwe code in."
            ),
        )
    status = 400 if form.errors else 200
    return render(
        request, "accounts/verify.html", {"form": form, "next": _next_url(request)}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def setup(request: HttpRequest) -> HttpResponse:
    # Someone with a working device must verify with it first: a stolen password must not be
    # enough to replace the device.
    if services.confirmed_device(request.user) and not is_verified(request.user):
        return redirect("accounts:verify")
    device = services.pending_device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.confirm_device(request, device, form.cleaned_data["code"]):
            return redirect(_next_url(request))
        form.add_error(
            "code",
            _("Deze code klopt niet. Scan de QR-code opnieuw of typ de geheime sleutel over."),
        )
    qr_svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=_("QR-code om uw app in te stellen")
    )
    context = {
        "form": form,
        "qr_svg": qr_svg,
        "secret": services.base32_secret(device),
        "next": _next_url(request),
    }
    return render(request, "accounts/setup.html", context, status=400 if form.errors else 200)


def lockout(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes: the Dutch page after too many wrong passwords (429)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "accounts/lockout.html", {"cooloff_minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response


class PasswordForgottenView(auth_views.PasswordResetView):
    form_class = PasswordForgottenForm
    template_name = "accounts/password_forgotten.html"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    email_template_name = "accounts/email/password_reset.txt"
    success_url = reverse_lazy("accounts:password-forgotten-sent")

    def post(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # Per address as well as per IP: nobody's mailbox is flooded with links.
        enforce(request, "password-reset", email=request.POST.get("email"))
        response = super().post(request, *args, **kwargs)
        if response.status_code == 200:  # the form again, with what was wrong
            response.status_code = 400
        return response


class _NewPasswordSaved:
    """A new password (forgotten or changed): the owner is told; a form with errors is a 400."""

    def form_valid(self, form) -> HttpResponse:
        response = super().form_valid(form)
        services.password_changed(form.user)
        return response

    def form_invalid(self, form) -> HttpResponse:
        response = super().form_invalid(form)
        response.status_code = 400
        return response


class NewPasswordView(_NewPasswordSaved, auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/new_password.html"
    success_url = reverse_lazy("accounts:new-password-done")

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), "hours": services.link_hours()}


class InvitationView(NewPasswordView):
    """The first password, from the link in an invitation (valid for days, not hours)."""

    token_generator = invitation_tokens

    def get_context_data(self, **kwargs) -> dict:
        return {**super().get_context_data(**kwargs), "days": settings.ACCOUNTS_INVITATION_DAYS}


def password_forgotten_sent(request: HttpRequest) -> HttpResponse:
    context = {"hours": services.link_hours()}
    return render(request, "accounts/password_forgotten_sent.html", context)


class ChangePasswordView(_NewPasswordSaved, auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/change_password.html"
    success_url = reverse_lazy("accounts:change-password-done")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "memberships": sorted(memberships(user), key=lambda m: m.get_role_display()),
        "device": services.confirmed_device(user),
        "needs_device": requires_second_factor(user),
        "manages_team": runs_a_team(user),
        "every_team": manages_every_team(user),
    }
    return render(request, "accounts/account.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def change_email(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        # The form checks the password and mails any address: not endlessly.
        enforce(request, "email-change", email=request.POST.get("email"))
    form = EmailChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.request_email_change(request.user, form.cleaned_data["email"])
        return render(
            request,
            "accounts/change_email_sent.html",
            {"email": form.cleaned_data["email"], "hours": services.link_hours()},
        )
    return render(
        request, "accounts/change_email.html", {"form": form}, status=400 if form.errors else 200
    )


@require_http_methods(["GET", "POST"])
def confirm_email(request: HttpRequest, token: str) -> HttpResponse:
    # A GET only shows a button: mail scanners that open links must not change the address.
    if request.method == "POST":
        if services.confirm_email_change(token):
            return render(request, "accounts/confirm_email_done.html")
        context = {"hours": services.link_hours()}
        return render(request, "accounts/confirm_email_spent.html", context, status=410)
    return render(request, "accounts/confirm_email.html")


# --- Mijn team: a director's region, an editor's organisation, a province's staff -------------
def _team_or_403(request: HttpRequest, kind: str, key: str) -> Team:
    team = team_by_address(kind, key)
    if team is None:
        raise Http404
    require_permission(request.user, Action.MANAGE_TEAM, team)
    return team


def _shown_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _team_membership_or_403(request: HttpRequest, pk: int) -> Membership:
    membership = get_object_or_404(Membership.objects.select_related("user"), pk=pk)
    team = membership_team(membership)
    if team is None:
        raise Http404
    require_permission(request.user, Action.MANAGE_TEAM, team)
    return membership


def _team_item(team: Team) -> dict:
    return {
        "team": team,
        "kind": TEAM_KINDS[type(team)],
        "key": team_key(team),
        "name": team_name(team),
        "memberships": list(team_memberships(team)),
        "changes": team_changes(team),
    }


def _idle_context() -> dict:
    idle_days = settings.ACCOUNTS_TEAM_IDLE_DAYS
    return {
        "days": settings.ACCOUNTS_INVITATION_DAYS,
        "idle_days": idle_days,
        "idle_before": timezone.now() - timedelta(days=idle_days),
    }


def _back(request: HttpRequest, team: Team | None) -> dict:
    """Where a team's pages lead back to: Mijn team for who runs this team, else the team's
    own page (the administrator, who reaches every team from "Teams")."""
    if team is None or team in managed_teams(request.user):
        return {"back": reverse("accounts:team"), "own_team": True}
    url = reverse("accounts:team-detail", args=[TEAM_KINDS[type(team)], team_key(team)])
    return {"back": url, "own_team": False}


def _back_to_team(request: HttpRequest, team: Team | None) -> HttpResponse:
    return redirect(_back(request, team)["back"])


@login_required
def team(request: HttpRequest) -> HttpResponse:
    context = {
        "teams": [_team_item(managed) for managed in managed_teams(request.user)],
        "every_team": manages_every_team(request.user),
        **_idle_context(),
    }
    return render(request, "accounts/team.html", context)


@login_required
def team_detail(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    team = _team_or_403(request, kind, key)
    context = {
        "item": _team_item(team),
        "every_team": manages_every_team(request.user),
        "own_team": team in managed_teams(request.user),
        **_idle_context(),
    }
    return render(request, "accounts/team_detail.html", context)


ORGANISATIONS_PER_PAGE = 25


@login_required
def teams(request: HttpRequest) -> HttpResponse:
    """Every team at once, for the administrator: where a region has no director, where
    colleagues stopped logging in, and the accounts that hold no role any more."""
    require_permission(request.user, Action.MANAGE_TEAM)
    context = _idle_context()
    idle_before = context["idle_before"]
    organisation_filter = OrganisationFilterForm(request.GET or None)
    chosen = organisation_filter.cleaned_data if organisation_filter.is_valid() else {}
    overview = organisations_overview(
        idle_before,
        name=chosen.get("organisatie", ""),
        without_editor=chosen.get("zonder_redacteur", False),
    )
    page = Paginator(overview, ORGANISATIONS_PER_PAGE).get_page(request.GET.get("pagina"))
    context |= {
        "regions": regions_overview(idle_before),
        "provinces": provinces_overview(idle_before),
        "page": page,
        "organisation_filter": organisation_filter,
        "organisations": with_team_counts(page.object_list),
        "roleless": list(accounts_without_a_role()),
    }
    return render(request, "accounts/teams.html", context)


@login_required
def team_member(request: HttpRequest, pk: int) -> HttpResponse:
    return _back_to_team(request, membership_team(_team_membership_or_403(request, pk)))


@login_required
@require_http_methods(["POST"])
def switch_off_account(request: HttpRequest) -> HttpResponse:
    require_permission(request.user, Action.MANAGE_TEAM)
    key = request.POST.get("account", "")
    if not (key.isascii() and key.isdigit()):
        raise Http404
    account = get_object_or_404(get_user_model(), pk=int(key))
    name = _shown_name(account)
    try:
        services.switch_off_account(actor=request.user, user=account)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(
            request,
            _(
                "Het account van %(name)s staat uit. Uw collega krijgt daarover een e-mail. "
                "Weer aanzetten kan in het beheer, bij Gebruikers."
            )
            % {"name": name},
        )
    return redirect(reverse("accounts:teams") + "#zonder-rol")


@login_required
@require_http_methods(["GET", "POST"])
def team_add(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    team = _team_or_403(request, kind, key)
    form = ColleagueForm(team_roles(team), request.POST or None)
    if request.method == "GET" and request.GET.get("rol") in team_roles(team):
        # "Geen regisseur" on the overview links here with the role to add.
        form.fields["role"].initial = request.GET["rol"]
    if request.method == "POST" and form.is_valid():
        try:
            membership, created = services.add_colleague(
                actor=request.user, team=team, **form.cleaned_data
            )
        except ValidationError as error:
            for field, problems in getattr(error, "error_dict", {None: error}).items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            name = _shown_name(membership.user)
            if created:
                note = _("%(name)s is toegevoegd en krijgt een e-mail om een wachtwoord te kiezen.")
            else:
                note = _(
                    "%(name)s had al een account en heeft de rol erbij gekregen. Uw collega "
                    "krijgt daarover een e-mail."
                )
            messages.success(request, note % {"name": name})
            return _back_to_team(request, team)
    context = {"form": form, "team": team_name(team), **_back(request, team)}
    return render(request, "accounts/team_add.html", context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def team_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _team_membership_or_403(request, pk)
    team = membership_team(membership)
    error = None
    if request.method == "POST":
        try:
            services.remove_colleague(actor=request.user, membership=membership)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            name = _shown_name(membership.user)
            messages.success(request, _("%(name)s is uit het team gehaald.") % {"name": name})
            return _back_to_team(request, team)
    context = {
        "membership": membership,
        "team": team_name(team),
        "error": error,
        **_back(request, team),
    }
    return render(request, "accounts/team_remove.html", context, status=400 if error else 200)


@login_required
@require_http_methods(["POST"])
def team_invite_again(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _team_membership_or_403(request, pk)
    enforce(request, "team-invitation", email=membership.user.email)
    name = _shown_name(membership.user)
    try:
        services.invite_again(actor=request.user, membership=membership)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(
            request, _("%(name)s krijgt een nieuwe uitnodiging per e-mail.") % {"name": name}
        )
    return _back_to_team(request, membership_team(membership))
