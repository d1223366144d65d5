"""Writers racing on a real PostgreSQL, for the concurrency tests of every app."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from django.db import connection


def race(*writes: Callable[[], Any]) -> list[str]:
    """Run the writes at the same moment, one thread (and so one connection) each, and return
    what each that failed raised."""
    start = threading.Barrier(len(writes))
    errors: list[str] = []

    def run(write: Callable[[], Any]) -> None:
        try:
            start.wait()
            write()
        except Exception as error:  # every failure is a finding the test reports
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(write,)) for write in writes]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors
