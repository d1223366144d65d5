"""How the suggester reads: with or without diacritics alike, abbreviations beside what they
stand for; provinces recognised by their names and by the provinces merged into them, the
longest name first; the remits file refused whole with the entry and field named."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nq57.core.text import fold_accents
from nq57.feedback.suggest.knowledge import RemitFacts, remit_examples
from nq57.feedback.suggest.model import words_and_pairs
from nq57.feedback.suggest.places import LOCAL, gazetteer, places_named
from nq57.feedback.suggest.reading import function_words, item_text, reading_words
from nq57.orgs.models import PROVINCES
from nq57.orgs.remits import RemitFileError, read_remits

VIETNAMESE = st.text(
    alphabet=st.sampled_from(list("aăâbcdđeêghiklmnoôơpqrstuưvxyàảãáạằẳẵắặầẩẫấậèẻẽéẹềểễếệ"
                                  "ìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ ,.ABCĐƯ0123456789")),
    max_size=200,
)  # fmt: skip


@given(VIETNAMESE)
def test_text_reads_the_same_with_or_without_diacritics(text: str) -> None:
    assert reading_words(text) == reading_words(fold_accents(text))


def test_an_abbreviation_is_read_beside_what_it_stands_for() -> None:
    assert reading_words("CSDL đất đai") == ["csdl", "co", "so", "du", "lieu", "dat", "dai"]
    assert reading_words("ko dc cap CCCD")[:4] == ["ko", "khong", "dc", "duoc"]


def test_function_words_weigh_only_inside_a_pair() -> None:
    features = words_and_pairs("Tôi đề nghị cấp lại thẻ BHYT ở nước ngoài")
    assert "toi" not in features
    assert "o" not in features
    assert {"the bhyt", "o nuoc", "nuoc ngoai", "ngoai", "bhyt"} <= set(features)


@given(VIETNAMESE)
def test_every_word_read_is_a_feature_unless_it_only_carries_grammar(text: str) -> None:
    words = reading_words(text)
    features = words_and_pairs(text)
    single = [f for f in features if " " not in f]
    assert single == [w for w in words if w not in function_words()]
    assert len(features) - len(single) == max(len(words) - 1, 0)


def test_kind_and_field_are_read_as_words_whatever_they_are() -> None:
    assert item_text("Tiêu đề", "Nội dung", "kiểu lạ", "y tế") == "Tiêu đề Nội dung kiểu lạ y tế"
    assert item_text("", "Nội dung") == "Nội dung"


PLACES = gazetteer(
    {
        "79": ["Thành phố Hồ Chí Minh", "TP.HCM", "Bình Dương", "Vũng Tàu"],
        "48": ["Đà Nẵng", "Quảng Nam"],
        "14": ["Sơn La", "Minh Hải"],
        "96": ["Cà Mau", "Minh Hải"],  # a former name two provinces share names neither
    }
)


def test_provinces_are_named_by_their_names_and_former_provinces() -> None:
    words = reading_words("Ở Bình Dương và ở TP.HCM, cũng như Quảng Nam")
    assert places_named(words, PLACES) == ["79", "48"]
    assert places_named(reading_words("Minh Hải"), PLACES) == []
    assert places_named(reading_words("Ho Chi Minh thoi tiet"), PLACES) == []  # not a full name
    assert places_named(reading_words("thanh pho ho chi minh"), PLACES) == ["79"]


def test_remits_become_examples_of_their_body_and_topics_of_others() -> None:
    examples = remit_examples(
        [
            RemitFacts("BYT", "Quản lý y tế. Khám chữa bệnh.", fields=["dược"], terms=list("abcde"),
                       not_ours=[("mức đóng BHXH", "BNV"), ("chuyện khác", "XYZ")]),
            RemitFacts(LOCAL, "Ủy ban nhân dân tỉnh giải quyết việc địa phương."),
        ],
        known={"BYT", "BNV", LOCAL},
    )  # fmt: skip
    by_body = {(e.text, e.body) for e in examples}
    assert ("Quản lý y tế", "BYT") in by_body
    assert ("dược", "BYT") in by_body
    assert ("a, b, c, d", "BYT") in by_body
    assert ("e", "BYT") in by_body
    assert ("mức đóng BHXH", "BNV") in by_body
    assert not [e for e in examples if e.body == "XYZ"]
    assert any(e.body == LOCAL for e in examples)


def remits_file(**changes: object) -> str:
    content: dict[str, object] = {
        "version": 1,
        "bodies": [{"code": "BYT", "remit": "Y tế.", "terms": ["bệnh viện"]}],
        "provinces": {"remit": "Địa phương.", "list": [{"code": "01", "names": ["Hà Nội"]}]},
    }
    content.update(changes)
    return json.dumps(content, ensure_ascii=False)


def test_a_good_remits_file_is_read_whole() -> None:
    version, specs = read_remits(remits_file())
    assert version == 1
    assert [s.scope for s in specs] == ["BYT", PROVINCES, "01"]
    assert specs[2].place_names == ["Hà Nội"]


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"version": "1"}, "version"),
        ({"bodies": [{"code": "BYT", "remit": 5}]}, "bodies[0] (BYT).remit"),
        ({"bodies": [{"code": "BYT", "remit": "x", "terms": "a"}]}, "bodies[0] (BYT).terms"),
        ({"bodies": [{"code": "BYT", "remit": "x"}, {"code": "BYT", "remit": "y"}]}, "repeated"),
        ({"bodies": [{"code": "BYT", "remit": "x\x00"}]}, "bodies[0] (BYT).remit"),
        ({"provinces": {"remit": "x", "list": [{"code": "01", "names": [1]}]}}, "names[0]"),
    ],
)
def test_a_bad_remits_file_names_the_entry_and_field(
    changes: dict[str, object], named: str
) -> None:
    with pytest.raises(RemitFileError, match=named.replace("[", r"\[").replace("(", r"\(")
                       .replace(")", r"\)").replace("]", r"\]")):  # fmt: skip
        read_remits(remits_file(**changes))
    with pytest.raises(RemitFileError, match="not JSON"):
        read_remits("{")
