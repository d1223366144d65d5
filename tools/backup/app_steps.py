"""The drill's steps inside the application (`python -m tools.backup.app_steps STEP`), run as
a subprocess against the database in DATABASE_URL and the files in NQ57_MEDIA_ROOT.

Writes go through the services, as a user's would; each step prints one JSON document."""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
django.setup()

from django.conf import settings  # noqa: E402
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import transaction  # noqa: E402
from django.db.models import Model, Sum  # noqa: E402
from django.utils import timezone  # noqa: E402

from nq57.accounts.models import User  # noqa: E402
from nq57.accounts.services import user_create  # noqa: E402
from nq57.core.actors import SYSTEM  # noqa: E402
from nq57.feedback import retention as feedback_retention  # noqa: E402
from nq57.feedback import services as feedback  # noqa: E402
from nq57.feedback.models import Field, Item  # noqa: E402
from nq57.indicators import rollups as indicator_rollups  # noqa: E402
from nq57.indicators.models import ValueRollup  # noqa: E402
from nq57.orgs.models import Organization  # noqa: E402
from nq57.tasks import rollups as task_rollups  # noqa: E402
from nq57.tasks import services  # noqa: E402
from nq57.tasks.models import MonthlyStatusDelta, Program, StatusDelta, Task  # noqa: E402

PROGRAM = "57-NQ/TW"
PAUSE = 0.5  # seconds between the last write before T, T, and the first write after
REPORTER = "drill-reporter"
CITIZEN = "drill-citizen"
# Tasks a phase creates: (days before today it was assigned, days from today to its deadline).
PHASE_TASKS = {
    "before": [(90, 60), (60, -5), (30, 30)],
    "middle": [(45, -10), (10, 90)],
    "after": [(20, -3), (5, 120)],
}


def pdf(label: str) -> SimpleUploadedFile:
    """A small PDF whose bytes (and so its hash) are its own."""
    body = f"%PDF-1.4\n% NQ57 backup drill: {label}\n%%EOF\n".encode()
    return SimpleUploadedFile(f"{label}.pdf", body, content_type="application/pdf")


def setup_actors() -> None:
    """The programme, a reporter of the lead organisation and a citizen who sends feedback."""
    services.program_create(SYSTEM, code=PROGRAM, title="Nghị quyết 57-NQ/TW")
    user_create(
        SYSTEM,
        username=REPORTER,
        password=None,
        organization=Organization.objects.get(code="BKHCN"),
        role="reporter",
    )
    User.objects.create_user(username=CITIZEN, password=None)


def write_tasks(phase: str) -> list[str]:
    """Tasks of the phase, each with a progress report carrying an evidence file."""
    today = timezone.localdate()
    program = Program.objects.get(code=PROGRAM)
    reporter = User.objects.get(username=REPORTER)
    files = []
    for number, (assigned_ago, due_in) in enumerate(PHASE_TASKS[phase], start=1):
        task = services.task_create(
            SYSTEM,
            program=program,
            code=f"DRILL-{phase}-{number}",
            title=f"Nhiệm vụ diễn tập sao lưu {phase} {number}",
            lead_org=Organization.objects.get(code="BKHCN"),
            assigned_by=Organization.objects.get(code="BCDTW"),
            assigned_on=today - timedelta(days=assigned_ago),
            kind="deadline",
            deadline=today + timedelta(days=due_in),
            responsible_person="Nguyễn Văn A",
            expected_product="Báo cáo",
            coordinating_orgs=[],
            history_reason="backup drill: a task assigned earlier",
        )
        report = services.progress_report_submit(
            reporter,
            task=task,
            reported_on=today,
            percent=10 * number,
            narrative=f"Báo cáo tiến độ {phase} {number}",
            files=[pdf(f"{phase}-{number}")],
        )
        files += [e.file.name for e in report.evidence.all()]
    return files


def send_feedback() -> list[str]:
    """A citizen's item with an attachment (the one an erasure deletes later)."""
    field, _created = Field.objects.get_or_create(
        code="drill", defaults={"name_vi": "Diễn tập", "name_en": "Drill"}
    )
    item = feedback.item_submit(
        User.objects.get(username=CITIZEN),
        kind="feedback",
        field=field,
        title="Đề nghị diễn tập",
        content="Nội dung kèm tệp",
        contact_name="Vũ Thị Hoa",
        contact_phone="0987000111",
        attachments=[pdf("citizen-attachment")],
    )
    return [a.file.name for a in item.attachments.all()]


def erase_feedback() -> list[str]:
    """Remove the citizen's personal data, their attachment with it (as an erasure does)."""
    with transaction.atomic():
        item = Item.objects.select_for_update().get(sender__username=CITIZEN)
        names = [a.file.name for a in item.attachments.all()]
        feedback_retention.item_personal_data_remove(SYSTEM, item=item, today=timezone.localdate())
    return names


def write(phase: str) -> dict[str, Any]:
    """The writes of a phase: `before` the base backup (the database made first, as
    `migrate` and `load_orgs` make it), `middle` before T, `after` T."""
    if phase == "before":
        call_command("migrate", interactive=False, verbosity=0)
        call_command("load_orgs", stdout=StringIO())
        setup_actors()
        return {"files": write_tasks(phase) + send_feedback()}
    if phase == "after":
        return {"files": write_tasks(phase), "deleted": erase_feedback()}
    written = {"files": write_tasks(phase)}
    # T: after the last commit before it, and before the first after it (the next step).
    time.sleep(PAUSE)
    moment = datetime.now(UTC)
    return written | {"t": moment.isoformat(), "figures": figures()}


def summed(model: type[Model], keys: tuple[str, ...], value: str) -> list[list[str]]:
    """A rollup table's content: the sum per key, zero sums left out (how often a key was
    touched is not part of the figure)."""
    rows = model._default_manager.values_list(*keys).annotate(total=Sum(value)).order_by(*keys)
    return [[str(cell) for cell in row] for row in rows if row[-1]]


def rollups() -> dict[str, list[list[str]]]:
    delta_keys = ("scope", "org_id", "program_id", "status", "on_date")
    return {
        "status_deltas": summed(StatusDelta, delta_keys, "delta"),
        "monthly_status_deltas": summed(MonthlyStatusDelta, delta_keys, "delta"),
        "value_rollups": sorted(
            [str(cell) for cell in row]
            for row in ValueRollup.objects.values_list(
                "element_id", "scope", "scope_key", "period", "total", "contributors"
            )
        ),
    }


def files() -> dict[str, str | None]:
    """Every media file the database refers to, with its SHA-256 (None: not on disk)."""
    out = StringIO()
    call_command("media_references", stdout=out)
    root = Path(settings.MEDIA_ROOT)
    hashes: dict[str, str | None] = {}
    for name in out.getvalue().splitlines():
        path = root / name
        hashes[name] = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    return hashes


def summary() -> dict[str, Any]:
    """manage.py task_summary as JSON, for the nation and by organisation, as of today."""
    found = {}
    for by in (None, "org"):
        out = StringIO()
        call_command(
            "task_summary", format="json", as_of=timezone.localdate().isoformat(), by=by, stdout=out
        )
        found[by or "nation"] = json.loads(out.getvalue())
    return found


def figures() -> dict[str, Any]:
    """What the drill compares: the summaries, the task count, the rollups, the files."""
    return {
        "summary": summary(),
        "tasks": Task.objects.count(),
        "rollups": rollups(),
        "files": files(),
    }


def rollups_against_rebuild() -> dict[str, Any]:
    """Whether the stored rollups equal a rebuild from the data (the rebuild is rolled back)."""
    with transaction.atomic():
        kept = rollups()
        task_rollups.rebuild()
        indicator_rollups.rebuild()
        rebuilt = rollups()
        transaction.set_rollback(True)
    return {name: kept[name] == rebuilt[name] for name in kept}


def main(argv: list[str]) -> None:
    step = argv[0] if argv else ""
    if step == "write" and len(argv) == 2 and argv[1] in PHASE_TASKS:
        result = write(argv[1])
    elif step == "check":
        result = {"figures": figures(), "equal_to_rebuild": rollups_against_rebuild()}
    else:
        sys.exit("usage: app_steps.py write before|middle|after | check")
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
