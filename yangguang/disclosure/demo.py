"""The 大理州's disclosure year at a tenth of the seed's volume, plus requests in every outcome.

The seed: 137,229 records in a year — 88,047 on the website, 67 at 27 press conferences, 1,246 in 104
gazette issues, 47,869 by other means. A tenth: 8,805 website, 7 press-conference records at 3
sessions, 125 gazette records in 10 issues, 4,787 by other means (13,724 records). Bulk-created, so
`yangguang demo` stays fast; idempotent (skipped once the 州's records exist).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from yangguang.orgs.models import Unit
from yangguang.workdays.queries import calendar

from . import actions, categories, clock, fees
from . import template as T
from .models import Appeal, Consultation, Disclosure, DisclosureList, Publication, Request

ROOT = "532900"
TOWNSHIP = "532901004"  # 喜洲镇
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
TOPICS = "洱海保护 乡村振兴 脱贫攻坚 城乡规划 道路交通 义务教育 医疗保障 住房保障 农村饮水 森林防火 旅游市场 食品安全 安全生产 生态环境 民族团结".split()


def build(stdout=None) -> dict:
    root = Unit.objects.filter(code=ROOT).first()
    if root is None:
        return {"skipped": "no 大理州 (run the orgs demo first)"}
    cats = categories.ensure()
    if Disclosure.objects.filter(unit=root).exists():
        return {"records": Disclosure.objects.filter(unit__path__startswith=root.path).count(), "created": 0}
    year = timezone.localdate().year - 1
    with transaction.atomic():
        n_records = _records(root, cats, year)
        n_requests = _requests(root, year)
    chain = _township_chain(cats)
    return {"records": n_records, "requests": n_requests, "township_list": chain, "year": year}


def _units(root: Unit) -> list[Unit]:
    """The 州, its 12 counties and their townships; the 州 and counties publish most."""
    return list(
        Unit.objects.filter(
            path__startswith=root.path, depth__lte=root.depth + 2, kind__code__in=["government", "township"]
        )
    )


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


def _township_chain(cats: dict) -> str:
    """喜洲镇: a monthly list through 列清单 → 汇总审核 (one item sent back) → 领导小组审定 → 公布."""
    town = Unit.objects.filter(code=TOWNSHIP).first()
    user = get_user_model().objects.filter(username="dali").first()
    if town is None or user is None or DisclosureList.objects.filter(unit=town).exists():
        return "exists"
    today = timezone.localdate()
    formed = today - timedelta(days=14)  # about ten working days before publication: on time
    items = [
        ("喜洲镇2026年低保对象公示", "notice_board", "public", ""),
        ("喜洲镇农村危房改造补助名单", "notice_board", "households", "到户到人：补助对象所在户"),
        ("喜洲镇干部调整任免情况", "personnel", "internal", "乡党委会、乡村两级干部会议"),
        ("喜洲镇洱海保护禁令宣传", "notice_board", "public", "广播"),
        ("喜洲镇第三季度财务收支情况", "accounts", "public", ""),
    ]
    recs = []
    for title, cat, audience, note in items:
        recs.append(
            actions.disclosure_create(
                actor=user,
                unit=town,
                category=cats[cat],
                title=title,
                body=f"<p>{title}。</p>",
                formed_on=formed,
                audience=audience,
                audience_note=note,
                prerequisite_on=formed if cat == "accounts" else None,
                prerequisite_note="镇财政所审计" if cat == "accounts" else "",
            )  # fmt: skip
        )
    lst = actions.list_create(
        actor=user, unit=town, period=f"{today:%Y-%m}", title=f"喜洲镇{today:%Y年%m月}政务公开清单"
    )
    actions.list_add(actor=user, lst=lst, disclosures=recs)
    actions.list_submit(actor=user, lst=lst)
    actions.list_review(
        actor=user, lst=lst, secrecy_checked=True, note="经保密审查，无涉密内容",
        rejected={recs[3].pk: "宣传材料不属于政务公开清单内容，请改由广播通知"},
    )  # fmt: skip
    actions.list_approve(actor=user, lst=lst, note="政务公开领导小组会议审定")
    actions.list_publish(
        actor=user,
        lst=lst,
        on=today - timedelta(days=1),
        channels=[("notice_board", ""), ("broadcast", ""), ("meeting", "")],
    )
    return lst.title
