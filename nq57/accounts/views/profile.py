"""The profile page: one's notification choices, second factor, sessions (ended from here)
and API tokens (revoked from here)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_otp import user_has_device

from nq57.core.errors import ValidationFailed
from nq57.core.form_errors import add_service_errors, flash_errors
from nq57.notices.views import initial_form

from .. import selectors
from ..models import User
from ..services import api_token_revoke, profile_update, session_end


@login_required
def profile_page(request: HttpRequest) -> HttpResponse:
    """Who one is, how one signs in, where one is signed in, which tokens act for one."""
    user = request.user
    context = {
        "has_second_factor": user_has_device(user, confirmed=True),
        "sessions": selectors.sessions_of(user),
        "current_session": request.session.session_key,
        "tokens": selectors.tokens_of(user),
        "now": timezone.now(),
        "notice_form": initial_form(int(user.pk or 0)),
        "details_form": DetailsForm(
            initial={name: getattr(user, name, "") for name in DetailsForm.base_fields}
        ),
    }
    return render(request, "accounts/profile.html", context)


@login_required
@require_POST
def session_end_view(request: HttpRequest, pk: int) -> HttpResponse:
    """End one of one's sessions (this one signs one out)."""
    session = selectors.get_session_for_user(request.user, pk)
    is_this_one = session.session_key == request.session.session_key
    session_end(request.user, session=session)
    if is_this_one:
        # Its record is gone: sign out so that the middleware saves no deleted session (a 400).
        logout(request)
        return redirect("web:login")
    messages.success(request, _("The session was ended."))
    return redirect("accounts:profile")


@login_required
@require_POST
def token_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of one's API tokens."""
    token = selectors.get_token_for_user(request.user, pk)
    api_token_revoke(request.user, token=token)
    messages.success(request, _("The token %(name)s was revoked.") % {"name": token.name})
    return redirect("accounts:profile")


class DetailsForm(forms.Form):
    full_name = forms.CharField(label=gettext_lazy("Full name"), max_length=200)
    position = forms.CharField(label=gettext_lazy("Position"), max_length=200, required=False)
    phone = forms.CharField(label=gettext_lazy("Work phone"), max_length=30, required=False)
    email = forms.CharField(label=gettext_lazy("E-mail"), max_length=254, required=False)


@login_required
@require_POST
def details_view(request: HttpRequest) -> HttpResponse:
    """Save one's own contact details; back to the profile with the outcome."""
    form = DetailsForm(request.POST)
    if form.is_valid():
        try:
            me = User.objects.get(pk=int(request.user.pk or 0))
            profile_update(request.user, user=me, **form.cleaned_data)
        except ValidationFailed as failure:
            add_service_errors(form, failure)
    if not flash_errors(request, form):
        messages.success(request, _("Your details were saved."))
    return redirect("/account/#details")
