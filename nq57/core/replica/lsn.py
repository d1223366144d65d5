"""WAL positions (PostgreSQL's `pg_lsn`): parsed, printed and compared, with no database."""

from __future__ import annotations

import re

# PostgreSQL prints a position as two hexadecimal halves of a 64-bit byte offset: "16/B374D848".
LSN_PATTERN = re.compile(r"^([0-9A-Fa-f]{1,8})/([0-9A-Fa-f]{1,8})$")
MAX_LSN = (1 << 64) - 1


def parse_lsn(text: str) -> int:
    """The byte offset a printed WAL position stands for; ValueError if it is not one."""
    match = LSN_PATTERN.match(text.strip())
    if match is None:
        raise ValueError(f"not a WAL position: {text!r}")
    high, low = (int(half, 16) for half in match.groups())
    return (high << 32) | low


def format_lsn(position: int) -> str:
    """A byte offset printed the way PostgreSQL prints a WAL position."""
    if not 0 <= position <= MAX_LSN:
        raise ValueError(f"not a WAL position: {position}")
    return f"{position >> 32:X}/{position & 0xFFFFFFFF:X}"


def is_replayed(replayed: int | None, needed: int | None) -> bool:
    """Whether a replica that has replayed up to `replayed` shows everything written up to
    `needed`. A reader with no write to wait for (`needed` None) may use any replica that
    replays; a server that replays nothing (`replayed` None: promoted, or not a replica) is
    never trusted as one."""
    if replayed is None:
        return False
    return needed is None or replayed >= needed
