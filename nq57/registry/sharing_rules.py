"""The rules of a data-sharing request as plain values: its states, the one table of moves
between them and who makes each, and what a refusal must carry. No database, no clock.

    pending ──grant──▶ granted
       │
       └─refuse──▶ refused ──uphold──▶ upheld
                      │
                      └─overrule──▶ overruled ──grant──▶ granted

A refusal never ends a request by itself: it stands only once the competent authority has
upheld it, and an overruled refusal obliges the provider to grant (a fresh deadline runs).
"""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The shortest written justification of a refusal: a sentence, not "no" or "secret".
JUSTIFICATION_MIN_LENGTH = 40


class SharingState(models.TextChoices):
    PENDING = "pending", gettext_lazy("Awaiting the provider's answer")
    GRANTED = "granted", gettext_lazy("Granted")
    REFUSED = "refused", gettext_lazy("Refused, awaiting the competent authority")
    UPHELD = "upheld", gettext_lazy("Refusal upheld")
    OVERRULED = "overruled", gettext_lazy("Refusal overruled, to be granted")


class RefusalBasis(models.TextChoices):
    STATE_SECRET = "state_secret", gettext_lazy("On the list of state secrets")
    PERSONAL_DATA = "personal_data", gettext_lazy("Personal data protection law")
    OTHER = "other", gettext_lazy("Other legal basis (cited)")


class AuthorityDecision(models.TextChoices):
    UPHELD = "upheld", gettext_lazy("Upheld")
    OVERRULED = "overruled", gettext_lazy("Overruled")


class Move(StrEnum):
    GRANT = "grant"
    REFUSE = "refuse"
    UPHOLD = "uphold"
    OVERRULE = "overrule"


class Side(StrEnum):
    """Who makes a move: the provider (the database's owner) or the competent authority."""

    PROVIDER = "provider"
    AUTHORITY = "authority"


# The whole state machine: (state, move) -> the state it leads to. Anything else is refused.
TRANSITIONS: dict[tuple[SharingState, Move], SharingState] = {
    (SharingState.PENDING, Move.GRANT): SharingState.GRANTED,
    (SharingState.PENDING, Move.REFUSE): SharingState.REFUSED,
    (SharingState.REFUSED, Move.UPHOLD): SharingState.UPHELD,
    (SharingState.REFUSED, Move.OVERRULE): SharingState.OVERRULED,
    (SharingState.OVERRULED, Move.GRANT): SharingState.GRANTED,
}
MOVED_BY: dict[Move, Side] = {
    Move.GRANT: Side.PROVIDER,
    Move.REFUSE: Side.PROVIDER,
    Move.UPHOLD: Side.AUTHORITY,
    Move.OVERRULE: Side.AUTHORITY,
}
# States in which the provider owes an answer (and its deadline runs).
AWAITING_PROVIDER = frozenset({SharingState.PENDING, SharingState.OVERRULED})
FINAL = frozenset({SharingState.GRANTED, SharingState.UPHELD})


def next_state(state: SharingState | str, move: Move | str) -> SharingState | None:
    """The state `move` leads to from `state`, or None when the table has no such move."""
    try:
        return TRANSITIONS.get((SharingState(state), Move(move)))
    except ValueError:
        return None


def moves_from(state: SharingState | str) -> frozenset[Move]:
    """The moves the table allows from `state`."""
    return frozenset(move for (start, move) in TRANSITIONS if start == state)


def walk(moves: Iterable[Move | str], start: SharingState = SharingState.PENDING) -> SharingState:
    """The state a request reaches by `moves` from `start`; ValueError at the first move the
    table refuses."""
    state = start
    for move in moves:
        reached = next_state(state, move)
        if reached is None:
            raise ValueError(f"{move} is not allowed from {state}")
        state = reached
    return state


def refusal_problems(basis: str, citation: str, justification: str) -> dict[str, list[str]]:
    """What a refusal lacks, by field (empty when it may be recorded): a basis among the
    three categories, a citation for `other`, and a written justification of at least
    JUSTIFICATION_MIN_LENGTH characters besides spaces."""
    problems: dict[str, list[str]] = {}
    if basis not in RefusalBasis.values:
        problems["refusal_basis"] = [_("Choose the legal basis of the refusal.")]
    elif basis == RefusalBasis.OTHER and not citation.strip():
        problems["refusal_citation"] = [_("Cite the legal provision the refusal rests on.")]
    written = " ".join(justification.split())
    if not written:
        problems["refusal_justification"] = [_("Write the justification of the refusal.")]
    elif len(written) < JUSTIFICATION_MIN_LENGTH:
        problems["refusal_justification"] = [
            _("Explain the refusal in at least %(n)s characters.") % {"n": JUSTIFICATION_MIN_LENGTH}
        ]
    return problems


def decision_problems(reason: str) -> dict[str, list[str]]:
    """The authority's decision is reasoned: a reason that is not blank."""
    if not reason.strip():
        return {"decision_reason": [_("Give the reason for the decision.")]}
    return {}
