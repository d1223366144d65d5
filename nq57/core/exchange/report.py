"""What an import did, or why it wrote nothing, and how the API and commands say so."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from nq57.core.errors import DomainError


@dataclass
class ImportReport:
    """What an import did (in a dry run: would do); `problems` say why it wrote nothing."""

    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    problems: list[str] = field(default_factory=list)
    # What one kind of file adds to the counts, each a key of the API's answer (tasks: the
    # programmes the file created, the lines whose dates the workflow kept).
    details: dict[str, list[Any]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems

    def answer(self) -> dict[str, Any]:
        """The API's body for an import that went through (or would, in a dry run)."""
        return {
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            **self.details,
            "dry_run": self.dry_run,
        }


class ImportRejected(DomainError):
    """Some rows are wrong; nothing was written. `report.problems` names each by line;
    `by_key` pairs each message with what its row is about (where a form shows it)."""

    def __init__(
        self,
        report: ImportReport,
        *,
        message: str = "",
        fields: dict[str, list[str]] | None = None,
        by_key: list[tuple[str, str]] | None = None,
    ) -> None:
        super().__init__(message or report.problems[0], fields=fields)
        self.report = report
        self.by_key = by_key or []

    def answer(self) -> dict[str, Any]:
        """The API's body (with status 400) for a file that was refused."""
        return {"detail": self.message, "problems": self.report.problems}


def nothing_imported(count: int) -> str:
    """The summary of a refused file the API and the commands give: 'N problem(s); ...'."""
    return f"{count} problem(s); nothing was imported"
