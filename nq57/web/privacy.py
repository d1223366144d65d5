"""The record of processing of personal data, for administrators (issue 12 item 3)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from nq57.accounts import permissions
from nq57.core.processing import processing_record


@login_required
def processing_record_page(request: HttpRequest) -> HttpResponse:
    """What personal data the system processes, about whom, why, on which legal basis and
    for how long; 404 for anyone but administrators."""
    if not permissions.can_read_processing_record(request.user):
        raise Http404
    return render(request, "web/processing_record.html", {"activities": processing_record()})
