"""The commitment as a PDF for the leader to sign: an administrative document in the layout
of Decree 30/2020/NĐ-CP (the reports' own), in Vietnamese, with its record attached as
`commitment.json` and that record's digest printed, so that the signed file says exactly what
was committed (`services.check_signed`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.template.loader import render_to_string

from nq57.registry.choices import DatabaseStatus
from nq57.reports.documents.text import MOTTO, NATION

from .models import Commitment
from .record import RECORD_NAME, canonical, digest, record_of

TITLE = "BẢN CAM KẾT"
SUBJECT = "Về việc thực hiện Nghị quyết số 57-NQ/TW của Bộ Chính trị"
STATUS_WORDS = {
    DatabaseStatus.FORMED.value: "hình thành tập trung",
    DatabaseStatus.DEPLOYING.value: "đang triển khai",
}


def day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def dated_line(value: date) -> str:
    """ "ngày 04 tháng 12 năm 2025" (Decree 30: days below 10 and months below 3 with a
    leading zero)."""
    return f"ngày {value:%d} tháng {value:%m} năm {value.year}"


@dataclass(frozen=True)
class CommitmentText:
    """What the document says, in Vietnamese, built from the record alone."""

    issuer: str
    nation: str
    motto: str
    title: str
    subject: str
    dated: str
    opening: str
    what: str
    due: str
    rows: list[tuple[str, str]]
    signer_title: str
    signer_name: str


def commitment_text(commitment: Commitment) -> CommitmentText:
    record = record_of(commitment)
    org = commitment.organization
    rows: list[tuple[str, str]] = []
    rows += [("Nhiệm vụ hoàn thành", code) for code in record["tasks"]]
    rows += [
        ("Chỉ tiêu đạt", f"{code} kỳ {period}: {target}")
        for code, period, target in record["indicators"]
    ]
    rows += [
        ("Cơ sở dữ liệu", f"{code}: {STATUS_WORDS.get(status, status)}")
        for code, status in record["databases"]
    ]
    rows += [
        ("Giải ngân", f"năm {year}, chương trình {programme}: {share}% kinh phí được duyệt")
        for year, programme, share in record["budget"]
    ]
    return CommitmentText(
        issuer=org.name_vi.upper(),
        nation=NATION,
        motto=MOTTO,
        title=TITLE,
        subject=SUBJECT,
        dated=f"Hà Nội, {dated_line(commitment.committed_on)}",
        opening=(
            f"Tôi, {commitment.leader.full_name}, {commitment.position} {org.name_vi}, "
            "cam kết bằng văn bản:"
        ),
        what=commitment.what,
        due=f"Thời hạn hoàn thành: {day(commitment.due_on)}.",
        rows=rows,
        signer_title=commitment.position.upper(),
        signer_name=commitment.leader.full_name,
    )


def commitment_pdf(commitment: Commitment) -> bytes:
    """The unsigned PDF of a commitment (its links loaded, see `record.with_links`)."""
    # Imported here, as the reports do: WeasyPrint's start-up cost is paid only when writing.
    from weasyprint import HTML, Attachment

    record = record_of(commitment)
    context: dict[str, Any] = {
        "text": commitment_text(commitment),
        "digest": digest(record),
        "record_name": RECORD_NAME,
    }
    html = render_to_string("commitments/commitment_pdf.html", context)
    attachment = Attachment(string=canonical(record).decode(), base_url=None, name=RECORD_NAME)
    return bytes(HTML(string=html).write_pdf(attachments=[attachment]))
