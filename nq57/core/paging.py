"""Pagination whose total is known before the rows are read, or not needed to page."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A Paginator told its count, when a cheaper source than COUNT(*) over the rows holds it
    exactly (the status rollups, a bounded count); without one it counts the rows as Django's
    does."""

    def __init__(self, object_list: Any, per_page: int, *, count: int | None = None, **kwargs: Any):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            # `count` is a cached_property: set here, the rows are never counted.
            self.__dict__["count"] = count


@dataclass(frozen=True)
class OpenPage:
    """A page of a list whose total is not counted: it reads one row more than it shows to
    know whether another page follows. Answers what templates ask of Django's Page."""

    object_list: list[Any]
    number: int
    more: bool

    def has_next(self) -> bool:
        return self.more

    def has_previous(self) -> bool:
        return self.number > 1

    def has_other_pages(self) -> bool:
        return self.more or self.number > 1

    def next_page_number(self) -> int:
        return self.number + 1

    def previous_page_number(self) -> int:
        return self.number - 1


def open_page(object_list: Any, number: Any, per_page: int) -> OpenPage:
    """The page `number` (1 when it is not a positive whole number) of a sliceable list."""
    try:
        page = max(int(number), 1)
    except (TypeError, ValueError):
        page = 1
    start = (page - 1) * per_page
    rows = list(object_list[start : start + per_page + 1])
    return OpenPage(rows[:per_page], page, len(rows) > per_page)
