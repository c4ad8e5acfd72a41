"""Reads of the disclosure domain, scoped to the actor (missing and out of scope: the same 404).

One module per sub-domain; this package re-exports every entry point."""

from __future__ import annotations

from .metrics import (  # noqa: F401
    metric_overdue_requests,
    metric_records_published,
    metric_request_on_time,
    metric_stale_records,
    metric_timeliness,
)
from .public import (  # noqa: F401
    CATALOGUE_VERSION_KEY,
    CLOCK_LABELS,
    catalogue_version,
    dcat,
    public_catalogue,
    public_record_get,
    public_record_page,
    public_records,
    request_clock,
    request_track,
)
from .report import (  # noqa: F401
    annual_report,
    report_get,
)
from .staff import (  # noqa: F401
    appeal_list,
    categories,
    dashboard,
    disclosure_get,
    disclosure_list,
    list_get,
    list_list,
    request_get,
    request_list,
    stale_by_unit_and_category,
)
from .workbench import (  # noqa: F401
    _LIST_APPROVERS,
    _LIST_REVIEWERS,
    NEAR_DUE_DAYS,
    workbench_counts,
)
