"""The disclosure API: thin over queries and actions, one router per sub-domain.

Mounted by yangguang.api at /api/v1/disclosure/ through `router`.
"""

from ninja import Router

from . import appeals, public, records, requests, review

router = Router(tags=["disclosure"])

# Operation ids stay those of the single module this package replaced (clients generated from the
# OpenAPI document keep their method names): ninja's default would prefix the submodule's path.
for _sub in (records, review, requests, appeals, public):
    for _view in _sub.router.path_operations.values():
        for _op in _view.operations:
            _op.operation_id = _op.operation_id or f"yangguang_disclosure_api_{_op.view_func.__name__}"
    router.add_router("", _sub.router)

__all__ = ["router"]
