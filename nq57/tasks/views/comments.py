"""The task's discussion: a comment posted from the task page, saved once, and the page again
at the thread (or, when refused, with the message beside the field)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nq57.core import once
from nq57.core.errors import DomainError, NotPermitted
from nq57.core.once import key_of, save_once

from .. import services
from ..forms import CommentForm, show_domain_error
from ..permissions import can_comment
from .task import task_page, visible_task


def thread_of(task_pk: int) -> str:
    return f"{reverse('tasks:detail', args=[task_pk])}#comments"


@login_required
@require_POST
def task_comment_post(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a comment; those who see the task but may not write in its discussion get 404,
    like every other action on the task page they may not take."""
    task = visible_task(request, pk)
    if not can_comment(request.user, task):
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            saved = save_once(
                request.user.pk,
                key_of(request.POST.get(once.FIELD)),
                lambda: services.task_comment_add(
                    request.user, task=task, body=form.cleaned_data["body"]
                ),
                lambda comment: thread_of(comment.task_id),
            )
        except NotPermitted:
            raise Http404 from None
        except DomainError as error:
            show_domain_error(form, error)
        else:
            if saved.repeated:
                messages.info(request, _("This form was already sent; it was saved once."))
                return redirect(saved.earlier_target or thread_of(task.pk))
            messages.success(request, _("Comment added."))
            return redirect(thread_of(task.pk))
    return task_page(request, pk, comment_form=form)
