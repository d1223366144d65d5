"""Decisions of the assigning side on completion and extension requests, from the task page or
the inbox of requests waiting for the user.

Every decision passes a confirmation page that sums up what is decided: the task, the
evidence and latest report or the deadlines, the reason typed. The decision forms post
without `confirmed` and get that page (the reason kept in a hidden field); its Confirm button
posts again with `confirmed=1`, and only then is the service called. A GET shows the page too.
It works without JavaScript; the API decides in one step."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from nq57.core.actors import Actor
from nq57.core.errors import DomainError, NotPermitted

from .. import services
from ..choices import RequestStatus
from ..forms import ReasonForm
from ..models import ExtensionRequest, Task
from ..selectors import deciding, detail
from ..selectors.deciding import CompletionToDecide
from .task import visible_task


@dataclass(frozen=True)
class Subject:
    """What a decision is about: its task, what the service receives (`target`), and the
    pending request the confirmation page sums up (neither when nothing is pending)."""

    task: Task
    target: Any
    completion: CompletionToDecide | None = None
    extension: ExtensionRequest | None = None

    @property
    def pending(self) -> bool:
        return self.completion is not None or self.extension is not None


@dataclass(frozen=True)
class Decision:
    """One decision: the service call that takes it, what the confirmation page asks and
    says, and what it needs (a reason; the box saying the evidence was checked)."""

    take: Callable[[Actor, Any, str, bool], object]
    heading: Promise
    done: Promise
    nothing_pending: Promise
    reason_needed: Promise | None = None
    reason_label: Promise | None = None
    evidence_check: bool = False
    turns_down: bool = False


def _completion(request: HttpRequest, pk: int) -> Subject:
    task = visible_task(request, pk)
    return Subject(task, task, completion=deciding.completion_to_decide(request.user, task))


def _extension(request: HttpRequest, pk: int) -> Subject:
    found = deciding.extension_to_decide(
        request.user, detail.get_extension_request_for_user(request.user, pk)
    )
    pending = found if found.status == RequestStatus.PENDING else None
    return Subject(found.task, found, extension=pending)


def decision_page(
    load: Callable[[HttpRequest, int], Subject], decision: Decision
) -> Callable[[HttpRequest, int], HttpResponse]:
    """The confirmation page of one decision and the POST that takes it through its service;
    a decision the user may not take answers 404, like a task they may not see."""

    @login_required
    @require_http_methods(["GET", "POST"])
    def page(request: HttpRequest, pk: int) -> HttpResponse:
        subject = load(request, pk)
        posted = request.method == "POST"
        data = request.POST if posted else request.GET
        back = "inbox" if data.get("next") == "inbox" else ""
        if not subject.pending:
            messages.error(request, str(decision.nothing_pending))
            return _back(back, subject.task)
        reason = ""
        if decision.reason_needed is not None:
            form = ReasonForm(data)
            if form.is_valid():
                reason = form.cleaned_data["reason"]
            elif posted:
                messages.error(request, str(decision.reason_needed))
                return _back(back, subject.task)
        checked = data.get("evidence_checked") == "on"
        if not posted or data.get("confirmed") != "1":
            return _confirmation(request, decision, subject, reason, checked, back)
        try:
            decision.take(request.user, subject.target, reason, checked)
        except NotPermitted:
            raise Http404 from None
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, str(decision.done))
        return _back(back, subject.task)

    return page


def _confirmation(
    request: HttpRequest,
    decision: Decision,
    subject: Subject,
    reason: str,
    checked: bool,
    back: str,
) -> HttpResponse:
    """What will be decided, and the Confirm button that decides it: nothing is written yet."""
    context = {
        "decision": decision,
        "task": subject.task,
        "completion": subject.completion,
        "extension": subject.extension,
        "reason": reason,
        "checked": checked,
        "next": back,
        "back_url": _back_url(back, subject.task),
    }
    return render(request, "tasks/confirm_decision.html", context)


NO_COMPLETION = gettext_lazy("There is no completion request to decide.")
NO_EXTENSION = gettext_lazy("This extension request was already decided.")

completion_confirm_view = decision_page(
    _completion,
    Decision(
        lambda actor, task, _reason, checked: services.completion_confirm(
            actor, task=task, evidence_checked=checked
        ),
        heading=gettext_lazy("Confirm the completion of this task?"),
        done=gettext_lazy("Completion confirmed."),
        nothing_pending=NO_COMPLETION,
        evidence_check=True,
    ),
)
completion_return_view = decision_page(
    _completion,
    Decision(
        lambda actor, task, reason, _checked: services.completion_return(
            actor, task=task, reason=reason
        ),
        heading=gettext_lazy("Return this completion request?"),
        done=gettext_lazy("Completion request returned."),
        nothing_pending=NO_COMPLETION,
        reason_needed=gettext_lazy("Give the reason for returning the request."),
        reason_label=gettext_lazy("Reason for returning"),
        turns_down=True,
    ),
)
extension_approve_view = decision_page(
    _extension,
    Decision(
        lambda actor, extension, _reason, _checked: services.extension_approve(
            actor, request=extension
        ),
        heading=gettext_lazy("Approve this extension?"),
        done=gettext_lazy("Extension approved."),
        nothing_pending=NO_EXTENSION,
    ),
)
extension_refuse_view = decision_page(
    _extension,
    Decision(
        lambda actor, extension, reason, _checked: services.extension_refuse(
            actor, request=extension, reason=reason
        ),
        heading=gettext_lazy("Refuse this extension?"),
        done=gettext_lazy("Extension refused."),
        nothing_pending=NO_EXTENSION,
        reason_needed=gettext_lazy("Give the reason for refusing the request."),
        reason_label=gettext_lazy("Reason for refusing"),
        turns_down=True,
    ),
)


def _back_url(back: str, task: Task) -> str:
    return reverse("tasks:inbox") if back == "inbox" else reverse("tasks:detail", args=[task.pk])


def _back(back: str, task: Task) -> HttpResponse:
    """Back to the inbox when the decision was taken there, else to the task."""
    return redirect(_back_url(back, task))


@login_required
def inbox_page(request: HttpRequest) -> HttpResponse:
    """Requests waiting for the user's decision, each with what it rests on (a completion's
    note, evidence and latest report; an extension's deadlines and reason) before the
    decision."""
    inbox = deciding.decision_inbox(request.user)
    return render(request, "tasks/inbox.html", {"inbox": inbox})
