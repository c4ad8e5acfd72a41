"""Records (公开事项): drafting, validity, upward reporting, the update cycle, attachments."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yangguang.audit import actions as audit
from yangguang.core.uploads import DOCUMENT_MAX_BYTES, check_upload
from yangguang.orgs.models import Unit
from yangguang.workdays.calendar import MIN_YEAR
from yangguang.workdays.queries import calendar

from .. import clock
from ..models import (
    AUDIENCES,
    VALIDITY,
    Attachment,
    Category,
    Disclosure,
)
from ._common import (
    WRITE_ROLES,
    _catalogue_changed,
    _err,
    _require,
    sanitize,
    today,
)

RECORD_FIELDS = (
    "title", "body", "doc_number", "formed_on", "audience", "audience_note", "amount",
    "prerequisite_on", "prerequisite_note",
)  # fmt: skip


def _clean_record(data: dict, now: date) -> dict:
    title = (data.get("title") or "").strip()
    if not title:
        raise _err("title_required", _("A record needs a title."), "title")
    formed = data.get("formed_on")
    if not isinstance(formed, date):
        raise _err("formed_on_required", _("A record needs the date it was formed or changed."), "formed_on")
    if formed.year < MIN_YEAR:
        # The workday calendar (which sets the publication deadline) starts there.
        raise _err(
            "formed_too_early",
            _("The date formed or changed (%(d)s) is before %(y)s.")
            % {"d": formed.isoformat(), "y": MIN_YEAR},
            "formed_on",
        )
    if formed > now:
        raise _err(
            "formed_in_future",
            _("The date formed or changed (%(d)s) is in the future.") % {"d": formed.isoformat()},
            "formed_on",
        )
    audience = data.get("audience") or "public"
    if audience not in dict(AUDIENCES):
        raise _err("bad_audience", _("Unknown audience: %(a)s") % {"a": audience}, "audience")
    pre = data.get("prerequisite_on")
    if pre is not None and pre > now:
        raise _err(
            "prerequisite_in_future", _("The audit or discussion date is in the future."), "prerequisite_on"
        )
    amount = data.get("amount")
    if amount not in (None, ""):
        amount = Decimal(str(amount))
        if amount < 0:
            raise _err("bad_amount", _("An amount cannot be negative."), "amount")
    else:
        amount = None
    return {
        "title": title[:300],
        "body": sanitize(data.get("body") or ""),
        "doc_number": (data.get("doc_number") or "").strip()[:100],
        "formed_on": formed,
        "audience": audience,
        "audience_note": (data.get("audience_note") or "").strip()[:300],
        "amount": amount,
        "prerequisite_on": pre,
        "prerequisite_note": (data.get("prerequisite_note") or "").strip()[:300],
    }


@transaction.atomic
def disclosure_create(
    *, actor, unit: Unit, category: Category, now: date | None = None, **data
) -> Disclosure:
    _require(actor, WRITE_ROLES, unit)
    fields = _clean_record(data, now or today())
    due = clock.publication_due(calendar(), fields["formed_on"]).date
    d = Disclosure.objects.create(unit=unit, category=category, due_on=due, **fields)
    audit.record_create(actor=actor, instance=d)
    return d


@transaction.atomic
def disclosure_update(*, actor, disclosure: Disclosure, category: Category | None = None, now=None, **data):
    _require(actor, WRITE_ROLES, disclosure.unit)
    if disclosure.status not in ("draft", "rejected"):
        raise _err(
            "not_editable", _("Only a draft or a record sent back can be edited."), status=disclosure.status
        )
    before = audit.snapshot(disclosure)
    merged = {f: getattr(disclosure, f) for f in RECORD_FIELDS} | data
    for k, v in _clean_record(merged, now or today()).items():
        setattr(disclosure, k, v)
    if category is not None:
        disclosure.category = category
    disclosure.due_on = clock.publication_due(calendar(), disclosure.formed_on).date
    disclosure.save()
    audit.record_update(actor=actor, instance=disclosure, before=before)
    return disclosure


@transaction.atomic
def disclosure_set_validity(*, actor, disclosure: Disclosure, validity: str, on: date, reason: str = ""):
    _require(actor, WRITE_ROLES, disclosure.unit)
    if validity not in dict(VALIDITY):
        raise _err("bad_validity", _("Unknown validity: %(v)s") % {"v": validity}, "validity")
    if validity != "valid" and not (reason or "").strip():
        raise _err("reason_required", _("Say why the record expired or was repealed."), "validity_reason")
    if on > today():
        raise _err("date_in_future", _("The date is in the future."), "validity_changed_on")
    before = audit.snapshot(disclosure)
    disclosure.validity, disclosure.validity_changed_on, disclosure.validity_reason = (
        validity,
        on,
        reason.strip(),
    )
    disclosure.save(update_fields=["validity", "validity_changed_on", "validity_reason", "updated_at"])
    audit.record_update(actor=actor, instance=disclosure, before=before, note="validity")
    _catalogue_changed()
    return disclosure


@transaction.atomic
def disclosure_report_upward(*, actor, disclosure: Disclosure, on: date):
    """Statistics are published before they are reported upward (公开在前, 审核上报在后)."""
    _require(actor, WRITE_ROLES, disclosure.unit)
    if disclosure.published_on is None or disclosure.published_on > on:
        raise _err("publish_first", _("Publish the figures before reporting them upward."), "reported_on")
    before = audit.snapshot(disclosure)
    disclosure.reported_on = on
    disclosure.save(update_fields=["reported_on", "updated_at"])
    audit.record_update(actor=actor, instance=disclosure, before=before, note="reported upward")
    return disclosure


@transaction.atomic
def disclosure_confirm_current(*, actor, disclosure: Disclosure, on: date | None = None):
    """The responsible unit checked a stale record: still current, its update cycle starts again."""
    _require(actor, WRITE_ROLES, disclosure.unit)
    cycle = disclosure.category.update_cycle_days
    if disclosure.status != "published" or not cycle:
        raise _err("no_cycle", _("Only a published record with an update cycle can be confirmed."))
    before = audit.snapshot(disclosure)
    disclosure.stale_after = (on or today()) + timedelta(days=cycle)
    disclosure.stale = False
    disclosure.save(update_fields=["stale_after", "stale", "updated_at"])
    audit.record_update(actor=actor, instance=disclosure, before=before, note="confirmed current")
    return disclosure


ATTACHMENT_MAX_BYTES = DOCUMENT_MAX_BYTES
ATTACHMENT_EXTENSIONS = {
    ".pdf",
    ".doc",
    ".docx",
    ".xls",
    ".xlsx",
    ".ofd",
    ".jpg",
    ".jpeg",
    ".png",
    ".zip",
    ".txt",
    ".csv",
}


@transaction.atomic
def attachment_add(*, actor, disclosure: Disclosure, upload, name: str = "") -> Attachment:
    """Attach a file to a record that has not been published yet (published records are fixed)."""
    _require(actor, WRITE_ROLES, disclosure.unit)
    if disclosure.status not in ("draft", "rejected"):
        raise _err(
            "not_editable", _("Only a draft or a record sent back can be edited."), status=disclosure.status
        )
    check_upload(upload, ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES, empty_ok=False)
    a = Attachment.objects.create(disclosure=disclosure, name=(name or upload.name)[:200], file=upload)
    audit.record_create(actor=actor, instance=a, unit=disclosure.unit)
    return a
