"""Turn var/bench/<engine>.json into docs/benchmarks.md."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .registryreport import HEADING as REGISTRY_HEADING
from .registryreport import registry_section
from .routingreport import HEADING as ROUTING_HEADING
from .routingreport import routing_section
from .stackreport import HEADING as STACK_HEADING
from .stackreport import stack_section
from .startupreport import HEADING as STARTUP_HEADING
from .startupreport import startup_section

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "var" / "bench"
DOC = ROOT / "docs" / "benchmarks.md"

TARGETS = {  # on PostgreSQL at 1,000,000 tasks (issue 2)
    "summary_today": ("≤ 150 ms, ≤ 2× floor", 150.0),
    "summary_past": ("≤ 150 ms, ≤ 2× floor", 150.0),
    "breakdown": ("≤ 500 ms", 500.0),
    "list_province": ("≤ 100 ms", 100.0),
    "list_national": ("≤ 100 ms", 100.0),
}
LABELS = {
    "summary_today": "National summary as of today",
    "summary_past": "National summary as of 30/06/2025",
    "breakdown": "Breakdown: every ministry, province and committee",
    "list_province": "API task list, page of 50: Hà Nội's subtree, overdue",
    "list_national": "API task list, page of 50: all overdue tasks nationwide",
}


PAGE_TARGET_MS = 200.0  # p95 of each page on PostgreSQL at 1,000,000 tasks (issue 3)
# Why a page that misses its target does, from EXPLAIN ANALYZE of its slowest statement.
PAGE_MISS_REASONS: dict[str, str] = {}


def pages_section(result: dict[str, Any]) -> list[str]:
    """Whole pages beside their floor: the SQL each request ran, executed raw."""
    pages = result.get("pages")
    if not pages:
        return []
    postgres = result["engine"] == "postgresql"
    load = result.get("pages_load")
    lines = [
        "### Pages",
        "",
        "Server time of whole page requests (Django's test client, signed in with "
        "`force_login`): p50 and p95 of 30 requests after 3 warm-ups. The floor is the SQL "
        "the same request ran (captured with `CaptureQueriesContext`) executed again, verbatim, "
        "on the driver's cursor; the ratio is page ÷ floor at p50."
        + (
            f" 1-minute load average before and after: {load[0]} and {load[1]} (2 cores)."
            if load
            else ""
        ),
        "",
        "| page | URL | p50 | p95 | floor p50 | floor p95 | ratio | queries | target |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|",
    ]
    missed = []
    for key, row in pages.items():
        label, who, url = row["label"], row["who"], row["url"]
        if postgres and not row.get("targeted", True):
            target = "— (after the page)"
        elif postgres:
            met = row["app"]["p95_ms"] <= PAGE_TARGET_MS
            target = f"p95 ≤ {PAGE_TARGET_MS:.0f} ms: " + ("met" if met else "**missed**")
            if not met:
                missed.append((key, label, row))
        else:
            target = "—"
        lines.append(
            f"| {label} ({who}) | `{url}` | {row['app']['median_ms']} ms | "
            f"{row['app']['p95_ms']} ms | {row['floor']['median_ms']} ms | "
            f"{row['floor']['p95_ms']} ms | ×{row['ratio']} | {row['queries']} | {target} |"
        )
    for key, label, row in missed:
        slowest = row["slowest"][0] if row.get("slowest") else None
        text = f"*{label}* misses {PAGE_TARGET_MS:.0f} ms: its SQL alone takes "
        text += f"{row['floor']['p95_ms']} ms at p95"
        if slowest:
            text += f", the slowest statement (`{slowest['sql'][:48]}…`) {slowest['ms']} ms"
        python = round(row["app"]["median_ms"] - row["floor"]["median_ms"])
        if python > 0:
            text += f"; building and rendering the page take {python} ms of its p50"
        if row["app"]["median_ms"] <= PAGE_TARGET_MS:
            text += (
                f"; its p50 meets the target, and its p95 is "
                f"{round(row['app']['p95_ms'] - row['app']['median_ms'])} ms above its p50"
            )
        if key in PAGE_MISS_REASONS:
            overdue = result["queries"]["summary_today"]["counts"]["overdue"]
            text += ": " + PAGE_MISS_REASONS[key].format(overdue=overdue)
        lines += ["", text + "."]
    return [*lines, ""]


def section(result: dict[str, Any]) -> list[str]:
    engine = result["engine"]
    lines = [
        f"## {'PostgreSQL' if engine == 'postgresql' else 'SQLite'}",
        "",
        f"{result['tasks']:,} tasks, {result['fill']['reports']:,} progress reports; "
        f"measured {result['when']} on {result['machine']}"
        + (
            f" (data set and import figures from {result['data_from']})"
            if "data_from" in result
            else ""
        )
        + ".",
        "",
        "| what | median | p95 | floor (raw SQL) | ratio | counting the task table | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for key, label in LABELS.items():
        row = result["queries"][key]
        scan = f"{row['scan']['median_ms']} ms" if "scan" in row else "—"
        target = TARGETS[key][0] if engine == "postgresql" else "—"
        lines.append(
            f"| {label} | {row['app']['median_ms']} ms | {row['app']['p95_ms']} ms | "
            f"{row['floor']['median_ms']} ms | ×{row['ratio']} | {scan} | {target} |"
        )
    national = result["queries"]["list_national"]
    if engine == "postgresql" and national["app"]["median_ms"] > TARGETS["list_national"][1]:
        lines += [
            "",
            f"The unfiltered national list of overdue tasks misses 100 ms: its floor alone, "
            f"counting every overdue task for the paginator and picking the 50 nearest "
            f"deadlines in raw SQL, takes {national['floor']['median_ms']} ms. The list an "
            f"official opens is filtered to an organisation and meets the target.",
        ]
    imp = result["import"]
    floor = result["import_floor"]
    lines += [
        "",
        f"Import of {imp['rows']:,} rows (`manage.py import_tasks`, CSV): {imp['seconds']} s, "
        f"**{imp['rows_per_s']:,} rows/s**, peak memory of the process "
        f"**{imp['peak_rss_mb']} MB**"
        + (" (targets: ≥ 5,000 rows/s, ≤ 300 MB)" if engine == "postgresql" else "")
        + f". Floor: the same rows inserted into the task table alone, without validation, "
        f"organisations, deadlines, audit or rollups: {floor['rows_per_s']:,} rows/s "
        f"(×{round(floor['rows_per_s'] / imp['rows_per_s'], 1)}).",
        "",
        f"Counts as of today: `{json.dumps(result['queries']['summary_today']['counts'])}`",
        "",
        *pages_section(result),
        *indicators_section(result),
    ]
    return lines


def indicators_section(result: dict[str, Any]) -> list[str]:
    """Issue 4: five million values, one saved and the national figure read; the KPI page."""
    found = result.get("indicators")
    if not found:
        return []
    load = found["load"]
    lines = [
        "### Indicators",
        "",
        f"{load['values']:,} values (every organisation × 60 data elements × 24 months), "
        f"{found['indicators']} indicators, {found['rollups']:,} rollup rows. The values were "
        f"written with COPY in {load.get('load_s', '—')} s and the rollups rebuilt in SQL in "
        f"{load.get('rebuild_s', '—')} s (`rollups.rebuild`, the repair path); what is timed "
        "goes through the application. The floor replays the same statements raw, writes "
        "inside a transaction rolled back.",
        "",
        "| what | p50 | p95 | floor p50 | floor p95 | queries | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    labels = {
        "save_and_read": "Save one value (a commune's, through `value_set`: value, audit, "
        "rollups of every ancestor, group and the nation) and read the national figure",
        "kpi_page": "National KPI page (`/indicators/?period=2025`, secretariat)",
    }
    for key, label in labels.items():
        row = found[key]
        met = row["app"]["p95_ms"] <= row["target_ms"]
        lines.append(
            f"| {label} | {row['app']['median_ms']} ms | {row['app']['p95_ms']} ms | "
            f"{row['floor']['median_ms']} ms | {row['floor']['p95_ms']} ms | {row['queries']} | "
            f"p95 ≤ {row['target_ms']:.0f} ms: {'met' if met else '**missed**'} |"
        )
    return [*lines, ""]


def existing_sections() -> dict[str, list[str]]:
    """The document's current `## ` sections by heading: a section whose results are not in
    var/bench (another machine's run, a run of one part only) is kept as it stands."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in DOC.read_text().split("\n") if DOC.exists() else []:
        if line.startswith("## "):
            current = sections.setdefault(line, [])
        if current is not None:
            current.append(line)
    return sections


def main() -> None:
    lines = [
        "# Benchmarks",
        "",
        "Written by `make bench` (bench/run.py, bench/report.py). Each figure is the median of "
        "20 runs after 2 warm-up runs, measured in-process (the API through Django's test "
        "client, so server time without the network). The **floor** is the same answer from "
        "hand-written SQL over the same tables; for the summaries that is the rollup table the "
        "application reads, and *counting the task table* shows what the rollups replace. "
        "The benchmark checks that the application's counts equal the raw SQL counts over "
        "the task table before timing anything.",
        "",
        "Data: a generated exchange file (bench/data.py) with leads drawn from all 3,374 "
        "organisations, assignment dates from January 2024 to October 2026, 12 % regular "
        "tasks, about 45 % of deadline tasks completed; 3 % of deadline tasks then get an "
        "approved extension, and every task up to three monthly progress reports. Nothing in "
        "the data happens after 31 October 2026, its own “now” (a live system dates each "
        "completion, report and extension the day it is recorded), and each task keeps the date "
        "of its latest report, as the services keep it.",
        "",
        "Machine: 2 cores and 24 GiB of memory, shared with other work (see the load average "
        "beside each page table); PostgreSQL 15 from tools/pgtemp.py (shared_buffers 256 MB, "
        "work_mem 32 MB, fsync off, JIT off), SQLite in WAL mode. Since issue 3 each engine "
        "also times the officials' dashboard and task list as whole pages (*Pages*), "
        f"target p95 ≤ {PAGE_TARGET_MS:.0f} ms on PostgreSQL; since issue 4 PostgreSQL also "
        "holds five million indicator values (*Indicators*).",
        "",
    ]
    kept = existing_sections()
    for engine, heading in (("postgresql", "## PostgreSQL"), ("sqlite", "## SQLite")):
        path = OUT / f"{engine}.json"
        if path.exists():
            lines += section(json.loads(path.read_text()))
        else:
            lines += kept.get(heading, [])
    for name, build, heading in (
        ("registry", registry_section, REGISTRY_HEADING),
        ("routing", routing_section, ROUTING_HEADING),
        ("startup", startup_section, STARTUP_HEADING),
        ("stack", stack_section, STACK_HEADING),
    ):
        path = OUT / f"{name}.json"
        lines += build(json.loads(path.read_text())) if path.exists() else kept.get(heading, [])
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text("\n".join(lines))
    print(f"wrote {DOC}")


if __name__ == "__main__":
    main()
