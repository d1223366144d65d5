"""How fast a process starts (issue 19): a `manage.py` command, and a web worker's first page.

    python -m bench.startup

Each measure runs in new processes, on the SQLite database `bench.routing` left (migrated,
with the organisations):
- `manage.py version`: from the command line to its exit.
- A worker forked from a loaded master, as gunicorn forks them (`preload_app`, config/wsgi.py):
  from the fork to the first page's last byte.
- For comparison, a worker that loads the project itself (as before `preload_app`): from the
  interpreter's start to the first page's last byte.
The pages are the sign-in page and the public portal's home, rendered through the WSGI
application, as gunicorn calls it. Writes var/bench/startup.json.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess  # nosec B404  # this interpreter, running the project's own scripts
import sys
import time
from typing import Any

from .run import OUT, ROOT, setup_django

RUNS = 5
PAGES = ("/login/", "/feedback/")

# A master loads the application, then forks one worker per page: each child answers its page
# and reports the seconds from the fork to the response's last byte.
FORKED = """
import io, os, sys, time, json
import config.wsgi
results = []
for path in sys.argv[1:]:
    read, write = os.pipe()
    started = time.perf_counter()
    child = os.fork()
    if child == 0:
        os.close(read)
        environ = {"REQUEST_METHOD": "GET", "PATH_INFO": path, "SERVER_NAME": "localhost",
                   "SERVER_PORT": "80", "HTTP_HOST": "localhost", "wsgi.url_scheme": "http",
                   "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "QUERY_STRING": ""}
        status = []
        body = b"".join(config.wsgi.application(environ, lambda s, h: status.append(s)))
        os.write(write, json.dumps([status[0], len(body), time.perf_counter() - started]).encode())
        os._exit(0)
    os.close(write)
    os.waitpid(child, 0)
    results.append(json.loads(os.read(read, 4096)))
print(json.dumps(results))
"""

# A worker that loads the project itself and answers one page.
COLD = """
import io, sys, time, json
started = float(sys.argv[2])
import config.wsgi
environ = {"REQUEST_METHOD": "GET", "PATH_INFO": sys.argv[1], "SERVER_NAME": "localhost",
           "SERVER_PORT": "80", "HTTP_HOST": "localhost", "wsgi.url_scheme": "http",
           "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "QUERY_STRING": ""}
status = []
body = b"".join(config.wsgi.application(environ, lambda s, h: status.append(s)))
print(json.dumps([status[0], len(body), time.time() - started]))
"""


def _run(args: list[str]) -> str:
    done = subprocess.run(  # nosec B603  # fixed scripts run by this interpreter
        args, cwd=ROOT, env=os.environ, capture_output=True, text=True, check=True
    )
    return done.stdout.strip().splitlines()[-1]


def _summary(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {
        "median_s": round(statistics.median(ordered), 3),
        "max_s": round(ordered[-1], 3),
        "runs": len(ordered),
    }


def main() -> None:
    setup_django("sqlite", reuse=True)  # the environment the subprocesses inherit
    python = sys.executable
    command = []
    for _ in range(RUNS):
        started = time.perf_counter()
        _run([python, "manage.py", "version"])
        command.append(time.perf_counter() - started)
    forked: dict[str, list[float]] = {path: [] for path in PAGES}
    cold: dict[str, list[float]] = {path: [] for path in PAGES}
    statuses: set[str] = set()
    for _ in range(RUNS):
        answers = json.loads(_run([python, "-c", FORKED, *PAGES]))
        for path, (status, _size, seconds) in zip(PAGES, answers, strict=True):
            statuses.add(status)
            forked[path].append(seconds)
        for path in PAGES:
            status, _size, seconds = json.loads(_run([python, "-c", COLD, path, str(time.time())]))
            statuses.add(status)
            cold[path].append(seconds)
    if statuses != {"200 OK"}:
        raise SystemExit(f"bench.startup: a page did not answer 200: {sorted(statuses)}")
    result: dict[str, Any] = {
        "when": time.strftime("%d/%m/%Y"),
        "command": _summary(command),
        "forked_worker": {path: _summary(values) for path, values in forked.items()},
        "cold_worker": {path: _summary(values) for path, values in cold.items()},
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "startup.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(json.dumps(result))


if __name__ == "__main__":
    main()
