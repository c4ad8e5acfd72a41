"""The annual report's written parts (一 总体情况, 五 问题及改进, 六 其他事项): the office writes them here."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yangguang.audit import actions as audit
from yangguang.orgs.models import Unit

from ..models import ReportNarrative
from ._common import WRITE_ROLES, _err, _require

MAX_TEXT = 20000


@transaction.atomic
def report_narrative_save(
    *, actor, unit: Unit, year: int, overview: str = "", problems: str = "", other: str = ""
) -> ReportNarrative:
    """Write (or rewrite) a year's narrative parts; the .docx and the public page print them."""
    _require(actor, WRITE_ROLES, unit)
    try:
        year = int(year)
    except (TypeError, ValueError):
        raise _err("bad_year", _("The report year is a year between 2008 and 2100."), "year")
    if not 2008 <= year <= 2100:  # the regulation's reports begin with 2008
        raise _err("bad_year", _("The report year is a year between 2008 and 2100."), "year")
    texts = {"overview": overview or "", "problems": problems or "", "other": other or ""}
    for field, text in texts.items():
        if len(text) > MAX_TEXT:
            raise _err("too_long", _("A part of the report is at most 20000 characters."), field)
    obj = ReportNarrative.objects.select_for_update().filter(unit=unit, year=year).first()
    if obj is None:
        obj = ReportNarrative.objects.create(
            unit=unit, year=year, updated_by=actor, **{k: v.strip() for k, v in texts.items()}
        )
        audit.record_create(actor=actor, instance=obj, unit=unit)
        return obj
    before = audit.snapshot(obj)
    for k, v in texts.items():
        setattr(obj, k, v.strip())
    obj.updated_by = actor
    obj.save()
    audit.record_update(actor=actor, instance=obj, before=before, unit=unit)
    return obj
