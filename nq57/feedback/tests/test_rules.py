"""The portal's rules: codes, plain text, deadlines in working days, personal data removed."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from nq57.core.calendar import is_working_day, working_days_between
from nq57.feedback.rules import (
    CODE_ALPHABET,
    EMAIL,
    IDENTITY,
    PHONE,
    answer_due,
    keep_until,
    new_tracking_code,
    plain_text,
    redact,
)

days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


def test_codes_are_unguessable_and_readable() -> None:
    codes = {new_tracking_code() for _ in range(2000)}
    assert len(codes) == 2000
    for code in codes:
        assert code.startswith("PA-")
        assert all(ch in CODE_ALPHABET for ch in code[3:].replace("-", ""))


@given(days, st.integers(min_value=1, max_value=60))
def test_the_deadline_is_that_many_working_days_later_on_a_working_day(
    start: date, count: int
) -> None:
    due = answer_due(start, count)
    assert is_working_day(due)
    assert working_days_between(start, due) == count


def weekdays_later(start: date, count: int) -> date:
    day = start
    while count:
        day += timedelta(days=1)
        count -= day.weekday() < 5
    return day


def test_tet_and_national_day_do_not_count() -> None:
    # Routed on Friday 6 February 2026: the Tết holidays of mid-February fall inside.
    assert answer_due(date(2026, 2, 6), 15) > weekdays_later(date(2026, 2, 6), 15)
    assert answer_due(date(2025, 8, 29), 1) == date(2025, 9, 3)  # 1–2 September off
    assert answer_due(date(2025, 3, 3), 5) == weekdays_later(date(2025, 3, 3), 5)


@given(days)
def test_items_are_kept_five_years(received: date) -> None:
    kept = keep_until(received)
    assert kept.year == received.year + 5
    assert kept >= received.replace(day=min(received.day, 28))


personal_bits = st.sampled_from(
    [
        "Gọi tôi: 0912 345 678",
        "email an.nguyen@example.vn nhé",
        "CCCD 001203004567",
        "+84 912.345.678",
        "CMND 123456789",
    ]
)


@given(st.lists(personal_bits | st.text(max_size=30), max_size=8))
def test_redaction_leaves_no_contact_or_identity_number(parts: list[str]) -> None:
    text = " ".join(parts)
    hidden = redact(text, ["Nguyễn Văn An", "12 Lê Lợi"])
    assert not EMAIL.search(hidden)
    assert not PHONE.search(hidden)
    assert not IDENTITY.search(hidden)
    assert redact(hidden, ["Nguyễn Văn An"]) == hidden  # idempotent


def test_redaction_of_the_senders_own_details() -> None:
    answer = (
        "Kính gửi ông Nguyễn Văn An (12 Lê Lợi, Huế; 0912345678): Bộ đã tiếp thu kiến nghị "
        "về thủ tục cấp phép, văn bản số 123/BKHCN."
    )
    public = redact(answer, ["Nguyễn Văn An", "12 Lê Lợi, Huế"])
    assert "Nguyễn Văn An" not in public
    assert "Lê Lợi" not in public
    assert "0912345678" not in public
    assert "123/BKHCN" in public  # a document number is not personal


def test_plain_text_drops_control_and_direction_characters() -> None:
    assert plain_text("  Xin chào\u202e<b>\x00\r\nthế giới  ") == "Xin chào<b>\nthế giới"
