"""Page-number pagination with a client-chosen page size, capped."""

from __future__ import annotations

from typing import Any

from django.core.paginator import InvalidPage
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response

from nq57.core.paging import PageRequest


class StandardPagination(PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    # A list whose selector cuts the page itself (`nq57.core.paging.ListPage`) asks the page
    # and answers with it through these, in the same shape as every other list.

    def page_request(self, request: Request) -> PageRequest:
        """The page and page size the query string asks for."""
        number = request.query_params.get(self.page_query_param) or 1
        return PageRequest(number, self.get_page_size(request) or self.page_size, strict=True)

    def page_not_found(self, asked: PageRequest, error: InvalidPage) -> NotFound:
        return NotFound(self.invalid_page_message.format(page_number=asked.number, message=error))

    def respond(self, request: Request, page: Any, data: Any) -> Response:
        """The paginated answer (count, next, previous, results) for a page already cut."""
        self.request = request
        self.page = page
        return self.get_paginated_response(data)
