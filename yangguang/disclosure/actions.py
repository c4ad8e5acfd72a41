"""Every write of the disclosure domain: one transaction each, validated, audited."""

from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal

import nh3
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit import actions as audit
from yangguang.core.errors import DomainError, Forbidden, NotFound
from yangguang.core.uploads import DOCUMENT_MAX_BYTES, check_upload
from yangguang.orgs.models import Unit
from yangguang.orgs.queries import has_role, in_scope
from yangguang.workdays.queries import calendar

from . import clock, fees
from . import template as T
from .models import (
    AUDIENCES,
    CHANNELS,
    VALIDITY,
    Appeal,
    Attachment,
    Category,
    Consultation,
    Disclosure,
    DisclosureList,
    Publication,
    Request,
)

WRITE_ROLES = ("admin", "handler")
REVIEW_ROLES = ("admin", "leader", "supervisor")
APPROVE_ROLES = ("admin", "leader")
CHANNEL_CODES = {c for c, _l in CHANNELS}
ALLOWED_TAGS = {
    "p", "br", "strong", "b", "em", "i", "u", "ul", "ol", "li", "a", "h2", "h3", "h4", "table", "thead",
    "tbody", "tr", "th", "td", "blockquote", "span", "div", "hr", "sub", "sup",
}  # fmt: skip


def today() -> date:
    return timezone.localdate()


def sanitize(html: str) -> str:
    """Rich text bodies keep their structure, never their scripts."""
    return nh3.clean(html or "", tags=ALLOWED_TAGS, link_rel="noopener noreferrer")


def _require(actor, roles, unit: Unit) -> None:
    """Out of scope is a 404 like a missing object; in scope without the role is a 403."""
    if not has_role(actor, roles, unit):
        raise (
            Forbidden() if in_scope(actor, unit) and getattr(actor, "is_authenticated", False) else NotFound()
        )


def _catalogue_changed() -> None:
    """After commit, retire the cached public catalogue fragments (see public_views.catalogue)."""

    def bump():
        from django.core.cache import cache

        from .queries import CATALOGUE_VERSION_KEY

        try:
            cache.incr(CATALOGUE_VERSION_KEY)
        except ValueError:
            cache.set(CATALOGUE_VERSION_KEY, 2, None)

    transaction.on_commit(bump)


def _err(code: str, message, field: str | None = None, **details):
    if field:
        details["field"] = field
    return DomainError(code, message, details)


# -- records -------------------------------------------------------------------------------------
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


@transaction.atomic
def disclosure_add_channel(*, actor, disclosure: Disclosure, channel: str, on: date, issue: str = ""):
    """Publish an already published record through one more channel (a gazette issue, a broadcast …)."""
    _require(actor, WRITE_ROLES, disclosure.unit)
    if disclosure.status != "published":
        raise _err("not_approved", _("A record reaches the public only through an approved list."))
    _check_channel(channel, issue)
    if on < disclosure.published_on or on > today():
        raise _err(
            "bad_date",
            _("The publication date must lie between first publication and today."),
            "published_on",
        )
    p = Publication.objects.create(
        disclosure=disclosure, unit=disclosure.unit, channel=channel, issue=issue, published_on=on
    )
    audit.record_create(actor=actor, instance=p, unit=disclosure.unit)
    _catalogue_changed()
    return p


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
    check_upload(upload, ATTACHMENT_EXTENSIONS, ATTACHMENT_MAX_BYTES)
    a = Attachment.objects.create(disclosure=disclosure, name=(name or upload.name)[:200], file=upload)
    audit.record_create(actor=actor, instance=a, unit=disclosure.unit)
    return a


def _check_channel(channel: str, issue: str) -> None:
    if channel not in CHANNEL_CODES:
        raise _err("bad_channel", _("Unknown channel: %(c)s") % {"c": channel}, "channel")
    if channel in ("gazette", "press") and not (issue or "").strip():
        raise _err(
            "issue_required",
            _("A gazette needs its issue number and a press conference its session."),
            "issue",
        )


# -- the review chain ----------------------------------------------------------------------------
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


# -- requests ------------------------------------------------------------------------------------
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _new_code(n: int = 8) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(n))


def public_idempotency_key(client_key: str | None, unit: Unit, data: dict) -> str | None:
    """Anonymous filers share one key space: the key binds the client's token to the request's content,
    so a replay answers only someone who sends the very same request (never another citizen's code)."""
    if not client_key:
        return None
    import hashlib
    import json

    digest = hashlib.sha256(json.dumps([unit.pk, data], sort_keys=True, default=str).encode()).hexdigest()
    return f"{client_key[:64]}:{digest[:40]}"


def _reclock(req: Request, cal=None) -> None:
    cal = cal or calendar()
    pauses = [c.span for c in req.consultations.all()] if req.pk else []
    if req.fee_notice_on:
        pauses.append((req.fee_notice_on, req.fee_paid_on or req.fee_due_on))
    if req.status == "correction" and req.correction_sent_on:  # stopped until the correction arrives
        pauses.append((req.correction_sent_on, req.correction_due_on))
    c = clock.answer_clock(
        cal, req.received_on, corrected_on=req.corrected_on, pauses=pauses, extension_days=req.extension_days
    )
    req.clock_start, req.due_on, req.due_verified = c.start, c.due, c.verified
    req.overdue = req.status == "open" and today() > c.due


@transaction.atomic
def request_file(
    *,
    actor=None,
    unit: Unit,
    applicant_kind: str,
    applicant_name: str,
    content: str,
    org_type: str = "",
    applicant_id: str = "",
    contact: str = "",
    purpose: str = "",
    channel: str = "online",
    submitted_on: date | None = None,
    signed_on: date | None = None,
    confirmed_on: date | None = None,
) -> Request:
    """File a request (a citizen on the public site, or staff recording a letter or a visit)."""
    now = today()
    if not (content or "").strip():
        raise _err("content_required", _("Describe the information you are asking for."), "content")
    if not (applicant_name or "").strip():
        raise _err("applicant_required", _("Give the applicant's name."), "applicant_name")
    if applicant_kind not in ("natural", "organisation"):
        raise _err(
            "bad_applicant", _("The applicant is a natural person or an organisation."), "applicant_kind"
        )
    if applicant_kind == "organisation" and org_type not in {c for c, _z, _e in T.ORG_TYPES}:
        raise _err("org_type_required", _("Choose the organisation's type."), "org_type")
    if channel not in dict(Request.REQUEST_CHANNELS):
        raise _err("bad_channel", _("Unknown channel: %(c)s") % {"c": channel}, "channel")
    if actor is not None and getattr(actor, "is_authenticated", False):
        _require(actor, WRITE_ROLES, unit)
    submitted_on = submitted_on or now
    received = clock.receipt_date(channel, submitted_on, signed_on=signed_on, confirmed_on=confirmed_on)
    if submitted_on > now or received > now:
        raise _err("date_in_future", _("The date received is in the future."), "received_on")
    if received < submitted_on:
        raise _err("bad_receipt", _("A request cannot be received before it was sent."), "received_on")
    req = Request(
        unit=unit,
        query_code=_new_code(),
        applicant_kind=applicant_kind,
        org_type=org_type if applicant_kind == "organisation" else "",
        applicant_name=applicant_name.strip()[:200],
        applicant_id=(applicant_id or "").strip()[:60],
        contact=(contact or "").strip()[:300],
        content=content.strip(),
        purpose=(purpose or "").strip()[:300],
        channel=channel,
        submitted_on=submitted_on,
        received_on=received,
        handler=actor if getattr(actor, "is_authenticated", False) else None,
    )
    _reclock(req)
    for _attempt in range(5):
        req.number = f"YS{received:%Y%m%d}{secrets.randbelow(10**6):06d}"
        try:
            with transaction.atomic():
                req.save()
            break
        except IntegrityError:
            continue
    audit.record_create(actor=actor if getattr(actor, "is_authenticated", False) else None, instance=req)
    return req


def _locked(req: Request) -> Request:
    return Request.objects.select_for_update().select_related("unit").get(pk=req.pk)


def _save(actor, req: Request, before: dict, note: str) -> Request:
    _reclock(req)
    req.save()
    audit.record_update(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        instance=req,
        before=before,
        note=note,
    )
    return req


@transaction.atomic
def request_send_correction(
    *, actor, request: Request, notice: str, on: date | None = None, days: int = clock.DEFAULT_CORRECTION_DAYS
):
    """补正 (art. 30): one notice, within 7 working days of receipt; the clock stops until the correction."""
    req = _locked(request)
    _require(actor, WRITE_ROLES, req.unit)
    on = on or today()
    if req.status != "open":
        raise _err(
            "bad_transition",
            _("Only a request being handled can get a correction notice."),
            status=req.status,
        )
    if req.correction_sent_on:
        raise _err("second_correction", _("A correction notice is sent only once."))
    if not (notice or "").strip():
        raise _err("notice_required", _("Say what must be corrected and how."), "correction_notice")
    cal = calendar()
    if on < req.received_on or on > clock.correction_notice_due(cal, req.received_on).date:
        raise _err(
            "correction_too_late",
            _("A correction notice goes out within 7 working days of receipt."),
            "correction_sent_on",
        )
    if not 1 <= days <= 60:
        raise _err("bad_days", _("The correction period is 1 to 60 working days."), "days")
    before = audit.snapshot(req)
    req.status, req.correction_notice, req.correction_sent_on = "correction", notice.strip(), on
    req.correction_due_on = clock.correction_reply_due(cal, on, days).date
    return _save(actor, req, before, "correction notice")


@transaction.atomic
def request_correct(*, actor=None, request: Request, text: str, on: date | None = None):
    """The corrected request arrives: the 20 working days start again from today."""
    req = _locked(request)
    on = on or today()
    if actor is not None and getattr(actor, "is_authenticated", False):
        _require(actor, WRITE_ROLES, req.unit)
    if req.status != "correction":
        raise _err("bad_transition", _("This request is not awaiting a correction."), status=req.status)
    if not (text or "").strip():
        raise _err("content_required", _("Describe the information you are asking for."), "correction_text")
    if on < req.correction_sent_on or on > today():
        raise _err(
            "bad_date", _("The correction date must lie between the notice and today."), "corrected_on"
        )
    if on > req.correction_due_on:
        raise _err("correction_expired", _("The correction period has ended."), "corrected_on")
    before = audit.snapshot(req)
    req.status, req.corrected_on, req.correction_text = "open", on, text.strip()
    return _save(actor, req, before, "corrected")


@transaction.atomic
def request_consult(*, actor, request: Request, party: str, on: date | None = None) -> Consultation:
    """Art. 32: ask a third party; its 15 working days are excluded from the clock."""
    req = _locked(request)
    _require(actor, WRITE_ROLES, req.unit)
    on = on or today()
    if req.status != "open":
        raise _err(
            "bad_transition",
            _("Only a request being handled can be sent to a third party."),
            status=req.status,
        )
    if not (party or "").strip():
        raise _err("party_required", _("Name the third party."), "party")
    if on < req.clock_start or on > today():
        raise _err("bad_date", _("The consultation date must lie between receipt and today."), "sent_on")
    c = Consultation.objects.create(
        request=req, party=party.strip()[:200], sent_on=on, due_on=clock.consultation_due(calendar(), on).date
    )
    audit.record_create(actor=actor, instance=c, unit=req.unit)
    before = audit.snapshot(req)
    _save(actor, req, before, "consultation")
    return c


@transaction.atomic
def consultation_reply(
    *, actor, consultation: Consultation, on: date | None = None, opinion: str = ""
) -> Consultation:
    c = Consultation.objects.select_for_update().select_related("request__unit").get(pk=consultation.pk)
    req = _locked(c.request)
    _require(actor, WRITE_ROLES, req.unit)
    on = on or today()
    if c.replied_on:
        raise _err("already_replied", _("The third party's answer is already recorded."))
    if on < c.sent_on or on > today():
        raise _err("bad_date", _("The answer date must lie between sending and today."), "replied_on")
    before_c = audit.snapshot(c)
    c.replied_on, c.opinion = on, (opinion or "").strip()
    c.save()
    audit.record_update(actor=actor, instance=c, before=before_c, unit=req.unit)
    _save(actor, req, audit.snapshot(req), "consultation answered")
    return c


@transaction.atomic
def request_extend(*, actor, request: Request, days: int, reason: str) -> Request:
    """One extension of at most 20 working days, approved by the head of the disclosure office."""
    req = _locked(request)
    _require(actor, APPROVE_ROLES, req.unit)
    if req.status == "concluded":
        raise _err("bad_transition", _("A concluded request cannot be extended."), status=req.status)
    try:
        clock.check_extension(req.extension_days, int(days))
    except clock.ClockError as e:
        msg = (
            _("A request can be extended only once.")
            if e.code == "second_extension"
            else _("An extension is 1 to 20 working days.")
        )
        raise _err(e.code, msg, "extension_days")
    if not (reason or "").strip():
        raise _err("reason_required", _("Give the reason for the extension."), "extension_reason")
    before = audit.snapshot(req)
    req.extension_days, req.extension_reason, req.extension_approver = int(days), reason.strip()[:300], actor
    return _save(actor, req, before, "extended")


@transaction.atomic
def request_fee_notice(
    *, actor, request: Request, method: str, pages: int = 0, on: date | None = None
) -> Request:
    """A fee notice by 国办函〔2020〕109号; the clock stops until payment."""
    req = _locked(request)
    _require(actor, WRITE_ROLES, req.unit)
    on = on or today()
    if req.status != "open":
        raise _err(
            "bad_transition", _("Only a request being handled can get a fee notice."), status=req.status
        )
    if req.fee_notice_on:
        raise _err("second_fee", _("A fee notice was already sent."))
    if method == "count":
        month_start = req.received_on.replace(day=1)
        key = (
            {"applicant_id": req.applicant_id} if req.applicant_id else {"applicant_name": req.applicant_name}
        )
        nth = (
            Request.objects.filter(
                unit=req.unit, received_on__gte=month_start, received_on__lte=req.received_on, **key
            )
            .filter(pk__lte=req.pk)
            .count()
        )
        amount = fees.fee_for_nth_request(max(nth, 1))
    elif method == "pages":
        if int(pages) < 1:
            raise _err("pages_required", _("Give the number of pages."), "pages")
        amount = fees.fee_by_pages(int(pages))
    else:
        raise _err("bad_method", _("The fee is charged by count or by pages."), "fee_method")
    if amount <= 0:
        raise _err("no_fee", _("No fee is due under the 109号 tiers."), "fee_amount")
    if on < req.clock_start or on > today():
        raise _err("bad_date", _("The notice date must lie between receipt and today."), "fee_notice_on")
    before = audit.snapshot(req)
    req.status, req.fee_method, req.fee_amount, req.fee_notice_on = "fee", method, Decimal(amount), on
    req.fee_due_on = clock.fee_payment_due(calendar(), on).date
    return _save(actor, req, before, "fee notice")


@transaction.atomic
def request_fee_paid(*, actor, request: Request, on: date | None = None) -> Request:
    req = _locked(request)
    _require(actor, WRITE_ROLES, req.unit)
    on = on or today()
    if req.status != "fee":
        raise _err("bad_transition", _("This request is not awaiting a fee."), status=req.status)
    if on < req.fee_notice_on or on > req.fee_due_on or on > today():
        raise _err("bad_date", _("Payment must fall between the notice and its deadline."), "fee_paid_on")
    before = audit.snapshot(req)
    req.status, req.fee_paid_on = "open", on
    return _save(actor, req, before, "fee paid")


@transaction.atomic
def request_conclude(
    *, actor, request: Request, outcome: str, reason: str = "", reply: str = "", on: date | None = None
) -> Request:
    """Answer the request with one of the annual report's outcomes; every refusal states its reason."""
    req = _locked(request)
    _require(actor, WRITE_ROLES, req.unit)
    on = on or today()
    if req.status == "concluded":
        raise _err("bad_transition", _("This request is already concluded."), status=req.status)
    if outcome not in T.OUTCOME_CODES:
        raise _err("outcome_required", _("Choose the outcome."), "outcome")
    if outcome != "granted" and not (reason or "").strip():
        raise _err(
            "reason_required",
            _("An outcome other than full disclosure needs its reasons and legal basis."),
            "outcome_reason",
        )
    if outcome in ("granted", "partial") and not (reply or "").strip():
        raise _err("reply_required", _("Write the reply with the information or where to find it."), "reply")
    if on < req.received_on or on > today():
        raise _err("bad_date", _("The answer date must lie between receipt and today."), "concluded_on")
    before = audit.snapshot(req)
    req.status, req.outcome, req.outcome_reason, req.reply, req.concluded_on = (
        "concluded",
        outcome,
        (reason or "").strip(),
        sanitize(reply or ""),
        on,
    )
    req.handler = actor
    _reclock(req)
    req.overdue = on > req.due_on
    req.save()
    audit.record_update(actor=actor, instance=req, before=before, note=f"concluded {outcome}")
    return req


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
