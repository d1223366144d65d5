"""Programmes, tasks with the six clear elements, progress, evidence, requests and decisions,
the discussion, and the rollups' stored deltas: one module each, every model importable from
here."""

from .comments import COMMENT_MAX_LENGTH, TaskComment
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
    "COMMENT_MAX_LENGTH",
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
    "TaskComment",
    "TaskCoordination",
    "TaskDeadline",
    "TaskQuerySet",
    "TaskSuspension",
    "evidence_path",
    "one_pending_per_task",
    "task_label",
]
