"""The layout of an exchange file: its columns, declared once, read and written alike."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils import translation
from django.utils.functional import Promise

from .flavour import PEOPLE_LANGUAGES, header_key


@dataclass(frozen=True)
class Column:
    """One column: its header `key` (the machine header), the `label` people read (lazy,
    translated when a file is written or read), how a cell is read (`parse` raises
    CellError), how people read a stored value (`show`: a code as its words; dates, numbers
    and yes/no are the writer's), the words a coded column accepts on import (word → stored
    code), whether a file may leave it out, and whether XLSX holds it as a typed cell (a
    date, a number) rather than text."""

    key: str
    parse: Callable[[Any], Any] | None = None
    codes: Mapping[str, str] = field(default_factory=dict)
    optional: bool = False
    typed: bool = False
    label: str | Promise = ""
    show: Callable[[Any], Any] | None = None

    @property
    def title(self) -> str:
        """The label in the active language (the key for a column without one)."""
        return str(self.label) if self.label else self.key


@dataclass(frozen=True)
class Header:
    """What a file's header says about it: `language` is '' for the machine keys, else the
    language whose labels it uses (its numbers are read by that language's rules);
    `written` is each column's name as the file wrote it, for naming it in a problem."""

    language: str = ""
    written: Mapping[str, str] = field(default_factory=dict)

    def name_of(self, key: str) -> str:
        return self.written.get(key, key)


MACHINE_HEADER = Header()


@dataclass(frozen=True)
class Layout:
    """The columns of a file in order, and the name of its XLSX sheet."""

    sheet: str
    columns: tuple[Column, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns)

    @property
    def titles(self) -> tuple[str, ...]:
        """The header of a people file, in the active language."""
        return tuple(column.title for column in self.columns)

    @property
    def required(self) -> tuple[str, ...]:
        return tuple(column.key for column in self.columns if not column.optional)

    @property
    def typed(self) -> frozenset[str]:
        return frozenset(column.key for column in self.columns if column.typed)

    def names(self) -> dict[str, tuple[str, str]]:
        """Every name a header cell may give a column, folded (`header_key`) → (the column's
        key, the language of the name: '' for the key itself)."""
        found: dict[str, tuple[str, str]] = {}
        for language in PEOPLE_LANGUAGES:
            with translation.override(language):
                for column in self.columns:
                    if column.label:
                        found.setdefault(header_key(column.title), (column.key, language))
        for column in self.columns:  # a key always means the key, whatever a label says
            found[header_key(column.key)] = (column.key, "")
        return found

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
