"""Two-step verification pages: enter the code from the app, or set the app up first."""

from urllib.parse import urlencode

import segno
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import services
from .forms import CodeForm
from .policy import is_verified, requires_second_factor


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
    from django.conf import settings

    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(request, "accounts/lockout.html", {"cooloff_minutes": minutes}, status=429)
    response["Retry-After"] = str(minutes * 60)
    return response
