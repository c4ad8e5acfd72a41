"""Every write of the services domain: one transaction each, validated, audited.

A refused action raises DomainError and changes nothing. Another unit's case or item is NotFound,
exactly like a missing one (the lookup goes through queries, scoped to the actor).

One module per sub-domain; this package re-exports every entry point, so
`from yangguang.services import actions; actions.case_accept(...)` reads as before.

| module | holds |
|---|---|
| `items.py` | service items: drafts, samples, review, publication, versions, the catalogue import |
| `cases.py` | cases: submission and every lifecycle transition (`CASE_ACTIONS`) |
| `case_import.py` | the bulk case import (办件批量导入), all or nothing |
| `ratings.py` | 好差评 ratings and the rectification of a bad one |
| `inquiries.py` | first inquiries (首问负责) |
| `hotline.py` | the 96128 hotline's work orders |
| `centre.py` | the centre's settings, staff notifications |
| `_common.py` | role sets, the working-day limit check, today |
"""

from ._common import MANAGERS, STAFF, local_today
from .case_import import CASE_IMPORT_COLUMNS, case_import
from .cases import (
    CASE_ACTIONS,
    STEPS,
    case_accept,
    case_complete,
    case_extend,
    case_joint_done,
    case_pause,
    case_refuse,
    case_resubmit,
    case_resume,
    case_return,
    case_step,
    case_submit,
    case_supplement,
)
from .centre import notifications_read, settings_update
from .hotline import hotline_answer, hotline_callback, hotline_dispatch, hotline_log
from .inquiries import inquiry_answer, inquiry_log
from .items import (
    IMPORT_COLUMNS,
    ITEM_FIELDS,
    SAMPLE_EXTENSIONS,
    item_create,
    item_import,
    item_publish,
    item_revise,
    item_sample,
    item_submit,
    item_update,
)
from .ratings import (
    rating_public,
    rating_window,
    rectification_answer,
    rectification_appeal,
    rectification_callback,
    rectification_decide,
)

__all__ = [
    "CASE_ACTIONS",
    "CASE_IMPORT_COLUMNS",
    "IMPORT_COLUMNS",
    "ITEM_FIELDS",
    "MANAGERS",
    "SAMPLE_EXTENSIONS",
    "STAFF",
    "STEPS",
    "case_accept",
    "case_complete",
    "case_extend",
    "case_import",
    "case_joint_done",
    "case_pause",
    "case_refuse",
    "case_resubmit",
    "case_resume",
    "case_return",
    "case_step",
    "case_submit",
    "case_supplement",
    "hotline_answer",
    "hotline_callback",
    "hotline_dispatch",
    "hotline_log",
    "inquiry_answer",
    "inquiry_log",
    "item_create",
    "item_import",
    "item_publish",
    "item_revise",
    "item_sample",
    "item_submit",
    "item_update",
    "local_today",
    "notifications_read",
    "rating_public",
    "rating_window",
    "rectification_answer",
    "rectification_appeal",
    "rectification_callback",
    "rectification_decide",
    "settings_update",
]
