"""The demo's investment dossiers, from `data/demo_dossiers.json` (see the data README): as of
5 December 2025, the day the Central Steering Committee reported it, 18 databases of 7
ministries stand returned by the Ministry of Science and Technology because their dossiers
were incomplete (312,450 million VND), three are approved and three await appraisal; a few
steps come after that day. The ministry's administrator (quantri.bkhcn) appraises; the
Ministry of Finance's reporter (baocao.btc) registers and resubmits its ministry's dossiers,
the system the others'. Fixed dates, like the registry's demo; a step dated after the day of
loading is left out."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from nq57.accounts.models import User
from nq57.core.actors import SYSTEM, Actor
from nq57.tasks.demo import DEMO_USERS, ensure_demo_user

from ..models import Database, InvestmentDossier
from . import services

DEMO_FILE = Path(__file__).resolve().parent.parent / "data" / "demo_dossiers.json"
APPRAISER = "quantri.bkhcn"


def dossier_demo_is_loaded() -> bool:
    return InvestmentDossier.objects.exists()


def _user(username: str) -> User:
    ensure_demo_user(next(spec for spec in DEMO_USERS if spec.username == username))
    return User.objects.get(username=username)


def _step(owner: Actor, appraiser: Actor, dossier: InvestmentDossier, step: dict[str, Any]) -> None:
    on = date.fromisoformat(step["on"])
    note = step.get("note", "")
    if step["move"] == "approve":
        services.dossier_approve(appraiser, dossier=dossier, on=on, note=note)
    elif step["move"] == "return":
        services.dossier_return(
            appraiser,
            dossier=dossier,
            missing_documents=step["missing_documents"],
            on=on,
            note=note,
        )
    else:
        services.dossier_resubmit(owner, dossier=dossier, on=on, note=note)


@transaction.atomic
def load_dossier_demo(today: date | None = None) -> None:
    """Register each demo dossier of a database the registry holds, then take its steps up
    to `today` (default: the day of loading)."""
    today = today or timezone.localdate()
    entries = json.loads(DEMO_FILE.read_text(encoding="utf-8"))
    databases = Database.objects.select_related("owner").in_bulk(
        [entry["database"] for entry in entries], field_name="code"
    )
    appraiser = _user(APPRAISER)
    for entry in entries:
        database = databases.get(entry["database"])
        registered_on = date.fromisoformat(entry["registered_on"])
        if database is None or registered_on > today:
            continue
        owner: Actor = _user(entry["owner_user"]) if "owner_user" in entry else SYSTEM
        dossier = services.dossier_register(
            owner,
            database=database,
            amount_million_vnd=entry["amount_million_vnd"],
            registered_on=registered_on,
            reference=entry.get("reference", ""),
        )
        for step in entry["steps"]:
            if date.fromisoformat(step["on"]) <= today:
                _step(owner, appraiser, dossier, step)
