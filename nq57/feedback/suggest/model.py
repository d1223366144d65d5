"""The suggester: a linear model over the words and the letter sequences of what is read
(`reading`), trained from examples — each body's remit (what it is responsible for, its
fields, procedures, databases and the words people use for them) and every routing decision
of the secretariat — and calibrated so that its confidences mean what they say.

Words catch what a body is about; letter sequences (3 to 5 letters within words) catch the
same words misspelt or run together. The confidence is the model's probability softened by a
temperature fitted to examples it was not trained on (`calibration`); the reasons are the
words that weighed most for the body suggested.

Built by `train` in the worker (and by commands), never inside a request: scikit-learn loads
only here."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from .examples import Example, Suggestion
from .places import LOCAL, Gazetteer, places_named
from .reading import reading_text, reading_words

# How many words a suggestion's reasons name.
REASONS = 5


def words_and_pairs(text: str) -> list[str]:
    found = reading_words(text)
    return found + [f"{a} {b}" for a, b in pairwise(found)]


def _vectorizers() -> tuple[TfidfVectorizer, TfidfVectorizer]:
    words = TfidfVectorizer(analyzer=words_and_pairs, sublinear_tf=True, min_df=1)
    letters = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        sublinear_tf=True,
        min_df=2,
        max_features=120_000,
        preprocessor=reading_text,
    )
    return words, letters


def fingerprint(examples: Sequence[Example]) -> str:
    digest = hashlib.sha256()
    for example in examples:
        digest.update(f"{example.body}\x1f{example.weight}\x1f{example.text}\x1e".encode())
    return digest.hexdigest()[:12]


@dataclass
class Suggester:
    """A trained model with the gazetteer it names provinces from."""

    words: TfidfVectorizer
    letters: TfidfVectorizer
    model: LogisticRegression
    places: Gazetteer
    temperature: float = 1.0
    version: str = ""
    facts: dict[str, Any] = field(default_factory=dict)  # what it was trained on

    def _features(self, texts: Sequence[str]) -> sparse.csr_matrix:
        return sparse.hstack(
            [self.words.transform(texts), self.letters.transform(texts)], format="csr"
        )

    def probabilities(self, texts: Sequence[str]) -> np.ndarray:
        scores = self.model.decision_function(self._features(texts)) / self.temperature
        scores -= scores.max(axis=1, keepdims=True)
        exp = np.exp(scores)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))

    def suggest(self, text: str, top: int = 3) -> list[Suggestion]:
        """The bodies most likely to answer `text`, best first. The local class stands for
        the province the text names; with no province named it is left out (the secretariat
        knows the place better than a guess)."""
        [row] = self.probabilities([text])
        classes = [str(c) for c in self.model.classes_]
        named = places_named(reading_words(text), self.places)
        ranked = sorted(zip(classes, row, strict=True), key=lambda pair: -pair[1])
        found: list[Suggestion] = []
        for body, probability in ranked:
            if body == LOCAL:
                if not named:
                    continue
                body = named[0]
            found.append(
                Suggestion(body, round(float(probability), 3), self.reasons(text, classes, body))
                if not found
                else Suggestion(body, round(float(probability), 3))
            )
            if len(found) == top:
                break
        return found

    def reasons(self, text: str, classes: list[str], body: str) -> tuple[str, ...]:
        """The words of `text` that weighed most for `body` (its class when a province)."""
        label = body if body in classes else LOCAL
        if label not in classes:
            return ()
        row = self.words.transform([text])
        weights = self.model.coef_[classes.index(label)][: row.shape[1]]
        names = self.words.get_feature_names_out()
        scored = sorted(
            ((row[0, j] * weights[j], names[j]) for j in row.nonzero()[1]),
            reverse=True,
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
    words, letters = _vectorizers()
    texts = [example.text for example in examples]
    features = sparse.hstack(
        [words.fit_transform(texts), letters.fit_transform(texts)], format="csr"
    )
    model = LogisticRegression(C=regularisation, max_iter=3000)
    model.fit(
        features,
        [example.body for example in examples],
        sample_weight=[example.weight for example in examples],
    )
    suggester = Suggester(
        words,
        letters,
        model,
        dict(places),
        version=fingerprint(examples),
        facts={"examples": len(examples), "bodies": len(model.classes_)},
    )
    known = [example for example in calibration if example.body in set(model.classes_)]
    if known:
        suggester.temperature = fitted_temperature(suggester, known)
    return suggester


def fitted_temperature(suggester: Suggester, examples: Sequence[Example]) -> float:
    """The temperature that makes the model's probabilities most likely on `examples`
    (temperature scaling): a search over a log grid, which is enough for one number."""
    classes = [str(c) for c in suggester.model.classes_]
    scores = suggester.model.decision_function(
        suggester._features([example.text for example in examples])
    )
    truth = np.array([classes.index(example.body) for example in examples])
    best, best_loss = 1.0, float("inf")
    for temperature in np.exp(np.linspace(np.log(0.05), np.log(20), 120)):
        scaled = scores / temperature
        scaled -= scaled.max(axis=1, keepdims=True)
        log_probabilities = scaled - np.log(np.exp(scaled).sum(axis=1, keepdims=True))
        loss = -float(log_probabilities[np.arange(len(truth)), truth].mean())
        if loss < best_loss:
            best, best_loss = float(temperature), loss
    return best
