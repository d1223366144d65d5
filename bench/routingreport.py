"""The routing suggester's section of docs/benchmarks.md, from var/bench/routing.json."""

from __future__ import annotations

from typing import Any

HEADING = "## Routing suggestions on items written as senders write (issue 19)"
TOP1_TARGET, TOP3_TARGET = 0.80, 0.95


def _share(value: float) -> str:
    return f"{100 * value:.1f}%"


def routing_section(result: dict[str, Any]) -> list[str]:
    ministries = {b: r for b, r in result["recall"].items() if not b.isdigit()}
    provinces = {b: r for b, r in result["recall"].items() if b.isdigit()}
    local_items = sum(r["items"] for r in provinces.values())
    local_right = sum(round(r["top1"] * r["items"]) for r in provinces.values())
    lines = [
        HEADING,
        "",
        f"`python -m bench.routing` on {result['when']}: a fresh SQLite database after `migrate` "
        "and `load_orgs` (the remits of every body, no routed history), the suggester trained "
        f"as the worker trains it (version {result['version']}, {result['examples']:,} examples: "
        "the remits' lines and the shipped example items, "
        f"{result['training_s']} s), then asked for each of the "
        f"{result['items']} items of `bench/data/routing_eval.jsonl` — written by hand as "
        "citizens, businesses and scientists write (a third without diacritics, abbreviations, "
        "several topics in one item, places named in national matters, 41 local matters), kept "
        "apart from everything the suggester learns from. The example items it learns from "
        "(`nq57/feedback/data/example_items.jsonl`, 733 items) were written by three other "
        "hands, each told to cover every field of a body's remit, none shown the evaluation "
        "set; the model's choices (words without letter sequences, function words weighing "
        "nothing alone, balanced classes, the day-one priors) were made by cross-validation "
        "on them, never on the set below. One caution: the evaluation set and the example "
        "items were written to the same brief, so a sender who writes unlike both may be "
        "read less well than these figures say.",
        "",
        "| measure | value | target |",
        "|---|---:|---|",
        f"| top-1, every item | {_share(result['top1'])} | ≥ {_share(TOP1_TARGET)}: "
        f"{'met' if result['top1'] >= TOP1_TARGET else '**missed**'} |",
        f"| top-3, every item | {_share(result['top3'])} | ≥ {_share(TOP3_TARGET)}: "
        f"{'met' if result['top3'] >= TOP3_TARGET else '**missed**'} |",
        "| top-1 / top-3, the 17 ministries and agencies' items | "
        f"{_share(result['ministries_top1'])} / {_share(result['ministries_top3'])} | "
        "≥ 80% / ≥ 95% |",
        f"| local matters given to the province named (top-1) | {local_right}/{local_items} | |",
        f"| expected calibration error | {result['calibration_error']} | |",
        f"| one suggestion, p50 / p95 | {result['suggest_ms']['median_ms']} ms / "
        f"{result['suggest_ms']['p95_ms']} ms | ≤ 200 ms |",
        f"| training | {result['training_s']} s | ≤ 5 min |",
        "",
        "Recall per body (the share of its items suggested first):",
        "",
        "| body | items | top-1 |",
        "|---|---:|---:|",
    ]
    lines += [
        f"| {body} | {row['items']} | {_share(row['top1'])} |" for body, row in ministries.items()
    ]
    lines += [
        "",
        "Calibration (items grouped by the confidence of the first suggestion):",
        "",
        "| confidence | items | mean confidence | right |",
        "|---|---:|---:|---:|",
    ]
    lines += [
        f"| {row['bin']} | {row['items']} | {_share(row['confidence'])} | "
        f"{_share(row['accuracy'])} |"
        for row in result["calibration"]
    ]
    lines += ["", "By how the item is written (top-1):", ""]
    lines += [
        "; ".join(
            f"{style.replace('_', ' ')} {_share(row['top1'])} ({row['items']})"
            for style, row in result["styles"].items()
        ),
        "",
    ]
    return lines
