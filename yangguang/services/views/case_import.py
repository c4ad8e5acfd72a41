"""The bulk case import (办件批量导入): the upload page starts a background job; its template sheet."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from yangguang.core import jobs
from yangguang.core.tabular import CONTENT_TYPES, write_table

from .. import actions, queries


@login_required
def case_import(request):
    """Upload a sheet: it is stored and imported by a job, whose page shows the progress and any bad rows."""
    if request.method == "POST":
        f = request.FILES.get("file")
        if f is None:
            messages.error(request, _("Choose a file to import."))
        else:
            stored = jobs.keep_upload(f)
            job = jobs.start("services.case_import", request.user, {"stored": stored, "filename": f.name})
            return redirect("jobs:detail", job.pk)
    return render(
        request,
        "services/case_import.html",
        {"columns": [zh for _k, zh in actions.CASE_IMPORT_COLUMNS]},
    )


@login_required
def case_import_template(request):
    """An empty sheet with the header row (and one example row) to fill in."""
    header = [zh for _k, zh in actions.CASE_IMPORT_COLUMNS]
    item = queries.example_item(request.user)  # one the importer may handle: the sheet imports as is
    example = ["", item.code if item else "", "张三", "13800000000", "窗口", "", "2025-03-03 09:30"]
    example += ["2025-03-03", "已办结", "2025-03-07", "准予", "甲审〔2025〕1号", ""]
    resp = HttpResponse(write_table(header, [example], "xlsx"), content_type=CONTENT_TYPES["xlsx"])
    resp["Content-Disposition"] = 'attachment; filename="case-import-template.xlsx"'
    return resp
