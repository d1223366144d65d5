"""Media snapshots (uploaded evidence, citizens' attachments) and the files of a past moment.

Uploads are write-once: a stored file is never changed, only deleted (by retention or an
erasure). So a snapshot hard-links every file the previous snapshot already holds and copies
only the new ones: each snapshot looks complete but costs only what was uploaded since.

The files of a moment T are the files the database restored to T refers to: a row and its
file are written together (a failed upload removes its file), so the restored database is
the exact list. Each is taken from the newest snapshot not after T — or, for a file uploaded
after that snapshot, from the first snapshot after T that holds it. A file uploaded and
deleted between two snapshots is in none: the snapshot interval bounds that loss, as
archive_timeout bounds the WAL's.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from .layout import PARTIAL, BackupDir, moment_of, stamp


def snapshot(media_root: Path, backups: BackupDir, moment: datetime) -> Path:
    """Snapshot `media_root` into the backup directory as of `moment` (when the walk began)."""
    previous = backups.finished(backups.media)
    earlier = previous[-1] if previous else None
    final = backups.media / stamp(moment)
    work = backups.media / f"{PARTIAL}{final.name}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    if media_root.exists():
        for source in sorted(media_root.rglob("*")):
            if source.is_file():
                keep_one(source, work / source.relative_to(media_root), earlier, media_root)
    work.rename(final)  # only a complete snapshot ever carries a time stamp
    return final


def keep_one(source: Path, target: Path, earlier: Path | None, media_root: Path) -> None:
    """Hard-link the earlier snapshot's copy when it is the same file, else copy it."""
    target.parent.mkdir(parents=True, exist_ok=True)
    if earlier is not None:
        before = earlier / source.relative_to(media_root)
        if before.is_file() and same_file(before, source):
            os.link(before, target)
            return
    shutil.copy2(source, target)


def same_file(copy: Path, source: Path) -> bool:
    """Same size and modification time: a write-once upload that was already copied."""
    kept, now = copy.stat(), source.stat()
    return kept.st_size == now.st_size and kept.st_mtime_ns == now.st_mtime_ns


def sources_for(backups: BackupDir, target: datetime) -> list[Path]:
    """Snapshots in the order a file of `target` is looked for (see the module's note)."""
    snapshots = backups.finished(backups.media)
    before = [s for s in snapshots if moment_of(s.name) <= target]
    after = [s for s in snapshots if moment_of(s.name) > target]
    return list(reversed(before)) + after


def restore_files(
    backups: BackupDir, target: datetime, names: list[str], into: Path
) -> tuple[int, list[str]]:
    """Copy the files `names` (relative to the media root) as of `target` into `into`;
    returns how many were restored and the names found in no snapshot."""
    sources = sources_for(backups, target)
    restored, missing = 0, []
    for name in names:
        relative = Path(name)
        if relative.is_absolute() or ".." in relative.parts:
            missing.append(name)  # never a path the database could point outside with
            continue
        found = next((s / relative for s in sources if (s / relative).is_file()), None)
        if found is None:
            missing.append(name)
            continue
        (into / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(found, into / relative)
        restored += 1
    return restored, missing
