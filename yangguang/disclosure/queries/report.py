"""The 政府信息公开工作年度报告 tables from the data."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import Count, Q, Sum

from yangguang.orgs.models import Unit

from .. import template as T
from ..models import (
    CHANNELS,
    Appeal,
    Disclosure,
    Publication,
    ReportNarrative,
    Request,
)
from ._common import _subtree


def annual_report(unit: Unit, year: int) -> dict:
    """政府信息公开工作年度报告 tables 二, 三, 四 and the channel statistics, for a unit and its subtree."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    sub = _subtree(unit)
    recs = Disclosure.objects.filter(unit_id__in=sub, status="published")
    rows = {
        r["category__report_kind"]: r
        for r in recs.exclude(category__report_kind="")
        .values("category__report_kind")
        .annotate(
            made=Count("id", filter=Q(formed_on__gte=first, formed_on__lte=last)),
            # 本年废止: repealed in the year only; documents that merely expired are counted apart
            abolished=Count(
                "id",
                filter=Q(validity="repealed", validity_changed_on__gte=first, validity_changed_on__lte=last),
            ),
            expired=Count(
                "id",
                filter=Q(validity="expired", validity_changed_on__gte=first, validity_changed_on__lte=last),
            ),
            in_force=Count(
                "id",
                filter=Q(formed_on__lte=last) & (Q(validity="valid") | Q(validity_changed_on__gt=last)),
            ),
            amount=Sum("amount", filter=Q(formed_on__gte=first, formed_on__lte=last)),
        )
    }
    t2_rows = []
    for kind, name in T.T2_REGULATION_ROWS.items():
        r = rows.get(kind, {})
        t2_rows.append(
            {
                "section": "第二十条第（一）项",
                "name": name,
                "cells": {
                    "本年制发件数": r.get("made", 0),
                    "本年废止件数": r.get("abolished", 0),
                    "现行有效件数": r.get("in_force", 0),
                },
            }
        )
    sections = {
        "license": "第二十条第（五）项",
        "penalty": "第二十条第（六）项",
        "coercion": "第二十条第（六）项",
    }
    for kind, name in T.T2_DECISION_ROWS.items():
        t2_rows.append(
            {
                "section": sections[kind],
                "name": name,
                "cells": {"本年处理决定数量": rows.get(kind, {}).get("made", 0)},
            }
        )
    fee = rows.get("fee", {}).get("amount") or Decimal(0)
    t2_rows.append(
        {
            "section": "第二十条第（八）项",
            "name": T.T2_FEE_ROW,
            "cells": {"本年收费金额（单位：万元）": float(round(fee / Decimal(10000), 4))},
        }
    )

    reqs = Request.objects.filter(unit_id__in=sub)

    def by_applicant(qs) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for r in qs.values("applicant_kind", "org_type").annotate(n=Count("id")):
            code = "natural" if r["applicant_kind"] == "natural" else (r["org_type"] or "other")
            out[code] += r["n"]
        return out

    outcomes: dict[tuple[str, str], int] = defaultdict(int)
    for r in (
        reqs.filter(status="concluded", concluded_on__gte=first, concluded_on__lte=last)
        .values("outcome", "applicant_kind", "org_type")
        .annotate(n=Count("id"))
    ):
        code = "natural" if r["applicant_kind"] == "natural" else (r["org_type"] or "other")
        outcomes[(r["outcome"] or "other.other", code)] += r["n"]
    open_at = Q(concluded_on__isnull=True)
    t3 = T.table3(
        T.Table3Input(
            new=by_applicant(reqs.filter(received_on__gte=first, received_on__lte=last)),
            carried_in=by_applicant(
                reqs.filter(received_on__lt=first).filter(open_at | Q(concluded_on__gte=first))
            ),
            carried_out=by_applicant(
                reqs.filter(received_on__lte=last).filter(open_at | Q(concluded_on__gt=last))
            ),
            outcomes=dict(outcomes),
        )
    )
    # Table 四 counts a review or lawsuit in the year it was filed (尚未审结 if undecided at year end)
    # and again, with its result, in the year it was decided when that is a later year.
    appeals: dict[tuple[str, str], int] = defaultdict(int)
    for a in (
        Appeal.objects.filter(unit_id__in=sub)
        .filter(
            Q(filed_on__gte=first, filed_on__lte=last)
            | Q(filed_on__lt=first, decided_on__gte=first, decided_on__lte=last)
        )
        .values("kind", "result", "decided_on")
    ):
        result = a["result"] if a["decided_on"] and a["decided_on"] <= last else "pending"
        appeals[(a["kind"], result)] += 1
    fees_paid = reqs.filter(fee_paid_on__gte=first, fee_paid_on__lte=last).aggregate(
        n=Count("id"), total=Sum("fee_amount")
    )
    narrative = ReportNarrative.objects.filter(unit=unit, year=year).first()

    pubs = Publication.objects.filter(unit_id__in=sub, published_on__gte=first, published_on__lte=last)
    per_channel = {
        r["channel"]: r
        for r in pubs.values("channel").annotate(
            n=Count("disclosure_id", distinct=True), issues=Count("issue", distinct=True)
        )
    }
    total_records = recs.filter(published_on__gte=first, published_on__lte=last).count()
    channel_rows = []
    for code, _label in CHANNELS:
        r = per_channel.get(code, {})
        channel_rows.append(
            {
                "channel": code,
                "name": T.CHANNEL_ZH[code],
                "records": r.get("n", 0),
                "sessions_or_issues": r.get("issues", 0) if code in ("gazette", "press") else None,
            }
        )
    t3_checks = T.table3_checks(t3)
    return {
        "unit": {"code": unit.code, "name": unit.name},
        "year": year,
        "table_2": {"title": "二、主动公开政府信息情况", "rows": t2_rows},
        "table_3": {"title": "三、收到和处理政府信息公开申请情况", **t3},
        "table_4": {"title": "四、政府信息公开行政复议、行政诉讼情况", **T.table4(appeals)},
        "channels": {"title": "主动公开渠道统计", "total_records": total_records, "rows": channel_rows},
        "checks": {"table_3": t3_checks, "ok": all(c["ok"] for c in t3_checks)},
        "table_2_expired": {
            T.T2_REGULATION_ROWS[k]: rows.get(k, {}).get("expired", 0) for k in T.T2_REGULATION_ROWS
        },
        # the parts the office writes (一, 五, 六) and the fees line of 六 (国办函〔2020〕109号)
        "parts": {
            "overview": narrative.overview if narrative else "",
            "problems": narrative.problems if narrative else "",
            "other": narrative.other if narrative else "",
            "fees": {
                "requests": fees_paid["n"],
                "amount": str((fees_paid["total"] or Decimal(0)).quantize(Decimal("0.01"))),
            },
        },
    }


def report_get(*, actor, unit_code: str, year: int) -> dict:
    from yangguang.orgs.queries import unit_get

    unit = unit_get(actor=actor, code=unit_code)
    return annual_report(unit, year)


# -- metrics (fn(ids, start, end) -> {id: value}, each unit's subtree included) ---------------------
