"""Collecting an import's problems as 'line N: column: message', and finding repeated rows."""

from __future__ import annotations

import hashlib
from array import array
from collections.abc import Mapping

from django.utils.translation import gettext as _


def at_line(line: int, column: str, message: str) -> str:
    """A problem as the import reports it everywhere: 'line N: column: message'."""
    return _("line %(line)s: %(column)s: %(message)s") % {
        "line": line,
        "column": column,
        "message": message,
    }


class Problems:
    """The problems of an import, in the order found: the first `limit` as 'line N: column:
    message' (a line 0 is not from a file: the message alone). With `by_field`, every
    message is also kept by column and by the key the caller names (where a form shows it).
    A message names a column as the file did (`names`: column key → its name in the file's
    header, a label in a people file)."""

    def __init__(self, limit: int, *, by_field: bool = False) -> None:
        self.limit = limit
        self.by_field = by_field
        self.messages: list[str] = []
        self.count = 0
        self.fields: dict[str, list[str]] = {}
        self.by_key: list[tuple[str, str]] = []
        self.names: Mapping[str, str] = {}

    def add(self, line: int, column: str, message: str, key: str = "") -> None:
        """Record one problem of `column` on `line` (of the row about `key`)."""
        self.count += 1
        if len(self.messages) < self.limit:
            named = self.names.get(column, column)
            self.messages.append(at_line(line, named, message) if line else message)
        if self.by_field:
            self.fields.setdefault(column, []).append(message)
            self.by_key.append((key, message))

    def __bool__(self) -> bool:
        return self.count > 0

    def __len__(self) -> int:
        return self.count


class FirstLines:
    """The first line of each row key seen, in two flat arrays (an open-addressing table of
    64-bit digests): about 24 bytes a key where a dict of the digests takes about 120, which
    is what keeps a million-row import within its memory."""

    _EMPTY = 0

    def __init__(self, capacity: int = 1 << 16) -> None:
        self._size = capacity
        self._digests, self._lines = self._tables(capacity)
        self._count = 0

    @staticmethod
    def _tables(size: int) -> tuple[array[int], array[int]]:
        return array("Q", bytes(8 * size)), array("L", bytes(array("L").itemsize * size))

    def first_line(self, key: str, line: int) -> int:
        """The line `key` first appeared on: `line` itself when it is new (then remembered)."""
        digest = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big")
        digest = digest or 1  # 0 marks an empty slot
        first = self._place(digest, line)
        if first == line and self._count * 2 > self._size:
            self._grow()
        return first

    def _place(self, digest: int, line: int) -> int:
        digests, mask = self._digests, self._size - 1
        slot = digest & mask
        while True:
            found = digests[slot]
            if found == self._EMPTY:
                digests[slot] = digest
                self._lines[slot] = line
                self._count += 1
                return line
            if found == digest:
                return self._lines[slot]
            slot = (slot + 1) & mask

    def _grow(self) -> None:
        old_digests, old_lines = self._digests, self._lines
        self._size *= 2
        self._digests, self._lines = self._tables(self._size)
        self._count = 0
        for digest, line in zip(old_digests, old_lines, strict=True):
            if digest != self._EMPTY:
                self._place(digest, line)
