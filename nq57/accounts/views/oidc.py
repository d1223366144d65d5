"""Citizens' sign-in through the national identity provider."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from nq57.core import ratelimit

from .. import oidc
from ..services import citizen_sign_in

log = logging.getLogger(__name__)
NEXT = "oidc_next"


def oidc_start(request: HttpRequest) -> HttpResponse:
    """To the identity provider, with a PKCE challenge, a state and a nonce kept in the
    session; back to `next` (a path of this site) afterwards."""
    if not oidc.is_configured():
        raise Http404
    if not ratelimit.allow(
        "signin.address",
        ratelimit.client_address(request),
        limit=settings.NQ57_SIGN_INS_PER_ADDRESS_HOUR,
        per=timedelta(hours=1),
    ):
        return HttpResponse(_("Too many sign-in attempts; try again later."), status=429)
    target = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("feedback:home")
    request.session[NEXT] = target
    callback = request.build_absolute_uri(reverse("accounts:oidc_callback"))
    redirect: HttpResponse = oidc.client().authorize_redirect(request, callback)
    return redirect


def oidc_callback(request: HttpRequest) -> HttpResponse:
    """The provider's answer: the code exchanged (with the PKCE verifier), the ID token's
    signature, issuer, audience and nonce checked, then the account of its subject."""
    if not oidc.is_configured():
        raise Http404
    from authlib.integrations.base_client import OAuthError  # loaded with the first sign-in

    client = oidc.client()
    try:
        token = client.authorize_access_token(request)
        verified = token.get("userinfo") or {}  # the ID token's claims, checked
        # Names and e-mail from the UserInfo endpoint, which need not be in the ID token;
        # it must speak of the same subject.
        profile = dict(client.userinfo(token=token))
        if profile.get("sub") != verified.get("sub"):
            raise OAuthError(error="subject_mismatch")
    except OAuthError as exc:
        log.warning("sign-in refused by the identity provider: %s", exc)
        messages.error(request, _("Sign-in did not complete. Please try again."))
        return redirect("feedback:home")
    user = citizen_sign_in(
        issuer=str(verified.get("iss", "")),
        subject=str(verified.get("sub", "")),
        claims=profile,
    )
    login(request, user, backend="django.contrib.auth.backends.ModelBackend")
    return redirect(request.session.pop(NEXT, None) or reverse("feedback:home"))
