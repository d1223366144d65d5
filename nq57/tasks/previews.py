"""Files uploaded for an import preview, kept until confirmed or too old: an abandoned
preview is removed by the next upload, refused on confirming, and swept by
`manage.py expire_import_previews`."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterable
from pathlib import Path

from django.conf import settings

SUFFIX = ".upload"


def preview_dir() -> Path:
    directory = Path(settings.MEDIA_ROOT) / "imports"
    directory.mkdir(parents=True, exist_ok=True)
    return directory


def preview_store(chunks: Iterable[bytes]) -> tuple[str, Path]:
    """Write an upload's chunks to a new preview file; its token and path."""
    token = uuid.uuid4().hex
    path = preview_dir() / f"{token}{SUFFIX}"
    with path.open("wb") as out:
        for chunk in chunks:
            out.write(chunk)
    return token, path


def _too_old(path: Path, now: float) -> bool:
    return now - path.stat().st_mtime > settings.NQ57_IMPORT_PREVIEW_MAX_AGE


def preview_path(name: str) -> Path | None:
    """The preview file named `name`, if it is still there and young enough."""
    path = preview_dir() / Path(name).name
    try:
        if path.is_file() and not _too_old(path, time.time()):
            return path
    except FileNotFoundError:  # swept meanwhile
        return None
    path.unlink(missing_ok=True)
    return None


def previews_expire(now: float | None = None) -> int:
    """Remove previews older than NQ57_IMPORT_PREVIEW_MAX_AGE; how many were removed."""
    now = time.time() if now is None else now
    removed = 0
    for path in preview_dir().glob(f"*{SUFFIX}"):
        try:
            if _too_old(path, now):
                path.unlink()
                removed += 1
        except FileNotFoundError:
            continue
    return removed
