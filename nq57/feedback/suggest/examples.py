"""What the suggester learns from and what it answers: plain values, light to import (the
model that uses them loads scikit-learn)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Example:
    text: str
    body: str  # an organisation's code, or LOCAL for "the province named answers this"
    weight: float = 1.0


@dataclass(frozen=True)
class Suggestion:
    body: str
    confidence: float  # 0–1, calibrated
    reasons: tuple[str, ...] = ()
