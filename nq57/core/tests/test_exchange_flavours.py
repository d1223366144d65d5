"""The exchange kit's two flavours: people files (labels, words, localized numbers and dates)
and machine files (keys, codes, ISO), written and read back."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation
from django.utils.translation import gettext_lazy
from hypothesis import given
from hypothesis import strategies as st

from nq57.core.exchange import (
    CellError,
    Column,
    Flavour,
    Layout,
    choice_words,
    lookup_code,
    parse_number,
    people_number,
    read_rows,
    write_csv,
)
from nq57.core.exchange.reading import HeaderError

LAYOUT = Layout(
    "things",
    (
        Column("code", label=gettext_lazy("Task code")),
        Column("deadline", typed=True, label=gettext_lazy("Completion deadline")),
        Column("amount", typed=True, label=gettext_lazy("Value")),
        Column("note", optional=True, label=gettext_lazy("Comment")),
    ),
)


@given(
    number=st.decimals(allow_nan=False, allow_infinity=False),
    language=st.sampled_from(["vi", "en"]),
)
def test_a_people_formatted_number_reads_back_as_the_same_number(
    number: Decimal, language: str
) -> None:
    text = people_number(number, language)
    assert parse_number(text, language=language) == number


@pytest.mark.parametrize(
    ("language", "number", "text"),
    [
        ("vi", Decimal(1290), "1.290"),
        ("vi", Decimal(10359458), "10.359.458"),
        ("vi", Decimal("59.76"), "59,76"),
        ("vi", Decimal("-1234.5"), "-1.234,5"),
        ("vi", Decimal(999), "999"),
        ("en", Decimal(1290), "1,290"),
        ("en", Decimal("59.76"), "59.76"),
    ],
)
def test_numbers_are_written_as_the_language_writes_them(
    language: str, number: Decimal, text: str
) -> None:
    assert people_number(number, language) == text
    assert parse_number(text, language=language) == number


def test_the_file_decides_what_1_200_means() -> None:
    assert parse_number("1.200") == Decimal("1.2")  # the machine's decimal point
    assert parse_number("1.200", language="vi") == 1200
    assert parse_number("1,5", language="vi") == Decimal("1.5")
    assert parse_number("1.200", language="en") == Decimal("1.2")
    assert parse_number("1,200", language="en") == 1200
    with pytest.raises(CellError):
        parse_number("mười", language="vi")


def test_coded_words_are_accepted_in_either_language_and_without_diacritics() -> None:
    words = choice_words({"regular": gettext_lazy("Regular (ongoing)")})
    for said in ("regular", "Thường xuyên (không có thời hạn)", "THUONG XUYEN (khong co thoi han)"):
        assert lookup_code(words, said) == "regular", said
    assert lookup_code(words, "Regular (ongoing)") == "regular"
    assert lookup_code(words, "sometimes") is None


def people_file(language: str) -> bytes:
    rows = [{"code": "A-1", "deadline": date(2026, 11, 30), "amount": Decimal("10359458.5")}]
    out = io.StringIO()
    with translation.override(language):
        write_csv(rows, out, LAYOUT, Flavour.PEOPLE)
    return out.getvalue().encode()


def test_a_people_csv_has_labels_dates_and_grouped_numbers() -> None:
    assert people_file("vi").decode() == (
        '\ufeffMã nhiệm vụ,Hạn hoàn thành,Giá trị,Ghi chú\nA-1,30/11/2026,"10.359.458,5",\n'
    )
    assert people_file("en").decode() == (
        '\ufeffTask code,Completion deadline,Value,Comment\nA-1,30/11/2026,"10,359,458.5",\n'
    )


@pytest.mark.parametrize("language", ["vi", "en"])
def test_a_people_file_reads_back_by_its_own_language_s_rules(language: str) -> None:
    (row,) = read_rows(io.BytesIO(people_file(language)), LAYOUT)
    assert row.header.language == language
    assert row.cells["code"] == "A-1"
    assert parse_number(row.cells["amount"], language=row.header.language) == Decimal("10359458.5")


def test_a_header_matches_keys_or_labels_whatever_the_case_accents_and_spaces() -> None:
    data = " MÃ NHIỆM VỤ ,han hoan thanh,GIÁ TRỊ\nA,01/02/2026,1.290\n".encode()
    (row,) = read_rows(io.BytesIO(data), LAYOUT)
    assert row.cells == {"code": "A", "deadline": "01/02/2026", "amount": "1.290"}
    assert row.header.language == "vi"
    assert row.header.name_of("deadline") == "han hoan thanh"
    (row,) = read_rows(io.BytesIO(b"Code,DEADLINE,amount\nA,2026-02-01,1.5\n"), LAYOUT)
    assert row.header.language == ""
    assert row.header.name_of("deadline") == "deadline"


def test_a_missing_column_is_named_as_the_file_would_name_it() -> None:
    with pytest.raises(HeaderError, match="missing column\\(s\\) Giá trị \\(expected: Mã"):
        list(read_rows(io.BytesIO("Mã nhiệm vụ,Hạn hoàn thành\n".encode()), LAYOUT))
    with pytest.raises(HeaderError, match="missing column\\(s\\) amount \\(expected: code,"):
        list(read_rows(io.BytesIO(b"code,deadline\n"), LAYOUT))
