"""Every non-trivial supervision read, scoped to the acting user.

- A unit sees its own tasks (responsible or co-unit) and findings; a post on a unit covers its subtree,
  so supervisors see everything under them; the organiser of a plan or inspection sees all of it.
- Accountability records are visible only to supervisors and administrators over the deciding unit:
  not to the units concerned, nor to their peers.
- Missing and out-of-scope are the same NotFound.

One module per sub-domain; every read stays importable as `queries.<name>`.
"""

from ._common import (
    ACCOUNTABILITY_ROLES,
    INSPECTOR_ROLES,
    MANAGER_ROLES,
    WORKER_ROLES,
    can_manage,
    can_work,
    rollup,
)
from .accountability import accountability_get, accountability_list
from .assessments import assessment_get, assessment_list, published_runs, run_get, run_list
from .coverage import coverage
from .decisions import decision_get, decision_list, decision_steps, published_decisions
from .home import home_counts
from .inspections import (
    can_inspect,
    finding_get,
    finding_list,
    inspection_get,
    inspection_list,
    is_inspector,
    published_inspection_get,
    published_inspections,
    rectification_get,
    rectification_list,
)
from .plans import plan_dashboard, plan_get, plan_list, report_list, task_get, task_list, task_scope_q
from .study import person_hours, session_get, session_list, study_summary
from .workbench import workbench_counts

__all__ = [
    "MANAGER_ROLES",
    "INSPECTOR_ROLES",
    "WORKER_ROLES",
    "ACCOUNTABILITY_ROLES",
    "can_manage",
    "can_work",
    "rollup",
    "task_scope_q",
    "task_list",
    "task_get",
    "plan_list",
    "plan_get",
    "plan_dashboard",
    "report_list",
    "inspection_list",
    "inspection_get",
    "is_inspector",
    "can_inspect",
    "finding_list",
    "finding_get",
    "rectification_list",
    "rectification_get",
    "published_inspections",
    "published_inspection_get",
    "accountability_list",
    "accountability_get",
    "decision_list",
    "decision_get",
    "decision_steps",
    "published_decisions",
    "coverage",
    "session_list",
    "session_get",
    "person_hours",
    "study_summary",
    "assessment_list",
    "assessment_get",
    "run_list",
    "run_get",
    "published_runs",
    "home_counts",
    "workbench_counts",
]
