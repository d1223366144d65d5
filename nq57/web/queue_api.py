"""/api/v1/queue/: the signed-in official's “Việc cần làm”, as the home page shows it."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .queue import QUEUE_ROWS, Queue, queue_for

QUEUE_ITEM = inline_serializer(
    "QueueItem",
    {
        "about": serializers.CharField(),
        "title": serializers.CharField(),
        "note": serializers.CharField(),
        "due_on": serializers.DateField(allow_null=True),
        "url": serializers.CharField(),
    },
)
QUEUE = inline_serializer(
    "Queue",
    {
        "as_of": serializers.DateField(),
        "count": serializers.IntegerField(),
        "sections": inline_serializer(
            "QueueSection",
            {
                "kind": serializers.CharField(),
                "label": serializers.CharField(),
                "count": serializers.IntegerField(),
                "items": QUEUE_ITEM,
            },
            many=True,
        ),
    },
)


def queue_json(queue: Queue, request: Request, as_of: Any) -> dict[str, Any]:
    return {
        "as_of": as_of.isoformat(),
        "count": queue.count,
        "sections": [
            {
                "kind": section.kind,
                "label": section.label,
                "count": section.count,
                "items": [
                    {
                        "about": item.about,
                        "title": item.title,
                        "note": item.note,
                        "due_on": item.due_on.isoformat() if item.due_on else None,
                        "url": request.build_absolute_uri(item.url),
                    }
                    for item in section.items
                ],
            }
            for section in queue.sections
        ],
    }


class QueueView(APIView):
    """What waits on the caller: every section with its exact count and its first rows
    (up to QUEUE_ROWS each), the decisions first."""

    @extend_schema(
        responses=QUEUE,
        description=f"Each section's `count` is exact; `items` holds its first {QUEUE_ROWS}.",
    )
    def get(self, request: Request) -> Response:
        today = timezone.localdate()
        return Response(queue_json(queue_for(request.user, today), request, today))
