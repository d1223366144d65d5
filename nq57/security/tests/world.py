"""The one fixture world the access matrix runs in: organisations, an actor of each kind
with a signed-in client, and an object of each kind whose ids fill the URLs' parameters.

The owning side: a unit of the Ministry of Science and Technology (BKHCN) leads the tasks
(assigned by the central steering committee, BCDTW), and Hà Nội (01) sends the indicator
form. "Another organisation" is another ministry (BTC) and another province (79, Hồ Chí
Minh City); the parent organisation is the ministry itself.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from nq57.accounts.models import ApiToken, SignedInSession, User
from nq57.accounts.services import (
    api_token_issue,
    calendar_feed_create,
    citizen_sign_in,
    user_create,
)
from nq57.core.actors import SYSTEM
from nq57.core.periods import parse_period
from nq57.feedback import services as feedback
from nq57.feedback.models import Field, Item
from nq57.feedback.remits import remit_save
from nq57.indicators.models import DataSet, Submission
from nq57.indicators.services import catalogue_load, submission_submit
from nq57.notices.models import Notice
from nq57.orgs.models import Organization, Remit
from nq57.orgs.services import org_create, remits_load
from nq57.reports.demo import load_report_demo
from nq57.tasks import services as tasks
from nq57.tasks.models import Evidence, ExtensionRequest, Program, Task

PASSWORD = "correct horse battery staple"  # nosec B105  # test value, never a production secret
PDF = b"%PDF-1.4\n%%EOF\n"
UNIT = "BKHCN-VP"  # the ministry's unit that owns the tasks

# Every actor of the matrix: (organisation code, role) for officials; None for the others.
OFFICIALS: dict[str, tuple[str, str]] = {
    "unit_reporter": (UNIT, "reporter"),
    "unit_approver": (UNIT, "approver"),
    "unit_admin": (UNIT, "org_admin"),
    "ministry_approver": ("BKHCN", "approver"),
    "other_ministry_reporter": ("BTC", "reporter"),
    "other_ministry_approver": ("BTC", "approver"),
    "other_ministry_admin": ("BTC", "org_admin"),
    "province_reporter": ("01", "reporter"),
    "province_approver": ("01", "approver"),
    "province_admin": ("01", "org_admin"),
    "other_province_reporter": ("79", "reporter"),
    "other_province_approver": ("79", "approver"),
    "monitor_approver": ("VPCP", "approver"),
    "assigner_approver": ("BCDTW", "approver"),
    "secretariat": ("BCDTW", "secretariat"),
    "inspector": ("UBKTTW", "inspector"),
}
TOKENS = ("token_read", "token_read_write")  # bearer tokens of the unit's reporter
ACTORS: tuple[str, ...] = ("anonymous", "citizen", *OFFICIALS, *TOKENS)


@dataclass
class World:
    """The objects and the signed-in clients; `kwargs[name]` fills a URL's parameters."""

    users: dict[str, User]
    clients: dict[str, Client]
    objects: dict[str, Any]
    kwargs: dict[str, dict[str, Any]] = field(default_factory=dict)
    media_root: Path = Path()


def build_world(media_root: Path) -> World:
    """Evidence files land in `media_root`, where the cells find them."""
    org_create(SYSTEM, code=UNIT, name_vi="Văn phòng Bộ", kind="unit", parent=_org("BKHCN"))
    users = {name: _official(name, code, role) for name, (code, role) in OFFICIALS.items()}
    users["citizen"] = citizen_sign_in(issuer="https://vneid.example", subject="0012", claims={})
    objects = {**_tasks(users), **_indicators(users), **_feedback(users), **_accounts(users)}
    objects.update(_privacy(users))
    objects.update(_remits(users))
    objects.update(_quality())
    objects.update(_sharing(users))
    objects.update(_registry())
    objects.update(_dossiers(objects["database"]))
    objects.update(_commitments(objects["database"]))
    # A signed report the secretariat filed (the demo's: made, signed and filed for real).
    objects["issued_report"] = load_report_demo(date(2025, 12, 4))
    clients = _clients(users, objects)
    objects["session"] = SignedInSession.objects.filter(user=users["unit_reporter"]).latest("pk")
    # Told of the tasks assigned to the unit when the world was built.
    objects["notice"] = Notice.objects.filter(recipient=users["unit_reporter"]).latest("pk")
    world = World(users=users, clients=clients, objects=objects, media_root=media_root)
    world.kwargs = _kwargs(objects)
    return world


def _official(name: str, code: str, role: str) -> User:
    return user_create(
        SYSTEM,
        username=name,
        password=PASSWORD,
        organization=Organization.objects.get(code=code),
        role=role,
        email=f"{name}@example.vn",
    )


def _tasks(users: dict[str, User]) -> dict[str, Any]:
    unit = _org(UNIT)
    program = tasks.program_create(SYSTEM, code="57-NQ/TW", title="Nghị quyết 57-NQ/TW")
    made = {
        name: _task(program, unit, code)
        for name, code in (
            ("task", "NV-1"),
            ("requested", "NV-2"),
            ("suspended", "NV-3"),
            ("fresh", "NV-4"),  # nothing pending: an extension may be requested
        )
    }
    reporter = users["unit_reporter"]
    report = tasks.progress_report_submit(
        reporter,
        task=made["task"],
        reported_on=date.today(),
        percent=20,
        files=[_named(io.BytesIO(PDF), "report.pdf")],
    )
    extension = tasks.extension_request(
        reporter,
        task=made["task"],
        requested_deadline=date.today() + timedelta(days=400),
        reason="Chờ số liệu",
    )
    tasks.completion_request(
        reporter, task=made["requested"], note="Xong", links=["https://example.vn/bao-cao"]
    )
    tasks.task_suspend(SYSTEM, task=made["suspended"], reason="Tạm dừng theo chỉ đạo")
    return {
        **made,
        "unit": unit,
        "program": program,
        "extension": ExtensionRequest.objects.get(pk=extension.pk),
        "evidence": Evidence.objects.get(progress_report=report),
    }


def _task(program: Program, unit: Organization, code: str) -> Task:
    return tasks.task_create(
        SYSTEM,
        program=program,
        code=code,
        title="Xây dựng cơ sở dữ liệu quốc gia về khoa học",
        lead_org=unit,
        assigned_by=_org("BCDTW"),
        assigned_on=date.today() - timedelta(days=30),
        kind="deadline",
        deadline=date.today() + timedelta(days=300),
        responsible_person="Nguyễn Văn A",
        expected_product="Báo cáo",
        coordinating_orgs=[],
        history_reason="assigned a month ago",
    )


def _indicators(users: dict[str, User]) -> dict[str, Any]:
    catalogue_load(SYSTEM)
    dataset = DataSet.objects.get(code="public_services")
    form = submission_submit(
        users["province_reporter"],
        dataset=dataset,
        org=_org("01"),
        period=parse_period("202501"),
        today=date(2025, 2, 5),
    )
    return {"dataset": dataset, "form": Submission.objects.get(pk=form.pk)}


def _feedback(users: dict[str, User]) -> dict[str, Any]:
    topic = Field.objects.create(code="cds", name_vi="Chuyển đổi số", name_en="Digital")
    item = feedback.item_submit(
        users["citizen"],
        kind="recommendation",
        field=topic,
        title="Ký số trên điện thoại",
        content="Đề nghị cho phép ký số trên điện thoại cho mọi thủ tục.",
        contact_name="Đỗ Thị Em",
        contact_email="em@example.vn",
    )
    feedback.item_route(SYSTEM, item=item, body=_org(UNIT), today=date.today())
    feedback.item_accept(users["unit_reporter"], item=item)
    feedback.item_answer(
        users["unit_reporter"], item=item, text="Đã triển khai ký số.", publish=True
    )
    routed = feedback.item_submit(
        users["citizen"],
        kind="recommendation",
        field=topic,
        title="Cấp phép trực tuyến",
        content="Đề nghị cấp phép hoàn toàn trực tuyến cho các dự án nghiên cứu.",
        contact_name="Đỗ Thị Em",
        contact_email="em@example.vn",
    )
    feedback.item_route(SYSTEM, item=routed, body=_org(UNIT), today=date.today())
    return {"field": topic, "item": Item.objects.get(pk=item.pk), "routed": routed}


def _privacy(users: dict[str, User]) -> dict[str, Any]:
    from nq57.privacy.services.breaches import breach_record
    from nq57.privacy.services.requests import data_request_file

    correction = data_request_file(
        users["citizen"], kind="correction", wrong="Tên: Đỗ Thị Em", wanted="Tên: Đỗ Thị Êm"
    )
    copy = data_request_file(users["citizen"], kind="copy")
    breach = breach_record(
        users["secretariat"],
        discovered_at=timezone.now(),
        description="Lộ danh sách người gửi qua một liên kết công khai",
        categories=["portal_items"],
        people_affected=12,
        measures="Đã gỡ liên kết",
    )
    return {"data_request": correction, "copy_request": copy, "breach": breach}


def _remits(users: dict[str, User]) -> dict[str, Any]:
    """The shipped remits, the ministry's edited by the secretariat (so that it may be
    restored)."""
    remits_load(SYSTEM)
    remit = Remit.objects.get(scope="BKHCN")
    remit, _changed = remit_save(
        users["secretariat"],
        remit,
        {
            "description": "Bộ Khoa học và Công nghệ: khoa học, công nghệ, chuyển đổi số.",
            "terms": [*remit.terms, "ký số"],
        },
    )
    return {"remit": remit}


def _sharing(users: dict[str, User]) -> dict[str, Any]:
    """Hà Nội asks for the data of the unit's database: one request pending, one refused.
    The competent authority is the assigning committee here (its approver decides), so that
    an actor of the matrix holds the role."""
    from django.test import override_settings

    from nq57.registry.services import database_save
    from nq57.registry.sharing import services as sharing

    database, _ = database_save(
        SYSTEM, code="CSDL-VP", name="Cơ sở dữ liệu văn bản", kind="specialised", owner=_org(UNIT)
    )
    asked: dict[str, Any] = {
        "database": database,
        "requester": _org("01"),
        "fields_requested": "Số, ngày, trích yếu văn bản",
        "purpose": "Liên thông văn bản",
        "legal_basis": "Nghị định 47/2020/NĐ-CP",
    }
    with override_settings(NQ57_SHARING_AUTHORITY="BCDTW"):
        pending = sharing.sharing_request_submit(users["province_reporter"], **asked)
        refused = sharing.sharing_request_submit(users["province_reporter"], **asked)
    sharing.sharing_request_refuse(
        users["unit_reporter"],
        request=refused,
        basis="state_secret",
        justification="Văn bản thuộc danh mục bí mật nhà nước độ Mật theo quyết định của Bộ.",
    )
    return {"sharing_db": database, "sharing_pending": pending, "sharing_refused": refused}


def _registry() -> dict[str, Any]:
    from nq57.registry import services as registry

    database, _ = registry.database_save(
        SYSTEM,
        code="CSDLQG-KHCN",
        name="Cơ sở dữ liệu quốc gia về khoa học và công nghệ",
        kind="national",
        owner=_org("BKHCN"),
        lists=[registry.database_list_get_or_create(SYSTEM, code="KH02")],
    )
    registry.status_record(
        SYSTEM, database=database, since=date.today() - timedelta(days=30), status="deploying"
    )
    return {"registry_database": database}


def _dossiers(database: Any) -> dict[str, Any]:
    """Two investment dossiers of the unit's database, one awaiting appraisal and one
    returned. The appraising body is the monitoring organisation here (its approver
    decides), so that it is another body than the owner's side."""
    from django.test import override_settings

    from nq57.registry.dossiers import services as dossiers

    with override_settings(NQ57_DOSSIER_APPRAISER="VPCP"):
        pending = dossiers.dossier_register(SYSTEM, database=database, amount_million_vnd=1200)
        returned = dossiers.dossier_register(SYSTEM, database=database, amount_million_vnd=800)
    dossiers.dossier_return(SYSTEM, dossier=returned, missing_documents="Thiết kế cơ sở")
    return {"dossier_pending": pending, "dossier_returned": returned}


def _commitments(database: Any) -> dict[str, Any]:
    """Two commitments of the unit's leader measured by its database: one open, one signed.
    The signed file is put in place as the upload leaves it (the signing itself, a key and a
    PDF, is the commitments' own tests' business)."""
    from django.core.files.base import ContentFile

    from nq57.commitments.links import parse_links
    from nq57.commitments.services import commitment_record

    made = [
        commitment_record(
            SYSTEM,
            organization=_org(UNIT),
            leader_name="Trần Văn Lãnh",
            position="Chánh Văn phòng",
            what=f"Hoàn thành cơ sở dữ liệu văn phòng ({n}).",
            committed_on=date.today() - timedelta(days=10),
            due_on=date.today() + timedelta(days=300),
            links=parse_links(SYSTEM, databases=database.code),
        )
        for n in (1, 2)
    ]
    signed = made[1]
    signed.signed_file.save("signed.pdf", ContentFile(PDF), save=False)
    signed.signer_name = "Trần Văn Lãnh"
    signed.signed_at = timezone.now()
    signed.save()
    return {"commitment": made[0], "signed_commitment": signed}


def _accounts(users: dict[str, User]) -> dict[str, Any]:
    reporter = users["unit_reporter"]
    read, read_secret = api_token_issue(SYSTEM, user=reporter, name="doc", scope="read")
    write, write_secret = api_token_issue(SYSTEM, user=reporter, name="ghi", scope="read_write")
    _feed, calendar_secret = calendar_feed_create(reporter, user=reporter)
    return {
        "token": ApiToken.objects.get(pk=write.pk),
        "read_token": read,
        "secrets": {"token_read": read_secret, "token_read_write": write_secret},
        "calendar_secret": calendar_secret,  # the unit reporter's private calendar link
    }


def _clients(users: dict[str, User], objects: dict[str, Any]) -> dict[str, Client]:
    clients = {"anonymous": Client()}
    for name, user in users.items():
        clients[name] = Client()
        clients[name].force_login(user)
    for name, secret in objects["secrets"].items():
        clients[name] = Client(headers={"Authorization": f"Bearer {secret}"})
    return clients


def _kwargs(objects: dict[str, Any]) -> dict[str, dict[str, Any]]:
    reporter = objects["token"].user
    return {
        "task": {"pk": objects["task"].pk},
        "requested": {"pk": objects["requested"].pk},
        "suspended": {"pk": objects["suspended"].pk},
        "fresh": {"pk": objects["fresh"].pk},
        "extension": {"pk": objects["extension"].pk},
        "evidence": {"pk": objects["evidence"].pk},
        "issued_report": {"pk": objects["issued_report"].pk},
        "form": {"pk": objects["form"].pk},
        "indicator": {"code": "online_records_rate"},
        "element": {"code": "records_total"},
        "program": {"code": objects["program"].code},
        "ranking_org": {"code": "01"},
        "item": {"code": objects["item"].tracking_code},  # answered and published
        "routed": {"code": objects["routed"].tracking_code},  # waiting for its body
        "session": {"pk": objects["session"].pk},
        "notice": {"pk": objects["notice"].pk},
        "data_request": {"pk": objects["data_request"].pk},
        "copy_request": {"pk": objects["copy_request"].pk},
        "breach": {"pk": objects["breach"].pk},
        "remit": {"scope": objects["remit"].scope},
        "sharing_pending": {"pk": objects["sharing_pending"].pk},
        "sharing_refused": {"pk": objects["sharing_refused"].pk},
        "registry_database": {"code": objects["registry_database"].code},
        "dossier_pending": {"pk": objects["dossier_pending"].pk},
        "dossier_returned": {"pk": objects["dossier_returned"].pk},
        "token": {"pk": objects["token"].pk},
        "database": {"code": objects["database"].code},
        "check": {"pk": objects["check"].pk},
        "calendar": {"token": objects["calendar_secret"]},
        "commitment": {"pk": objects["commitment"].pk},
        "signed_commitment": {"pk": objects["signed_commitment"].pk},
        "leader": {"pk": objects["commitment"].leader_id},
        "commitment_org": {"code": UNIT},
        "help": {"screen": "tasks-detail"},
        "evaluation_year": {"year": 2025},
        "evaluation_export": {"year": 2025, "kind": "xlsx"},
        "evaluation_sheet": {"year": 2025, "code": "BKHCN"},
        "reset": {
            "uidb64": urlsafe_base64_encode(force_bytes(reporter.pk)),
            "token": default_token_generator.make_token(reporter),
        },
    }


def _quality() -> dict[str, Any]:
    """The unit's database with one check result waiting for verification."""
    from nq57.registry.models import Database
    from nq57.registry.quality.services import check_result_record

    database = Database.objects.create(
        code="CSDL-VP", name="Cơ sở dữ liệu văn phòng", kind="specialised", owner=_org(UNIT)
    )
    check, _created = check_result_record(
        SYSTEM, database=database, period="2025Q3", criterion="correct",
        records_checked=100, records_passing=80,
    )  # fmt: skip
    return {"database": database, "check": check}


def _org(code: str) -> Organization:
    return Organization.objects.get(code=code)


def _named(buffer: io.BytesIO, name: str) -> io.BytesIO:
    buffer.name = name
    return buffer
