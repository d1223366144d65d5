"""The suggester: a linear model over the words of what is read (`reading`: accent-free,
abbreviations beside what they stand for, the words that say what a text is about and every
pair of neighbouring words), trained from examples — each body's remit (what it is responsible
for, its fields, procedures, databases and the words people use for them), items written by
hand as senders write (`feedback/data/example_items.jsonl`) and every routing decision of the
secretariat — and calibrated so that its confidences mean what they say.

Choices measured by cross-validation on the example items (never on the evaluation set under
bench/; docs/benchmarks.md):
- Words only. Letter sequences (3 to 5 letters, for misspellings) lowered top-1 from 79% to
  68%: trained on a remit's short lines, they matched any item sharing common syllables.
- Function words (pronouns, particles, the forms of a request) weigh nothing alone: a remit
  rarely uses them, so alone they tied an item to whichever remit happened to (+3 points).
- Classes balanced: a body whose remit lists more words is not for that reason likelier.
- The SAGA solver: the same model as L-BFGS here, ten times faster to train.
- Day-one priors (`PRIORS`): the steering committees answer few items themselves (their remit
  overlaps every ministry's), and a province answers an item that names it and reads local.

The confidence is the model's probability softened by a temperature fitted on items the model
scoring them did not learn from (cross-fitting); the reasons are the words that weighed most
for the body suggested.

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
from .reading import function_words, reading_recipe, reading_words

# How the model is built: changed with the features, the solver or the calibration, so that
# a model is never loaded and read by code that builds another.
RECIPE = "words-pairs-function-words/saga/cross-fitted-5"
# The items are split into this many folds to fit the temperature (each scored by a model
# trained without it).
FOLDS = 5
CALIBRATION_ITEMS = 2000
# How many words a suggestion's reasons name.
REASONS = 5
# How much likelier than the model says a body is, before any decision teaches otherwise.
PRIORS: Mapping[str, float] = {"BCDTW": 0.2, "BCDCP": 0.2, LOCAL: 3.0}


def words_and_pairs(text: str) -> list[str]:
    """The features read: each word that says what the text is about, and every pair of
    neighbouring words (a function word counts inside a pair: "nuoc ngoai", "to khai")."""
    found = reading_words(text)
    grammar = function_words()
    return [w for w in found if w not in grammar] + [f"{a} {b}" for a, b in pairwise(found)]


def fingerprint(examples: Sequence[Example], places: str = "") -> str:
    """The version: what is learnt from, the places it names (`places`, as text) and how it
    is read (a change to the reading or to the model makes a new version, never an old
    file read another way)."""
    digest = hashlib.sha256(f"{RECIPE}\x1e{reading_recipe()}\x1e{places}\x1e".encode())
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

    def scores(self, texts: Sequence[str]) -> np.ndarray:
        """The model's raw score of each class for each text."""
        raw = np.asarray(self.model.decision_function(self.words.transform(texts)))
        # With two classes the model scores the second against the first: the first's is 0.
        return raw if raw.ndim == 2 else np.column_stack([np.zeros_like(raw), raw])

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        return softened(self.scores(texts), self.temperature, self.prior_weights())

    def prior_weights(self) -> np.ndarray:
        return np.array([self.priors.get(c, 1.0) for c in self.classes])

    def suggest(
        self, text: str, top: int = 3, excluding: frozenset[str] = frozenset()
    ) -> list[Suggestion]:
        """The bodies most likely to answer `text`, best first, none of `excluding` (the
        bodies that already sent the item back). The local class stands for the province
        the text names; with no province named it is left out (the secretariat knows the
        place better than a guess)."""
        [row] = self.probabilities([text])
        named = places_named(reading_words(text), self.places)
        ranked = sorted(zip(self.classes, row, strict=True), key=lambda pair: -pair[1])
        found: list[Suggestion] = []
        for body, probability in ranked:
            if body == LOCAL:
                body = next((place for place in named if place not in excluding), "")
            if not body or body in excluding:
                continue
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
        index = self.classes.index(label)
        coefficients = self.model.coef_
        if len(coefficients) == 1:  # two classes: one row, for the second against the first
            weights = coefficients[0] if index == 1 else -coefficients[0]
        else:
            weights = coefficients[index]
        names = self.words.get_feature_names_out()
        scored = sorted(
            ((row[0, j] * weights[j], names[j]) for j in row.nonzero()[1]), reverse=True
        )
        return tuple(str(name) for score, name in scored[:REASONS] if score > 0)


def softened(scores: np.ndarray, temperature: float, priors: np.ndarray) -> np.ndarray:
    """Probabilities from raw scores: softened by the temperature, then weighed by the
    priors."""
    scaled = scores / temperature
    scaled = scaled - scaled.max(axis=1, keepdims=True)
    weighed = np.exp(scaled) * priors
    return np.asarray(weighed / weighed.sum(axis=1, keepdims=True))


def fit(examples: Sequence[Example], places: Gazetteer, regularisation: float) -> Suggester:
    words = TfidfVectorizer(analyzer=words_and_pairs, sublinear_tf=True)
    model = LogisticRegression(
        C=regularisation, max_iter=3000, class_weight="balanced", solver="saga"
    )
    model.fit(
        words.fit_transform([example.text for example in examples]),
        [example.body for example in examples],
        sample_weight=[example.weight for example in examples],
    )
    return Suggester(
        words,
        model,
        dict(places),
        version=fingerprint(examples),
        facts={"examples": len(examples), "bodies": len(model.classes_)},
    )


def train(
    remits: Sequence[Example],
    items: Sequence[Example],
    places: Gazetteer,
    *,
    folds: int = FOLDS,
    regularisation: float = 8.0,
) -> Suggester:
    """A suggester trained on the remits' examples and on items (written as senders write,
    or routed by the secretariat). Its temperature is fitted on the items, each scored by a
    model that did not learn from it: the items are split into `folds`, and each fold is
    scored by a model trained on the remits and the other folds (cross-fitting)."""
    suggester = fit([*remits, *items], places, regularisation)
    classes = suggester.classes
    scored: list[np.ndarray] = []
    truth: list[int] = []
    # An item's fold follows from its text: the same item learnt twice (a decision and a
    # "not ours") is never scored by a model that learnt its twin.
    rounds = folds if folds > 1 and len(items) >= folds else 0
    fold_of = [
        int(hashlib.sha256(e.text.encode()).hexdigest()[:8], 16) % max(folds, 1) for e in items
    ]
    for fold in range(rounds):
        if len(truth) >= CALIBRATION_ITEMS:
            break  # enough to fit one number: a large history is not trained five times over
        held = [e for e, f in zip(items, fold_of, strict=True) if f == fold]
        kept = [e for e, f in zip(items, fold_of, strict=True) if f != fold]
        if len({e.body for e in [*remits, *kept]}) < 2:
            continue
        trial = fit([*remits, *kept], places, regularisation)
        known = set(trial.classes)
        held = [e for e in held if e.body in known]
        if not held:
            continue
        # The trial may lack a class the whole model has (all its items held out): such a
        # class scores lowest, as it would in a model that never saw it.
        raw = trial.scores([e.text for e in held])
        full = np.full((len(held), len(classes)), raw.min() - 1.0)
        for j, label in enumerate(trial.classes):
            full[:, classes.index(label)] = raw[:, j]
        scored.append(full)
        truth += [classes.index(e.body) for e in held]
    if scored:
        suggester.temperature = fitted_temperature(
            np.vstack(scored), np.array(truth), suggester.prior_weights()
        )
    return suggester


def fitted_temperature(scores: np.ndarray, truth: np.ndarray, priors: np.ndarray) -> float:
    """The temperature that makes the probabilities (priors included) of held-out scores most
    likely (temperature scaling): a search over a log grid, which is enough for one number."""
    best, best_loss = 1.0, float("inf")
    rows = np.arange(len(truth))
    for temperature in np.exp(np.linspace(np.log(0.05), np.log(20), 80)):
        probabilities = softened(scores, float(temperature), priors)
        loss = -float(np.log(probabilities[rows, truth] + 1e-12).mean())
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return best
