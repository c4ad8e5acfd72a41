"""Administrative reviews and litigations (行政复议、诉讼) counted in the annual report."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yangguang.audit import actions as audit
from yangguang.orgs.models import Unit

from .. import template as T
from ..models import (
    Appeal,
    Request,
)
from ._common import (
    WRITE_ROLES,
    _err,
    _require,
    today,
)


@transaction.atomic
def appeal_create(
    *, actor, unit: Unit, kind: str, filed_on: date, request: Request | None = None, note: str = ""
) -> Appeal:
    _require(actor, WRITE_ROLES, unit)
    if kind not in {k for k, _z, _e in T.APPEAL_KINDS}:
        raise _err("bad_kind", _("Unknown kind of review or litigation."), "kind")
    if filed_on > today():
        raise _err("date_in_future", _("The filing date is in the future."), "filed_on")
    a = Appeal.objects.create(
        unit=unit, kind=kind, filed_on=filed_on, request=request, note=(note or "")[:300]
    )
    audit.record_create(actor=actor, instance=a)
    return a


@transaction.atomic
def appeal_decide(*, actor, appeal: Appeal, result: str, on: date) -> Appeal:
    a = Appeal.objects.select_for_update().select_related("unit").get(pk=appeal.pk)
    _require(actor, WRITE_ROLES, a.unit)
    if result not in {"upheld", "corrected", "other"}:
        raise _err("bad_result", _("The result is upheld, corrected or other."), "result")
    if a.result != "pending":
        raise _err("already_decided", _("This case is already decided."))
    if on < a.filed_on or on > today():
        raise _err("bad_date", _("The decision date must lie between filing and today."), "decided_on")
    before = audit.snapshot(a)
    a.result, a.decided_on = result, on
    a.save()
    audit.record_update(actor=actor, instance=a, before=before)
    return a
