"""The 大理州's disclosure year at a tenth of the seed's volume, plus requests in every outcome.

The seed: 137,229 records in a year — 88,047 on the website, 67 at 27 press conferences, 1,246 in 104
gazette issues, 47,869 by other means. A tenth: 8,805 website, 7 press-conference records at 3
sessions, 125 gazette records in 10 issues, 4,787 by other means (13,724 records). Bulk-created, so
`yangguang demo` stays fast; idempotent (skipped once the 州's records exist).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from yangguang.orgs.models import Unit

from .. import categories
from ..models import Disclosure
from ._common import ROOT, TOPICS, TOWNSHIP
from .records import CATEGORY_WEIGHTS, GAZETTE, OTHER, PRESS, TITLES, WEBSITE, _records
from .requests import APPLICANTS, _requests
from .review import _township_chain

__all__ = [
    "APPLICANTS",
    "CATEGORY_WEIGHTS",
    "GAZETTE",
    "OTHER",
    "PRESS",
    "ROOT",
    "TITLES",
    "TOPICS",
    "TOWNSHIP",
    "WEBSITE",
    "build",
]


def build(stdout=None) -> dict:
    root = Unit.objects.filter(code=ROOT).first()
    if root is None:
        return {"skipped": "no 大理州 (run the orgs demo first)"}
    cats = categories.ensure()
    if Disclosure.objects.filter(unit=root).exists():
        return {"records": Disclosure.objects.filter(unit__path__startswith=root.path).count(), "created": 0}
    year = timezone.localdate().year - 1
    with transaction.atomic():
        n_records = _records(root, cats, year)
        n_requests = _requests(root, year)
    chain = _township_chain(cats)
    return {"records": n_records, "requests": n_requests, "township_list": chain, "year": year}
