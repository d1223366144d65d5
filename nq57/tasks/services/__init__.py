"""Every write to tasks: assignment and edits, the lead side's reports and requests, the
assigning side's decisions, the discussion between the two.

Pages, the API, commands, imports and the demo all call these functions (`services.task_create
(...)`); each runs in one transaction, asks `permissions`, checks the rules, writes its audit
event and keeps the rollups current.
"""

from .assignment import (
    DATE_MESSAGES,
    EDITABLE_FIELDS,
    assign_downward_message,
    check_assignment,
    check_task_dates,
    derived_fields,
    derived_values,
    program_create,
    task_create,
    task_update,
)
from .comments import task_comment_add
from .decisions import completion_confirm, completion_return, extension_approve, extension_refuse
from .lead_side import completion_request, extension_request, progress_report_submit
from .lifecycle import task_correct, task_resume, task_suspend, task_withdraw

__all__ = [
    "DATE_MESSAGES",
    "EDITABLE_FIELDS",
    "assign_downward_message",
    "check_assignment",
    "check_task_dates",
    "completion_confirm",
    "completion_request",
    "completion_return",
    "derived_fields",
    "derived_values",
    "extension_approve",
    "extension_refuse",
    "extension_request",
    "program_create",
    "progress_report_submit",
    "task_comment_add",
    "task_correct",
    "task_create",
    "task_resume",
    "task_suspend",
    "task_update",
    "task_withdraw",
]
