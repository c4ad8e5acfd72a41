"""Staff pages: thin — parse, call one action or query, render.
One module per sub-domain; urls.py names each page as `views.<name>`.
"""

from .accountability import accountability_list
from .assessments import assessment_detail, assessment_list, run_detail
from .coverage import coverage
from .decisions import decision_detail, decision_list
from .home import home
from .inspections import finding_detail, inspection_detail, inspection_list, rectification_list
from .plans import part_new, plan_detail, plan_import, plan_new, plan_template, task_detail, task_new
from .study import study

__all__ = [
    "home",
    "plan_new",
    "plan_detail",
    "part_new",
    "task_new",
    "plan_import",
    "plan_template",
    "task_detail",
    "inspection_list",
    "inspection_detail",
    "finding_detail",
    "rectification_list",
    "accountability_list",
    "decision_list",
    "decision_detail",
    "coverage",
    "study",
    "assessment_list",
    "assessment_detail",
    "run_detail",
]
