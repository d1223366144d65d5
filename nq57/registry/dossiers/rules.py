"""The rules of an investment dossier as plain values: the one table of moves between its
states and who makes each, and where it stands on a day. No database, no clock.

    registered ──approve──▶ approved
        │
        └─return──▶ returned ──resubmit──▶ resubmitted ──approve──▶ approved
                       ▲                        │
                       └────────return──────────┘

A dossier exists from its registration on; on a day it stands where its latest step dated on
or before that day left it (DESIGN.md §6), two steps of one day told apart by their order.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ..choices import DossierState


class Move(StrEnum):
    APPROVE = "approve"
    RETURN = "return"
    RESUBMIT = "resubmit"


class Side(StrEnum):
    """Who makes a move: the database's owner, or the appraising body."""

    OWNER = "owner"
    APPRAISER = "appraiser"


# The whole state machine: (state, move) -> the state it leads to. Anything else is refused.
TRANSITIONS: dict[tuple[DossierState, Move], DossierState] = {
    (DossierState.REGISTERED, Move.APPROVE): DossierState.APPROVED,
    (DossierState.REGISTERED, Move.RETURN): DossierState.RETURNED,
    (DossierState.RETURNED, Move.RESUBMIT): DossierState.RESUBMITTED,
    (DossierState.RESUBMITTED, Move.APPROVE): DossierState.APPROVED,
    (DossierState.RESUBMITTED, Move.RETURN): DossierState.RETURNED,
}
MOVED_BY: dict[Move, Side] = {
    Move.APPROVE: Side.APPRAISER,
    Move.RETURN: Side.APPRAISER,
    Move.RESUBMIT: Side.OWNER,
}
# States in which the appraising body owes a decision.
AWAITING_APPRAISAL = frozenset({DossierState.REGISTERED, DossierState.RESUBMITTED})


def next_state(state: DossierState | str, move: Move | str) -> DossierState | None:
    """The state `move` leads to from `state`, or None when the table has no such move."""
    try:
        return TRANSITIONS.get((DossierState(state), Move(move)))
    except ValueError:
        return None


def moves_from(state: DossierState | str) -> frozenset[Move]:
    """The moves the table allows from `state`."""
    return frozenset(move for (start, move) in TRANSITIONS if start == state)


@dataclass(frozen=True)
class Step:
    """One step of a dossier's history: where it stands from `dated` on (`step` orders the
    steps of one day)."""

    dated: date
    step: int
    state: str


def step_on(steps: Iterable[Step], day: date) -> Step | None:
    """The step in force on `day`: the latest dated on or before it, the last of its day;
    None before the registration."""
    in_force = [step for step in steps if step.dated <= day]
    return max(in_force, key=lambda step: (step.dated, step.step), default=None)


def state_on(steps: Iterable[Step], day: date) -> str | None:
    """Where the dossier stands on `day`; None before it was registered."""
    found = step_on(steps, day)
    return found.state if found is not None else None
