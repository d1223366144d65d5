"""Decisions of the assigning side on completion and extension requests, from the task page or
the inbox of requests waiting for the user."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import prefetch_related_objects
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nq57.core.actors import Actor
from nq57.core.errors import DomainError, NotPermitted

from .. import services
from ..forms import ReasonForm
from ..models import ExtensionRequest, Task
from ..selectors import detail
from .task import visible_task


def decision_page(
    target: Callable[[HttpRequest, int], Any],
    take: Callable[[Actor, Any, str, bool], object],
    *,
    done: Promise,
    reason_needed: Promise | None = None,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A POST that takes one decision on `target` (the task, or the extension request the URL
    names) through its service and says how it went; a decision the user may not take
    answers 404, like a task they may not see. `take` receives the reason given and whether
    the "I have checked the evidence" box was ticked."""

    @login_required
    @require_POST
    def page(request: HttpRequest, pk: int) -> HttpResponse:
        found = target(request, pk)
        task: Task = found if isinstance(found, Task) else found.task
        reason = ""
        if reason_needed is not None:
            form = ReasonForm(request.POST)
            if not form.is_valid():
                messages.error(request, str(reason_needed))
                return _back(request, task)
            reason = form.cleaned_data["reason"]
        try:
            take(request.user, found, reason, request.POST.get("evidence_checked") == "on")
        except NotPermitted:
            raise Http404 from None
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, str(done))
        return _back(request, task)

    return page


def _extension(request: HttpRequest, pk: int) -> ExtensionRequest:
    return detail.get_extension_request_for_user(request.user, pk)


completion_confirm_view = decision_page(
    visible_task,
    lambda actor, task, _reason, checked: services.completion_confirm(
        actor, task=task, evidence_checked=checked
    ),
    done=gettext_lazy("Completion confirmed."),
)
completion_return_view = decision_page(
    visible_task,
    lambda actor, task, reason, _checked: services.completion_return(
        actor, task=task, reason=reason
    ),
    done=gettext_lazy("Completion request returned."),
    reason_needed=gettext_lazy("Give the reason for returning the request."),
)
extension_approve_view = decision_page(
    _extension,
    lambda actor, extension, _reason, _checked: services.extension_approve(
        actor, request=extension
    ),
    done=gettext_lazy("Extension approved."),
)
extension_refuse_view = decision_page(
    _extension,
    lambda actor, extension, reason, _checked: services.extension_refuse(
        actor, request=extension, reason=reason
    ),
    done=gettext_lazy("Extension refused."),
    reason_needed=gettext_lazy("Give the reason for refusing the request."),
)


def _back(request: HttpRequest, task: Task) -> HttpResponse:
    """Back to the inbox when the decision was taken there, else to the task."""
    if request.POST.get("next") == "inbox":
        return redirect("tasks:inbox")
    return redirect("tasks:detail", pk=task.pk)


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    """Requests waiting for the user's decision, each completion with its evidence shown
    before the decision."""
    inbox = detail.decision_inbox(request.user)
    prefetch_related_objects(inbox.completions, "evidence")
    return render(request, "tasks/inbox.html", {"inbox": inbox, "reason_form": ReasonForm()})
