"""The backup drill: a durable primary archiving its WAL, the application writing through its
services, a base backup, more writes, a moment T, writes after T (a new file, an erasure),
then a restore to T into a fresh cluster and media directory, checked by running the
application against it: the figures and rollups of T, equal to a rebuild, and the files of
T — with their hashes — and no other."""

from __future__ import annotations

import json
import os
import shutil
import subprocess  # nosec B404  # runs the application's manage.py and the drill's steps
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tools.pgcluster import Server, give_to_server_user, init_primary

from . import media
from .base import take_base
from .layout import BackupDir, tree_size
from .restore import REPO, restore

PAUSE = 0.5  # seconds between the base backup and the next write


@dataclass
class Drill:
    """The drill's directory, servers (stopped at the end) and what it recorded."""

    root: Path
    servers: list[Server] = field(default_factory=list)
    at_t: dict[str, Any] = field(default_factory=dict)
    written_after_t: list[str] = field(default_factory=list)
    deleted_after_t: list[str] = field(default_factory=list)
    moments: dict[str, datetime] = field(default_factory=dict)
    figures: dict[str, float] = field(default_factory=dict)

    @property
    def backups(self) -> BackupDir:
        return BackupDir(root=self.root / "backups", wal_archive=self.root / "backups" / "wal")

    def close(self) -> None:
        for server in reversed(self.servers):
            server.stop()
        self.servers.clear()


def app_env(database_url: str, media_root: Path, var_dir: Path) -> dict[str, str]:
    return dict(
        os.environ,
        DATABASE_URL=database_url,
        NQ57_MEDIA_ROOT=str(media_root),
        NQ57_VAR_DIR=str(var_dir),
        DJANGO_SETTINGS_MODULE="config.settings.local",
    )


def run_app(argv: list[str], env: dict[str, str]) -> str:
    """One command of the application (manage.py or a drill step); its standard output."""
    done = subprocess.run(  # nosec B603  # the application's own commands
        [sys.executable, *argv], env=env, cwd=REPO, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def step(env: dict[str, str], *args: str) -> dict[str, Any]:
    output = run_app(["-m", "tools.backup.app_steps", *args], env)
    return dict(json.loads(output.strip().splitlines()[-1]))


def prepare(drill: Drill) -> None:
    """Everything up to the restore: the primary, the writes, the backup, T, the WAL out."""
    backups = drill.backups
    primary = init_primary(drill.root / "primary", durable=True, archive_dir=backups.wal_archive)
    primary.start()
    drill.servers.append(primary)
    media_root = drill.root / "media"
    env = app_env(primary.url(), media_root, drill.root / "var")
    started = time.monotonic()
    step(env, "write", "before")
    drill.figures["setup_seconds"] = time.monotonic() - started
    started = time.monotonic()
    base = take_base(primary.url(), backups, media_root)
    drill.figures["backup_seconds"] = time.monotonic() - started
    drill.figures["base_backup_bytes"] = base.size()
    time.sleep(PAUSE)
    drill.moments["after_base"] = datetime.now(UTC)
    middle = step(env, "write", "middle")
    drill.moments["t"] = datetime.fromisoformat(middle["t"])
    drill.at_t = middle["figures"]
    after = step(env, "write", "after")
    drill.written_after_t, drill.deleted_after_t = after["files"], after["deleted"]
    # The periodic media snapshot, after T: the files uploaded since the base come from it.
    media.snapshot(media_root, backups, datetime.now(UTC))
    segment = primary.sql("SELECT pg_walfile_name(pg_switch_wal())")
    wait_archived(backups, segment)
    drill.figures["wal_archive_bytes"] = tree_size(backups.wal_archive)
    drill.figures["media_snapshots_bytes"] = tree_size(backups.media)


def wait_archived(backups: BackupDir, segment: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not (backups.wal_archive / segment).is_file():
        if time.monotonic() > deadline:
            raise TimeoutError(f"WAL segment {segment} was not archived")
        time.sleep(0.1)


def check_restore(drill: Drill, target: datetime, name: str) -> list[str]:
    """Restore to `target` into a fresh directory and compare with what T held; the
    mismatches (none: the restore gave back the moment T)."""
    into = drill.root / f"restored-{name}"
    started = time.monotonic()
    restored = restore(drill.backups, target, into)
    drill.servers.append(restored.server)
    drill.figures[f"restore_seconds_{name}"] = time.monotonic() - started
    drill.figures[f"restore_cluster_seconds_{name}"] = restored.cluster_seconds
    env = app_env(restored.server.url(), restored.media_root, drill.root / "var")
    problems = [f"file in no snapshot: {n}" for n in restored.files_missing]
    checked = step(env, "check")
    now = checked["figures"]
    for part in ("summary", "tasks", "rollups"):
        if now[part] != drill.at_t[part]:
            problems.append(f"{part} differ from those recorded at T")
    rebuilt = checked["equal_to_rebuild"]
    problems += [f"rollup {k} differs from a rebuild" for k, ok in rebuilt.items() if not ok]
    problems += file_problems(drill, now["files"], restored.media_root)
    restored.server.stop()
    return problems


def file_problems(drill: Drill, files_now: dict[str, str | None], media_root: Path) -> list[str]:
    """The files of T with their hashes, present; none written after T; nothing else."""
    problems = []
    for name, digest in drill.at_t["files"].items():
        if files_now.get(name) != digest:
            problems.append(f"file of T missing or changed: {name}")
    on_disk = {str(p.relative_to(media_root)) for p in media_root.rglob("*") if p.is_file()}
    problems += [
        f"file written after T came back: {n}" for n in drill.written_after_t if n in on_disk
    ]
    problems += [f"file not of T restored: {n}" for n in sorted(on_disk - set(drill.at_t["files"]))]
    return problems


def report(drill: Drill, problems: list[str]) -> str:
    f = drill.figures
    lines = [
        "backup drill: " + ("PASSED" if not problems else "FAILED"),
        f"  files at T: {len(drill.at_t['files'])} (deleted after T, to come back: "
        f"{len(drill.deleted_after_t)}; written after T, to stay out: "
        f"{len(drill.written_after_t)})",
        f"  database made and first writes: {f['setup_seconds']:.1f} s",
        f"  base backup: {f['base_backup_bytes'] / 1e6:.1f} MB in {f['backup_seconds']:.1f} s",
        f"  WAL archive: {f['wal_archive_bytes'] / 1e6:.1f} MB; "
        f"media snapshots: {f['media_snapshots_bytes'] / 1e3:.1f} kB",
        f"  restore to T: {f.get('restore_seconds_t', 0):.1f} s, of which the cluster "
        f"{f.get('restore_cluster_seconds_t', 0):.1f} s (the rest: the files of T)",
    ]
    return "\n".join(lines + [f"  MISMATCH: {p}" for p in problems])


@contextmanager
def fresh_drill(keep: Path | None = None) -> Iterator[Drill]:
    """A drill in a temporary directory (or `keep`, left behind); its servers stopped at
    the end, whatever happened."""
    root = keep or Path(tempfile.mkdtemp(prefix="nq57-drill-"))
    give_to_server_user(root)  # the servers, running as postgres, work beneath it
    drill = Drill(root=root)
    try:
        yield drill
    finally:
        drill.close()
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)


def run(keep: Path | None = None) -> int:
    """The whole drill; 0 when the restore gave back the moment T."""
    with fresh_drill(keep) as drill:
        prepare(drill)
        problems = check_restore(drill, drill.moments["t"], "t")
        if not set(drill.deleted_after_t) <= set(drill.at_t["files"]):
            problems.append("the file erased after T was not one of T's")
        print(report(drill, problems))
        return 1 if problems else 0
