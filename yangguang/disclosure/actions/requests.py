"""Requests (依申请公开): filing, correction, third parties, extension, fees, the answer — on the statutory clock."""

from __future__ import annotations

import secrets
from datetime import date
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from yangguang.audit import actions as audit
from yangguang.orgs.models import Unit
from yangguang.workdays.queries import calendar

from .. import clock, fees
from .. import template as T
from ..models import (
    Consultation,
    Request,
)
from ._common import (
    APPROVE_ROLES,
    WRITE_ROLES,
    _err,
    _require,
    sanitize,
    today,
)


def _fmt(message, **params):
    """A lazy message with its figures: each reader still gets it in their language (errors.both)."""
    return lazy(lambda: str(message) % params, str)()


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


# A request's text is read by a person; anything longer is not a request (issue 16: anonymous filers
# stored megabytes). The short fields are cut to their columns.
CONTENT_MAX_CHARS = 5000


def _bounded(text: str, field: str) -> None:
    if len(text or "") > CONTENT_MAX_CHARS:
        raise _err(
            "too_long",
            _("At most %(n)s characters, please.") % {"n": CONTENT_MAX_CHARS},
            field,
        )


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
    _bounded(content, "content")
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
    _bounded(text, "correction_text")
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
def request_extend(
    *,
    actor,
    request: Request,
    days: int,
    reason: str,
    on: date | None = None,
    notice_on: date | None = None,
) -> Request:
    """Art. 33: one extension of at most 20 working days, approved by the head of the disclosure office
    (the actor) and told to the applicant, both within the original 20 working days. An extension
    decided after the due date is refused: the request stays overdue."""
    req = _locked(request)
    _require(actor, APPROVE_ROLES, req.unit)
    if req.status == "concluded":
        raise _err(
            "bad_transition",
            _("A concluded request cannot be extended (the decision came first)."),
            status=req.status,
        )
    try:
        days = int(days)
    except (TypeError, ValueError):
        raise _err("extension_too_long", _("An extension is 1 to 20 working days."), "extension_days")
    try:
        clock.check_extension(req.extension_days, days)
    except clock.ClockError as e:
        msg = (
            _("A request can be extended only once.")
            if e.code == "second_extension"
            else _("An extension is 1 to 20 working days.")
        )
        raise _err(e.code, msg, "extension_days")
    if not (reason or "").strip():
        raise _err("reason_required", _("Give the reason for the extension."), "extension_reason")
    on = on or today()
    notice_on = notice_on or on
    if on < req.received_on or on > today():
        raise _err(
            "bad_date",
            _("The extension date must lie between receipt and today."),
            "extension_decided_on",
        )
    if on > req.due_on:
        raise _err(
            "extension_too_late",
            _fmt(
                _(
                    "An extension must be decided within the original time limit (due %(due)s); "
                    "this request stays overdue."
                ),
                due=req.due_on.isoformat(),
            ),
            "extension_decided_on",
            due_on=req.due_on.isoformat(),
        )
    if notice_on < on or notice_on > req.due_on or notice_on > today():
        raise _err(
            "notice_too_late",
            _fmt(
                _(
                    "The applicant must be told of the extension within the original time limit (due %(due)s)."
                ),
                due=req.due_on.isoformat(),
            ),
            "extension_notice_on",
        )
    before = audit.snapshot(req)
    req.extension_days, req.extension_reason, req.extension_approver = int(days), reason.strip()[:300], actor
    req.extension_decided_on, req.extension_notice_on = on, notice_on
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
