"""Search across what an official may see, from the menu: tasks (their scope), indicators
(everyone's), and the feedback items they handle. Whole words, accents ignored, as the task
list searches; each part lists its first rows with an exact count (bounded as the task list
bounds it) and a link to the full list where one exists."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db.models import Q, QuerySet

from nq57.core.actors import Actor
from nq57.core.paging import count_up_to
from nq57.core.text import search_document, search_words
from nq57.feedback.selectors import items_handled_by
from nq57.indicators.models import Indicator
from nq57.tasks.models import Task

SHOWN = 10
# The shortest query searched: one letter would match half the country.
SHORTEST = 2


@dataclass(frozen=True)
class Found:
    """One part of the results: how many (None: more than the bound), and the first rows."""

    count: int | None
    rows: list[Any]


@dataclass(frozen=True)
class Results:
    query: str
    tasks: Found
    indicators: Found
    items: Found
    # A part whose count is None holds more than this many.
    limit: int = 0

    @property
    def empty(self) -> bool:
        return not (self.tasks.rows or self.indicators.rows or self.items.rows)


NOTHING = Found(0, [])


def search(actor: Actor, query: str) -> Results:
    limit = int(settings.NQ57_SEARCH_COUNT_LIMIT)
    words = search_words(query)
    if len("".join(words)) < SHORTEST:
        return Results(query, NOTHING, NOTHING, NOTHING, limit)
    phrase = f" {' '.join(words)} "
    tasks = Task.objects.visible_to(actor).filter(search_text__contains=phrase)
    # An item's words are indexed once it is published (the redacted copy); before that its
    # title is matched as typed (accents count there).
    items = items_handled_by(actor).filter(
        Q(search_text__contains=phrase) | Q(title__icontains=query.strip())
    )
    code = query.strip().upper()
    if code.startswith("PA-"):  # a tracking code, typed as given to the citizen
        items = items_handled_by(actor).filter(tracking_code=code)
    return Results(
        query,
        _found(tasks.select_related("lead_org").order_by("deadline", "pk")),
        _indicators(phrase),
        _found(items),
        limit,
    )


def _found(rows: QuerySet[Any]) -> Found:
    shown = list(rows[:SHOWN])
    if len(shown) < SHOWN:
        return Found(len(shown), shown)
    return Found(count_up_to(rows, int(settings.NQ57_SEARCH_COUNT_LIMIT)), shown)


def _indicators(phrase: str) -> Found:
    """Indicators are few (tens): matched in Python on their code and both names."""
    matching = [
        indicator
        for indicator in Indicator.objects.order_by("code")
        if phrase in search_document(f"{indicator.code} {indicator.name_vi} {indicator.name_en}")
    ]
    return Found(len(matching), matching[:SHOWN])
