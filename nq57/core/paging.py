"""Pagination whose total is known before the rows are read."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator


class CountedPaginator(Paginator):
    """A Paginator told its count, when a cheaper source than COUNT(*) over the rows holds it
    exactly (the status rollups); without one it counts the rows as Django's does."""

    def __init__(self, object_list: Any, per_page: int, *, count: int | None = None, **kwargs: Any):
        super().__init__(object_list, per_page, **kwargs)
        if count is not None:
            # `count` is a cached_property: set here, the rows are never counted.
            self.__dict__["count"] = count
