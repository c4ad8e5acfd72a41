"""Background jobs (core.jobs): a year of cases to .xlsx, scoped to the person who asked."""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yangguang.core import jobs
from yangguang.core.tabular import write_table

from . import actions, queries
from .models import CaseStatus

HEADER = [
    "办件编号",
    "事项",
    "办理单位",
    "申请人",
    "渠道",
    "状态",
    "提交时间",
    "受理日期",
    "截止日期",
    "办结日期",
    "结果",
    "文号",
]


def cases_year(*, actor, params: dict, progress) -> dict:
    """Every case submitted in the year that the actor may see (their units' subtrees), oldest first.
    Applicants' phone numbers and ID numbers stay out of the file."""
    year = int(params["year"])
    qs = queries.case_list(actor=actor).filter(submitted_on__year=year).order_by("submitted_at", "id")
    total = qs.count()
    progress(0, total)
    with translation.override("zh-hans"):
        status = {k: str(v) for k, v in CaseStatus.choices}
    rows = []
    cols = ("number", "item__name", "unit__name", "applicant_name", "channel", "status", "submitted_at")
    more = ("accepted_on", "due_on", "completed_on", "result", "document_no")
    for i, r in enumerate(qs.values_list(*cols, *more).iterator(chunk_size=2000), 1):
        number, item, unit, applicant, channel, st, at, accepted, due, done, result, doc = r
        rows.append(
            [
                number,
                item,
                unit,
                applicant,
                channel,
                status.get(st, st),
                at.strftime("%Y-%m-%d %H:%M"),
                accepted,
                due,
                done,
                result,
                doc,
            ]
        )
        progress(i, total)  # core.jobs writes only when the whole percent moves
    progress(total, total)
    return {"file": (f"cases-{year}.xlsx", write_table(HEADER, rows, "xlsx"))}


def item_import(*, actor, params: dict, progress) -> dict:
    """A large catalogue sheet, all or nothing (actions.item_import); the stored upload is removed after."""
    name = params["stored"]
    progress(0, 1)
    try:
        with default_storage.open(name, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:  # a re-delivery after the first run finished and removed it
        return {"message": ""}
    try:
        # every row, checked then written (core.jobs writes about 1 in 100)
        r = actions.item_import(actor=actor, data=data, filename=params["filename"], progress=progress)
    finally:
        default_storage.delete(name)
    message = jobs.said(_("Imported: %(c)d created, %(u)d updated."), c=r["created"], u=r["updated"])
    return {"link": "/services/items/", "message": message}


def case_import(*, actor, params: dict, progress) -> dict:
    """A sheet of cases, all or nothing (actions.case_import); the stored upload is removed after.
    The file it leaves lists each new case's number and query code, for telling the applicants."""
    name = params["stored"]
    progress(0, 1)
    try:
        with default_storage.open(name, "rb") as fh:
            data = fh.read()
    except FileNotFoundError:  # a re-delivery after the first run finished and removed it
        return {"message": ""}
    try:
        r = actions.case_import(actor=actor, data=data, filename=params["filename"], progress=progress)
    finally:
        default_storage.delete(name)
    sheet = write_table(["办件编号", "查询码"], [list(pair) for pair in r["codes"]], "xlsx")
    return {
        "file": ("case-import-codes.xlsx", sheet),
        "link": "/services/cases/",
        "message": jobs.said(_("%(n)d cases imported."), n=r["created"]),
    }


KINDS = {
    "services.cases_year": cases_year,
    "services.item_import": item_import,
    "services.case_import": case_import,
}


# What a person sees for each kind (the job pages, core.labels kind "core.job.kind"), never the code.
LABELS = {
    "services.cases_year": pgettext_lazy("job", "Year of cases export"),
    "services.item_import": pgettext_lazy("job", "Service catalogue import"),
    "services.case_import": pgettext_lazy("job", "Case import"),
}
