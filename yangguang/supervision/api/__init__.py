"""Supervision over the REST API: thin over supervision.queries / supervision.actions.

One router per sub-domain, mounted in the order the single module declared them (URL patterns are
tried in that order).
"""

from ninja import Router

from . import accountability, assessments, coverage, decisions, inspections, plans, study

router = Router(tags=["supervision"])

for _sub in (plans, inspections, accountability, decisions, coverage, study, assessments):
    # Keep the operation ids of the single module this package replaced: clients generated from the
    # OpenAPI document call them by these names (ninja would otherwise prefix the submodule's name).
    for _view in _sub.router.path_operations.values():
        for _op in _view.operations:
            _op.operation_id = _op.operation_id or f"yangguang_supervision_api_{_op.view_func.__name__}"
    router.add_router("", _sub.router)
