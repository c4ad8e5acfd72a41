"""Background jobs (core.jobs): the annual report's .xlsx/.docx export, started from the report page."""

from __future__ import annotations

from . import exports, queries


def report_export(*, actor, params: dict, progress) -> dict:
    """The annual report of one unit (its subtree) for one year, as .xlsx or .docx."""
    code, year, fmt = str(params["unit"]), int(params["year"]), params["format"]
    progress(0, 2)
    data = queries.report_get(actor=actor, unit_code=code, year=year)  # scoped: NotFound out of scope
    progress(1, 2)
    body = exports.report_xlsx(data) if fmt == "xlsx" else exports.report_docx(data)
    progress(2, 2)
    return {"file": (f"{code}-{year}.{fmt}", body)}


KINDS = {"disclosure.report_export": report_export}
