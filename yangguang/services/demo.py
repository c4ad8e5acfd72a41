"""Demo data: the 大理市政务服务中心's 140 items, a year of cases, a month of hotline orders.

Idempotent: items are keyed by code, and cases, inquiries and hotline orders are only generated when
the centre has none yet. Rows are written with bulk_create so `yangguang demo` stays fast.
"""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from yangguang.orgs.actions import post_grant
from yangguang.orgs.models import Person, Post, Unit
from yangguang.workdays.queries import calendar

from . import publicview, rules
from .models import (
    Card,
    Case,
    CaseEvent,
    CentreSettings,
    Extension,
    FirstInquiry,
    HotlineOrder,
    JointPart,
    Pause,
    PublicCase,
    Rating,
    Rectification,
    ServiceItem,
)

TZ = ZoneInfo("Asia/Shanghai")
CENTRE = "532901-ZWZX"

# Items per department (D01 … D26, in orgs.demo.DEPARTMENTS order): (name, type, promised days, theme)
ITEMS: list[list[tuple[str, str, int, str]]] = [
    [
        ("企业投资项目备案", "other", 3, "投资建设"),
        ("企业投资项目核准", "license", 15, "投资建设"),
        ("固定资产投资项目节能审查", "license", 10, "投资建设"),
        ("粮食收购资格认定", "license", 10, "开办企业"),
        ("价格认定", "public", 7, "其他"),
    ],
    [
        ("户籍证明开具", "public", 0, "户籍"),
        ("居民身份证申领", "public", 0, "户籍"),
        ("出入境证件申请", "license", 7, "出入境"),
        ("机动车登记", "public", 0, "交通出行"),
        ("剧毒化学品购买许可", "license", 3, "安全"),
        ("旅馆业特种行业许可", "license", 10, "开办企业"),
    ],
    [
        ("结婚登记", "confirmation", 0, "婚姻"),
        ("离婚登记", "confirmation", 0, "婚姻"),
        ("最低生活保障审核", "benefit", 15, "社会救助"),
        ("社会团体成立登记", "license", 15, "社会组织"),
        ("民办非企业单位登记", "license", 15, "社会组织"),
        ("殡葬设施建设审批", "license", 15, "其他"),
    ],
    [
        ("法律援助申请", "public", 5, "法律服务"),
        ("基层法律服务工作者执业核准", "license", 10, "法律服务"),
        ("人民调解申请", "public", 3, "法律服务"),
        ("公证机构执业审核", "license", 15, "法律服务"),
        ("司法鉴定许可初审", "license", 15, "法律服务"),
    ],
    [
        ("行政事业单位国有资产处置审批", "license", 10, "财政"),
        ("政府采购方式变更审批", "license", 5, "财政"),
        ("代理记账机构审批", "license", 10, "开办企业"),
        ("会计人员信息采集", "public", 0, "财政"),
        ("非税收入票据领购", "public", 0, "财政"),
    ],
    [
        ("社会保险登记", "public", 0, "社会保障"),
        ("失业保险金申领", "benefit", 5, "就业创业"),
        ("就业创业证申领", "public", 0, "就业创业"),
        ("劳务派遣经营许可", "license", 10, "开办企业"),
        ("职业技能等级认定", "confirmation", 10, "就业创业"),
        ("养老保险待遇核定", "benefit", 10, "社会保障"),
        ("工伤认定", "confirmation", 15, "社会保障"),
    ],
    [
        ("建设用地规划许可证核发", "license", 10, "投资建设"),
        ("建设工程规划许可证核发", "license", 10, "投资建设"),
        ("乡村建设规划许可证核发", "license", 10, "投资建设"),
        ("采矿权登记", "license", 15, "资源"),
        ("土地复垦方案审查", "license", 15, "资源"),
    ],
    [
        ("建设项目环境影响评价审批", "license", 15, "投资建设"),
        ("排污许可证核发", "license", 15, "生态"),
        ("危险废物经营许可", "license", 15, "生态"),
        ("辐射安全许可", "license", 15, "生态"),
        ("环境噪声排放申报", "other", 3, "生态"),
    ],
    [
        ("建筑工程施工许可证核发", "license", 5, "投资建设"),
        ("商品房预售许可", "license", 10, "住房"),
        ("建设工程竣工验收备案", "other", 3, "投资建设"),
        ("房地产开发企业资质核定", "license", 15, "开办企业"),
        ("公租房资格审核", "benefit", 15, "住房"),
        ("城市建筑垃圾处置核准", "license", 5, "城市管理"),
    ],
    [
        ("道路运输经营许可", "license", 10, "交通出行"),
        ("出租汽车驾驶员从业资格", "license", 5, "交通出行"),
        ("公路超限运输许可", "license", 5, "交通出行"),
        ("占用挖掘公路许可", "license", 10, "交通出行"),
        ("机动车维修经营备案", "other", 0, "交通出行"),
    ],
    [
        ("取水许可", "license", 15, "资源"),
        ("河道管理范围内建设项目审批", "license", 15, "投资建设"),
        ("水土保持方案审批", "license", 10, "投资建设"),
        ("城市排水许可", "license", 10, "城市管理"),
        ("农村饮水安全工程验收", "public", 10, "三农"),
    ],
    [
        ("农药经营许可", "license", 10, "三农"),
        ("兽药经营许可", "license", 10, "三农"),
        ("动物防疫条件合格证核发", "license", 10, "三农"),
        ("农作物种子生产经营许可", "license", 15, "三农"),
        ("农村宅基地审批", "license", 15, "三农"),
        ("渔业捕捞许可", "license", 10, "三农"),
    ],
    [
        ("对外贸易经营者备案", "other", 0, "开办企业"),
        ("酒类流通备案", "other", 0, "开办企业"),
        ("单用途预付卡备案", "other", 3, "开办企业"),
        ("再生资源回收经营者备案", "other", 3, "开办企业"),
        ("拍卖企业设立初审", "license", 10, "开办企业"),
    ],
    [
        ("娱乐场所经营许可", "license", 10, "开办企业"),
        ("旅行社设立许可", "license", 10, "开办企业"),
        ("营业性演出许可", "license", 5, "文化"),
        ("网吧经营许可", "license", 10, "开办企业"),
        ("文物保护单位修缮审批", "license", 15, "文化"),
    ],
    [
        ("医疗机构执业登记", "license", 15, "医疗卫生"),
        ("公共场所卫生许可", "license", 10, "开办企业"),
        ("医师执业注册", "license", 10, "医疗卫生"),
        ("出生医学证明办理", "public", 0, "医疗卫生"),
        ("母婴保健技术服务许可", "license", 15, "医疗卫生"),
        ("生育登记", "public", 0, "医疗卫生"),
    ],
    [
        ("危险化学品经营许可", "license", 15, "安全"),
        ("烟花爆竹经营零售许可", "license", 10, "安全"),
        ("生产经营单位应急预案备案", "other", 3, "安全"),
        ("非煤矿山安全生产许可初审", "license", 15, "安全"),
        ("建设项目安全设施设计审查", "license", 15, "安全"),
    ],
    [
        ("个体工商户营业执照核发", "license", 3, "开办企业"),
        ("企业设立登记", "license", 3, "开办企业"),
        ("企业变更登记", "license", 3, "开办企业"),
        ("企业注销登记", "license", 3, "开办企业"),
        ("食品经营许可", "license", 10, "开办企业"),
        ("特种设备使用登记", "license", 10, "安全"),
        ("计量器具强制检定", "public", 10, "其他"),
        ("药品零售企业经营许可", "license", 15, "医疗卫生"),
    ],
    [
        ("医保参保登记", "public", 0, "社会保障"),
        ("异地就医备案", "public", 0, "社会保障"),
        ("门诊慢特病待遇认定", "benefit", 10, "社会保障"),
        ("医疗费用零星报销", "benefit", 10, "社会保障"),
        ("定点医药机构申请受理", "public", 15, "医疗卫生"),
    ],
    [
        ("税务登记", "public", 0, "税收"),
        ("增值税发票领用", "public", 0, "税收"),
        ("纳税证明开具", "public", 0, "税收"),
        ("税收优惠备案", "other", 3, "税收"),
        ("契税申报", "public", 0, "税收"),
        ("出口退税审核", "benefit", 10, "税收"),
    ],
    [
        ("不动产首次登记", "confirmation", 5, "不动产"),
        ("不动产转移登记", "confirmation", 5, "不动产"),
        ("不动产抵押登记", "confirmation", 3, "不动产"),
        ("不动产登记资料查询", "public", 0, "不动产"),
        ("预告登记", "confirmation", 3, "不动产"),
        ("更正登记", "confirmation", 10, "不动产"),
    ],
    [
        ("住房公积金提取", "benefit", 1, "住房"),
        ("住房公积金个人贷款", "benefit", 10, "住房"),
        ("住房公积金缴存登记", "public", 0, "住房"),
        ("公积金缴存证明开具", "public", 0, "住房"),
        ("公积金贷款提前还款", "public", 3, "住房"),
    ],
    [
        ("公众聚集场所投入使用营业前消防安全检查", "license", 10, "安全"),
        ("建设工程消防设计审查", "license", 15, "投资建设"),
        ("建设工程消防验收", "license", 15, "投资建设"),
        ("消防验收备案", "other", 5, "投资建设"),
        ("大型群众性活动消防安全检查", "license", 5, "安全"),
    ],
    [
        ("民办学校设立审批", "license", 15, "教育"),
        ("教师资格认定", "confirmation", 15, "教育"),
        ("校外培训机构审批", "license", 15, "教育"),
        ("学生资助申请", "benefit", 10, "教育"),
        ("体育类民办非企业单位审查", "license", 10, "教育"),
    ],
    [
        ("林木采伐许可证核发", "license", 5, "资源"),
        ("使用林地审核", "license", 15, "资源"),
        ("野生动物人工繁育许可", "license", 15, "资源"),
        ("植物检疫证书核发", "license", 3, "三农"),
        ("木材经营加工许可", "license", 10, "资源"),
    ],
    [
        ("退役军人优待证申领", "public", 10, "退役军人"),
        ("伤残抚恤关系转移", "benefit", 10, "退役军人"),
        ("自主就业退役士兵一次性经济补助", "benefit", 10, "退役军人"),
        ("烈士褒扬金发放", "benefit", 15, "退役军人"),
        ("退役军人创业扶持", "public", 10, "退役军人"),
    ],
    [
        ("低压居民用电报装", "public", 3, "水电气"),
        ("高压用电报装", "public", 15, "水电气"),
        ("用电过户", "public", 1, "水电气"),
        ("电费发票开具", "public", 0, "水电气"),
        ("临时用电申请", "public", 3, "水电气"),
        ("分布式光伏并网申请", "public", 10, "水电气"),
    ],
]
MODES_BY_LIMIT = {0: "direct"}
MATERIALS = ["申请书", "身份证明", "营业执照或统一社会信用代码证", "相关证明材料", "现场照片"]
STEPS = ["窗口受理", "承办人审查", "科室审核", "分管领导批准", "窗口送达"]
FIRST_NAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜段杨李"


def _item_rows(centre: Unit, depts: list[Unit]) -> list[ServiceItem]:
    rows = []
    n = 0
    for d, (dept, items) in enumerate(zip(depts, ITEMS, strict=False)):
        for i, (name, itype, days, theme) in enumerate(items):
            n += 1
            mode = "direct" if days == 0 else "promised"
            if days >= 15 and i % 3 == 0:
                mode = "joint"
            if name in ("采矿权登记", "非煤矿山安全生产许可初审"):
                mode = "guided"
            if name in ("剧毒化学品购买许可",):
                mode = "answer"
            rows.append(
                ServiceItem(
                    code=f"532901-SX-{n:03d}",
                    version=1,
                    status="published",
                    name=name,
                    item_type=itype,
                    unit=dept,
                    theme=theme,
                    keywords=name.replace("核发", "").replace("许可", " 许可"),
                    basis=f"《中华人民共和国行政许可法》及有关法律法规关于{name}的规定",
                    conditions="申请人符合法定条件，材料齐全、符合法定形式。",
                    materials=[
                        {"name": m, "form": "原件及复印件", "copies": 1, "required": j < 3, "sample": ""}
                        for j, m in enumerate(MATERIALS[: 3 + i % 3])
                    ],
                    steps=STEPS[: 3 + (days > 0) + (days >= 10)],
                    statutory_limit=max(days * 2, 20) if days else 20,
                    promised_limit=days,
                    fee_standard="" if i % 4 else "按国家规定标准收取",
                    fee_basis="" if i % 4 else "国家发展改革委、财政部有关收费文件",
                    result_name=f"{name.replace('申请', '')}决定书" if itype == "license" else "办理结果通知",
                    mode=mode,
                    place=f"大理市政务服务中心{dept.name.replace('大理市', '')}窗口",
                    hours="周一至周五 9:00-12:00，14:30-17:30（法定节假日除外）",
                    consult_phone=f"0872-21{d:02d}{i:03d}",
                    complaint_phone="0872-96128",
                    published_at=timezone.now(),
                )
            )
    return rows[:140]


def _at(d: date, rng: random.Random) -> datetime:
    return datetime.combine(d, time(rng.randint(9, 16), rng.randint(0, 59)), tzinfo=TZ)


def _next_workday(cal, d: date) -> date:
    return cal.add_workdays(d, 1).date


@transaction.atomic
def build(stdout=None) -> dict:
    centre = Unit.objects.filter(code=CENTRE).first()
    if centre is None:
        return {"skipped": "no 大理市政务服务中心 (run the orgs demo first)"}
    depts = list(Unit.objects.filter(path__startswith=centre.path, depth=centre.depth + 1).order_by("code"))
    out: dict = {}
    CentreSettings.objects.get_or_create(unit=centre)
    # items
    rows = _item_rows(centre, depts)
    existing = set(ServiceItem.objects.filter(code__in=[r.code for r in rows]).values_list("code", flat=True))
    ServiceItem.objects.bulk_create([r for r in rows if r.code not in existing], batch_size=500)
    items = list(
        ServiceItem.objects.filter(code__startswith="532901-SX-", status="published").select_related("unit")
    )
    out["items"] = len(items)
    if not existing:
        through = ServiceItem.joint_units.through
        links = []
        for k, it in enumerate(items):
            if it.mode == "joint":
                other = depts[(depts.index(it.unit) + 7 + k) % len(depts)]
                links.append(through(serviceitem_id=it.pk, unit_id=other.pk))
        through.objects.bulk_create(links, ignore_conflicts=True)
    # liaisons for the hotline: the chief representative of each department
    admin_user = get_user_model().objects.filter(username="dali").first()
    liaisons = {}
    for dept in depts:
        chief = (
            Person.objects.filter(unit__path__startswith=dept.path, posts__role="supervisor")
            .order_by("code")
            .first()
        )
        if chief is not None:
            if admin_user is not None:
                post_grant(
                    actor=admin_user,
                    person=chief,
                    unit=dept,
                    role="liaison",
                    title="96128联络员",
                    audit=False,
                )
            else:
                Post.objects.get_or_create(person=chief, unit=dept, role="liaison")
            liaisons[dept.pk] = chief
    if Case.objects.filter(unit_path__startswith=centre.path).exists():
        out["cases"] = "kept"
        from .models import CaseDay
        from .rollup import rebuild

        if not CaseDay.objects.filter(unit_path__startswith=centre.path).exists():
            out["counter_rows"] = rebuild(centre.path)  # a world built before the counters existed
        if not PublicCase.objects.filter(unit_path__startswith=centre.path).exists():
            out["public_rows"] = publicview.rebuild(centre.path)  # … or before the lookup's read model
        return out
    out.update(_cases(centre, depts, items))
    out.update(_hotline(centre, depts, liaisons))
    from .rollup import rebuild

    out["counter_rows"] = rebuild(centre.path)
    out["public_rows"] = publicview.rebuild(centre.path)  # bulk_create bypassed the signals
    from .sweeps import tick

    out["sweep"] = tick(timezone.now())["cases"]
    return out


def _windows(depts: list[Unit]) -> dict[int, list[tuple[Unit, list[int]]]]:
    """dept id -> [(window, [handler person ids])]."""
    out: dict[int, list] = {}
    windows = Unit.objects.filter(path__startswith=depts[0].path[:-4], kind__code="window").order_by("code")
    staff: dict[int, list[int]] = {}
    for pid, uid in Person.objects.filter(unit__in=windows).order_by("code").values_list("id", "unit_id"):
        staff.setdefault(uid, []).append(pid)
    by_path = {d.path: d for d in depts}
    for w in windows:
        dept = by_path.get(w.path[: len(w.path) - 4])
        if dept is not None:
            out.setdefault(dept.pk, []).append((w, staff.get(w.pk, [])))
    return out


def _cases(centre: Unit, depts: list[Unit], items: list[ServiceItem]) -> dict:
    rng = random.Random(20260127)
    cal = calendar()
    today = timezone.localdate()
    first = today - timedelta(days=365)
    wins = _windows(depts)
    clerk = Person.objects.filter(code="DL-ZX-W01-2").first()
    joint_units = {
        it.pk: list(it.joint_units.values_list("id", flat=True)) for it in items if it.mode == "joint"
    }
    weights = [6 if it.promised_limit == 0 else (4 if it.promised_limit <= 5 else 2) for it in items]
    cases: list[Case] = []
    plans: list[dict] = []
    n = 0
    d = first
    while d <= today:
        if cal.is_workday(d):
            for _k in range(rng.randint(8, 14)):
                n += 1
                it = rng.choices(items, weights)[0]
                win, people = rng.choice(wins[it.unit_id])
                handler = rng.choice(people) if people else None
                if it.unit.code == "532901-ZX-D01" and clerk and rng.random() < 0.5:
                    win, handler = clerk.unit, clerk.pk
                plans.append({"n": n, "item": it, "win": win, "handler": handler, "on": d})
        d += timedelta(days=1)
    ratings: list[tuple[int, int, str, date]] = []
    chiefs = dict(
        Post.objects.filter(
            unit__in=depts + [w for ws in wins.values() for w, _p in ws], role="supervisor"
        ).values_list("unit__path", "person_id")
    )
    for p in plans:
        it, on, rng_r = p["item"], p["on"], rng.random()
        submitted_at = _at(on, rng)
        c = Case(
            number=f"{on:%Y%m%d}9{p['n']:05d}",
            query_code=f"{rng.randint(0, 999999):06d}",
            item=it,
            unit=p["win"],
            unit_path=p["win"].path,
            handler_id=p["handler"],
            channel="online" if rng.random() < 0.15 else "window",
            applicant_name=rng.choice(FIRST_NAMES)
            + rng.choice(["先生", "女士", "某某", "建华", "丽萍", "志刚"]),
            applicant_phone=f"139{rng.randint(10000000, 99999999)}",
            submitted_at=submitted_at,
            submitted_on=on,
            limit_days=it.promised_limit,
            joint=it.mode == "joint",
        )
        ev = [("submit", "", submitted_at, "")]
        if rng_r < 0.03:
            c.status, c.reason, c.completed_on = "refused", "不属于本窗口受理范围，已告知向有权机关申请", on
            c.finished_at = submitted_at + timedelta(hours=1)
            ev.append(("refuse", "", c.finished_at, c.reason))
            cases.append(c)
            p["ev"], p["extra"] = ev, {}
            continue
        acc = on
        if rng_r < 0.08:
            c.supplements = 1
            ev.append(
                ("supplement", "", submitted_at + timedelta(minutes=20), "缺少身份证明复印件；缺少现场照片")
            )
            acc = cal.add_workdays(on, rng.randint(1, 3)).date
            if acc > today:
                c.status = "supplement"
                cases.append(c)
                p["ev"], p["extra"] = ev, {}
                continue
            ev.append(("resubmit", "", _at(acc, rng), ""))
        c.accepted_on = acc
        ev.append(("accept", "", _at(acc, rng), ""))
        pz: list[tuple[date, date | None]] = []
        if it.promised_limit >= 5 and rng.random() < 0.06:
            pf = cal.add_workdays(acc, rng.randint(1, 3)).date
            pl = pf + timedelta(days=rng.randint(3, 14))
            if pf <= today:
                pz.append((pf, pl if pl < today else None))
        ext = 0
        if it.promised_limit >= 5 and rng.random() < 0.03:
            ext = 5
            c.extension_days = 5
        clock = rules.due_date(cal, acc, it.promised_limit, ext, [(a, b) for a, b in pz if b])
        c.due_on, c.due_verified = clock.due, clock.verified
        # how long it really took
        limit = it.promised_limit + ext
        r = rng.random()
        if limit == 0:
            used = 0 if r < 0.93 else rng.randint(1, 2)
        elif r < 0.55:
            used = rng.randint(max(0, limit // 3), max(0, limit - 1))
        elif r < 0.90:
            used = limit
        else:
            used = limit + rng.randint(1, 5)
        paused_days = sum(cal.workdays_between(a, b) + 1 for a, b in pz if b)
        done = cal.add_workdays(acc, used + paused_days).date if used or paused_days else acc
        open_pause = any(b is None for _a, b in pz)
        if open_pause:
            c.status = "paused"
        elif done > today or (done == today and rng.random() < 0.5):
            c.status = "accepted"
            if rng.random() < 0.04:  # a few forgotten ones, overdue now
                c.due_on = cal.add_workdays(today - timedelta(days=10), 1).date
        elif rng.random() < 0.03:
            c.status, c.completed_on, c.reason = "returned", done, "申请人主动撤回申请"
            c.finished_at = _at(done, rng)
            ev.append(("return", "", c.finished_at, c.reason))
        else:
            c.status, c.completed_on = "completed", done
            c.finished_at = _at(done, rng)
            c.result = "approved" if rng.random() < 0.96 else "denied"
            c.document_no = (
                f"大市{it.unit.code[-3:]}〔{done.year}〕{p['n']}号" if c.result == "approved" else ""
            )
            t = rules.timing(cal, acc, done, c.due_on, paused_days)
            c.workdays_used, c.on_time, c.early, c.same_day = t.workdays_used, t.on_time, t.early, t.same_day
            for s in it.steps[1:-1]:
                ev.append(("step", s, _at(done, rng), ""))
            ev.append(("complete", "", c.finished_at, c.document_no))
            if rng.random() < 0.6:
                lv = rng.choices([1, 2, 3, 4, 5], [62, 25, 8, 3, 2])[0]
                if c.on_time is False and rng.random() < 0.3:
                    lv = rng.choice([4, 5])
                ratings.append((len(cases), lv, rng.choice(["web", "window"]), done))
        for a, b in pz:
            ev.append(("pause", "", _at(a, rng), "专家评审"))
            if b:
                ev.append(("resume", "", _at(b + timedelta(days=1), rng), ""))
        if ext:
            ev.append(("extend", "", _at(acc, rng), "情况复杂，经批准延长"))
        cases.append(c)
        p["ev"], p["extra"] = ev, {"pauses": pz, "ext": ext}
    Case.objects.bulk_create(cases, batch_size=1000)
    ids = dict(Case.objects.filter(number__in=[c.number for c in cases]).values_list("number", "id"))
    ev_rows, pause_rows, ext_rows, part_rows = [], [], [], []
    for c, p in zip(cases, plans, strict=True):
        cid = ids[c.number]
        c.pk = cid
        prev = None
        # by day (stable, so a day's steps keep their order), and a day's random hours put in that order
        for kind, step, at, note in sorted(p["ev"], key=lambda e: e[2].date()):
            if prev is not None and at <= prev:
                at = prev + timedelta(minutes=7)
            prev = at
            ev_rows.append(
                CaseEvent(case_id=cid, kind=kind, step=step, person_id=c.handler_id, at=at, note=note)
            )
        for a, b in p["extra"].get("pauses", []):
            pause_rows.append(
                Pause(case_id=cid, kind="expert", reason="组织专家评审", first=a, last=b, applicant_told=True)
            )
        if p["extra"].get("ext"):
            approver = chiefs.get(c.unit_path[:-4]) or chiefs.get(c.unit_path)
            if approver:
                ext_rows.append(
                    Extension(
                        case_id=cid,
                        days=5,
                        approver_id=approver,
                        reason="情况复杂",
                        at=_at(c.accepted_on, rng),
                    )
                )
        if c.joint and c.accepted_on:
            part_rows.append(
                JointPart(
                    case_id=cid,
                    unit_id=c.item.unit_id,
                    lead=True,
                    limit_days=c.limit_days,
                    due_on=c.due_on,
                    done_on=c.completed_on,
                )
            )
            for u in joint_units.get(c.item_id, []):
                sub = max(0, c.limit_days - 2)
                part_rows.append(
                    JointPart(
                        case_id=cid,
                        unit_id=u,
                        limit_days=sub,
                        due_on=cal.add_workdays(c.accepted_on, sub).date,
                        done_on=c.completed_on,
                        opinion="同意" if c.completed_on else "",
                    )
                )
    CaseEvent.objects.bulk_create(ev_rows, batch_size=2000)
    Pause.objects.bulk_create(pause_rows, batch_size=1000)
    Extension.objects.bulk_create(ext_rows, batch_size=1000)
    JointPart.objects.bulk_create(part_rows, batch_size=1000)
    rating_rows = []
    for idx, lv, ch, on in ratings:
        c = cases[idx]
        rating_rows.append(
            Rating(
                case_id=c.pk,
                unit_path=c.unit_path,
                channel=ch,
                level=lv,
                text="" if lv < 4 else "等待时间太长，窗口解释不清",
                on=on,
                at=_at(on, rng),
            )
        )
    Rating.objects.bulk_create(rating_rows, batch_size=1000)
    bad = list(Rating.objects.filter(case__unit_path__startswith=centre.path, level__gte=4).order_by("on"))
    rects = []
    for k, r in enumerate(bad):
        cb = cal.add_workdays(r.on, 1).date
        rd = cal.add_workdays(r.on, 15).date
        rect = Rectification(rating=r, callback_due=cb, rectify_due=rd)
        if rd < today or k % 3:
            rect.status, rect.callback_on, rect.callback_note = (
                "verified",
                cb,
                "已电话回访，申请人反映等候时间长",
            )
            if rd < today:
                rect.status, rect.answer, rect.rectified_on = (
                    "rectified",
                    "已增设导办人员，优化取号流程，并向申请人致歉",
                    rd,
                )
        if k == 1:
            rect.status, rect.appeal_reason = "appealed", "经核实该评价与办件无关，系误评"
        rects.append(rect)
    Rectification.objects.bulk_create(rects, batch_size=1000)
    # a red card history for old late cases
    late = Case.objects.filter(unit_path__startswith=centre.path, on_time=False).values_list(
        "id", "unit_id", "handler_id", "due_on"
    )[:40]
    Card.objects.bulk_create(
        [
            Card(case_id=i, level="yellow", unit_id=u, person_id=h, on=cal.add_workdays(d, 1).date)
            for i, u, h, d in late
        ],
        ignore_conflicts=True,
    )
    Case.objects.filter(pk__in=[i for i, *_r in late]).update(red_card_level=1, light_state="red")
    return {
        "cases": len(cases),
        "ratings": len(rating_rows),
        "rectifications": len(rects),
    }


def _hotline(centre: Unit, depts: list[Unit], liaisons: dict[int, Person]) -> dict:
    rng = random.Random(96128)
    cal = calendar()
    today = timezone.localdate()
    workers = list(Person.objects.filter(unit=centre).order_by("code"))
    contents = {
        "consultation": [
            "咨询营业执照办理需要哪些材料",
            "咨询公积金提取条件",
            "咨询不动产登记办理时间",
            "咨询社保转移流程",
        ],
        "complaint": ["反映窗口工作人员态度生硬", "反映办件超过承诺时限未办结", "反映排队时间过长"],
        "suggestion": ["建议增加周末服务窗口", "建议网上预约开放更多时段"],
        "help": ["求助：证件遗失如何补办", "求助：老人行动不便能否上门办理"],
    }
    orders, inquiries = [], []
    n = 0
    d = today - timedelta(days=30)
    while d <= today:
        if cal.is_workday(d):
            for _k in range(rng.randint(6, 12)):
                n += 1
                kind = rng.choices(list(contents), [55, 20, 10, 15])[0]
                dept = rng.choice([x for x in depts if x.pk in liaisons])
                at = _at(d, rng)
                o = HotlineOrder(
                    number=f"96128-{d:%Y%m%d}-9{n:05d}",
                    kind=kind,
                    caller_name=rng.choice(FIRST_NAMES) + rng.choice(["先生", "女士"]),
                    caller_phone=f"138{rng.randint(10000000, 99999999)}",
                    content=rng.choice(contents[kind]),
                    centre=centre,
                    worker=rng.choice(workers),
                    received_at=at,
                    received_on=d,
                    status="dispatched",
                    unit=dept,
                    unit_path=dept.path,
                    liaison=liaisons[dept.pk],
                    limit_days=5 if kind != "consultation" else 2,
                )
                o.due_on = cal.add_workdays(d, o.limit_days).date
                r = rng.random()
                ans = cal.add_workdays(d, rng.randint(0, o.limit_days + (3 if r > 0.9 else 0))).date
                if ans < today:
                    o.status, o.answered_on, o.answer = "answered", ans, "已联系来电人并答复办理要求"
                    o.on_time = ans <= o.due_on
                    if rng.random() < 0.8:
                        o.status, o.called_back_on = "closed", ans
                        o.level = rng.choices([1, 2, 3, 4, 5], [60, 25, 9, 4, 2])[0]
                orders.append(o)
            for _k in range(rng.randint(1, 3)):
                asked = rng.choice(workers)
                at = _at(d, rng)
                ans = at + timedelta(hours=rng.randint(0, 40)) if rng.random() < 0.9 else None
                inquiries.append(
                    FirstInquiry(
                        unit=centre,
                        asker_name=rng.choice(FIRST_NAMES) + "先生",
                        question=rng.choice(contents["consultation"]),
                        asked=asked,
                        owner=asked,
                        asked_at=at,
                        due_on=cal.add_workdays(d, 1).date,
                        answered_at=ans if ans and ans.date() <= today else None,
                        answer="已当面答复并引导至相关窗口" if ans else "",
                    )
                )
        d += timedelta(days=1)
    HotlineOrder.objects.bulk_create(orders, batch_size=1000)
    FirstInquiry.objects.bulk_create(inquiries, batch_size=1000)
    return {"hotline_orders": len(orders), "first_inquiries": len(inquiries)}
