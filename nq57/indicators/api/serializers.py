"""Input and output shapes of the indicator endpoints."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from nq57.indicators.models import Indicator, Submission


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    monitor = serializers.CharField(source="monitor.code")
    terms = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_vi",
            "name_en",
            "formula",
            "terms",
            "factor",
            "unit",
            "direction",
            "period_type",
            "monitor",
        ]

    def get_terms(self, indicator: Indicator) -> list[str]:
        return [term.element.code for term in indicator.terms.all()]


class ValueInputSerializer(serializers.Serializer[Any]):
    data_element = serializers.CharField()
    period = serializers.CharField()
    org = serializers.CharField()
    value = serializers.CharField()
    comment = serializers.CharField(required=False, allow_blank=True, default="")


class ImportInputSerializer(serializers.Serializer[Any]):
    file = serializers.FileField()
    dry_run = serializers.BooleanField(required=False, default=False)


class SubmitInputSerializer(serializers.Serializer[Any]):
    dataset = serializers.CharField()
    org = serializers.CharField()
    period = serializers.CharField()


class ReasonSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField()


class SubmissionSerializer(serializers.ModelSerializer[Submission]):
    dataset = serializers.CharField(source="dataset.code")
    org = serializers.CharField(source="org.code")
    is_late = serializers.BooleanField()

    class Meta:
        model = Submission
        fields = [
            "id",
            "dataset",
            "org",
            "period",
            "status",
            "due_on",
            "submitted_on",
            "is_late",
            "decided_on",
            "reason",
        ]
