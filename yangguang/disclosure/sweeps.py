"""The disclosure sweep: staleness, overdue requests, expired corrections and unpaid fees.

Idempotent; each row is claimed with a conditional UPDATE (`… WHERE status = 'correction'`), so two
workers running at once never close the same request twice.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from yangguang.audit import actions as audit

from .models import Disclosure, Request


def tick(now: datetime) -> dict:
    today = timezone.localdate(now) if timezone.is_aware(now) else now.date()
    stale = Disclosure.objects.filter(
        stale=False, superseded=False, status="published", validity="valid", stale_after__lt=today
    ).update(stale=True)
    overdue = Request.objects.filter(overdue=False, due_on__lt=today, status="open").update(overdue=True)
    no_correction = _close("correction", "correction_due_on", "other.no_correction", today,
                           "申请人无正当理由逾期不补正，本机关不再处理其政府信息公开申请。")  # fmt: skip
    no_fee = _close("fee", "fee_due_on", "other.no_fee", today,
                    "申请人逾期未按收费通知要求缴纳费用，本机关不再处理其政府信息公开申请。")  # fmt: skip
    return {
        "stale_records": stale,
        "overdue_requests": overdue,
        "closed_no_correction": no_correction,
        "closed_no_fee": no_fee,
    }


def _close(status: str, deadline: str, outcome: str, today, reason: str) -> int:
    closed = 0
    ids = list(
        Request.objects.filter(status=status, **{f"{deadline}__lt": today}).values_list("id", flat=True)[
            :5000
        ]
    )
    for pk in ids:
        with transaction.atomic():
            n = Request.objects.filter(pk=pk, status=status).update(
                status="concluded",
                outcome=outcome,
                outcome_reason=reason,
                concluded_on=today,
                overdue=False,  # the clock stood still while waiting for the applicant
            )
            if n:  # this worker claimed it
                req = Request.objects.select_related("unit").get(pk=pk)
                audit.record(
                    actor=None,
                    action="update",
                    instance=req,
                    after={"status": "concluded", "outcome": outcome, "concluded_on": today},
                    note="sweep",
                )
                closed += 1
    return closed
