"""The portal's demo for `make run`: the fields, and items at every stage of handling, sent
through the services as a citizen and handled by the demo officials' bodies."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from nq57.accounts.models import User
from nq57.accounts.services import user_create
from nq57.core.actors import SYSTEM
from nq57.orgs.models import Organization

from . import services
from .models import Field

FIELDS = (
    ("khcn", "Khoa học và công nghệ", "Science and technology"),
    ("dmst", "Đổi mới sáng tạo", "Innovation"),
    ("cds", "Chuyển đổi số", "Digital transformation"),
    ("dvc", "Dịch vụ công trực tuyến", "Online public services"),
    ("dulieu", "Dữ liệu và cơ sở dữ liệu", "Data and databases"),
    ("hatang", "Hạ tầng số và viễn thông", "Digital infrastructure and telecommunications"),
    ("attt", "An toàn thông tin", "Information security"),
    ("shtt", "Sở hữu trí tuệ", "Intellectual property"),
    ("dn", "Doanh nghiệp khoa học, công nghệ", "Science and technology enterprises"),
    ("taichinh", "Tài chính cho khoa học, công nghệ", "Funding science and technology"),
)

# (kind, field, title, content, body, stage, answer)
ITEMS = (
    (
        "recommendation",
        "dvc",
        "Cho phép nộp hồ sơ cấp phép hoàn toàn trực tuyến",
        "Thủ tục cấp giấy phép hoạt động dịch vụ khoa học vẫn yêu cầu nộp bản giấy sau khi "
        "nộp trực tuyến. Đề nghị bỏ yêu cầu này.",
        "BKHCN",
        "answered",
        "Bộ đã sửa quy trình: từ tháng 01/2026 hồ sơ được giải quyết hoàn toàn trực tuyến.",
    ),
    (
        "feedback",
        "dulieu",
        "Dữ liệu đất đai chưa được chia sẻ cho cấp xã",
        "Cán bộ xã không tra cứu được dữ liệu đất đai khi giải quyết thủ tục.",
        "BNNMT",
        "answered",
        "Bộ sẽ mở quyền tra cứu cho cấp xã trong quý I/2026 qua nền tảng chia sẻ.",
    ),
    (
        "initiative",
        "cds",
        "Trợ lý số trả lời câu hỏi về thủ tục hành chính",
        "Đề xuất xây dựng trợ lý số dùng dữ liệu thủ tục công khai để hướng dẫn người dân.",
        "BKHCN",
        "handling",
        "",
    ),
    (
        "solution",
        "hatang",
        "Phủ sóng di động cho thôn vùng cao bằng trạm năng lượng mặt trời",
        "Giải pháp trạm phát sóng nhỏ dùng năng lượng mặt trời cho các thôn chưa có điện lưới.",
        "79",
        "routed",
        "",
    ),
    (
        "feedback",
        "dvc",
        "Cổng dịch vụ công báo lỗi khi thanh toán phí",
        "Thanh toán lệ phí trên cổng thường báo lỗi vào cuối tuần.",
        "",
        "received",
        "",
    ),
)


def feedback_demo_is_loaded() -> bool:
    return Field.objects.exists()


@transaction.atomic
def load_feedback_demo(today: date) -> None:
    for code, name_vi, name_en in FIELDS:
        Field.objects.get_or_create(code=code, defaults={"name_vi": name_vi, "name_en": name_en})
    citizen, _ = User.objects.get_or_create(
        username="congdan.demo", defaults={"full_name": "Phạm Minh Dân"}
    )
    sent_on = today - timedelta(days=20)
    for kind, field, title, content, body, stage, answer in ITEMS:
        item = services.item_submit(
            citizen,
            kind=kind,
            field=Field.objects.get(code=field),
            title=title,
            content=content,
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
            services.item_answer(handler, item=item, text=answer, publish=True)


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
