"""Every supervision write: one transaction, validated, audited. Refusals change nothing.

One module per sub-domain; every entry point stays importable as `actions.<name>`.
"""

from ._common import unit_head
from .accountability import accountability_create
from .assessments import assessment_create, assessment_evaluate, bulletin_publish
from .coverage import construction_set, constructions_mark
from .decisions import (
    CORRECTIONS,
    decision_adopt,
    decision_check,
    decision_correct,
    decision_create,
    decision_publish,
    decision_step_record,
)
from .inspections import (
    checklist_add,
    checklist_mark,
    finding_create,
    inspection_assign_cross,
    inspection_close,
    inspection_create,
    inspection_publish,
    rectification_close,
    rectification_issue,
    rectification_reinspect,
    rectification_submit,
)
from .plans import (
    TASK_COLUMNS,
    part_create,
    plan_create,
    plan_update,
    progress_report,
    task_accept,
    task_create,
    task_reopen,
    task_update,
    tasks_import,
)
from .study import attendance_set, session_create

__all__ = [
    "unit_head",
    "plan_create",
    "plan_update",
    "part_create",
    "task_create",
    "task_update",
    "progress_report",
    "task_accept",
    "task_reopen",
    "TASK_COLUMNS",
    "tasks_import",
    "inspection_create",
    "inspection_assign_cross",
    "checklist_add",
    "checklist_mark",
    "finding_create",
    "rectification_issue",
    "rectification_submit",
    "rectification_reinspect",
    "rectification_close",
    "inspection_publish",
    "inspection_close",
    "accountability_create",
    "decision_create",
    "decision_step_record",
    "decision_adopt",
    "decision_publish",
    "CORRECTIONS",
    "decision_correct",
    "decision_check",
    "construction_set",
    "constructions_mark",
    "session_create",
    "attendance_set",
    "assessment_create",
    "assessment_evaluate",
    "bulletin_publish",
]
