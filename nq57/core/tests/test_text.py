"""Whole-word, accent-free search: every word of a text finds it, a fragment does not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nq57.core.text import fold_accents, search_document, search_words

VIETNAMESE = (
    "aăâbcdđeêghiklmnoôơpqrstuưvxyàáảãạằắẳẵặầấẩẫậèéẻẽẹềếểễệìíỉĩịòóỏõọồốổỗộờớởỡợùúủũụừứửữựỳýỷỹỵ"
)
words = st.text(alphabet=VIETNAMESE + VIETNAMESE.upper() + "0123456789", min_size=1, max_size=8)
separators = st.sampled_from([" ", ", ", " - ", "/", "(", ")", ".", "; "])


@given(st.lists(st.tuples(words, separators), min_size=1, max_size=8))
def test_every_word_of_a_text_finds_it_with_or_without_accents(
    parts: list[tuple[str, str]],
) -> None:
    text = "".join(word + separator for word, separator in parts)
    document = search_document(text)
    for word, _ in parts:
        for query in (word, fold_accents(word), word.upper()):
            assert all(f" {w} " in document for w in search_words(query))


def test_a_fragment_of_a_word_does_not_match() -> None:
    document = search_document("Rà soát, sửa đổi mạng truyền số liệu chuyên dùng (NV-12)")
    assert " so " in document  # "số"
    assert document.count(" so ") == 1  # "soát" is "soat", a word of its own
    assert " soat " in document
    assert search_words("NV-12") == ["nv", "12"]
    assert all(f" {w} " in document for w in search_words("nv-12"))
