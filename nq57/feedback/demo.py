"""The portal's demo for `make run`: the fields, and items at every stage of handling, sent
through the services as a citizen and handled by the demo officials' bodies."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from nq57.accounts.models import User
from nq57.accounts.services import user_create
from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization

from . import services
from .models import Field

# The demo's fields and items (kind, field, title, content, body, stage, answer), in Vietnamese.
DEMO = json.loads((Path(__file__).resolve().parent / "data" / "demo.json").read_text("utf-8"))


def feedback_demo_is_loaded() -> bool:
    return Field.objects.exists()


@transaction.atomic
def load_feedback_demo(today: date) -> None:
    for field in DEMO["fields"]:
        Field.objects.get_or_create(
            code=field["code"], defaults={"name_vi": field["name_vi"], "name_en": field["name_en"]}
        )
    citizen, _ = User.objects.get_or_create(
        username="congdan.demo", defaults={"full_name": "Phạm Minh Dân"}
    )
    sent_on = today - timedelta(days=20)
    for row in DEMO["items"]:
        body, stage = row["body"], row["stage"]
        item = services.item_submit(
            citizen,
            kind=row["kind"],
            field=Field.objects.get(code=row["field"]),
            title=row["title"],
            content=row["content"],
            contact_name="Phạm Minh Dân",
            contact_email="congdan.demo@example.vn",
            now=timezone.make_aware(datetime.combine(sent_on, time(9, 30))),
        )
        if stage == "received":
            continue
        item = services.item_route(
            SYSTEM, item=item, body=Organization.objects.get(code=body), today=sent_on
        )
        if stage == "routed":
            continue
        handler = _handler(body)
        item = services.item_accept(handler, item=item)
        if stage == "answered":
            services.item_answer(handler, item=item, text=row["answer"], publish=True)


def _handler(body: str) -> User:
    """An official of the body who handles the portal's items (created for the demo)."""
    username = f"xuly.{body.lower()}"
    user = User.objects.filter(username=username).first()
    return user or user_create(
        SYSTEM,
        username=username,
        password=None,
        organization=Organization.objects.get(code=body),
        role="reporter",
    )
