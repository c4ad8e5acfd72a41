"""The services API: thin over services.queries / services.actions. Public operations pass auth=None.

One router per sub-domain (`items`, `cases`, `case_import`, `ratings`, `figures`, `inquiries`, `hotline`,
`notifications`), merged here into the one `router` that api/urls.py mounts at /api/v1/services/.
"""

from ninja import Router

from . import case_import, cases, figures, hotline, inquiries, items, notifications, ratings
from .case_import import CaseImportJob
from .cases import CaseAction, CaseIn, CaseOut, LookupIn, LookupOut, LookupPause, LookupStep, Submitted
from .hotline import OrderAction, OrderIn, OrderOut
from .inquiries import InquiryIn, InquiryOut, TextIn
from .items import ItemCreate, ItemImportResult, ItemIn, ItemOut, Material
from .ratings import PublicRateIn, RateIn, RatingOut, RectAction, RectOut

router = Router(tags=["services"])


def _merge(into: Router, *subs: Router) -> None:
    """Put each sub-router's paths into `into`, in order (Django matches URL patterns in order).

    Merged rather than nested so `router.path_operations` lists every path; the operation ids stay
    what they were when all handlers lived in one `services/api.py`.
    """
    for sub in subs:
        for path, view in sub.path_operations.items():
            if path in into.path_operations:
                raise ValueError(f"services API path {path} is defined twice")
            for op in view.operations:
                op.operation_id = op.operation_id or f"yangguang_services_api_{op.view_func.__name__}"
            into.path_operations[path] = view


# ratings before cases: POST /cases/{id}/rate must match before /cases/{id}/{verb}
_merge(
    router,
    items.router,
    ratings.router,
    case_import.router,
    cases.router,
    figures.router,
    inquiries.router,
    hotline.router,
    notifications.router,
)

__all__ = [
    "CaseAction",
    "CaseImportJob",
    "CaseIn",
    "CaseOut",
    "ItemImportResult",
    "InquiryIn",
    "InquiryOut",
    "ItemCreate",
    "ItemIn",
    "ItemOut",
    "LookupIn",
    "LookupOut",
    "LookupPause",
    "LookupStep",
    "Material",
    "OrderAction",
    "OrderIn",
    "OrderOut",
    "PublicRateIn",
    "RateIn",
    "RatingOut",
    "RectAction",
    "RectOut",
    "Submitted",
    "TextIn",
    "router",
]
