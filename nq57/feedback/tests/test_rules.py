"""The portal's rules: codes, plain text, deadlines in working days, personal data removed."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from nq57.core.calendar import is_working_day, working_days_between
from nq57.core.text import search_document
from nq57.feedback.rules import (
    CODE_ALPHABET,
    EMAIL,
    IDENTITY,
    PHONE,
    answer_due,
    keep_until,
    new_tracking_code,
    plain_text,
    published_copy,
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


identity_numbers = st.from_regex(r"\A\d{12}\Z|\A\d{9}\Z")
separators = st.sampled_from(["", " ", ".", "-", " - "])
surroundings = st.text(alphabet="abc đổi số ,;()/", max_size=20)


@given(identity_numbers, separators, st.integers(1, 4), surroundings, surroundings)
def test_the_senders_identity_number_is_removed_however_it_is_written(
    number: str, separator: str, group: int, before: str, after: str
) -> None:
    written = separator.join(number[i : i + group] for i in range(0, len(number), group))
    hidden = redact(f"{before} {written} {after}", ["Nguyễn Văn An", number])
    assert number not in "".join(ch for ch in hidden if ch.isdigit())
    # The public search matches whole words: the number is no longer among them.
    assert f" {number} " not in search_document(hidden)
    assert written not in hidden


@given(st.from_regex(r"\A\d{12}\Z"), st.sampled_from([(" ", 3), (" ", 4), ("", 12)]), surroundings)
def test_a_citizens_identity_number_is_removed_even_when_it_is_not_the_senders(
    number: str, grouping: tuple[str, int], around: str
) -> None:
    space, size = grouping  # as people write a citizen card's number: 3 × 4 or 4 × 3
    grouped = space.join(number[i : i + size] for i in range(0, len(number), size))
    hidden = redact(f"{around} CCCD {grouped} {around}", [])
    assert grouped not in hidden
    assert f" {number} " not in search_document(hidden)


def test_amounts_and_document_numbers_are_not_taken_for_identity_numbers() -> None:
    text = "Dự toán 123.456.789.012 đồng theo văn bản 57-NQ/TW ngày 22/12/2024."
    assert redact(text, []) == text


def test_every_published_field_is_redacted() -> None:
    original = {
        "title": "CCCD 001203004567 của Lê Văn Cường",
        "content": "Gọi 0912 345 678",
        "legal_reference": "Hồ sơ của Lê   Văn Cường",
        "answer": "Gửi ông Lê Văn Cường",
    }
    copies = published_copy(original, ["Lê Văn Cường", "001203004567", "0912345678"])
    assert set(copies) == {
        "public_title",
        "public_content",
        "public_legal_reference",
        "public_answer",
    }
    for copy in copies.values():
        assert "Cường" not in copy
        assert "001203004567" not in copy
        assert "345" not in copy


def test_plain_text_drops_control_and_direction_characters() -> None:
    assert plain_text("  Xin chào\u202e<b>\x00\r\nthế giới  ") == "Xin chào<b>\nthế giới"
