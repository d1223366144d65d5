"""The assigning side's moves in a task's life, from the task page: withdraw, suspend, resume
(one POST each, the reason typed beside the button), and the page that corrects the dates."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nq57.core.actors import Actor
from nq57.core.errors import DomainError, NotPermitted

from .. import services
from ..forms import CorrectionForm
from ..models import Task
from ..permissions import can_decide
from ..selectors import detail
from .task import form_data, form_page, visible_task


def decision_page(
    target: Callable[[HttpRequest, int], Task],
    take: Callable[[Actor, Task, str, bool], object],
    *,
    done: Promise,
    reason_needed: Promise | None = None,
) -> Callable[[HttpRequest, int], HttpResponse]:
    """A POST that takes one move on the task through its service and says how it went, back
    on the task page; a move the user may not take answers 404, like a task they may not
    see."""

    @login_required
    @require_POST
    def page(request: HttpRequest, pk: int) -> HttpResponse:
        task = target(request, pk)
        reason = request.POST.get("reason", "").strip()
        if reason_needed is not None and not reason:
            messages.error(request, str(reason_needed))
            return redirect("tasks:detail", pk=task.pk)
        try:
            take(request.user, task, reason, False)
        except NotPermitted:
            raise Http404 from None
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, str(done))
        return redirect("tasks:detail", pk=task.pk)

    return page


task_withdraw_view = decision_page(
    visible_task,
    lambda actor, task, reason, _checked: services.task_withdraw(actor, task=task, reason=reason),
    done=gettext_lazy("Task withdrawn: it no longer counts from today."),
    reason_needed=gettext_lazy("Give the reason for withdrawing the task."),
)
task_suspend_view = decision_page(
    visible_task,
    lambda actor, task, reason, _checked: services.task_suspend(actor, task=task, reason=reason),
    done=gettext_lazy("Task suspended: its deadline no longer runs."),
    reason_needed=gettext_lazy("Give the reason for suspending the task."),
)
task_resume_view = decision_page(
    visible_task,
    lambda actor, task, _reason, _checked: services.task_resume(actor, task=task),
    done=gettext_lazy("Task resumed: the deadline moved on by the days on hold."),
)


@login_required
def task_correct_page(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the assignment date or the deadline set at assignment, with a reason."""
    task = detail.task_detail(request.user, pk)
    if not can_decide(request.user, task):
        raise Http404
    initial = {"assigned_on": task.assigned_on, "deadline": task.original_deadline}
    form = CorrectionForm(*form_data(request), initial=initial)
    return form_page(
        request,
        task=task,
        form=form,
        title=_("Correct the dates"),
        submit=_("Save the correction"),
        write=lambda: services.task_correct(request.user, task=task, **form.cleaned_data),
        success=_("Dates corrected: the correction applies from the start."),
    )
