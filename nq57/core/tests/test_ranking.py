"""The one tie rule: standard competition ranking."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nq57.core.ranking import rank_with_ties

entries = st.lists(
    st.tuples(st.one_of(st.none(), st.integers(0, 5)), st.text(min_size=1, max_size=3)),
    max_size=12,
)


def test_equal_scores_share_a_rank_and_the_next_rank_skips() -> None:
    placed = rank_with_ties(
        [("a", 90), ("b", 80), ("c", 80), ("d", 70), ("e", None)],
        score=lambda e: e[1],
        order=lambda e: e[0],
    )
    assert [(p.rank, p.item[0]) for p in placed] == [
        (1, "a"),
        (2, "b"),
        (2, "c"),
        (4, "d"),
        (None, "e"),
    ]


@given(entries)
def test_ranks_follow_the_scores(items: list[tuple[int | None, str]]) -> None:
    placed = rank_with_ties(items, score=lambda e: e[0], order=lambda e: e[1])
    assert sorted(map(repr, (p.item for p in placed))) == sorted(map(repr, items))
    ranked = [p for p in placed if p.rank is not None]
    assert all(p.item[0] is not None for p in ranked)
    assert all(p.rank is None for p in placed[len(ranked) :])
    for position, entry in enumerate(ranked, start=1):
        better = sum(1 for other in ranked if (other.item[0] or 0) > (entry.item[0] or 0))
        assert entry.rank == better + 1
        assert entry.rank <= position
