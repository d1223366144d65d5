"""The rules of a remit's text, shared by the shipped file and the secretariat's page
(issue 19 item 1): a list of phrases is kept trimmed, without empty lines or repeats, within
the same limits whoever writes it; a refusal names the line."""

from __future__ import annotations

import json
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nq57.core.text import name_key
from nq57.orgs.remits import (
    MAX_PHRASE,
    MAX_PHRASES,
    MAX_TEXT,
    REMITS_FILE,
    Problem,
    RemitFileError,
    TextRefused,
    one_line,
    phrases,
    read_remits,
    topic_lines,
)

# Lines as people type them: Vietnamese letters in either normal form, spaces and tabs where
# they fall, case changed, the same phrase twice, empty lines.
LETTERS = list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳắặầẩấậèẻéẹềểếệìỉíịòỏóọồổốộờởớợùủúụừửứựỳỷýỵ")
LINE = st.text(alphabet=st.sampled_from([*LETTERS, *"AĐƯ0 ,.-\t\u00a0"]), max_size=40).map(
    lambda text: unicodedata.normalize("NFD", text) if len(text) % 2 else text
)
LINES = st.lists(st.one_of(LINE, LINE.map(str.upper), st.just(""), st.just("  ")), max_size=40)


@given(LINES)
def test_a_list_is_kept_trimmed_without_empty_lines_or_repeats(lines: list[str]) -> None:
    kept = phrases(lines)
    assert all(text and text == " ".join(text.split()) for text in kept)
    assert all(unicodedata.is_normalized("NFC", text) for text in kept)
    keys = [name_key(text) for text in kept]
    assert len(keys) == len(set(keys))
    # Nothing typed is lost but its repeats, and the order is the writer's.
    wanted = [name_key(line) for line in lines if line.strip()]
    assert keys == list(dict.fromkeys(wanted))
    # Keeping a kept list changes nothing.
    assert phrases(kept) == kept


@given(LINE)
def test_a_phrase_retyped_in_another_case_form_or_spacing_is_a_repeat(line: str) -> None:
    retyped = "  " + unicodedata.normalize("NFD", line.upper()).replace(" ", "   ") + "\t"
    assert phrases([line, retyped]) == phrases([line])


@given(st.lists(LINE, min_size=1, max_size=5), st.integers(0, 4))
def test_a_line_too_long_is_refused_by_its_number(lines: list[str], at: int) -> None:
    at = at % len(lines)
    lines[at] = "x" * (MAX_PHRASE + 1)
    with pytest.raises(TextRefused) as refused:
        phrases(lines)
    assert refused.value.problem is Problem.TOO_LONG
    assert refused.value.line == at + 1
    assert refused.value.limit == MAX_PHRASE


def test_the_limits_and_the_refusals() -> None:
    assert len(phrases(f"mục {i}" for i in range(MAX_PHRASES))) == MAX_PHRASES
    with pytest.raises(TextRefused) as refused:
        phrases(f"mục {i}" for i in range(MAX_PHRASES + 1))
    assert (refused.value.problem, refused.value.line) == (Problem.TOO_MANY, MAX_PHRASES + 1)
    # Repeats do not count towards the limit.
    assert len(phrases(["mục"] * (MAX_PHRASES + 5))) == 1
    with pytest.raises(TextRefused) as refused:
        phrases(["tốt", "có \x07 chuông"])
    assert (refused.value.problem, refused.value.line) == (Problem.CONTROL, 2)
    with pytest.raises(TextRefused) as refused:
        phrases(["tốt", 5])
    assert (refused.value.problem, refused.value.line) == (Problem.NOT_TEXT, 2)
    assert one_line("  Hai\n dòng\r\n  nối lại ") == "Hai dòng nối lại"
    with pytest.raises(TextRefused):
        one_line("x" * (MAX_TEXT + 1))
    assert one_line("x" * MAX_TEXT + "   \n") == "x" * MAX_TEXT  # spaces do not count


def test_topics_answered_elsewhere_are_read_as_code_colon_topic() -> None:
    codes = {"bnv": "BNV", "bca": "BCA"}
    lines = [
        "bnv: trợ cấp người có công",
        "",
        "BCA :  lừa đảo qua mạng ",
        "BNV: Trợ cấp người có công",
    ]
    assert topic_lines(lines, codes) == [
        {"topic": "trợ cấp người có công", "body": "BNV"},
        {"topic": "lừa đảo qua mạng", "body": "BCA"},
    ]
    for bad, problem, line in [
        (["BNV: a", "không có mã"], Problem.NO_CODE, 2),
        (["BNV:"], Problem.NO_TOPIC, 1),
        ([": chủ đề"], Problem.NO_CODE, 1),
        (["", "BXX: chủ đề"], Problem.UNKNOWN_CODE, 2),
    ]:
        with pytest.raises(TextRefused) as refused:
            topic_lines(bad, codes)
        assert (refused.value.problem, refused.value.line) == (problem, line)
    # Without the known codes (the shipped file), any code is kept as written.
    assert topic_lines(["BXX: chủ đề"]) == [{"topic": "chủ đề", "body": "BXX"}]


def test_the_shipped_file_keeps_within_the_limits_and_is_read_as_written() -> None:
    raw = json.loads(REMITS_FILE.read_text("utf-8"))
    _version, specs = read_remits(REMITS_FILE.read_text("utf-8"))
    by_scope = {spec.scope: spec for spec in specs}
    for body in raw["bodies"]:
        spec = by_scope[body["code"]]
        assert spec.terms == body["terms"]  # nothing to trim, no repeat to drop
        assert spec.not_ours == body["not_ours"]


@pytest.mark.parametrize(
    ("terms", "named"),
    [
        (["ok", "x" * (MAX_PHRASE + 1)], r"bodies\[0\] \(BYT\)\.terms\[1\]: too long"),
        ([f"t{i}" for i in range(MAX_PHRASES + 1)], r"terms\[300\]: too many lines"),
        (["a\x00"], r"terms\[0\]: contains a control character"),
    ],
)
def test_the_file_is_refused_beyond_the_same_limits(terms: list[str], named: str) -> None:
    content = json.dumps(
        {
            "version": 1,
            "bodies": [{"code": "BYT", "remit": "Y tế", "terms": terms}],
            "provinces": {"remit": "", "list": []},
        }
    )
    with pytest.raises(RemitFileError, match=named):
        read_remits(content)
