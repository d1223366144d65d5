"""The drafts of page forms (`core.drafts`) as JSON for forms.js, and the "stay signed in"
answer of the idle warning. Officials only, each their own drafts."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.http import require_http_methods, require_POST

from nq57.core import drafts
from nq57.core.errors import ValidationFailed


@login_required
@require_http_methods(["GET", "POST", "DELETE"])
def draft_view(request: HttpRequest) -> HttpResponse:
    """GET ?path=: the user's draft of that page (204 when none); POST {"path", "fields"}:
    save it; DELETE ?path=: discard it."""
    me = int(request.user.pk or 0)
    try:
        if request.method == "POST":
            body = _json_body(request)
            drafts.draft_save(me, path=body.get("path"), fields=body.get("fields"))
            return HttpResponse(status=204)
        path = drafts.clean_path(request.GET.get("path"))
    except ValidationFailed as failure:
        return JsonResponse({"detail": failure.message, "fields": failure.fields}, status=400)
    if request.method == "DELETE":
        drafts.draft_drop(me, path)
        return HttpResponse(status=204)
    draft = drafts.draft_of(me, path)
    if draft is None:
        return HttpResponse(status=204)  # nothing to give back: not an error
    return JsonResponse(drafts.as_json(draft))


def _json_body(request: HttpRequest) -> dict[str, object]:
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ValidationFailed("not JSON", fields={"body": ["not JSON"]}) from None
    if not isinstance(body, dict):
        raise ValidationFailed("not an object", fields={"body": ["not an object"]})
    return body


@login_required
@require_POST
def keepalive_view(request: HttpRequest) -> HttpResponse:
    """Nothing but the request itself: the session is renewed by every request
    (SESSION_SAVE_EVERY_REQUEST), which is what "stay signed in" asks."""
    return HttpResponse(status=204)
