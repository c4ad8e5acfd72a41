"""The bulk year of records in the seed's channel proportions (a tenth of 137,229)."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from yangguang.orgs.models import Unit
from yangguang.workdays.queries import calendar

from .. import clock
from ..models import Disclosure, Publication
from ._common import TOPICS, _units

WEBSITE, PRESS, GAZETTE, OTHER = 8805, 7, 125, 4787
CATEGORY_WEIGHTS = [
    ("organisation", 4), ("rules", 0.05), ("normative", 1.2), ("plans", 3), ("budget", 3), ("accounts", 3),
    ("personnel", 8), ("licensing", 30), ("penalty", 18), ("coercion", 2), ("fees", 1.5), ("decisions", 3),
    ("proposals", 5), ("statistics", 6), ("notice_board", 10),
]  # fmt: skip
TITLES = {
    "organisation": "{u}机构职能及领导分工",
    "rules": "大理白族自治州{n}管理办法",
    "normative": "关于进一步规范{n}工作的通知",
    "plans": "{u}{n}工作计划",
    "budget": "{u}{y}年部门预算公开",
    "accounts": "{u}{y}年第{q}季度财务收支情况",
    "personnel": "{u}干部任前公示",
    "licensing": "{u}行政许可决定（{n}）",
    "penalty": "{u}行政处罚决定书（{n}）",
    "coercion": "{u}行政强制决定（{n}）",
    "fees": "{u}行政事业性收费项目及标准",
    "decisions": "{u}关于{n}的重大行政决策",
    "proposals": "对州人大代表第{n}号建议的答复",
    "statistics": "{u}{y}年{m}月主要经济指标",
    "notice_board": "{u}公开栏（{y}年{m}月）",
}


def _records(root: Unit, cats: dict, year: int) -> int:
    rng = random.Random(2025)
    cal = calendar().preload(year - 1, year + 1)
    units = _units(root)
    weights = [20 if u.depth == root.depth else 6 if u.depth == root.depth + 1 else 0.4 for u in units]
    cat_codes = [c for c, _w in CATEGORY_WEIGHTS]
    cat_weights = [w for _c, w in CATEGORY_WEIGHTS]
    plan = (
        [("website", "")] * WEBSITE
        + [("press", f"{year}年第{i % 3 + 1}场新闻发布会") for i in range(PRESS)]
        + [("gazette", f"{year}年第{i % 10 + 1}期") for i in range(GAZETTE)]
        + [(rng.choice(["notice_board", "broadcast", "meeting", "other", "other"]), "") for _ in range(OTHER)]
    )
    first = date(year, 1, 1)
    recs, chans = [], []
    for i, (channel, issue) in enumerate(plan):
        unit = units[0] if channel in ("press", "gazette") else rng.choices(units, weights)[0]
        code = "notice_board" if channel == "notice_board" else rng.choices(cat_codes, cat_weights)[0]
        cat = cats[code]
        formed = first + timedelta(days=rng.randrange(0, 300))
        due = cal.add_workdays(formed, clock.PUBLISH_DAYS).date
        late = rng.random() < 0.04
        published = cal.add_workdays(formed, rng.randint(21, 35) if late else rng.randint(1, 20)).date
        if issue and channel == "gazette":
            published = max(published, date(year, (i % 10) + 1, 28))
            late = published > due
        n = f"{TOPICS[i % len(TOPICS)]}"
        title = TITLES[code].format(
            u=unit.short_name or unit.name, n=n, y=year, q=(formed.month - 1) // 3 + 1, m=formed.month
        )
        cycle = cat.update_cycle_days
        validity, changed, reason = "valid", None, ""
        if code == "normative" and rng.random() < 0.15:
            validity, changed, reason = "repealed", published + timedelta(days=30), "被新文件替代"
        audience = "public"
        if channel == "meeting" and rng.random() < 0.5:
            audience = "internal"
        elif channel in ("broadcast", "notice_board") and rng.random() < 0.2:
            audience = "households"
        recs.append(
            Disclosure(
                unit=unit,
                category=cat,
                title=title,
                body=f"<p>{title}。</p>",
                doc_number=f"大政发〔{year}〕{i + 1}号"
                if code in ("rules", "normative", "decisions")
                else "",
                formed_on=formed,
                due_on=due,
                audience=audience,
                status="published",
                secrecy_checked=True,
                published_on=published,
                late=published > due,
                validity=validity,
                validity_changed_on=changed,
                validity_reason=reason,
                prerequisite_on=formed if cat.prerequisite in ("audit", "discussion") else None,
                amount=Decimal(rng.randint(5, 500) * 1000) if code == "fees" else None,
                stale_after=published + timedelta(days=cycle) if cycle else None,
            )  # fmt: skip
        )
        chans.append((channel, issue, published))
    created = Disclosure.objects.bulk_create(recs, batch_size=2000)
    Publication.objects.bulk_create(
        [
            Publication(disclosure=d, unit_id=d.unit_id, channel=c, issue=iss, published_on=p)
            for d, (c, iss, p) in zip(created, chans, strict=True)
        ],
        batch_size=2000,
    )
    # Cyclic categories: only the newest record per unit and category is watched for staleness.
    newest: dict[tuple[int, int], Disclosure] = {}
    for d in created:
        if d.stale_after:
            key = (d.unit_id, d.category_id)
            if key not in newest or d.published_on > newest[key].published_on:
                newest[key] = d
    keep = {d.pk for d in newest.values()}
    old = [d.pk for d in created if d.stale_after and d.pk not in keep]
    for i in range(0, len(old), 900):
        Disclosure.objects.filter(pk__in=old[i : i + 900]).update(superseded=True)
    Disclosure.objects.filter(pk__in=list(keep), stale_after__lt=timezone.localdate()).update(stale=True)
    return len(created)
