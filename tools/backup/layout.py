"""Where a backup directory keeps its parts, and the time stamps that name them."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

STAMP = "%Y%m%dT%H%M%S%fZ"
PARTIAL = ".partial-"  # a run that did not finish leaves this prefix, and is never used


def stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime(STAMP)


def moment_of(name: str) -> datetime:
    return datetime.strptime(name, STAMP).replace(tzinfo=UTC)


def parse_time(text: str) -> datetime:
    """An ISO 8601 moment; one without a zone is taken as UTC."""
    moment = datetime.fromisoformat(text)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass(frozen=True)
class BackupDir:
    """A backup directory: base backups, media snapshots and (by default) the WAL archive."""

    root: Path
    wal_archive: Path

    @classmethod
    def from_options(cls, root: str | None, wal_archive: str | None) -> BackupDir:
        chosen = Path(root or os.environ.get("NQ57_BACKUP_DIR") or "var/backups").resolve()
        wal = wal_archive or os.environ.get("NQ57_WAL_ARCHIVE") or chosen / "wal"
        return cls(root=chosen, wal_archive=Path(wal).resolve())

    @property
    def bases(self) -> Path:
        return self.root / "base"

    @property
    def media(self) -> Path:
        return self.root / "media"

    def finished(self, parent: Path) -> list[Path]:
        """The finished runs under `parent` (base or media), oldest first."""
        if not parent.exists():
            return []
        return sorted(p for p in parent.iterdir() if p.is_dir() and not p.name.startswith("."))


@dataclass(frozen=True)
class BaseBackup:
    """One finished base backup: its directory and what `base` recorded about it."""

    path: Path
    started: datetime
    finished: datetime
    start_wal: str

    @classmethod
    def load(cls, path: Path) -> BaseBackup:
        info = json.loads((path / "info.json").read_text(encoding="utf-8"))
        return cls(
            path=path,
            started=parse_time(info["started"]),
            finished=parse_time(info["finished"]),
            start_wal=info["start_wal"],
        )

    def size(self) -> int:
        return sum(p.stat().st_size for p in self.path.iterdir() if p.is_file())


def base_backups(backups: BackupDir) -> list[BaseBackup]:
    """Every finished base backup, oldest first."""
    return [BaseBackup.load(path) for path in backups.finished(backups.bases)]


def tree_size(root: Path) -> int:
    """Bytes under `root`, a file hard-linked twice counted once."""
    seen: set[tuple[int, int]] = set()
    total = 0
    for path in root.rglob("*"):
        if path.is_file():
            stat = path.stat()
            if (stat.st_dev, stat.st_ino) not in seen:
                seen.add((stat.st_dev, stat.st_ino))
                total += stat.st_size
    return total
