"""Every write of the evaluation: loading the band schemes from their file, and the
secretariat's edit of one scheme. Each validates the whole scheme and records an audit event."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction

from nq57.accounts.access import is_secretariat
from nq57.core import audit
from nq57.core.actors import Actor

from . import events
from .models import BandScheme
from .rules import Scheme, SchemeError, scheme_from, schemes_from

BANDS_FILE = Path(__file__).resolve().parent / "data" / "bands.json"


def _fields(scheme: Scheme) -> dict[str, Any]:
    return {
        "valid_from": scheme.valid_from,
        "source": scheme.source,
        "weights": scheme.weights,
        "thresholds": {band: float(value) for band, value in scheme.thresholds.items()},
        "criticism": scheme.criticism,
    }


@transaction.atomic
def band_schemes_load(actor: Actor, *, path: Path = BANDS_FILE) -> list[BandScheme]:
    """Load every scheme of a bands file: a new version is added, a known one updated to the
    file's words; nothing is written unless the whole file is good."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as problem:
        raise SchemeError(f"{path.name}: {problem}") from None
    loaded = []
    for scheme in schemes_from(data):
        row, created = BandScheme.objects.select_for_update().get_or_create(
            version=scheme.version, defaults=_fields(scheme)
        )
        if not created:
            before = row.as_data()
            for name, value in _fields(scheme).items():
                setattr(row, name, value)
            changes = audit.diff(before, row.as_data())
            if not changes:
                loaded.append(row)
                continue
            row.save()
            audit.record(actor, events.SCHEME_CHANGED, subject=row, changes=changes)
        else:
            audit.record(actor, events.SCHEME_LOADED, subject=row, data={"file": path.name})
        loaded.append(row)
    return loaded


@transaction.atomic
def band_scheme_save(actor: Actor, *, scheme: BandScheme, data: dict[str, Any]) -> BandScheme:
    """The secretariat's edit of one scheme (admin): validated whole, audited with its changes."""
    if not is_secretariat(actor):
        raise PermissionDenied
    checked = scheme_from(data)
    before = BandScheme.objects.get(pk=scheme.pk).as_data() if scheme.pk is not None else {}
    scheme.version = checked.version
    for name, value in _fields(checked).items():
        setattr(scheme, name, value)
    scheme.save()
    event = events.SCHEME_CHANGED if before else events.SCHEME_LOADED
    audit.record(actor, event, subject=scheme, changes=audit.diff(before, scheme.as_data()))
    return scheme
