"""Suggesting the body an item belongs to (the suggester in use, `suggest`) and the items it
may repeat: a TF-IDF of the accent-free words (single words and pairs, so "chuyen doi so"
counts as a phrase) compared by cosine. Suggestions only: the secretariat decides."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise
from typing import TYPE_CHECKING

from nq57.core.text import search_words

from .choices import ItemStatus
from .models import Item
from .selectors import sent_back
from .suggest.examples import Suggestion
from .suggest.reading import item_text
from .suggest.training import current_suggester

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
class Suggested:
    """What the suggester proposed for an item: the version in use and the bodies, best
    first, each with its confidence (the first with its reasons)."""

    version: str
    bodies: list[Suggestion]
    sent_back_by: frozenset[str] = frozenset()  # the bodies left out: they sent the item back


def suggest_bodies(item: Item, top: int = 3) -> Suggested | None:
    """The suggestion for an item from the version in use; None before the worker (or a
    command) has trained the first one. Never trains: a request only asks."""
    found = current_suggester()
    if found is None:
        return None
    suggester, version = found
    field = item.field.name_vi if item.field_id else ""
    text = item_text(item.title, item.content, item.kind, field)
    sent_back_by = declined_by(item)
    return Suggested(version.version, suggester.suggest(text, top, sent_back_by), sent_back_by)


def declined_by(item: Item) -> frozenset[str]:
    """The codes of the bodies that sent the item back ("not ours"): not suggested again."""
    if not item.bounces:
        return frozenset()
    found = sent_back(Item.objects.filter(pk=item.pk)).get(item.pk)
    return found.codes if found else frozenset()


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
