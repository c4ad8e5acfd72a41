"""Background jobs (core.jobs): the annual report's .xlsx/.docx export, started from the report page."""

from __future__ import annotations

import hashlib
import json
import re

from django.utils.translation import pgettext_lazy

from . import exports, queries

VERSION_RE = re.compile(r"[0-9a-f]{16}")


def report_version(data: dict) -> str:
    """The report as shown, in 16 hex digits: the export key, so the same report is one job."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def report_export(*, actor, params: dict, progress) -> dict:
    """The annual report of one unit (its subtree) for one year, as .xlsx or .docx. Its figures are a
    few aggregate queries, not rows: progress moves by those steps."""
    code, year, fmt = str(params["unit"]), int(params["year"]), params["format"]
    progress(0, 3)
    data = queries.report_get(actor=actor, unit_code=code, year=year)  # scoped: NotFound out of scope
    progress(1, 3)
    body = exports.report_xlsx(data) if fmt == "xlsx" else exports.report_docx(data)
    progress(2, 3)
    return {"file": (f"{code}-{year}.{fmt}", body)}


KINDS = {"disclosure.report_export": report_export}


# What a person sees for each kind (the job pages, core.labels kind "core.job.kind"), never the code.
LABELS = {
    "disclosure.report_export": pgettext_lazy("job", "Annual report export"),
}
