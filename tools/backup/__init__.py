"""Backups that restore: base backups of PostgreSQL, its archived WAL and the media files.

    python -m tools.backup base                 # pg_basebackup + a media snapshot
    python -m tools.backup media                # a media snapshot alone (cheap: hard links)
    python -m tools.backup restore --target-time 2026-12-01T03:30:00+00:00 --into DIR
    python -m tools.backup prune --keep 7
    python -m tools.backup drill                # back up, write, restore, compare

The backup directory (`--backup-dir`, NQ57_BACKUP_DIR) holds `base/` (one directory per base
backup), `media/` (one snapshot per run) and, unless NQ57_WAL_ARCHIVE says otherwise, `wal/`,
where the primary's archive_command copies each finished WAL segment.
"""
