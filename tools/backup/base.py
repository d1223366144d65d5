"""Base backups: pg_basebackup (tar, compressed, with a manifest), checked by pg_verifybackup,
beside a media snapshot; and pruning old ones with the WAL only they needed."""

from __future__ import annotations

import json
import re
import shutil
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from tools.pgcluster import find_bindir, give_to_server_user, run_as_server

from . import media
from .layout import PARTIAL, BackupDir, BaseBackup, base_backups, moment_of, stamp

START_WAL = re.compile(r"START WAL LOCATION: \S+ \(file ([0-9A-F]{24})\)")


def take_base(database_url: str, backups: BackupDir, media_root: Path) -> BaseBackup:
    """A verified base backup of the cluster at `database_url`, then a media snapshot."""
    bindir = find_bindir()
    started = datetime.now(UTC)
    final = backups.bases / stamp(started)
    work = backups.bases / f"{PARTIAL}{final.name}"
    give_to_server_user(backups.root)
    give_to_server_user(backups.bases)
    shutil.rmtree(work, ignore_errors=True)
    give_to_server_user(work)
    run_as_server(
        [
            str(bindir / "pg_basebackup"),
            "-d",
            database_url,
            "-D",
            str(work),
            "--format=tar",
            "--gzip",
            "--wal-method=stream",
            "--checkpoint=fast",
            "--manifest-checksums=SHA256",
            "--label=nq57 base backup",
        ]
    )
    verify(work, bindir)
    finished = datetime.now(UTC)
    info = {
        "started": started.isoformat(),
        "finished": finished.isoformat(),
        "start_wal": start_wal_of(work / "base.tar.gz"),
    }
    (work / "info.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    work.rename(final)
    media.snapshot(media_root, backups, finished)
    return BaseBackup.load(final)


def verify(backup: Path, bindir: Path) -> None:
    """pg_verifybackup on an unpacked copy (PostgreSQL 15 checks plain backups only): every
    file against the manifest's checksum, and the WAL the backup needs, parsed."""
    scratch = Path(tempfile.mkdtemp(prefix="nq57-verify-"))
    try:
        give_to_server_user(scratch)
        data = scratch / "data"
        unpack(backup, data, bindir)
        run_as_server(
            [
                str(bindir / "pg_verifybackup"),
                "-q",
                "-m",
                str(backup / "backup_manifest"),
                str(data),
            ]
        )
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def unpack(backup: Path, data: Path, bindir: Path) -> None:
    """Unpack a base backup's two archives into the data directory `data` (new, 0700)."""
    give_to_server_user(data)
    data.chmod(0o700)
    run_as_server(["tar", "-xzf", str(backup / "base.tar.gz"), "-C", str(data)])
    run_as_server(["tar", "-xzf", str(backup / "pg_wal.tar.gz"), "-C", str(data / "pg_wal")])


def start_wal_of(base_tar: Path) -> str:
    """The first WAL segment a base backup needs, from the backup_label inside it."""
    with tarfile.open(base_tar, "r:gz") as archive:
        member = archive.extractfile("backup_label")
        label = member.read().decode() if member else ""
    found = START_WAL.search(label)
    if not found:
        raise RuntimeError(f"no START WAL LOCATION in the backup_label of {base_tar}")
    return found.group(1)


def prune(backups: BackupDir, keep: int) -> list[Path]:
    """Keep the newest `keep` base backups; delete older ones, the WAL segments older than
    the oldest kept one needs (pg_archivecleanup) and media snapshots no kept one needs."""
    bases = base_backups(backups)
    if keep < 1 or len(bases) <= keep:
        return []
    gone, oldest = bases[:-keep], bases[-keep]
    for base in gone:
        shutil.rmtree(base.path)
    if backups.wal_archive.exists():
        cleanup = find_bindir() / "pg_archivecleanup"
        run_as_server([str(cleanup), str(backups.wal_archive), oldest.start_wal])
    # The newest snapshot not after the oldest kept base still serves files deleted since.
    snapshots = backups.finished(backups.media)
    needed = [s for s in snapshots if moment_of(s.name) <= oldest.started][-1:]
    stale = [s for s in snapshots if moment_of(s.name) < oldest.started and s not in needed]
    for snapshot in stale:
        shutil.rmtree(snapshot)
    return [base.path for base in gone] + stale


def archived(backups: BackupDir, segment: str) -> bool:
    return (backups.wal_archive / segment).is_file()
