"""The routing suggester measured on items written as senders write (issue 19).

    python -m bench.routing [--set bench/data/routing_eval.jsonl]

On a fresh SQLite database — `migrate`, then `load_orgs` (the organisations and their remits,
the day-one knowledge), no routed history at all — the suggester is trained as the worker
trains it, then asked for every item of the evaluation set. The set is kept apart from
everything the suggester learns from: it lives here, under bench/, which the application
never reads. Reports top-1, top-3, recall per body, calibration (items grouped by the
confidence of the first suggestion: how often that suggestion was right) and the time to
train and to suggest. Writes var/bench/routing.json; `python -m bench.report` adds it to
docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter, defaultdict
from itertools import pairwise
from pathlib import Path
from typing import Any

from .run import OUT, ROOT, setup_django, timed

EVALUATION_SET = ROOT / "bench" / "data" / "routing_eval.jsonl"
BINS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.0001)


def read_set(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def calibration(pairs: list[tuple[float, bool]]) -> tuple[list[dict[str, Any]], float]:
    """Reliability by bins of the first suggestion's confidence, and the expected
    calibration error (the bins' gaps weighted by their share of items)."""
    rows, error = [], 0.0
    for low, high in pairwise(BINS):
        inside = [(c, right) for c, right in pairs if low <= c < high]
        if not inside:
            continue
        confidence = sum(c for c, _ in inside) / len(inside)
        accuracy = sum(right for _, right in inside) / len(inside)
        error += abs(confidence - accuracy) * len(inside) / len(pairs)
        rows.append(
            {
                "bin": f"{low:.1f}–{min(high, 1.0):.1f}",
                "items": len(inside),
                "confidence": round(confidence, 3),
                "accuracy": round(accuracy, 3),
            }
        )
    return rows, round(error, 3)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--set", type=Path, default=EVALUATION_SET)
    args = parser.parse_args()
    items = read_set(args.set)
    setup_django("sqlite")
    from django.core.management import call_command

    from nq57.feedback.suggest.reading import item_text
    from nq57.feedback.suggest.training import train_suggester

    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_orgs", verbosity=0)
    started = time.perf_counter()
    trained = train_suggester()
    if trained is None:
        raise SystemExit("bench.routing: load_orgs loaded no remits to learn from")
    suggester, version = trained
    training_s = time.perf_counter() - started

    texts = [
        item_text(i["title"], i["content"], str(i.get("kind") or ""), str(i.get("field") or ""))
        for i in items
    ]
    first = top3 = 0
    national = national_first = national_top3 = 0
    asked: Counter[str] = Counter()
    found_first: Counter[str] = Counter()
    by_style: dict[str, list[bool]] = defaultdict(list)
    pairs: list[tuple[float, bool]] = []
    misses: list[dict[str, Any]] = []
    for item, text in zip(items, texts, strict=True):
        suggested = suggester.suggest(text, 3)
        bodies = [s.body for s in suggested]
        right = bool(bodies) and bodies[0] == item["body"]
        first += right
        top3 += item["body"] in bodies
        if not item["body"].isdigit():
            national += 1
            national_first += right
            national_top3 += item["body"] in bodies
        asked[item["body"]] += 1
        found_first[item["body"]] += right
        for style in item.get("style", []):
            by_style[style].append(right)
        if suggested:
            pairs.append((suggested[0].confidence, right))
        if not right and len(misses) < 30:
            misses.append({"title": item["title"][:80], "body": item["body"], "got": bodies})
    bins, error = calibration(pairs)
    latency = timed(lambda: [suggester.suggest(t, 3) for t in texts[:50]], runs=5, warmup=1)
    result = {
        "when": time.strftime("%d/%m/%Y"),
        "items": len(items),
        "bodies": len(asked),
        "version": version.version,
        "examples": version.examples,
        "training_s": round(training_s, 1),
        "suggest_ms": {k: round(v / 50, 2) for k, v in latency.items() if k.endswith("_ms")},
        "top1": round(first / len(items), 3),
        "top3": round(top3 / len(items), 3),
        "ministries_top1": round(national_first / national, 3),
        "ministries_top3": round(national_top3 / national, 3),
        "recall": {
            body: {"items": asked[body], "top1": round(found_first[body] / asked[body], 3)}
            for body in sorted(asked)
        },
        "styles": {
            style: {"items": len(rights), "top1": round(sum(rights) / len(rights), 3)}
            for style, rights in sorted(by_style.items())
        },
        "calibration": bins,
        "calibration_error": error,
        "temperature": version.temperature,
        "misses": misses,
    }
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "routing.json").write_text(json.dumps(result, ensure_ascii=False, indent=2))
    print(
        json.dumps(
            {
                k: result[k]
                for k in ("items", "top1", "top3", "calibration_error", "training_s", "suggest_ms")
            }
        )
    )


if __name__ == "__main__":
    main()
