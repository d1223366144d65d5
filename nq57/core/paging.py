"""Paging of lists: what page a reader asks for, pages whose total is known before the rows are
read or not needed at all, and the page a list selector returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core.paginator import Page, Paginator

T = TypeVar("T")


class CountedPaginator(Paginator[Any]):
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


@dataclass(frozen=True)
class PageRequest:
    """The page a reader asks for, as given (`number` straight from a query string), and how
    many rows a page holds. Pages answer a page that does not exist with the nearest one; the
    API (`strict`) answers it with `InvalidPage`, and reads "last" as the last page."""

    number: Any = 1
    size: int = 50
    strict: bool = False


def page_of(paginator: Paginator[Any], asked: PageRequest) -> Page[Any]:
    """The page `asked` names, as `PageRequest` says."""
    if not asked.strict:
        return paginator.get_page(asked.number)
    number = paginator.num_pages if asked.number == "last" else asked.number or 1
    return paginator.page(number)


def count_up_to(rows: Any, limit: int) -> int | None:
    """How many rows a sliceable queryset holds, when at most `limit`; None past it. Reads at
    most limit + 1 rows."""
    count = int(rows[: limit + 1].count())
    return count if count <= limit else None


@dataclass(frozen=True)
class ListPage(Generic[T]):
    """One page of a list as a selector answers it: the rows shown, how many the whole list
    holds (None while not counted: see `OpenPage`), and the page for the links."""

    rows: list[T]
    count: int | None
    page: Page[Any] | OpenPage
