"""Uploaded files while the request streams in, and after a service fails: a file past its
limit is refused chunk by chunk (never held whole), and files a failed service stored are
removed with it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import wraps
from typing import Any, ParamSpec, TypeVar

from django.conf import settings
from django.core.files.storage import Storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

_IMPORT_PATH = re.compile(r"/import/?$")


def upload_limit(path: str) -> int:
    """The most bytes one file may have on `path`: imports take larger files than evidence."""
    if _IMPORT_PATH.search(path):
        return int(settings.NQ57_IMPORT_MAX_BYTES)
    return int(settings.NQ57_EVIDENCE_MAX_BYTES)


class TooLargeUpload(SimpleUploadedFile):
    """What stands for a file refused while it streamed in: empty, with the size it reached,
    so the size check answers it like any other file too large."""

    def __init__(self, name: str, content_type: str, size: int, limit: int = 0) -> None:
        super().__init__(name, b"", content_type)
        self.size = size
        self.limit_mb = limit // (1024 * 1024)


class SizeLimitUploadHandler(FileUploadHandler):
    """First of the upload handlers: counts each file's bytes and, past the limit, keeps
    the rest from the handlers that would store it, answering a `TooLargeUpload`."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.limit = upload_limit(self.request.path if self.request else "")
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        return None if self.received > self.limit else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.received <= self.limit:
            return None  # the next handler has the file
        name, content_type = self.file_name or "file", self.content_type or ""
        return TooLargeUpload(name, content_type, self.received, self.limit)


_stored: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("stored_files", default=None)


def stored(storage: Storage, name: str) -> None:
    """Note a file a service has just stored: removed if the service fails."""
    files = _stored.get()
    if files is not None:
        files.append((storage, name))


@contextmanager
def _removed_on_failure() -> Iterator[None]:
    files: list[tuple[Storage, str]] = []
    token = _stored.set(files)
    try:
        yield
    except BaseException:
        for storage, name in files:
            storage.delete(name)
        raise
    finally:
        _stored.reset(token)


P = ParamSpec("P")
R = TypeVar("R")


def removes_files_on_failure(service: Callable[P, R]) -> Callable[P, R]:
    """For a service that stores files: if it raises (its transaction then rolls back),
    the files it stored are deleted too. Goes above `transaction.atomic`, so a failure to
    commit removes them as well."""

    @wraps(service)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        if _stored.get() is not None:  # an outer service cleans up
            return service(*args, **kwargs)
        with _removed_on_failure():
            return service(*args, **kwargs)

    return run
