"""The filter backend of the API."""

from __future__ import annotations

from typing import Any

from django_filters.rest_framework import DjangoFilterBackend


class FilterBackend(DjangoFilterBackend):
    """django-filter's backend, leaving the bound filterset on the view: a list can then ask it
    for what the filters alone answer, such as a count the rollups hold."""

    def get_filterset(self, request: Any, queryset: Any, view: Any) -> Any:
        filterset = super().get_filterset(request, queryset, view)
        view.filterset = filterset
        return filterset
