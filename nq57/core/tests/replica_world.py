"""The little world the replica tests serve over HTTP: `python -m nq57.core.tests.replica_world`
migrates the database DATABASE_URL names, fills it through the services, and prints the task's
id and two API tokens as JSON (the last line)."""

from __future__ import annotations

import json
import sys
from datetime import date

import django


def build() -> dict[str, object]:
    from django.core.management import call_command
    from django.utils import timezone

    from nq57.accounts.services import user_create
    from nq57.accounts.services.tokens import api_token_issue
    from nq57.core.actors import SYSTEM
    from nq57.orgs.builtin import all_builtin
    from nq57.orgs.models import Organization
    from nq57.orgs.services import orgs_load_builtin
    from nq57.tasks import services

    call_command("migrate", interactive=False, verbosity=0)
    # The two organisations the task needs, not the 3,390: the test's budget is short.
    orgs_load_builtin(specs=[spec for spec in all_builtin() if spec.code in ("BCDTW", "BKHCN")])
    ministry = Organization.objects.get(code="BKHCN")
    users = {
        name: user_create(
            SYSTEM,
            username=name,
            password="live-replica-test-password",  # nosec B106  # throw-away test database
            organization=ministry,
            role=role,
        )
        for name, role in (("writer", "reporter"), ("reader", "viewer"))
    }
    program = services.program_create(SYSTEM, code="57-NQ/TW", title="Nghị quyết 57-NQ/TW")
    task = services.task_create(
        SYSTEM,
        program=program,
        code="NV-0001",
        title="Xây dựng cơ sở dữ liệu quốc gia về khoa học",
        lead_org=ministry,
        assigned_by=Organization.objects.get(code="BCDTW"),
        assigned_on=date(2025, 1, 15),
        kind="deadline",
        deadline=date(2030, 12, 31),
        responsible_person="Nguyễn Văn A",
        expected_product="Báo cáo",
        coordinating_orgs=[],
        history_reason="replica test world",
    )
    services.progress_report_submit(
        users["writer"], task=task, reported_on=timezone.localdate(), percent=10
    )
    tokens = {
        name: api_token_issue(SYSTEM, user=user, name="replica test")[1]
        for name, user in users.items()
    }
    return {"task": task.pk, "tokens": tokens}


if __name__ == "__main__":
    django.setup()
    sys.stdout.write(json.dumps(build()) + "\n")
