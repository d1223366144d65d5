"""The demo `make run` loads: the reported picture of 2025 moved to today, and one user per role.

Dates of the sample are shifted so that today plays 4 December 2025: the dashboard of the
demo shows the proportions the steering committees reported.
"""

from __future__ import annotations

import io
import json
import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from nq57.accounts.models import User
from nq57.accounts.services import user_create
from nq57.core.actors import SYSTEM
from nq57.core.exchange import parse_date
from nq57.orgs.models import Organization
from nq57.orgs.services import org_create

from . import services
from .exchange import tasks_import, write_csv
from .models import OPEN_NOW, Program, Task
from .sample import AS_OF, PROGRAMS, reported_figures_rows

# The demo brings in a programme's history as the system: its back-dated tasks say so.
DEMO_HISTORY = "demo data"

DEMO_PASSWORD = "nq57-demo"  # nosec B105  # development, demo or test value; never a production secret


@dataclass(frozen=True)
class DemoUser:
    username: str
    full_name: str
    org_code: str
    role: str
    what: str


DEMO_USERS = tuple(
    DemoUser(**row)
    for row in json.loads(
        (Path(__file__).resolve().parent / "data" / "demo_users.json").read_text("utf-8")
    )
)

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)


def _shift(value: str, days: int) -> str:
    day = parse_date(value)
    return (day + timedelta(days=days)).isoformat() if day else ""


def demo_rows(today: date) -> list[dict[str, Any]]:
    """The reported-figures sample with every date moved so that AS_OF falls on `today`."""
    offset = (today - AS_OF).days
    rows = reported_figures_rows(seed=2025)
    for row in rows:
        for column in ("assigned_on", "deadline", "completed_on"):
            row[column] = _shift(row[column], offset)
    return rows


def ensure_demo_user(spec: DemoUser) -> None:
    """The demo user, created when missing (a later release may add one)."""
    if User.objects.filter(username=spec.username).exists():
        return
    user_create(
        SYSTEM,
        username=spec.username,
        password=DEMO_PASSWORD,
        organization=Organization.objects.get(code=spec.org_code),
        role=spec.role,
        full_name=spec.full_name,
        email=f"{spec.username}@demo.nq57.gov.vn",
    )


def demo_is_loaded() -> bool:
    return User.objects.filter(username=DEMO_USERS[0].username).exists()


@transaction.atomic
def load_demo() -> None:
    """Programmes, 1,287 tasks, units and subtasks, progress with evidence, pending requests."""
    today = timezone.localdate()
    for code, (title, body, issued_on) in PROGRAMS.items():
        if not Program.objects.filter(code=code).exists():
            services.program_create(
                SYSTEM, code=code, title=title, issuing_body=body, issued_on=issued_on
            )
    for spec in DEMO_USERS:
        ensure_demo_user(spec)
    buffer = io.StringIO()
    write_csv(demo_rows(today), buffer)
    tasks_import(SYSTEM, io.BytesIO(buffer.getvalue().encode("utf-8")))
    _units_and_subtasks(today)
    _progress_and_requests(today)


def _units_and_subtasks(today: date) -> None:
    ministry = Organization.objects.get(code="BKHCN")
    units = [
        org_create(
            SYSTEM, code=code, name_vi=name_vi, name_en=name_en, kind="unit", parent=ministry
        )
        for code, name_vi, name_en in (
            ("BKHCN-CDS", "Cục Chuyển đổi số quốc gia", "National Digital Transformation Agency"),
            ("BKHCN-KHCN", "Vụ Khoa học và Công nghệ", "Department of Science and Technology"),
        )
    ]
    parent = services.task_create(
        SYSTEM,
        program=Program.objects.get(code="57-NQ/TW"),
        code="57-NQ-TW-DEMO",
        title="Xây dựng và vận hành Cơ sở dữ liệu quốc gia về khoa học, công nghệ và đổi mới "
        "sáng tạo",
        lead_org=ministry,
        assigned_by=Organization.objects.get(code="BCDTW"),
        assigned_on=today - timedelta(days=120),
        deadline=today + timedelta(days=40),
        responsible_person="Thứ trưởng Bộ Khoa học và Công nghệ",
        expected_product="Cơ sở dữ liệu vận hành, kết nối với Trung tâm dữ liệu quốc gia",
        is_priority=True,
        history_reason=DEMO_HISTORY,
    )
    for number, (unit, weight) in enumerate(zip(units, (3, 1), strict=True), start=1):
        services.task_create(
            SYSTEM,
            program=parent.program,
            code=f"57-NQ-TW-DEMO.{number}",
            title=f"{parent.title} — phần việc của {unit.name_vi}",
            lead_org=unit,
            assigned_by=ministry,
            assigned_on=today - timedelta(days=100),
            deadline=today + timedelta(days=30),
            parent=parent,
            weight=weight,
            responsible_person=f"Lãnh đạo {unit.name_vi}",
            expected_product="Báo cáo kết quả",
            history_reason=DEMO_HISTORY,
        )


def _progress_and_requests(today: date) -> None:
    rng = random.Random(57)  # nosec B311  # sample and demo data, not secrets
    open_tasks = list(Task.objects.filter(OPEN_NOW, assigned_on__lte=today).order_by("code")[:400])
    narratives = (
        "Đã hoàn thành dự thảo, đang lấy ý kiến các bộ, ngành.",
        "Đã số hóa phần lớn hồ sơ; đang kết nối với Trung tâm dữ liệu quốc gia.",
        "Đang khảo sát hiện trạng và xây dựng kế hoạch chi tiết.",
    )
    for task in rng.sample(open_tasks, 150):
        files = (
            [SimpleUploadedFile("bao-cao-tien-do.pdf", MINIMAL_PDF)] if rng.random() < 0.3 else []
        )
        services.progress_report_submit(
            SYSTEM,
            task=task,
            reported_on=today,
            percent=rng.randint(max(task.progress, 5), 95),
            narrative=rng.choice(narratives),
            difficulties="Thiếu nhân lực chuyên trách." if rng.random() < 0.3 else "",
            proposals="Đề nghị bổ sung kinh phí." if rng.random() < 0.2 else "",
            files=files,
            links=["https://dichvucong.gov.vn"] if rng.random() < 0.2 else [],
        )
    hanoi = [t for t in open_tasks if t.lead_org.code == "01"]
    ministry = [t for t in open_tasks if t.lead_org.code == "BKHCN"]
    for task in hanoi[:2] + ministry[:2]:
        services.completion_request(
            SYSTEM,
            task=task,
            note="Đã hoàn thành, kèm biên bản.",
            files=[SimpleUploadedFile("bien-ban.pdf", MINIMAL_PDF)],
        )
    for task in hanoi[2:4] + ministry[2:4]:
        if task.deadline is not None:
            services.extension_request(
                SYSTEM,
                task=task,
                requested_deadline=task.deadline + timedelta(days=60),
                reason="Chờ bố trí kinh phí năm sau.",
            )
