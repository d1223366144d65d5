"""Page-number pagination with a client-chosen page size, capped."""

from __future__ import annotations

from typing import Any

from rest_framework.pagination import PageNumberPagination

from nq57.core.paging import CountedPaginator


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    # Set by a view that knows the total without counting the rows (see CountedPaginator).
    known_count: int | None = None

    def django_paginator_class(self, object_list: Any, per_page: int) -> CountedPaginator:  # type: ignore[override]
        return CountedPaginator(object_list, per_page, count=self.known_count)
