"""Input and output shapes of the indicator endpoints."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from nq57.indicators.choices import (
    Direction,
    Formula,
    IndicatorGroup,
    TimeAggregation,
    ValueType,
)
from nq57.indicators.models import PERIOD_TYPES, DataElement, Indicator, Submission, Target


class IndicatorSerializer(serializers.ModelSerializer[Indicator]):
    monitor = serializers.CharField(source="monitor.code")
    terms = serializers.SerializerMethodField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name_vi",
            "name_en",
            "group",
            "formula",
            "terms",
            "factor",
            "unit",
            "direction",
            "period_type",
            "monitor",
            "description",
            "edited_at",
        ]

    def get_terms(self, indicator: Indicator) -> list[str]:
        return [term.element.code for term in indicator.terms.all()]


class IndicatorUpdateSerializer(serializers.Serializer[Any]):
    """What may change on an indicator (its code stays); every field optional. The terms
    are data element codes, in order (a ratio: numerator, denominator)."""

    name_vi = serializers.CharField(required=False, max_length=300)
    name_en = serializers.CharField(required=False, allow_blank=True, max_length=300)
    group = serializers.ChoiceField(IndicatorGroup.choices, required=False)
    formula = serializers.ChoiceField(Formula.choices, required=False)
    terms = serializers.ListField(
        child=serializers.CharField(max_length=64), required=False, max_length=20
    )
    factor = serializers.DecimalField(max_digits=12, decimal_places=4, required=False)
    unit = serializers.CharField(required=False, allow_blank=True, max_length=40)
    direction = serializers.ChoiceField(Direction.choices, required=False)
    period_type = serializers.ChoiceField(PERIOD_TYPES, required=False)
    monitor = serializers.CharField(required=False, max_length=300, help_text="code or name")
    description = serializers.CharField(required=False, allow_blank=True, max_length=5000)


class IndicatorCreateSerializer(IndicatorUpdateSerializer):
    code = serializers.CharField(max_length=64)
    name_vi = serializers.CharField(max_length=300)
    formula = serializers.ChoiceField(Formula.choices)
    terms = serializers.ListField(child=serializers.CharField(max_length=64), max_length=20)
    monitor = serializers.CharField(max_length=300, help_text="code or name")
    period_type = serializers.ChoiceField(
        PERIOD_TYPES, required=False, help_text="default: the longest of its elements'"
    )


class DataElementSerializer(serializers.ModelSerializer[DataElement]):
    dataset = serializers.CharField(source="dataset.code")

    class Meta:
        model = DataElement
        fields = [
            "code",
            "dataset",
            "name_vi",
            "name_en",
            "value_type",
            "time_aggregation",
            "allows_negative",
            "edited_at",
        ]


class DataElementUpdateSerializer(serializers.Serializer[Any]):
    """What may change on a data element (its data set, kind of value and aggregation over
    time only while it has no values); every field optional."""

    dataset = serializers.CharField(required=False, max_length=64)
    name_vi = serializers.CharField(required=False, max_length=300)
    name_en = serializers.CharField(required=False, allow_blank=True, max_length=300)
    value_type = serializers.ChoiceField(ValueType.choices, required=False)
    time_aggregation = serializers.ChoiceField(TimeAggregation.choices, required=False)
    allows_negative = serializers.BooleanField(required=False)


class DataElementCreateSerializer(DataElementUpdateSerializer):
    code = serializers.CharField(max_length=64)
    dataset = serializers.CharField(max_length=64)
    name_vi = serializers.CharField(max_length=300)


class TargetSerializer(serializers.ModelSerializer[Target]):
    org = serializers.CharField(source="org.code", allow_null=True, default=None)

    class Meta:
        model = Target
        fields = ["org", "period", "value", "baseline", "baseline_period", "edited_at"]


class TargetInputSerializer(serializers.Serializer[Any]):
    """A target for an organisation's subtree (code or name; null or empty: the nation)
    and a period of the indicator's period type or longer; it replaces the one there."""

    org = serializers.CharField(required=False, allow_null=True, allow_blank=True, default=None)
    period = serializers.CharField(max_length=7, help_text="YYYY, YYYYSn, YYYYQn or YYYYMM")
    value = serializers.DecimalField(max_digits=24, decimal_places=4)
    baseline = serializers.DecimalField(
        max_digits=24, decimal_places=4, required=False, allow_null=True, default=None
    )
    baseline_period = serializers.CharField(
        max_length=7, required=False, allow_blank=True, default=""
    )


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
