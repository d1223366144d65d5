"""The second factor after the password: verifying a code, or enrolling an authenticator app
(a QR code drawn on the server as SVG, and the key to type in by hand)."""

from __future__ import annotations

import base64
from typing import cast

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import user_has_device

from nq57.core.errors import DomainError

from .. import second_factor
from ..models import User
from ..services import second_factor_confirm, second_factor_start


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return reverse("web:dashboard")


@login_required
def second_factor_page(request: HttpRequest) -> HttpResponse:
    """The code from the authenticator app, asked after the password."""
    if not user_has_device(request.user, confirmed=True):
        return redirect(f"{reverse('accounts:second_factor_setup')}?{request.GET.urlencode()}")
    if second_factor.is_verified(request.user):
        return redirect(_next(request))
    if request.method == "POST":
        if second_factor.verify(request, request.POST.get("code", "")):
            return redirect(_next(request))
        messages.error(
            request, _("That code is not right, or too many were tried: wait and retry.")
        )
    return render(request, "accounts/second_factor.html", {"next": _next(request)})


@login_required
def second_factor_setup_page(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: scan the code (or type the key), then confirm with the
    first code it shows."""
    user = cast(User, request.user)  # login_required
    if user_has_device(user, confirmed=True):
        return redirect(f"{reverse('accounts:second_factor')}?{request.GET.urlencode()}")
    if request.method == "POST":
        try:
            device = second_factor_confirm(user, user=user, code=request.POST.get("code", ""))
        except DomainError as failure:
            messages.error(request, failure.message)
        else:
            otp_login(request, device)
            request.session[second_factor.ENROLLED_KEY] = True
            messages.success(request, _("Your second factor is set up."))
            return redirect(_next(request))
    device = second_factor_start(user, user=user)
    context = {
        "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=5, title=_("QR code")),
        "secret": base64.b32encode(device.bin_key).decode(),
        "next": _next(request),
    }
    return render(request, "accounts/second_factor_setup.html", context)
