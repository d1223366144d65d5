"""Point-in-time recovery into a fresh cluster: the newest base backup before the target,
the archived WAL replayed up to the target, promoted; and the media files of that time."""

from __future__ import annotations

import os
import subprocess  # nosec B404  # runs the application's manage.py
import sys
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from tools.pgcluster import Server, find_bindir, free_port, give_to_server_user, write_settings

from . import media
from .base import unpack
from .layout import BackupDir, BaseBackup, base_backups

REPO = Path(__file__).resolve().parent.parent.parent


@dataclass
class Restored:
    """A restored, promoted and running cluster (the caller stops it) and its media."""

    server: Server
    media_root: Path
    base: BaseBackup
    files_restored: int
    files_missing: list[str]
    cluster_seconds: float  # unpacking, replaying to the target, promoting


def newest_base_before(backups: BackupDir, target: datetime) -> BaseBackup:
    """The newest base backup that was complete before `target`: recovery can stop only
    after the end of the backup it starts from."""
    usable = [base for base in base_backups(backups) if base.finished <= target]
    if not usable:
        raise RuntimeError(f"no base backup finished before {target.isoformat()}")
    return usable[-1]


def restore_cluster(
    backups: BackupDir, target: datetime, into: Path, port: int | None = None
) -> tuple[Server, BaseBackup]:
    """A new cluster in `into`/data recovered to `target` and promoted; left running."""
    base = newest_base_before(backups, target)
    server = Server(root=into, port=port or free_port(), bindir=find_bindir())
    give_to_server_user(into)
    if server.data.exists():
        raise RuntimeError(f"{server.data} exists: restore into a fresh directory")
    unpack(base.path, server.data, server.bindir)
    write_settings(
        server,
        {
            "port": str(server.port),
            "listen_addresses": "'127.0.0.1'",
            "unix_socket_directories": f"'{into}'",
            # The restored cluster must never write into the archive it recovers from.
            "archive_mode": "off",
            "restore_command": f"'cp {backups.wal_archive}/%f %p'",
            "recovery_target_time": f"'{target.isoformat()}'",
            "recovery_target_action": "'promote'",
        },
    )
    signal = server.data / "recovery.signal"
    signal.touch()
    os.chown(signal, server.data.stat().st_uid, server.data.stat().st_gid)
    try:
        server.start()
        wait_promoted(server)
    except (RuntimeError, TimeoutError) as exc:
        server.stop()
        why = f"recovery to {target.isoformat()} failed: {exc}\n{log_tail(server)}"
        raise RuntimeError(why) from exc
    return server, base


def log_tail(server: Server, lines: int = 8) -> str:
    """The end of the server's log: why recovery stopped (say, WAL up to T not archived)."""
    try:
        return "\n".join(server.log.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return f"(no log at {server.log})"


def wait_promoted(server: Server, timeout: float = 300) -> None:
    """Wait until recovery reached its target and the server accepts writes."""
    deadline = time.monotonic() + timeout
    while server.sql("SELECT pg_is_in_recovery()") != "f":
        if time.monotonic() > deadline:
            raise TimeoutError(f"recovery did not finish: see {server.log}")
        time.sleep(0.2)


def referenced_media(database_url: str) -> list[str]:
    """The media files the database at `database_url` refers to (manage.py media_references)."""
    env = dict(os.environ, DATABASE_URL=database_url)
    done = subprocess.run(  # nosec B603  # the application's own command
        [sys.executable, str(REPO / "manage.py"), "media_references"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        cwd=REPO,
    )
    if done.returncode != 0:
        raise RuntimeError(f"manage.py media_references failed: {done.stderr.strip()}")
    return [line for line in done.stdout.splitlines() if line]


def restore(
    backups: BackupDir,
    target: datetime,
    into: Path,
    *,
    port: int | None = None,
    media_into: Path | None = None,
    dbname: str = "postgres",
) -> Restored:
    """Restore the database and the media files to `target` (see the package's note)."""
    started = time.monotonic()
    server, base = restore_cluster(backups, target, into, port)
    cluster_seconds = time.monotonic() - started
    media_root = media_into or into / "media"
    media_root.mkdir(parents=True, exist_ok=True)
    try:
        names = referenced_media(server.url(dbname))
        restored, missing = media.restore_files(backups, target, names, media_root)
    except BaseException:
        server.stop()
        raise
    return Restored(server, media_root, base, restored, missing, cluster_seconds)
