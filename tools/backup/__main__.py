"""The command line: base, media, restore, prune and drill (see the package's note)."""

from __future__ import annotations

import argparse
import os
import sys
from datetime import UTC, datetime
from pathlib import Path

if __package__ in (None, ""):  # run as `python tools/backup ...`
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent))

from tools.backup import base, drill, media, restore
from tools.backup.layout import BackupDir, parse_time
from tools.pgcluster import as_server_user


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="python -m tools.backup", description=__doc__)
    top.add_argument("--backup-dir", help="default: NQ57_BACKUP_DIR, else var/backups")
    top.add_argument("--wal-archive", help="default: NQ57_WAL_ARCHIVE, else BACKUP_DIR/wal")
    commands = top.add_subparsers(dest="command", required=True)
    commands.add_parser("base", help="a verified base backup and a media snapshot")
    commands.add_parser("media", help="a media snapshot alone")
    back = commands.add_parser("restore", help="a fresh cluster and media at a past moment")
    back.add_argument("--target-time", required=True, help="ISO 8601; UTC unless it says")
    back.add_argument("--into", required=True, help="a new directory: data/, media/")
    back.add_argument("--port", type=int)
    back.add_argument("--media-into", help="default: INTO/media")
    prune = commands.add_parser("prune", help="keep the newest N base backups")
    prune.add_argument("--keep", type=int, default=7)
    practice = commands.add_parser("drill", help="back up, write, restore, compare")
    practice.add_argument("--keep", help="run in this directory and leave it")
    return top


def media_root() -> Path:
    """The media files the application stores (NQ57_MEDIA_ROOT, as its settings read it)."""
    return Path(os.environ.get("NQ57_MEDIA_ROOT", "var/media")).resolve()


def main(argv: list[str]) -> int:
    options = parser().parse_args(argv)
    if options.command == "drill":
        return drill.run(Path(options.keep).resolve() if options.keep else None)
    backups = BackupDir.from_options(options.backup_dir, options.wal_archive)
    if options.command == "base":
        # A role with REPLICATION: NQ57_BACKUP_DATABASE_URL when the application's own lacks it.
        url = os.environ.get("NQ57_BACKUP_DATABASE_URL") or os.environ.get("DATABASE_URL")
        if not url:
            sys.exit("backup base: NQ57_BACKUP_DATABASE_URL or DATABASE_URL: the primary")
        made = base.take_base(url, backups, media_root())
        print(f"base backup {made.path} ({made.size() / 1e6:.1f} MB), WAL from {made.start_wal}")
    elif options.command == "media":
        print(f"media snapshot {media.snapshot(media_root(), backups, datetime.now(UTC))}")
    elif options.command == "restore":
        return restore_command(options, backups)
    elif options.command == "prune":
        for gone in base.prune(backups, options.keep):
            print(f"removed {gone}")
    return 0


def restore_command(options: argparse.Namespace, backups: BackupDir) -> int:
    target = parse_time(options.target_time)
    into = Path(options.into).resolve()
    media_into = Path(options.media_into).resolve() if options.media_into else None
    done = restore.restore(backups, target, into, port=options.port, media_into=media_into)
    print(f"restored to {target.isoformat()} from {done.base.path.name}: {done.server.url()}")
    print(f"media: {done.files_restored} files in {done.media_root}")
    stop = [*as_server_user(), str(done.server.bindir / "pg_ctl"), "-D", str(done.server.data)]
    print(f"the server runs; stop it with: {' '.join(stop)} stop")
    for name in done.files_missing:
        print(f"MISSING (in no media snapshot): {name}", file=sys.stderr)
    return 1 if done.files_missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
