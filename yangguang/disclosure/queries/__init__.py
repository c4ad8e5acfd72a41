"""Reads of the disclosure domain, scoped to the actor (missing and out of scope: the same 404).

One module per sub-domain; this package re-exports every entry point."""

from __future__ import annotations

from .staff import (  # noqa: F401
    disclosure_list,
    disclosure_get,
    list_list,
    list_get,
    request_list,
    request_get,
    appeal_list,
    stale_by_unit_and_category,
    categories,
    dashboard,
)

from .public import (  # noqa: F401
    catalogue_version,
    public_records,
    public_catalogue,
    public_record_get,
    request_track,
    request_clock,
    dcat,
    CATALOGUE_VERSION_KEY,
    CLOCK_LABELS,
)

from .report import (  # noqa: F401
    annual_report,
    report_get,
)

from .metrics import (  # noqa: F401
    metric_timeliness,
    metric_request_on_time,
    metric_overdue_requests,
    metric_records_published,
    metric_stale_records,
)

from .workbench import (  # noqa: F401
    workbench_counts,
    _LIST_REVIEWERS,
    _LIST_APPROVERS,
    NEAR_DUE_DAYS,
)
