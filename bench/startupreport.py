"""The start-up section of docs/benchmarks.md, from var/bench/startup.json."""

from __future__ import annotations

from typing import Any

HEADING = "## Start-up: a command, a web worker's first page (issue 19)"
TARGET_S = 1.0


def _seconds(row: dict[str, float]) -> str:
    return f"{row['median_s']:.2f} s / {row['max_s']:.2f} s"


def _met(row: dict[str, float]) -> str:
    return f"≤ {TARGET_S:.0f} s: " + ("met" if row["max_s"] <= TARGET_S else "**missed**")


def startup_section(result: dict[str, Any]) -> list[str]:
    lines = [
        HEADING,
        "",
        f"Measured {result['when']} by `python -m bench.startup`, each in new processes on "
        "the SQLite database `bench.routing` left. A command: `manage.py version`, from the "
        "command line to its exit. A web worker: gunicorn loads the application once in its "
        "master (`preload_app`; `config/wsgi.py` imports every view there) and forks the "
        "workers, so a new worker — at start, or replacing one after `max_requests` — is "
        "timed from the fork to its first page's last byte. For comparison, a worker that "
        "loads the project itself, from the interpreter's start. The libraries only some "
        "requests need (scikit-learn, SciPy, NumPy, openpyxl, WeasyPrint, pyHanko, authlib, "
        "vietnam-provinces, "
        "holidays) load with their first use, never with the URLs "
        "(`nq57/web/tests/test_startup.py`).",
        "",
        "| measure | median / slowest | target |",
        "|---|---:|---|",
        f"| `manage.py version` | {_seconds(result['command'])} | {_met(result['command'])} |",
    ]
    for path, row in result["forked_worker"].items():
        lines.append(f"| a forked worker's first page, `{path}` | {_seconds(row)} | {_met(row)} |")
    for path, row in result["cold_worker"].items():
        lines.append(
            f"| a worker loading the project itself, first page `{path}` | {_seconds(row)} | — |"
        )
    return [*lines, ""]
