"""Reads of the disclosure domain, scoped to the actor (missing and out of scope: the same 404)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import NotFound
from yangguang.orgs.models import Unit
from yangguang.orgs.queries import scope_q

from . import clock
from . import template as T
from .models import (
    CHANNELS,
    Appeal,
    Category,
    Disclosure,
    DisclosureList,
    Publication,
    ReportNarrative,
    Request,
)

# -- staff reads ---------------------------------------------------------------------------------


def disclosure_list(
    *, actor, unit: Unit | None = None, status: str = "", category: str = "", q: str = "", late: bool = False,
    stale: bool = False,
) -> QuerySet:  # fmt: skip
    qs = Disclosure.objects.filter(scope_q(actor, "unit__path")).select_related("unit", "category")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category__code=category)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(doc_number__icontains=q))
    if late:
        qs = qs.filter(Q(late=True) | Q(published_on__isnull=True, due_on__lt=timezone.localdate()))
    if stale:
        qs = qs.filter(stale=True, superseded=False)
    return qs.order_by("-formed_on", "-id")


def disclosure_get(*, actor, disclosure_id) -> Disclosure:
    try:
        return (
            Disclosure.objects.filter(scope_q(actor, "unit__path"))
            .select_related("unit", "category", "disclosure_list")
            .get(pk=disclosure_id)
        )
    except (Disclosure.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def list_list(*, actor, status: str = "") -> QuerySet:
    qs = (
        DisclosureList.objects.filter(scope_q(actor, "unit__path"))
        .select_related("unit")
        .annotate(n=Count("items"))
    )
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at")


def list_get(*, actor, list_id) -> DisclosureList:
    try:
        return (
            DisclosureList.objects.filter(scope_q(actor, "unit__path")).select_related("unit").get(pk=list_id)
        )
    except (DisclosureList.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def request_list(
    *, actor, status: str = "", q: str = "", overdue: bool = False, unit: Unit | None = None
) -> QuerySet:
    qs = Request.objects.filter(scope_q(actor, "unit__path")).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if status:
        qs = qs.filter(status=status)
    if q:
        qs = qs.filter(Q(number__icontains=q) | Q(applicant_name__icontains=q) | Q(content__icontains=q))
    if overdue:
        qs = qs.exclude(status="concluded").filter(due_on__lt=timezone.localdate())
    return qs.order_by("-received_on", "-id")


def request_get(*, actor, request_id) -> Request:
    try:
        return Request.objects.filter(scope_q(actor, "unit__path")).select_related("unit").get(pk=request_id)
    except (Request.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def appeal_list(*, actor) -> QuerySet:
    return Appeal.objects.filter(scope_q(actor, "unit__path")).select_related("unit", "request")


def stale_by_unit_and_category(*, actor, limit: int = 15) -> list[dict]:
    """Units and categories past their update cycle (for the responsible unit and its supervisors)."""
    return list(
        disclosure_list(actor=actor, stale=True)
        .order_by()
        .values("unit__name", "category__name", "category__update_cycle_days")
        .annotate(n=Count("id"))
        .order_by("-n", "unit__name")[:limit]
    )


def categories() -> list[Category]:
    return list(Category.objects.select_related("parent").order_by("order", "code"))


def dashboard(*, actor, today: date | None = None) -> dict:
    today = today or timezone.localdate()
    recs = Disclosure.objects.filter(scope_q(actor, "unit__path"))
    reqs = Request.objects.filter(scope_q(actor, "unit__path"))
    year_start = today.replace(month=1, day=1)
    r = recs.aggregate(
        published=Count("id", filter=Q(published_on__gte=year_start)),
        late=Count("id", filter=Q(published_on__gte=year_start, late=True)),
        unpublished_overdue=Count("id", filter=Q(published_on__isnull=True, due_on__lt=today)),
        stale=Count("id", filter=Q(stale=True, superseded=False)),
    )
    q = reqs.aggregate(
        open=Count("id", filter=~Q(status="concluded")),
        overdue=Count("id", filter=~Q(status="concluded") & Q(due_on__lt=today)),
        received=Count("id", filter=Q(received_on__gte=year_start)),
        correction=Count("id", filter=Q(status="correction")),
        fee=Count("id", filter=Q(status="fee")),
    )
    lists = DisclosureList.objects.filter(scope_q(actor, "unit__path")).exclude(status="published").count()
    return {"records": r, "requests": q, "lists_in_progress": lists}


# -- the public ----------------------------------------------------------------------------------
CATALOGUE_VERSION_KEY = "disclosure:catalogue:version"


def catalogue_version() -> int:
    """Bumped whenever something public changes; part of every cached catalogue fragment's key."""
    from django.core.cache import cache

    return cache.get_or_set(CATALOGUE_VERSION_KEY, 1, None)


def public_records() -> QuerySet:
    return Disclosure.objects.filter(status="published", audience="public")


def public_catalogue(
    *, category: str = "", unit: str = "", q: str = "", page: int = 1, per_page: int = 20
) -> dict:
    """One page of the public catalogue, newest first; no COUNT over the whole table."""
    qs = public_records()
    cat = None
    if category:
        cat = Category.objects.filter(code=category).first()
        if cat is None:
            raise NotFound()
        codes = [cat.pk] + list(Category.objects.filter(parent=cat).values_list("pk", flat=True))
        qs = qs.filter(category_id__in=codes)
    u = None
    if unit:
        u = Unit.objects.filter(code=unit).first()
        if u is None:
            raise NotFound()
        qs = qs.filter(unit_id__in=_subtree(u))
    q = (q or "").strip()[:100]
    page = max(1, min(int(page or 1), 500))
    fields = ("id", "title", "doc_number", "published_on", "unit__code", "unit__name")
    fields += ("category__code", "category__name")
    if q:  # the search index (disclosure/search.py), best first: no scan of the table for a rare word
        from yangguang.core.search import parse_with_synonyms

        from . import search

        flt = search.filters(category=category, unit=unit)
        found = search.search(parse_with_synonyms(q), flt=flt, limit=per_page, offset=(page - 1) * per_page)
        order = {r["id"]: i for i, r in enumerate(found["results"])}
        rows = sorted(qs.filter(pk__in=list(order)).values(*fields), key=lambda r: order[r["id"]])
        has_next = found["more"]
    else:
        # Plain rows, not model instances: this is the busiest public page.
        rows = list(
            qs.order_by("-published_on", "-id").values(*fields)[(page - 1) * per_page : page * per_page + 1]
        )
        has_next = len(rows) > per_page
    for r in rows:
        r["published"] = r["published_on"].isoformat() if r["published_on"] else ""
    return {
        "records": rows[:per_page],
        "page": page,
        "has_next": has_next,
        "category": cat,
        "unit": u,
        "q": q,
    }


def public_record_get(record_id) -> Disclosure:
    try:
        return public_records().select_related("unit", "category").get(pk=record_id)
    except (Disclosure.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def request_track(*, number: str, code: str) -> Request:
    """A requester follows a request with its number and query code; a wrong pair is a plain 404."""
    number, code = (number or "").strip().upper(), (code or "").strip().upper()
    if not number or not code:
        raise NotFound()
    r = Request.objects.select_related("unit").filter(number=number).first()
    if r is None or not _same(r.query_code, code):
        raise NotFound()
    return r


CLOCK_LABELS = {
    "received": _("Request received"),
    "correction_notice": _("Correction notice sent (period to correct)"),
    "corrected": _("Corrected request received: the clock starts again"),
    "limit": _("Time limit for the answer"),
    "extension": _("Extension (decided → applicant told)"),
    "consultation": _("Third-party consultation (sent → answered or its deadline)"),
    "fee": _("Fee notice (sent → paid or its deadline)"),
    "awaiting_correction": _("Awaiting the correction"),
}


def request_clock(req: Request, today: date | None = None) -> dict:
    """The lines that add up to the request's due date, labelled, with today's light (open requests)."""
    from yangguang.workdays.queries import calendar

    cal = calendar()
    cons = [(c.party, c.sent_on, c.replied_on, c.due_on) for c in req.consultations.all()]
    ex = clock.explain_request(cal, req, cons)
    today = today or timezone.localdate()
    lines = [
        {
            "kind": ln.kind,
            "label": str(CLOCK_LABELS.get(ln.kind, ln.kind)),
            "on": ln.on,
            "last": ln.last,
            "days": ln.days,
            "article": ln.article,
            "note": ln.note,
        }
        for ln in ex.lines
    ]
    light = clock.light(today, ex.due, cal) if req.status == "open" else ""
    return {
        "start": ex.start,
        "lines": lines,
        "total": ex.total,
        "due": ex.due,
        "verified": ex.verified,
        "light": light,
    }


def _same(a: str, b: str) -> bool:
    import hmac

    return hmac.compare_digest(a.encode(), b.encode())


def dcat(*, modified_since: datetime | None = None, limit: int = 500, base_url: str = "") -> dict:
    """An incremental DCAT-style catalogue of public records for a higher-level portal to harvest."""
    qs = public_records().select_related("unit", "category")
    if modified_since is not None:
        qs = qs.filter(updated_at__gt=modified_since)
    rows = list(qs.order_by("updated_at", "id")[: limit + 1])
    more = len(rows) > limit
    rows = rows[:limit]
    datasets = [
        {
            "@type": "dcat:Dataset",
            "identifier": f"disclosure-{d.pk}",
            "dct:title": d.title,
            "dct:identifier": d.doc_number,
            "dct:publisher": {"name": d.unit.name, "code": d.unit.code},
            "dcat:theme": {"code": d.category.code, "name": d.category.name},
            "dct:issued": d.published_on.isoformat() if d.published_on else None,
            "dct:created": d.formed_on.isoformat(),
            "dct:modified": d.updated_at.isoformat(),
            "dct:valid": d.validity,
            "dcat:landingPage": f"{base_url}/public/disclosure/r/{d.pk}/",
        }
        for d in rows
    ]
    return {
        "@context": {"dcat": "http://www.w3.org/ns/dcat#", "dct": "http://purl.org/dc/terms/"},
        "@type": "dcat:Catalog",
        "dct:title": "政府信息公开目录",
        "modified_since": modified_since.isoformat() if modified_since else None,
        "next_modified_since": datasets[-1]["dct:modified"] if datasets else None,
        "has_more": more,
        "dcat:dataset": datasets,
    }


# -- the annual report ---------------------------------------------------------------------------


def _subtree(unit: Unit) -> list[int]:
    """The subtree's ids as a literal list: the planner then estimates each unit's rows well."""
    return list(Unit.objects.filter(path__startswith=unit.path).values_list("id", flat=True))


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


def _per_unit(ids: list[int], compute) -> dict[int, float | None]:
    out: dict[int, float | None] = {}
    for u in Unit.objects.filter(pk__in=ids).only("id", "path"):
        out[u.pk] = compute(Q(unit_id__in=_subtree(u)))
    return out


def _pct(num: int, den: int) -> float | None:
    return round(100.0 * num / den, 2) if den else None


def metric_timeliness(ids, start, end):
    def f(scope):
        a = Disclosure.objects.filter(scope, published_on__gte=start, published_on__lte=end).aggregate(
            n=Count("id"), ok=Count("id", filter=Q(late=False))
        )
        return _pct(a["ok"], a["n"])

    return _per_unit(ids, f)


def metric_request_on_time(ids, start, end):
    def f(scope):
        a = Request.objects.filter(
            scope, status="concluded", concluded_on__gte=start, concluded_on__lte=end
        ).aggregate(n=Count("id"), ok=Count("id", filter=Q(overdue=False)))
        return _pct(a["ok"], a["n"])

    return _per_unit(ids, f)


def metric_overdue_requests(ids, start, end):
    """Requests due in the period that were not answered by their due date (answered late or still open)."""

    def f(scope):
        return float(
            Request.objects.filter(scope, due_on__gte=start, due_on__lte=end)
            .filter(
                Q(concluded_on__isnull=True, due_on__lt=timezone.localdate())
                | Q(overdue=True, concluded_on__isnull=False)
            )
            .count()
        )

    return _per_unit(ids, f)


def metric_records_published(ids, start, end):
    return _per_unit(
        ids,
        lambda scope: float(
            Disclosure.objects.filter(scope, published_on__gte=start, published_on__lte=end).count()
        ),
    )


def metric_stale_records(ids, start, end):
    """Published, in-force records of a cyclic category whose update was due by the period's end."""
    return _per_unit(
        ids,
        lambda scope: float(
            Disclosure.objects.filter(
                scope,
                status="published",
                superseded=False,
                validity="valid",
                stale_after__isnull=False,
                stale_after__lte=end,
            ).count()
        ),
    )


# -- the staff workbench (portal) ----------------------------------------------------------------
# Who reviews and approves a list (the same roles the review chain's actions require).
_LIST_REVIEWERS = ("admin", "leader", "supervisor")
_LIST_APPROVERS = ("admin", "leader")
NEAR_DUE_DAYS = 5  # a request answered within this many calendar days shows as near its statutory date


def workbench_counts(actor, today: date) -> list[dict]:
    """Rows {key, label, count, light, url: (url name, args, query)}; reads only, scoped to the actor."""
    from datetime import timedelta

    from django.utils.translation import gettext_lazy as _

    reqs = Request.objects.filter(scope_q(actor, "unit__path")).exclude(status="concluded")
    agg = reqs.aggregate(
        overdue=Count("id", filter=Q(due_on__lt=today)),
        near=Count("id", filter=Q(due_on__gte=today, due_on__lte=today + timedelta(days=NEAR_DUE_DAYS))),
    )
    lists = DisclosureList.objects.all()
    to_review = lists.filter(scope_q(actor, "unit__path", roles=_LIST_REVIEWERS), status="submitted").count()
    to_approve = lists.filter(scope_q(actor, "unit__path", roles=_LIST_APPROVERS), status="reviewed").count()
    late = Disclosure.objects.filter(
        scope_q(actor, "unit__path"), published_on__isnull=True, due_on__lt=today
    ).count()
    return [
        {
            "key": "disclosure.requests_overdue",
            "label": _("Information requests past their statutory date"),
            "count": agg["overdue"],
            "light": "red",
            "url": ("disclosure:requests", (), "?overdue=1"),
        },
        {
            "key": "disclosure.requests_near_due",
            "label": _("Information requests due within five days"),
            "count": agg["near"],
            "light": "yellow",
            "url": ("disclosure:requests", (), ""),
        },
        {
            "key": "disclosure.lists_to_review",
            "label": _("Disclosure lists awaiting your review"),
            "count": to_review,
            "light": "",
            "url": ("disclosure:lists", (), "?status=submitted"),
        },
        {
            "key": "disclosure.lists_to_approve",
            "label": _("Disclosure lists awaiting approval"),
            "count": to_approve,
            "light": "",
            "url": ("disclosure:lists", (), "?status=reviewed"),
        },
        {
            "key": "disclosure.records_late",
            "label": _("Records past their publish-by date"),
            "count": late,
            "light": "red",
            "url": ("disclosure:records", (), "?late=1"),
        },
    ]
