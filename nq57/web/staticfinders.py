"""Serves the few files the pages load from the npm packages, under static/vendor/.

A finder over the whole of node_modules would publish megabytes nobody loads (ECharts alone
ships 51 MB of builds); listing the files keeps `collectstatic` small and the set reviewable.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage

# static path -> path inside node_modules
VENDOR_FILES = {
    "vendor/bootstrap/bootstrap.min.css": "bootstrap/dist/css/bootstrap.min.css",
    "vendor/bootstrap/bootstrap.bundle.min.js": "bootstrap/dist/js/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js": "htmx.org/dist/htmx.min.js",
    "vendor/echarts/echarts.min.js": "echarts/dist/echarts.min.js",
}


def _source(static_path: str) -> Path:
    return Path(settings.NODE_MODULES_DIR) / VENDOR_FILES[static_path]


class VendorFinder(BaseFinder):
    """Finds the listed npm files; `make install` runs `npm ci` to put them there."""

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        missing = [name for name in VENDOR_FILES if not _source(name).is_file()]
        if not missing:
            return []
        return [
            Error(
                f"front-end files missing: {', '.join(missing)}",
                hint="Run `make install` (it runs `npm ci`).",
                id="nq57.E001",
            )
        ]

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> Any:
        if path in VENDOR_FILES and _source(path).is_file():
            found = str(_source(path))
            return [found] if find_all else found
        return [] if find_all else None

    def list(self, ignore_patterns: Any) -> Any:
        storage = FileSystemStorage(location=str(settings.NODE_MODULES_DIR))
        for static_path, source in VENDOR_FILES.items():
            if _source(static_path).is_file():
                yield static_path, _VendorStorage(storage, static_path, source)


class _VendorStorage:
    """Presents one node_modules file under its static path to collectstatic."""

    def __init__(self, storage: FileSystemStorage, static_path: str, source: str) -> None:
        self._storage = storage
        self._static_path = static_path
        self._source = source
        self.prefix = None

    def path(self, name: str) -> str:
        return self._storage.path(self._source)

    def open(self, name: str, mode: str = "rb") -> Any:
        return self._storage.open(self._source, mode)

    def get_modified_time(self, name: str) -> Any:
        return self._storage.get_modified_time(self._source)
