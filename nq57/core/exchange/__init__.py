"""The exchange kit: files of rows (CSV or XLSX) in a declared layout, read safely and
streamed, parsed cell by cell, checked with every problem named by line and column, and
written all or nothing. An importer is a layout and a service; an export is a layout.

- `cells`: dates as people type them, Vietnamese numbers, codes, text;
- `layout`: the columns of a file, declared once for reading and writing, each with its key
  and the label people read;
- `flavour`: `machine` files (keys, codes, ISO dates) and `people` files (labels, words,
  localized dates and numbers);
- `reading` / `writing`: CSV and XLSX, one row at a time;
- `formulas`: formula-looking text neutralised on export, restored on import;
- `problems`: 'line N: column: message', and the first line of a repeated row;
- `report`: the one import report, its exception, and the API's answer;
- `command`: the shape of every import command.
"""

from .cells import (
    CellError,
    cell_text,
    choice_words,
    lookup_code,
    parse_date,
    parse_number,
    parse_text,
)
from .flavour import Flavour, people_date, people_number
from .formulas import neutralise, restore
from .layout import Column, Header, Layout, text_columns
from .problems import FirstLines, Problems, at_line
from .reading import HeaderError, SourceRow, read_rows
from .report import ImportRejected, ImportReport, nothing_imported
from .writing import csv_chunks, write_csv, write_xlsx

__all__ = [
    "CellError",
    "Column",
    "FirstLines",
    "Flavour",
    "Header",
    "HeaderError",
    "ImportRejected",
    "ImportReport",
    "Layout",
    "Problems",
    "SourceRow",
    "at_line",
    "cell_text",
    "choice_words",
    "csv_chunks",
    "lookup_code",
    "neutralise",
    "nothing_imported",
    "parse_date",
    "parse_number",
    "parse_text",
    "people_date",
    "people_number",
    "read_rows",
    "restore",
    "text_columns",
    "write_csv",
    "write_xlsx",
]
