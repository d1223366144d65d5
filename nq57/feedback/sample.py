"""Sample items as citizens write them, each with the body that answers such things: the
project's own data for training and measuring the routing suggestions (and for the demo).
Half are typed without Vietnamese accents, as many people type on a phone."""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from pathlib import Path

from nq57.core.text import fold_accents

# What each body is asked about (facts of the bodies' remits, phrased as people write), and
# the openings and details a sample item is made of: data/routing_sample.json.
_SAMPLE = json.loads(
    (Path(__file__).resolve().parent / "data" / "routing_sample.json").read_text("utf-8")
)
TOPICS: dict[str, list[str]] = _SAMPLE["topics"]
OPENINGS: list[str] = _SAMPLE["openings"]
DETAILS: list[str] = _SAMPLE["details"]


def routing_sample(seed: int = 57, per_body: int = 60) -> Iterator[tuple[str, str]]:
    """(text, body) pairs: an opening and a detail around one of the body's topics."""
    rng = random.Random(seed)  # nosec B311  # sample and demo data, not secrets
    bodies = list(TOPICS)
    for body, topics in TOPICS.items():
        for _ in range(per_body):
            topic = rng.choice(topics)
            text = f"{rng.choice(OPENINGS).format(topic=topic)}. {rng.choice(DETAILS)}"
            if rng.random() < 0.4:
                # Real items mention other bodies' matters too, which makes them harder.
                other = rng.choice([b for b in bodies if b != body])
                text += f" Việc này còn liên quan đến {rng.choice(TOPICS[other])}."
            yield (fold_accents(text) if rng.random() < 0.5 else text), body


def held_out_accuracy(seed: int = 57, test_share: float = 0.2) -> dict[str, float]:
    """Train on most of the sample, measure on the rest: the share whose body is the first
    suggestion, and among the first three."""
    from .routing import Router  # the router trains on this sample: imported late

    pairs = list(routing_sample(seed))
    random.Random(seed + 1).shuffle(pairs)  # nosec B311  # sample and demo data, not secrets
    cut = int(len(pairs) * (1 - test_share))
    train, test = pairs[:cut], pairs[cut:]
    router = Router([t for t, _ in train], [b for _, b in train])
    first = top3 = 0
    for text, body in test:
        suggested = [s.body for s in router.suggest(text)]
        first += suggested[0] == body
        top3 += body in suggested
    return {
        "examples": len(pairs),
        "tested": len(test),
        "top1": round(first / len(test), 3),
        "top3": round(top3 / len(test), 3),
    }
