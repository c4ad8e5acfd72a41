"""The review chain of a disclosure list: draft, submit, 汇总审核 with 保密审查, 审定, 公布."""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit import actions as audit
from yangguang.core.errors import NotFound
from yangguang.orgs.models import Unit
from yangguang.workdays.queries import calendar

from .. import clock
from ..models import (
    Disclosure,
    DisclosureList,
    Publication,
)
from ._common import (
    APPROVE_ROLES,
    REVIEW_ROLES,
    WRITE_ROLES,
    _catalogue_changed,
    _err,
    _require,
    today,
)
from .channels import _check_channel


@transaction.atomic
def list_create(*, actor, unit: Unit, period: str, title: str = "") -> DisclosureList:
    _require(actor, WRITE_ROLES, unit)
    period = (period or "").strip()
    if not period:
        raise _err("period_required", _("A disclosure list needs its period (e.g. 2025-03)."), "period")
    lst = DisclosureList.objects.create(
        unit=unit, period=period[:20], title=(title or f"{unit.name} {period} 公开清单")[:200]
    )
    audit.record_create(actor=actor, instance=lst)
    return lst


def _locked_list(lst: DisclosureList) -> DisclosureList:
    return DisclosureList.objects.select_for_update().select_related("unit").get(pk=lst.pk)


@transaction.atomic
def list_add(*, actor, lst: DisclosureList, disclosures: list[Disclosure]) -> DisclosureList:
    lst = _locked_list(lst)
    _require(actor, WRITE_ROLES, lst.unit)
    if lst.status != "draft":
        raise _err(
            "list_not_draft", _("Items can be added only while the list is a draft."), status=lst.status
        )
    for d in disclosures:
        if not d.unit.path.startswith(lst.unit.path):
            raise NotFound()
        if d.status not in ("draft", "rejected"):
            raise _err(
                "not_listable", _("“%(t)s” is already on a list or published.") % {"t": d.title}, record=d.pk
            )
    for d in disclosures:
        before = audit.snapshot(d)
        d.disclosure_list, d.status, d.reject_reason = lst, "listed", ""
        d.save(update_fields=["disclosure_list", "status", "reject_reason", "updated_at"])
        audit.record_update(actor=actor, instance=d, before=before, note=f"listed on {lst.pk}")
    return lst


@transaction.atomic
def list_submit(*, actor, lst: DisclosureList) -> DisclosureList:
    lst = _locked_list(lst)
    _require(actor, WRITE_ROLES, lst.unit)
    if lst.status != "draft":
        raise _err("bad_transition", _("Only a draft list can be submitted."), status=lst.status)
    if not lst.items.exists():
        raise _err("list_empty", _("An empty list cannot be submitted."))
    return _move(actor, lst, "submitted")


def _move(actor, lst, status, **fields):
    before = audit.snapshot(lst)
    lst.status = status
    for k, v in fields.items():
        setattr(lst, k, v)
    lst.save()
    audit.record_update(actor=actor, instance=lst, before=before, note=status)
    return lst


@transaction.atomic
def list_review(
    *,
    actor,
    lst: DisclosureList,
    rejected: dict[int, str] | None = None,
    secrecy_checked: bool,
    note: str = "",
) -> DisclosureList:
    """汇总审核 with 保密审查: every item passes the confidentiality check or goes back with its reason."""
    lst = _locked_list(lst)
    _require(actor, REVIEW_ROLES, lst.unit)
    if lst.status != "submitted":
        raise _err("bad_transition", _("Only a submitted list can be reviewed."), status=lst.status)
    if not secrecy_checked:
        raise _err(
            "secrecy_check_required",
            _("Record the confidentiality check (保密审查) before passing a list."),
            "secrecy_checked",
        )
    rejected = {int(k): (v or "").strip() for k, v in (rejected or {}).items()}
    items = list(lst.items.all())
    ids = {d.pk for d in items}
    for pk, reason in rejected.items():
        if pk not in ids:
            raise _err("not_on_list", _("Record %(id)s is not on this list.") % {"id": pk}, record=pk)
        if not reason:
            raise _err("reason_required", _("Say why record %(id)s goes back.") % {"id": pk}, record=pk)
    if len(rejected) == len(items):
        raise _err("all_rejected", _("Every item went back: return the list to its drafter instead."))
    for d in items:
        before = audit.snapshot(d)
        if d.pk in rejected:
            d.status, d.reject_reason, d.disclosure_list = "rejected", rejected[d.pk][:300], None
        else:
            d.status, d.secrecy_checked, d.secrecy_note = "accepted", True, note[:300]
        d.save()
        audit.record_update(actor=actor, instance=d, before=before, note="review")
    return _move(actor, lst, "reviewed", reviewer=actor, review_note=note, reviewed_at=timezone.now())


@transaction.atomic
def list_return(*, actor, lst: DisclosureList, reason: str) -> DisclosureList:
    """Send a submitted or reviewed list back to its drafter."""
    lst = _locked_list(lst)
    _require(actor, REVIEW_ROLES, lst.unit)
    if lst.status not in ("submitted", "reviewed"):
        raise _err("bad_transition", _("Only a list under review can be sent back."), status=lst.status)
    if not (reason or "").strip():
        raise _err("reason_required", _("Say why the list goes back."), "reason")
    lst.items.update(status="listed")
    return _move(actor, lst, "draft", review_note=reason)


@transaction.atomic
def list_approve(*, actor, lst: DisclosureList, note: str = "") -> DisclosureList:
    """领导小组审定."""
    lst = _locked_list(lst)
    _require(actor, APPROVE_ROLES, lst.unit)
    if lst.status != "reviewed":
        raise _err("bad_transition", _("Only a reviewed list can be approved."), status=lst.status)
    return _move(actor, lst, "approved", approver=actor, approval_note=note[:300], approved_at=timezone.now())


@transaction.atomic
def list_publish(*, actor, lst: DisclosureList, on: date, channels: list[tuple[str, str]]) -> DisclosureList:
    """公布: every accepted item, as a whole, through the given channels. Prerequisites are enforced."""
    lst = _locked_list(lst)
    _require(actor, WRITE_ROLES, lst.unit)
    if lst.status != "approved":
        raise _err(
            "not_approved",
            _("A list is published only after the leading group approved it."),
            status=lst.status,
        )
    if on > today():
        raise _err("date_in_future", _("The publication date is in the future."), "published_on")
    if not channels:
        raise _err("channel_required", _("Choose at least one channel."), "channels")
    for ch, issue in channels:
        _check_channel(ch, issue)
    items = list(lst.items.filter(status="accepted").select_related("category"))
    for d in items:
        pre = d.category.prerequisite
        if pre in ("audit", "discussion") and (d.prerequisite_on is None or d.prerequisite_on > on):
            msg = (
                _("“%(t)s” needs its audit recorded before publication (理财审计在前, 核实公开在后).")
                if pre == "audit"
                else _(
                    "“%(t)s” needs its collective discussion recorded before publication (议事在前, 决策公开在后)."
                )
            )
            raise _err("prerequisite_missing", msg % {"t": d.title}, "prerequisite_on", record=d.pk)
        if pre == "publish_first" and d.reported_on and d.reported_on < on:
            raise _err(
                "publish_first",
                _("“%(t)s” was reported upward before publication.") % {"t": d.title},
                record=d.pk,
            )
    cal = calendar()
    pubs = []
    for d in items:
        before = audit.snapshot(d)
        d.status, d.published_on = "published", on
        d.late = clock.is_published_late(cal, d.formed_on, on)
        cycle = d.category.update_cycle_days
        d.stale_after = on + timedelta(days=cycle) if cycle else None
        d.save()
        if cycle:  # a newer record of a cyclic category replaces the older one (no longer watched)
            Disclosure.objects.filter(
                unit_id=d.unit_id,
                category_id=d.category_id,
                status="published",
                superseded=False,
                published_on__lte=on,
            ).exclude(pk=d.pk).update(superseded=True, stale=False)
        pubs += [
            Publication(disclosure=d, unit_id=d.unit_id, channel=ch, issue=issue.strip(), published_on=on)
            for ch, issue in channels
        ]
        audit.record_update(actor=actor, instance=d, before=before, note="published")
    Publication.objects.bulk_create(pubs)
    _catalogue_changed()
    return _move(actor, lst, "published", published_on=on)
