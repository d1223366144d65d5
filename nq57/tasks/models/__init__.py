"""Programmes, tasks with the six clear elements, progress, evidence, requests and decisions,
and the rollups' stored deltas: one module each, every model importable from here."""

from .rollups import DeltaFields, MonthlyStatusDelta, RollupScope, StatusDelta
from .tasks import (
    OPEN_NOW,
    Program,
    Task,
    TaskCoordination,
    TaskDeadline,
    TaskQuerySet,
    TaskSuspension,
    task_label,
)
from .work import (
    CompletionRequest,
    DecidedRequest,
    Evidence,
    ExtensionRequest,
    PartOfTaskQuerySet,
    ProgressReport,
    evidence_path,
    one_pending_per_task,
)

__all__ = [
    "OPEN_NOW",
    "CompletionRequest",
    "DecidedRequest",
    "DeltaFields",
    "Evidence",
    "ExtensionRequest",
    "MonthlyStatusDelta",
    "PartOfTaskQuerySet",
    "Program",
    "ProgressReport",
    "RollupScope",
    "StatusDelta",
    "Task",
    "TaskCoordination",
    "TaskDeadline",
    "TaskQuerySet",
    "TaskSuspension",
    "evidence_path",
    "one_pending_per_task",
    "task_label",
]
