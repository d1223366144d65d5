"""Drafts of page forms, on the server: what an official typed and did not send yet, saved as
they type, given back when the form page opens again (after an idle sign-out, on another
computer), dropped when the form is sent or the draft discarded. Files are never drafted:
only the typed fields."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .errors import ValidationFailed
from .models import Draft

# A draft older than this is deleted by the hourly job.
KEPT = timedelta(days=14)
MOST_FIELDS = 200
LONGEST_VALUE = 20_000
LARGEST = 200_000  # characters of the whole draft, as JSON
PATH_LENGTH = 300


def clean_path(path: object) -> str:
    """A local page path (with its query), or refused: a draft is keyed by its page."""
    text = str(path or "")
    if not text.startswith("/") or text.startswith("//") or len(text) > PATH_LENGTH:
        raise ValidationFailed(_("Not a page of this site."), fields={"path": [_("invalid")]})
    return text


def clean_fields(fields: object) -> dict[str, list[str]]:
    """Field names to their values (lists of strings), within bounds; anything else refused."""
    if not isinstance(fields, dict) or len(fields) > MOST_FIELDS:
        raise ValidationFailed(_("A draft is a set of fields."), fields={"fields": [_("invalid")]})
    cleaned: dict[str, list[str]] = {}
    for name, values in fields.items():
        listed = values if isinstance(values, list) else [values]
        if not isinstance(name, str) or not all(isinstance(v, str) for v in listed):
            raise ValidationFailed(_("A draft holds text only."), fields={"fields": [_("invalid")]})
        if any(len(v) > LONGEST_VALUE for v in listed) or len(name) > PATH_LENGTH:
            raise ValidationFailed(_("This draft is too long."), fields={"fields": [_("too long")]})
        cleaned[name] = listed
    if len(json.dumps(cleaned, ensure_ascii=False)) > LARGEST:
        raise ValidationFailed(_("This draft is too long."), fields={"fields": [_("too long")]})
    return cleaned


def draft_save(user_id: int, *, path: object, fields: object) -> Draft:
    draft, _created = Draft.objects.update_or_create(
        user_id=user_id, path=clean_path(path), defaults={"fields": clean_fields(fields)}
    )
    return draft


def draft_of(user_id: int, path: str) -> Draft | None:
    return Draft.objects.filter(user_id=user_id, path=path).first()


def draft_drop(user_id: int, path: str) -> int:
    deleted, _details = Draft.objects.filter(user_id=user_id, path=path).delete()
    return deleted


def expire_drafts() -> int:
    deleted, _details = Draft.objects.filter(saved_at__lt=timezone.now() - KEPT).delete()
    return deleted


def as_json(draft: Draft) -> dict[str, Any]:
    local = timezone.localtime(draft.saved_at)
    return {"fields": draft.fields, "saved_at": local.strftime("%H:%M %d/%m/%Y")}
