"""The contests API: thin over actions and queries, one router per sub-domain, merged into the one
`router` mounted at /api/v1/contests/. Public bulletins need no login.

competitions.py   competitions, schemes, a period's figures
evaluations.py    evaluations, results, bulletins (public ones too), the ledger check
events.py         judged events: tasks, scores, entrants, outcomes, close and release
"""

from ninja import Router

from . import competitions, evaluations, events
from .competitions import CompetitionOut, EntryIn, ImportOut, SchemeIn
from .evaluations import BulletinOut, EvaluateIn, EvaluationOut, PublishIn, ResultOut
from .events import EntrantIn, EventIn, EventOut, MarkIn, MarkOut


def _merged(*subs: Router) -> Router:
    """One router holding the sub-domains' operations, merged rather than nested (add_router) so that
    `router.path_operations` lists every path, in the order the single module had them."""
    merged = Router(tags=["contests"])
    for sub in subs:
        for path, view in sub.path_operations.items():
            if path in merged.path_operations:
                raise ValueError(f"{path} is served by two contests routers")
            for op in view.operations:
                # ninja derives an operation id from the handler's module: keep the ids clients know.
                op.operation_id = op.operation_id or f"yangguang_contests_api_{op.view_func.__name__}"
            merged.path_operations[path] = view
    return merged


router = _merged(competitions.router, evaluations.router, events.router)

__all__ = [
    "BulletinOut",
    "CompetitionOut",
    "EntrantIn",
    "EntryIn",
    "EvaluateIn",
    "EvaluationOut",
    "EventIn",
    "EventOut",
    "ImportOut",
    "MarkIn",
    "MarkOut",
    "PublishIn",
    "ResultOut",
    "SchemeIn",
    "router",
]
