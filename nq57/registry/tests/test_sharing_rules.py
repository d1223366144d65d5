"""The state machine of a data-sharing request and what a refusal must carry, as plain
functions with properties (Hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from nq57.registry.sharing_rules import (
    FINAL,
    JUSTIFICATION_MIN_LENGTH,
    MOVED_BY,
    TRANSITIONS,
    Move,
    RefusalBasis,
    SharingState,
    Side,
    decision_problems,
    moves_from,
    next_state,
    refusal_problems,
    walk,
)

moves = st.lists(st.sampled_from(list(Move)), max_size=8)


def allowed_prefix(sequence: list[Move]) -> list[Move]:
    """The moves of `sequence` up to the first the table refuses."""
    state, taken = SharingState.PENDING, []
    for move in sequence:
        reached = next_state(state, move)
        if reached is None:
            break
        taken.append(move)
        state = reached
    return taken


@given(moves)
def test_no_path_skips_the_authority_after_a_refusal(sequence: list[Move]) -> None:
    taken = allowed_prefix(sequence)
    if Move.REFUSE in taken:
        after = taken[taken.index(Move.REFUSE) + 1 :]
        # Whatever follows a refusal starts with the authority's decision.
        if after:
            assert MOVED_BY[after[0]] == Side.AUTHORITY
        # A refused request is granted only once the refusal is overruled.
        if Move.GRANT in after:
            assert Move.OVERRULE in after[: after.index(Move.GRANT)]


@given(moves)
def test_a_request_is_refused_at_most_once_and_decided_at_most_once(sequence: list[Move]) -> None:
    taken = allowed_prefix(sequence)
    assert taken.count(Move.REFUSE) <= 1
    assert taken.count(Move.UPHOLD) + taken.count(Move.OVERRULE) <= 1
    assert taken.count(Move.GRANT) <= 1


@given(moves)
def test_a_final_state_has_no_move_and_every_path_is_short(sequence: list[Move]) -> None:
    taken = allowed_prefix(sequence)
    state = walk(taken)
    assert len(taken) <= 3
    if state in FINAL:
        assert moves_from(state) == frozenset()


def test_the_authority_decides_only_refusals_and_the_provider_only_answers() -> None:
    for (state, move), _reached in TRANSITIONS.items():
        if MOVED_BY[move] == Side.AUTHORITY:
            assert state == SharingState.REFUSED
        else:
            assert state in (SharingState.PENDING, SharingState.OVERRULED)
    # An overruled refusal cannot be refused again: the provider must grant.
    assert moves_from(SharingState.OVERRULED) == {Move.GRANT}
    assert next_state(SharingState.UPHELD, Move.GRANT) is None
    assert next_state("nonsense", Move.GRANT) is None


justification = st.text(min_size=JUSTIFICATION_MIN_LENGTH, max_size=200).filter(
    lambda text: len(" ".join(text.split())) >= JUSTIFICATION_MIN_LENGTH
)


@given(st.sampled_from(list(RefusalBasis)), st.text(max_size=50), st.text(max_size=200))
def test_a_refusal_never_stands_without_basis_and_justification(
    basis: RefusalBasis, citation: str, written: str
) -> None:
    problems = refusal_problems(basis, citation, written)
    if len(" ".join(written.split())) < JUSTIFICATION_MIN_LENGTH:
        assert "refusal_justification" in problems
    if basis == RefusalBasis.OTHER and not citation.strip():
        assert "refusal_citation" in problems
    if not problems:
        assert written.strip()
        assert basis != RefusalBasis.OTHER or citation.strip()


@given(justification, st.sampled_from([RefusalBasis.STATE_SECRET, RefusalBasis.PERSONAL_DATA]))
def test_a_justified_refusal_on_a_listed_basis_is_accepted(text: str, basis: str) -> None:
    assert refusal_problems(basis, "", text) == {}


@given(st.text(alphabet=" \t\n\u00a0\u3000", max_size=80))
def test_blank_or_whitespace_is_no_justification(blank: str) -> None:
    assert set(refusal_problems(RefusalBasis.STATE_SECRET, "", blank)) == {"refusal_justification"}


def test_an_unknown_basis_or_an_uncited_other_is_refused() -> None:
    text = "x" * JUSTIFICATION_MIN_LENGTH
    assert set(refusal_problems("", "", text)) == {"refusal_basis"}
    assert set(refusal_problems("because", "", text)) == {"refusal_basis"}
    assert set(refusal_problems(RefusalBasis.OTHER, "  ", text)) == {"refusal_citation"}
    assert refusal_problems(RefusalBasis.OTHER, "Điều 9 Luật Dữ liệu 2024", text) == {}
    assert set(refusal_problems(RefusalBasis.PERSONAL_DATA, "", "short")) == {
        "refusal_justification"
    }


def test_the_authoritys_decision_needs_a_reason() -> None:
    assert decision_problems("   ")
    assert decision_problems("")
    assert decision_problems("Dữ liệu không thuộc danh mục bí mật nhà nước") == {}
