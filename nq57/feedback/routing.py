"""Suggesting the body an item belongs to, and the items it may repeat, from what was routed
before: a TF-IDF of the accent-free words (single words and pairs, so "chuyen doi so" counts
as a phrase) and a logistic regression over the bodies. Text typed with or without Vietnamese
accents reads the same. Suggestions only: the secretariat decides."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise
from threading import Lock
from typing import TYPE_CHECKING

from nq57.core.models import AuditEvent
from nq57.core.text import search_words

from .choices import ItemStatus
from .events import ITEM_ACCEPTED, ITEM_ANSWERED, ITEM_DECLINED
from .models import Item
from .sample import routing_sample

if TYPE_CHECKING:
    from sklearn.feature_extraction.text import TfidfVectorizer


def words(text: str) -> list[str]:
    """The accent-free words of a text: 'Chuyển đổi số' and 'chuyen doi so' alike."""
    return search_words(text)


def _vectorizer() -> TfidfVectorizer:
    # scikit-learn (and SciPy under it) load on the first suggestion, not with the URLs:
    # they take seconds and most processes (commands, the API) never suggest.
    from sklearn.feature_extraction.text import TfidfVectorizer

    return TfidfVectorizer(analyzer=words_and_pairs, sublinear_tf=True)


def words_and_pairs(text: str) -> list[str]:
    found = words(text)
    return found + [f"{a} {b}" for a, b in pairwise(found)]


@dataclass(frozen=True)
class Suggestion:
    body: str  # organisation code
    confidence: float  # 0–1


class Router:
    """A classifier trained on (text, body) pairs."""

    def __init__(self, texts: Sequence[str], bodies: Sequence[str]) -> None:
        from sklearn.linear_model import LogisticRegression

        self.vectorizer = _vectorizer()
        matrix = self.vectorizer.fit_transform(texts)
        self.model = LogisticRegression(max_iter=2000, C=20.0)
        self.model.fit(matrix, list(bodies))

    def suggest(self, text: str, top: int = 3) -> list[Suggestion]:
        probabilities = self.model.predict_proba(self.vectorizer.transform([text]))[0]
        ranked = sorted(zip(self.model.classes_, probabilities, strict=True), key=lambda p: -p[1])
        return [Suggestion(str(body), round(float(p), 3)) for body, p in ranked[:top]]


def routed_examples() -> tuple[list[str], list[str]]:
    """What earlier items said, and the body that finally kept each: the last body an item
    was routed to and not sent back from."""
    kept = Item.objects.filter(
        status__in=[ItemStatus.HANDLING, ItemStatus.ANSWERED], body__isnull=False
    ).values_list("title", "content", "body__code")
    texts, bodies = [], []
    for title, content, body in kept:
        texts.append(f"{title} {content}")
        bodies.append(body)
    return texts, bodies


_cache: dict[str, tuple[int, Router | None]] = {}
_lock = Lock()


def current_router() -> Router | None:
    """The classifier for what has been routed so far, retrained when that changes."""
    marker = AuditEvent.objects.filter(
        subject_type=Item._meta.model_name,
        event__in=[ITEM_ACCEPTED.code, ITEM_ANSWERED.code, ITEM_DECLINED.code],
    ).count()
    with _lock:
        cached = _cache.get("router")
        if cached and cached[0] == marker:
            return cached[1]
        texts, bodies = routed_examples()
        # The project's sample seeds the classifier, so that suggestions help from the first
        # day; the portal's own history adds to it item by item.
        for text, body in routing_sample():
            texts.append(text)
            bodies.append(body)
        router = Router(texts, bodies) if len(set(bodies)) >= 2 else None
        _cache["router"] = (marker, router)
        return router


def suggest_bodies(item: Item, top: int = 3) -> list[Suggestion]:
    router = current_router()
    return router.suggest(f"{item.title} {item.content}", top) if router else []


def similar_items(item: Item, limit: int = 5, threshold: float = 0.35) -> list[tuple[Item, float]]:
    """Earlier items that may say the same (cosine similarity of their words), for marking
    duplicates; the most similar first."""
    others = list(
        Item.objects.exclude(pk=item.pk)
        .exclude(status__in=[ItemStatus.REFUSED, ItemStatus.MERGED])
        .order_by("-received_at")[:2000]
    )
    if not others:
        return []
    from sklearn.metrics.pairwise import cosine_similarity

    vectorizer = _vectorizer()
    matrix = vectorizer.fit_transform(
        [f"{item.title} {item.content}"] + [f"{o.title} {o.content}" for o in others]
    )
    scores = cosine_similarity(matrix[0], matrix[1:])[0]
    ranked = sorted(zip(others, scores, strict=True), key=lambda pair: -pair[1])
    return [(other, round(float(s), 3)) for other, s in ranked[:limit] if s >= threshold]
