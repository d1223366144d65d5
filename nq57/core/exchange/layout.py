"""The layout of an exchange file: its columns, declared once, read and written alike."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Column:
    """One column: its header `key`, how a cell is read (`parse` raises CellError), the words
    a coded column accepts on import (word → stored code), whether a file may leave it out,
    and whether XLSX holds it as a typed cell (a date, a number) rather than text."""

    key: str
    parse: Callable[[Any], Any] | None = None
    codes: Mapping[str, str] = field(default_factory=dict)
    optional: bool = False
    typed: bool = False


@dataclass(frozen=True)
class Layout:
    """The columns of a file in order, and the name of its XLSX sheet."""

    sheet: str
    columns: tuple[Column, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns if not column.optional)

    @property
    def typed(self) -> frozenset[str]:
        return frozenset(column.key for column in self.columns if column.typed)

    def parse_cells(self, cells: dict[str, Any]) -> dict[str, Any]:
        """Every column's cell read by its parser (as it is without one); a parser's
        CellError propagates."""
        return {
            column.key: column.parse(cells.get(column.key))
            if column.parse
            else cells.get(column.key)
            for column in self.columns
        }

    def column(self, key: str) -> Column:
        """The column named `key`; KeyError if the layout has none."""
        for column in self.columns:
            if column.key == key:
                return column
        raise KeyError(key)


def text_columns(sheet: str, *keys: str, typed: frozenset[str] = frozenset()) -> Layout:
    """A layout of plain columns, as an export that nobody imports declares it."""
    return Layout(sheet, tuple(Column(key, typed=key in typed) for key in keys))
