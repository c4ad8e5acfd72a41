"""Requests in every outcome of the annual report, with corrections, extensions, consultations, fees and appeals."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from yangguang.orgs.models import Unit
from yangguang.workdays.queries import calendar

from .. import actions, clock, fees
from .. import template as T
from ..models import Appeal, Consultation, Request
from ._common import TOPICS, _units

APPLICANTS = [
    "杨某",
    "段某",
    "李某",
    "赵某",
    "张某",
    "王某",
    "大理某商贸有限公司",
    "云南某律师事务所",
    "某研究院",
    "某公益基金会",
]


def _requests(root: Unit, year: int) -> int:
    rng = random.Random(33)
    cal = calendar().preload(year - 1, year + 2)
    units = [u for u in _units(root) if u.depth <= root.depth + 1]
    today = timezone.localdate()
    reqs: list[Request] = []
    consults: list[tuple[int, str, date, date | None]] = []
    specs = []
    # every outcome, several times; 2 of 5 applicants are organisations of each type
    for i, code in enumerate(T.OUTCOME_CODES * 6 + ["granted"] * 60 + ["partial"] * 20):
        received = date(year, 1, 2) + timedelta(days=rng.randrange(0, 330))
        specs.append((code, received, i))
    for i in range(12):  # carried over from the year before
        specs.append(
            ("granted" if i % 3 else "partial", date(year - 1, 12, 18) + timedelta(days=i), 1000 + i)
        )
    for i in range(8):  # carried forward into the next year
        specs.append(("granted", date(year, 12, 12) + timedelta(days=i), 2000 + i))
    for i in range(9):  # still being handled now
        specs.append(("", today - timedelta(days=3 + i * 2), 3000 + i))
    for code, received, i in specs:
        if received > today:
            received = today
        kind = "natural" if i % 5 < 3 else "organisation"
        org = "" if kind == "natural" else [c for c, _z, _e in T.ORG_TYPES][(i // 5) % 5]
        r = Request(
            unit=units[i % len(units)], number=f"YS{received:%Y%m%d}D{i:05d}", query_code=actions._new_code(),
            applicant_kind=kind, org_type=org, applicant_name=APPLICANTS[(i * 7) % len(APPLICANTS)] if kind == "natural" else APPLICANTS[6 + i % 4],
            contact="0872-0000000", content=f"申请公开{TOPICS[i % len(TOPICS)]}相关文件", channel=["online", "letter", "in_person", "fax"][i % 4],
            submitted_on=received, received_on=received, status="open", clock_start=received, due_on=received,
        )  # fmt: skip
        pauses = []
        if code == "other.no_correction" or (code and i % 9 == 0) or (not code and i % 3 == 0):
            r.correction_sent_on = cal.add_workdays(received, 3).date
            r.correction_notice = "请明确所需信息的名称、文号或者便于查询的其他特征性描述。"
            r.correction_due_on = clock.correction_reply_due(cal, r.correction_sent_on).date
            if code == "other.no_correction":
                r.status = "concluded"
            elif code:
                r.corrected_on = cal.add_workdays(r.correction_sent_on, 4).date
                r.correction_text = r.content + "（已补正：2024年以来的文件）"
            else:
                r.status = "correction"
        if (
            code == "other.no_fee"
            or (code in ("granted", "partial") and i % 11 == 0)
            or (not code and i == 3004)
        ):
            r.fee_method, r.fee_amount = "pages", Decimal(fees.fee_by_pages(40 + i % 50))
            r.fee_notice_on = cal.add_workdays(r.corrected_on or received, 5).date
            r.fee_due_on = clock.fee_payment_due(cal, r.fee_notice_on).date
            if code and code != "other.no_fee":
                r.fee_paid_on = cal.add_workdays(r.fee_notice_on, 6).date
            elif not code:
                r.status = "fee"
            pauses.append((r.fee_notice_on, r.fee_paid_on or r.fee_due_on))
        third = code in ("withheld.third_party", "partial") and i % 2 == 0
        if third:
            sent = cal.add_workdays(r.corrected_on or received, 4).date
            replied = cal.add_workdays(sent, 10).date
            pauses.append((sent, replied))
            consults.append((len(reqs), "某相关企业", sent, replied))
        if code and i % 13 == 0:
            r.extension_days, r.extension_reason = 20, "申请内容复杂，需调取多年档案"
            # decided and told within the original 20 working days (art. 33)
            r.extension_decided_on = r.extension_notice_on = cal.add_workdays(
                r.corrected_on or received, 15
            ).date
        c = clock.answer_clock(
            cal, received, corrected_on=r.corrected_on, pauses=pauses, extension_days=r.extension_days
        )
        r.clock_start, r.due_on = c.start, c.due
        if code == "other.no_correction":
            r.concluded_on = cal.add_workdays(r.correction_due_on, 1).date
        elif code == "other.no_fee":
            r.concluded_on = cal.add_workdays(r.fee_due_on, 1).date
            r.status = "concluded"
        elif code:
            ready = max(
                [c.start, r.fee_paid_on or c.start] + [rp for k, _p, _s, rp in consults if k == len(reqs)]
            )
            if 1000 <= i < 2000:  # carried over: answered on the last day, in the new year
                r.concluded_on = c.due
            elif i % 17 == 0:  # a few answered late
                r.concluded_on = c.due + timedelta(days=3)
            else:
                r.concluded_on = min(cal.add_workdays(ready, 2 + i % 8).date, c.due)
            r.status = "concluded"
        if r.status == "concluded":
            r.concluded_on = min(r.concluded_on, today)
            r.outcome = code
            r.outcome_reason = (
                ""
                if code == "granted"
                else f"依据《中华人民共和国政府信息公开条例》，{T.OUTCOME_ROW[code]}。"
            )
            r.reply = "<p>您申请的信息见附件，请查收。</p>" if code in ("granted", "partial") else ""
            r.overdue = r.concluded_on > r.due_on and code not in ("other.no_correction", "other.no_fee")
        else:
            r.overdue = r.status == "open" and today > r.due_on
        reqs.append(r)
    created = Request.objects.bulk_create(reqs, batch_size=1000)
    Consultation.objects.bulk_create(
        [
            Consultation(
                request=created[k],
                party=p,
                sent_on=s,
                due_on=clock.consultation_due(cal, s).date,
                replied_on=rp,
                opinion="不同意公开涉及商业秘密的部分",
            )
            for k, p, s, rp in consults
        ]
    )
    # one under administrative review, one lawsuit decided
    refused = [r for r in created if r.outcome == "withheld.process"]
    if refused:
        Appeal.objects.create(
            unit=refused[0].unit,
            request=refused[0],
            kind="review",
            filed_on=refused[0].concluded_on + timedelta(days=20),
            note="申请人不服不予公开决定",
        )
    partial = [r for r in created if r.outcome == "partial" and r.concluded_on.year == year]
    if partial:
        Appeal.objects.create(unit=partial[0].unit, request=partial[0], kind="litigation_direct", filed_on=partial[0].concluded_on + timedelta(days=30),
                              result="upheld", decided_on=partial[0].concluded_on + timedelta(days=90))  # fmt: skip
    return len(created)
