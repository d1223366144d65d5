"""The registry's section of docs/benchmarks.md, from var/bench/registry.json."""

from __future__ import annotations

from typing import Any

HEADING = "## Registry: databases, quality and readiness (PostgreSQL)"


def registry_section(result: dict[str, Any]) -> list[str]:
    load = result["load"]
    sizes = ", ".join(f"{value:,} {key.replace('_', ' ')}" for key, value in load["sizes"].items())
    lines = [
        HEADING,
        "",
        f"Data (bench/registry.py, seeded): {sizes}; measured {result['when']}. "
        "Each operation through the application (its selector, or the page through Django's "
        "test client) beside its floor, the SQL it ran replayed raw on the driver's cursor; "
        f"p50 and p95 of {result['runs']} runs after 2 warm-ups. Target p95 ≤ 200 ms.",
        "",
        "| what | p50 | p95 | floor p50 | floor p95 | queries | target |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    missed = []
    for row in result["reads"].values():
        met = row["app"]["p95_ms"] <= row["target_ms"]
        if not met:
            missed.append(row)
        lines.append(
            f"| {row['label']} | {row['app']['median_ms']} ms | {row['app']['p95_ms']} ms | "
            f"{row['floor']['median_ms']} ms | {row['floor']['p95_ms']} ms | {row['queries']} | "
            f"p95 ≤ {row['target_ms']:.0f} ms: {'met' if met else '**missed**'} |"
        )
    for row in missed:
        lines += [
            "",
            f"*{row['label']}* misses {row['target_ms']:.0f} ms at p95: its SQL alone takes "
            f"{row['floor']['median_ms']} ms at p50 and {row['floor']['p95_ms']} ms at p95, "
            f"the rest is Python adding up {result['load']['sizes']['databases']:,} databases.",
        ]
    return [*lines, ""]
