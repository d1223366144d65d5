"""The sentences and tables a report states, in Vietnamese with its number and date formats
(1.287; 04/12/2025), built once from the figures and written by every format alike."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils import translation

from nq57.core.numbers import Numbers

from ..sections import ReportFigures

ISSUER = (
    "BAN CHỈ ĐẠO TRUNG ƯƠNG VỀ PHÁT TRIỂN KHOA HỌC, CÔNG NGHỆ, ĐỔI MỚI SÁNG TẠO VÀ CHUYỂN ĐỔI SỐ"
)
NATION = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
TITLE = "BÁO CÁO"
SUBJECT = "Tình hình thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị"
PLACE = "Hà Nội"
NO_DATA = "Chưa có số liệu đến ngày báo cáo."


def day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def dated_line(value: date) -> str:
    """The place and date line of an administrative document: "Hà Nội, ngày 04 tháng 12 năm
    2025" (day and month of one digit written with a leading zero, as Decree 30 asks for
    those below 10 and 3)."""
    return f"{PLACE}, ngày {value:%d} tháng {value:%m} năm {value.year}"


@dataclass(frozen=True)
class Section:
    heading: str
    paragraphs: list[str] = field(default_factory=list)
    rows: list[tuple[str, str]] = field(default_factory=list)  # label, value


@dataclass(frozen=True)
class ReportText:
    issuer = ISSUER
    nation = NATION
    motto = MOTTO
    title = TITLE

    number: str
    dated: str
    subject: str
    sections: list[Section]
    signer_title: str
    signer_name: str


def _tasks(figures: ReportFigures, numbers: Numbers) -> Section:
    t = figures.tasks
    n = numbers.grouped

    def pct(key: str) -> str:
        return numbers.grouped(t.shares[key], 1)

    if not t.total:
        return Section("I. TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", [NO_DATA])
    first = (
        f"Tính đến ngày {day(figures.as_of)}, Ban Chỉ đạo đã giao {n(t.total)} nhiệm vụ: "
        f"{n(t.completed)} nhiệm vụ đã hoàn thành ({pct('completed')}%), "
        f"{n(t.in_progress)} nhiệm vụ đang thực hiện trong hạn ({pct('in_progress')}%), "
        f"{n(t.overdue)} nhiệm vụ quá hạn ({pct('overdue')}%) và "
        f"{n(t.regular)} nhiệm vụ thường xuyên ({pct('regular')}%)."
    )
    second = (
        f"Trong {n(t.in_progress)} nhiệm vụ đang thực hiện, {n(t.falling_due)} nhiệm vụ đến "
        f"hạn trước ngày {day(t.due_by)}; cùng {n(t.overdue)} nhiệm vụ quá hạn, còn "
        f"{n(t.remaining)} nhiệm vụ phải hoàn thành đến ngày {day(t.due_by)}."
    )
    rows = [
        ("Tổng số nhiệm vụ", n(t.total)),
        ("Đã hoàn thành", n(t.completed)),
        ("Đang thực hiện trong hạn", n(t.in_progress)),
        ("Quá hạn", n(t.overdue)),
        ("Thường xuyên", n(t.regular)),
        (f"Đến hạn trước ngày {day(t.due_by)}", n(t.falling_due)),
        ("Còn phải hoàn thành", n(t.remaining)),
    ]
    return Section("I. TIẾN ĐỘ THỰC HIỆN NHIỆM VỤ", [first, second], rows)


def _registry(figures: ReportFigures, numbers: Numbers) -> Section:
    heading = "II. CƠ SỞ DỮ LIỆU QUỐC GIA, CHUYÊN NGÀNH"
    found = figures.registry
    if not found:
        return Section(heading, [NO_DATA])
    n = numbers.grouped
    sentence = (
        f"Trong {n(found['total'])} cơ sở dữ liệu theo dõi, {n(found.get('formed', 0))} cơ sở "
        f"dữ liệu đã hình thành, {n(found.get('deploying', 0))} đang triển khai, "
        f"{n(found.get('not_started', 0))} chưa triển khai; {n(found.get('at_risk', 0))} "
        "cơ sở dữ liệu có nguy cơ chậm tiến độ."
    )
    return Section(heading, [sentence])


def _budget(figures: ReportFigures, numbers: Numbers) -> Section:
    heading = "III. KINH PHÍ"
    found = figures.budget
    if not found:
        return Section(heading, [NO_DATA])
    n = numbers.grouped
    sentence = (
        f"Năm {found['year']}: đề xuất {n(found['proposed'])} triệu đồng, được phê duyệt "
        f"{n(found['approved'])} triệu đồng (chưa phân bổ {n(found['unallocated'])} triệu "
        f"đồng), đã giải ngân {n(found['disbursed'])} triệu đồng."
    )
    return Section(heading, [sentence])


STATUS_WORDS = {"achieved": "đạt", "on_track": "đúng lộ trình", "off_track": "chậm so với lộ trình"}


def _indicators(figures: ReportFigures, numbers: Numbers) -> Section:
    heading = "IV. CÁC CHỈ TIÊU CHỦ YẾU"
    if not figures.indicators:
        return Section(heading, [NO_DATA])

    def written(value: str | None, unit: str) -> str:
        if value is None:
            return "chưa có số liệu"
        exact = Decimal(value)
        places = max(0, -int(exact.normalize().as_tuple().exponent))
        return f"{numbers.grouped(exact, places)} {unit}".strip()

    rows = [
        (
            row.name,
            f"{written(row.value, row.unit)}; mục tiêu {written(row.target, row.unit)}"
            + (f" ({STATUS_WORDS[row.status]})" if row.status else ""),
        )
        for row in figures.indicators
    ]
    return Section(
        heading,
        [f"Số liệu toàn quốc năm {figures.as_of.year} so với mục tiêu quốc gia:"],
        rows,
    )


def _behind(figures: ReportFigures, numbers: Numbers) -> Section:
    heading = "V. CÁC CƠ QUAN, ĐỊA PHƯƠNG CÓ NHIỀU NHIỆM VỤ QUÁ HẠN"
    if not figures.behind:
        return Section(heading, ["Không có cơ quan, địa phương nào có nhiệm vụ quá hạn."])
    rows = [
        (row.name, f"{numbers.grouped(row.overdue)}/{numbers.grouped(row.total)}")
        for row in figures.behind
    ]
    return Section(heading, ["Số nhiệm vụ quá hạn trên tổng số nhiệm vụ được giao:"], rows)


def report_text(
    figures: ReportFigures,
    *,
    number: str = "",
    signer_title: str = "TRƯỞNG BAN",
    signer_name: str = "",
) -> ReportText:
    """The report's words as of its day, in Vietnamese whatever the active language."""
    with translation.override("vi"):
        numbers = Numbers()
        sections = [
            _tasks(figures, numbers),
            _registry(figures, numbers),
            _budget(figures, numbers),
            _indicators(figures, numbers),
            _behind(figures, numbers),
        ]
    return ReportText(
        number=number or "Số: ......../BC-BCĐ",
        dated=dated_line(figures.as_of),
        subject=SUBJECT,
        sections=sections,
        signer_title=signer_title,
        signer_name=signer_name,
    )
