"""Organisations over the API: read-only, everyone signed in may list them."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet
from rest_framework import serializers, viewsets

from nq57.core.text import name_key
from nq57.orgs.choices import OrgGroup, OrgKind
from nq57.orgs.models import Organization


class OrganizationSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField[Organization](  # type: ignore[assignment]
        slug_field="code", read_only=True
    )

    class Meta:
        model = Organization
        fields = ["code", "name_vi", "name_en", "kind", "group", "parent", "depth"]


class OrganizationFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=OrgKind.choices)
    group = django_filters.ChoiceFilter(choices=OrgGroup.choices)
    parent = django_filters.CharFilter(field_name="parent__code")
    name = django_filters.CharFilter(method="filter_name", label="name (exact, any case)")

    class Meta:
        model = Organization
        fields = ["kind", "group", "parent", "name"]

    def filter_name(
        self, queryset: QuerySet[Organization], name: str, value: str
    ) -> QuerySet[Organization]:
        return queryset.filter(aliases__key=name_key(value)).distinct()


class OrganizationViewSet(viewsets.ReadOnlyModelViewSet):
    """The organisation tree: ministries, provinces, communes and units, by code."""

    queryset = Organization.objects.select_related("parent").order_by("path")
    serializer_class = OrganizationSerializer
    filterset_class = OrganizationFilter
    lookup_field = "code"
