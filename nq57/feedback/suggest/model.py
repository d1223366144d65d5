"""The suggester: a linear model over the words of what is read (`reading`: accent-free,
abbreviations beside what they stand for, single words and pairs), trained from examples —
each body's remit (what it is responsible for, its fields, procedures, databases and the words
people use for them) and every routing decision of the secretariat — and calibrated so that
its confidences mean what they say.

Choices measured on the development set (`feedback/data/calibration.jsonl`, written by hand
apart from the evaluation set; docs/benchmarks.md):
- Words only. Letter sequences (3 to 5 letters, for misspellings) lowered top-1 from 79% to
  68%: trained on a remit's short lines, they matched any item sharing common syllables.
- Classes balanced: a body whose remit lists more words is not for that reason likelier.
- Day-one priors (`PRIORS`): the steering committees answer few items themselves (their remit
  overlaps every ministry's), and a province answers an item that names it and reads local.

The confidence is the model's probability softened by a temperature fitted to examples it
was not trained on; the reasons are the words that weighed most for the body suggested.

Built by `train` in the worker (and by commands), never inside a request: scikit-learn loads
only here."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from .examples import Example, Suggestion
from .places import LOCAL, Gazetteer, places_named
from .reading import reading_words

# How many words a suggestion's reasons name.
REASONS = 5
# How much likelier than the model says a body is, before any decision teaches otherwise.
PRIORS: Mapping[str, float] = {"BCDTW": 0.2, "BCDCP": 0.2, LOCAL: 3.0}


def words_and_pairs(text: str) -> list[str]:
    found = reading_words(text)
    return found + [f"{a} {b}" for a, b in pairwise(found)]


def fingerprint(examples: Sequence[Example]) -> str:
    digest = hashlib.sha256()
    for example in examples:
        digest.update(f"{example.body}\x1f{example.weight}\x1f{example.text}\x1e".encode())
    return digest.hexdigest()[:12]


@dataclass
class Suggester:
    """A trained model with the gazetteer it names provinces from."""

    words: TfidfVectorizer
    model: LogisticRegression
    places: Gazetteer
    temperature: float = 1.0
    priors: dict[str, float] = field(default_factory=lambda: dict(PRIORS))
    version: str = ""
    facts: dict[str, Any] = field(default_factory=dict)  # what it was trained on

    @property
    def classes(self) -> list[str]:
        return [str(c) for c in self.model.classes_]

    def probabilities(self, texts: Sequence[str], temperature: float | None = None) -> np.ndarray:
        """Each text's probability of each class: the model's scores softened by the
        temperature, then weighed by the priors."""
        scores = self.model.decision_function(self.words.transform(texts))
        scores = scores / (self.temperature if temperature is None else temperature)
        scores -= scores.max(axis=1, keepdims=True)
        weighed = np.exp(scores) * np.array([self.priors.get(c, 1.0) for c in self.classes])
        return np.asarray(weighed / weighed.sum(axis=1, keepdims=True))

    def suggest(self, text: str, top: int = 3) -> list[Suggestion]:
        """The bodies most likely to answer `text`, best first. The local class stands for
        the province the text names; with no province named it is left out (the secretariat
        knows the place better than a guess)."""
        [row] = self.probabilities([text])
        named = places_named(reading_words(text), self.places)
        ranked = sorted(zip(self.classes, row, strict=True), key=lambda pair: -pair[1])
        found: list[Suggestion] = []
        for body, probability in ranked:
            if body == LOCAL:
                if not named:
                    continue
                body = named[0]
            reasons = self.reasons(text, body) if not found else ()
            found.append(Suggestion(body, round(float(probability), 3), reasons))
            if len(found) == top:
                break
        return found

    def reasons(self, text: str, body: str) -> tuple[str, ...]:
        """The words of `text` that weighed most for `body` (the local class for a
        province)."""
        label = body if body in self.classes else LOCAL
        if label not in self.classes:
            return ()
        row = self.words.transform([text])
        weights = self.model.coef_[self.classes.index(label)]
        names = self.words.get_feature_names_out()
        scored = sorted(
            ((row[0, j] * weights[j], names[j]) for j in row.nonzero()[1]), reverse=True
        )
        return tuple(str(name) for score, name in scored[:REASONS] if score > 0)


def train(
    examples: Sequence[Example],
    places: Gazetteer,
    *,
    calibration: Sequence[Example] = (),
    regularisation: float = 8.0,
) -> Suggester:
    """A suggester trained on `examples`; its temperature fitted on `calibration` (examples
    it does not learn from) when there are any."""
    words = TfidfVectorizer(analyzer=words_and_pairs, sublinear_tf=True)
    model = LogisticRegression(C=regularisation, max_iter=3000, class_weight="balanced")
    model.fit(
        words.fit_transform([example.text for example in examples]),
        [example.body for example in examples],
        sample_weight=[example.weight for example in examples],
    )
    suggester = Suggester(
        words,
        model,
        dict(places),
        version=fingerprint(examples),
        facts={"examples": len(examples), "bodies": len(model.classes_)},
    )
    known = [example for example in calibration if example.body in set(suggester.classes)]
    if known:
        suggester.temperature = fitted_temperature(suggester, known)
    return suggester


def fitted_temperature(suggester: Suggester, examples: Sequence[Example]) -> float:
    """The temperature that makes the suggester's probabilities (priors included) most
    likely on `examples` (temperature scaling): a search over a log grid, which is enough
    for one number."""
    truth = np.array([suggester.classes.index(example.body) for example in examples])
    texts = [example.text for example in examples]
    best, best_loss = 1.0, float("inf")
    for temperature in np.exp(np.linspace(np.log(0.05), np.log(20), 80)):
        probabilities = suggester.probabilities(texts, float(temperature))
        loss = -float(np.log(probabilities[np.arange(len(truth)), truth] + 1e-12).mean())
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return best
