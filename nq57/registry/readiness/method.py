"""The readiness method in force, held as data (`data/readiness_method.json`): its code and
the weight of each component. Changing the method is changing that file, under review."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .rules import COMPONENTS

METHOD_FILE = Path(__file__).resolve().parent.parent / "data" / "readiness_method.json"


@dataclass(frozen=True)
class ReadinessMethod:
    code: str
    weights: dict[str, int]


def method_from(data: dict[str, object]) -> ReadinessMethod:
    """The method a JSON document states; ValueError unless it weighs exactly the components,
    each 0–100, summing to 100."""
    weights = data.get("weights")
    if not isinstance(weights, dict) or set(weights) != set(COMPONENTS):
        raise ValueError(f"the weights must name exactly {', '.join(COMPONENTS)}")
    whole = [isinstance(w, int) and not isinstance(w, bool) for w in weights.values()]
    if not all(whole) or not all(0 <= w <= 100 for w in weights.values()):
        raise ValueError("each weight is a whole number from 0 to 100")
    if sum(weights.values()) != 100:
        raise ValueError("the weights sum to 100")
    return ReadinessMethod(code=str(data.get("code") or ""), weights=dict(weights))


@cache
def readiness_method() -> ReadinessMethod:
    return method_from(json.loads(METHOD_FILE.read_text(encoding="utf-8")))
