"""The demo's data-sharing requests, at every stage, dated back from the day it is loaded
(deterministic for a given day): Hà Nội (baocao.hanoi) asks the Ministry of Science and
Technology (baocao.bkhcn) for data and the other way round; the Ministry of Public Security
(duyet.bca) is the competent authority. The day's deadline watch then reminds the overdue
and raises the long overdue."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from nq57.accounts.models import User
from nq57.core.calendar import add_working_days
from nq57.orgs.models import Organization
from nq57.tasks.demo import DEMO_USERS, ensure_demo_user

from ..models import Database, SharingRequest
from . import services
from .deadlines import sharing_deadlines

PROVIDER, REQUESTER, AUTHORITY = "baocao.bkhcn", "baocao.hanoi", "duyet.bca"
CONNECTION = (
    "Nền tảng tích hợp, chia sẻ dữ liệu quốc gia (NDXP): dịch vụ {service}; "
    "khoá truy cập cấp cho tài khoản tích hợp của cơ quan yêu cầu."
)
PERSONAL = (
    "Các trường yêu cầu gồm số định danh cá nhân và thông tin liên hệ của nhà khoa học; "
    "Nghị định 13/2023/NĐ-CP chỉ cho phép chia sẻ khi có sự đồng ý của chủ thể dữ liệu."
)
OTHER = (
    "Dữ liệu tần số đang được chuẩn hoá, chưa đủ điều kiện chất lượng để chia sẻ ra ngoài "
    "ngành theo quy chế khai thác cơ sở dữ liệu chuyên ngành."
)


def sharing_demo_is_loaded() -> bool:
    return SharingRequest.objects.exists()


def _user(username: str) -> User:
    ensure_demo_user(next(spec for spec in DEMO_USERS if spec.username == username))
    return User.objects.get(username=username)


def _back(today: date, working_days: int) -> date:
    return add_working_days(today, -working_days)


@transaction.atomic
def load_sharing_demo(today: date) -> None:
    """Requests pending, overdue, raised, granted, refused awaiting the authority, upheld,
    overruled awaiting the grant and overruled then granted."""
    provider, requester, authority = _user(PROVIDER), _user(REQUESTER), _user(AUTHORITY)
    hanoi, ministry = Organization.objects.get(code="01"), Organization.objects.get(code="BKHCN")
    db = {d.code: d for d in Database.objects.filter(owner__in=[hanoi, ministry])}

    def ask(code: str, ago: int, fields: str, purpose: str, by: User = requester) -> SharingRequest:
        return services.sharing_request_submit(
            by,
            database=db[code],
            requester=hanoi if by == requester else ministry,
            fields_requested=fields,
            purpose=purpose,
            legal_basis="Luật Dữ liệu 2024; Nghị định 47/2020/NĐ-CP về quản lý, kết nối và "
            "chia sẻ dữ liệu số của cơ quan nhà nước",
            on=_back(today, ago),
        )

    def grant(request: SharingRequest, ago: int, service: str, by: User = provider) -> None:
        services.sharing_request_grant(
            by,
            request=request,
            connection_details=CONNECTION.format(service=service),
            on=_back(today, ago),
        )

    def decide(request: SharingRequest, ago: int, decision: str, reason: str) -> None:
        services.sharing_refusal_decide(
            authority, request=request, decision=decision, reason=reason, on=_back(today, ago)
        )

    # Awaiting the answer, within the deadline.
    ask("CSDLQG-SOHUUTT", 2, "Số văn bằng, chủ sở hữu, ngày cấp", "Hỗ trợ doanh nghiệp khởi nghiệp")
    # Overdue by two working days: reminded today.
    ask("CSDL-BKHCN-04", 12, "Danh sách doanh nghiệp viễn thông, giấy phép", "Quy hoạch hạ tầng số")
    # Overdue by ten: raised to the competent authority today.
    ask("CSDL-BKHCN-03", 20, "Mạng bưu cục, mã bưu chính", "Chuẩn hoá địa chỉ số thành phố")
    # Granted on time.
    grant(
        ask("CSDL-BKHCN-05", 25, "Phương tiện đo được kiểm định", "Quản lý thị trường"),
        20,
        "DL-DO-LUONG",
    )
    # Refused, awaiting the authority.
    refused = ask(
        "CSDLQG-KHCN", 8, "Hồ sơ nhà khoa học: định danh, liên hệ", "Tuyển chọn chuyên gia"
    )
    services.sharing_request_refuse(
        provider, request=refused, basis="personal_data", justification=PERSONAL,
        on=_back(today, 3),
    )  # fmt: skip
    # Refused on another legal basis, the refusal upheld.
    upheld = ask(
        "CSDL-BKHCN-02", 30, "Băng tần cấp phép theo khu vực", "Quy hoạch đô thị thông minh"
    )
    services.sharing_request_refuse(
        provider, request=upheld, basis="other", justification=OTHER, on=_back(today, 25),
        citation="Khoản 3 Điều 18 Luật Dữ liệu 2024",
    )  # fmt: skip
    decide(upheld, 20, "upheld", "Dữ liệu chưa được chuẩn hoá; chia sẻ lại sau khi hoàn thành.")
    # Refused, overruled, then granted.
    regranted = ask(
        "CSDLQG-KHCN", 40, "Đề tài, nhiệm vụ KH&CN cấp thành phố", "Tránh trùng lặp đề tài"
    )
    services.sharing_request_refuse(
        provider, request=regranted, basis="personal_data", justification=PERSONAL,
        on=_back(today, 35),
    )  # fmt: skip
    decide(
        regranted, 30, "overruled",
        "Thông tin đề tài không phải dữ liệu cá nhân; phải chia sẻ theo Luật Dữ liệu.",
    )  # fmt: skip
    grant(regranted, 25, "DL-DE-TAI")
    # Refused, overruled, the grant awaited within the fresh deadline.
    owed = ask("CSDLQG-SOHUUTT", 15, "Đơn đăng ký sáng chế đang xử lý", "Thống kê đổi mới sáng tạo")
    services.sharing_request_refuse(
        provider, request=owed, basis="state_secret", on=_back(today, 12),
        justification="Đơn sáng chế thuộc lĩnh vực quốc phòng, an ninh nằm trong danh mục "
        "bí mật nhà nước của ngành khoa học và công nghệ.",
    )  # fmt: skip
    decide(
        owed, 2, "overruled", "Chỉ các đơn thuộc danh mục mật được giữ lại; phần còn lại chia sẻ."
    )
    # The other way round: the ministry asks Hà Nội, which grants one and owes the other.
    asked = ask("CSDL-01-02", 18, "Hộ kinh doanh theo ngành", "Thống kê doanh nghiệp", provider)
    grant(asked, 14, "DL-HO-KINH-DOANH", by=requester)
    ask("CSDL-01-01", 4, "Đồ án quy hoạch đã phê duyệt", "Khu công nghệ cao", provider)
    sharing_deadlines(today)
