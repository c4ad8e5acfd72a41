"""The demo world's organisations, from the seed documents. Idempotent: keyed by unit codes.

- 大理州: 12 counties/cities, 110 townships, 1,075 villages; the 大理市政务服务中心 with 26
  departments, 41 windows and 140 staff.
- 人民银行济南分行: 分行机关, 营业管理部 and 16 other 中心支行 (the seed's 17 中心支行-level
  units counting 营业管理部), staffed so that a 15% quota gives the seed's 528 candidates.
- 工行临沂分行: 市行部室, 13 支行 and their 网点.
- 北海海事法院: its tribunals and the 贵港法庭.
"""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.db import transaction

from .kinds import ensure_unit_kinds
from .models import Person, Post, Unit

DEMO_PASSWORD = "yangguang-demo"

DALI_COUNTIES = [
    ("532901", "大理市", 11),
    ("532922", "漾濞彝族自治县", 9),
    ("532923", "祥云县", 10),
    ("532924", "宾川县", 10),
    ("532925", "弥渡县", 8),
    ("532926", "南涧彝族自治县", 8),
    ("532927", "巍山彝族回族自治县", 10),
    ("532928", "永平县", 7),
    ("532929", "云龙县", 11),
    ("532930", "洱源县", 9),
    ("532931", "剑川县", 8),
    ("532932", "鹤庆县", 9),
]
DALI_CITY_TOWNS = [
    "下关镇",
    "大理镇",
    "凤仪镇",
    "喜洲镇",
    "海东镇",
    "挖色镇",
    "湾桥镇",
    "银桥镇",
    "双廊镇",
    "上关镇",
    "太邑彝族乡",
]
STEMS = "龙泉 金山 凤鸣 青华 永安 长乐 太平 和平 兴隆 福田 白石 清水 河口 三合 马街 云峰 新庄 松桂 沙溪 甸南 乔后 炼铁 苗尾 功果 旧州 宝丰 漕涧 右所 三营 茈碧 邓川 牛街 西邑 黄坪 辛屯 草海 金墩 松桂 六合 龙街 弥城 红岩 德苴 寅街 密祉 苴力 新街 牛井 州城 拉乌 平坡 鸡街 宝华 碧溪 南诏 庙街 大仓 五印 马鞍 紫金 永建 巍宝 杉阳 北斗 博南 龙门 厂街 水泄 刘厂 仁德 宾居 大营 钟英 平川 鸡足 拉乌 乔甸 力角 金牛 州城 雪山 象图 沙坪 米甸 禾甸 东山 下庄 鹿鸣 普淜 弥兴 龙泉 宝坪 瓦窑 石寨 上庄 团山 新民 东营 西营 中和 安乐 富民 双龙 清源 丰乐 仁和 永丰".split()
VILLAGE_STEMS = "东 西 南 北 中 上 下 前 后 新 老 大 小 高 龙 凤 马 石 水 河 山 林 松 竹 梅 兰 桃 李 柳 杨 白 黄 青 红 金 银 玉 安 和 平 兴 旺 福 寿 康 宁 丰 乐 永 长".split()
DEPARTMENTS = [
    "发展和改革局",
    "公安局",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水务局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "卫生健康局",
    "应急管理局",
    "市场监督管理局",
    "医疗保障局",
    "税务局",
    "不动产登记中心",
    "住房公积金管理部",
    "消防救援大队",
    "教育体育局",
    "林业和草原局",
    "退役军人事务局",
    "供电局",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥玲建国志强海燕雪梅晓东春梅丽娟文杰思远子涵雨轩浩然欣怡梓萱一诺"
SHANDONG = [
    "青岛",
    "淄博",
    "枣庄",
    "东营",
    "烟台",
    "潍坊",
    "济宁",
    "泰安",
    "威海",
    "日照",
    "莱芜",
    "临沂",
    "德州",
    "聊城",
    "滨州",
    "菏泽",
]
ICBC_SUBS = [
    "兰山",
    "罗庄",
    "河东",
    "经济开发区",
    "沂南",
    "郯城",
    "沂水",
    "兰陵",
    "费县",
    "平邑",
    "莒南",
    "蒙阴",
    "临沭",
]
ICBC_OFFICES = [
    "办公室",
    "个人金融业务部",
    "公司业务部",
    "机构业务部",
    "银行卡业务部",
    "运行管理部",
    "风险管理部",
    "人力资源部",
]


def _names(rng: random.Random):
    while True:
        yield rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


class _Builder:
    def __init__(self):
        self.kinds = ensure_unit_kinds()
        self.rng = random.Random(20260101)
        self.names = _names(self.rng)
        self.people: list[Person] = []
        self.posts: list[tuple[str, str, str, str]] = []  # (person code, unit code, role, title)

    def unit(self, parent: Unit | None, code: str, name: str, kind: str, **extra) -> Unit:
        found = Unit.objects.filter(code=code).first()
        if found:
            return found
        if parent is None:
            return Unit.add_root(code=code, name=name, kind=self.kinds[kind], **extra)
        parent = Unit.objects.get(pk=parent.pk)  # treebeard needs a fresh numchild
        return parent.add_child(code=code, name=name, kind=self.kinds[kind], **extra)

    def staff(
        self,
        unit: Unit,
        code: str,
        title: str = "",
        role: str | None = None,
        name: str | None = None,
        post_title: str = "",
    ) -> None:
        self.people.append(
            Person(
                code=code,
                name=name or next(self.names),
                unit=unit,
                unit_path=unit.path,
                title=title,
                phone=f"0872-{self.rng.randint(2000000, 2999999)}",
            )
        )
        if role:
            self.posts.append((code, unit.code, role, post_title or title))

    def flush(self) -> int:
        existing = set(
            Person.objects.filter(code__in=[p.code for p in self.people]).values_list("code", flat=True)
        )
        new = [p for p in self.people if p.code not in existing]
        Person.objects.bulk_create(new, batch_size=2000)
        by_code = dict(Person.objects.filter(code__in=[c for c, *_ in self.posts]).values_list("code", "id"))
        units = dict(Unit.objects.filter(code__in={u for _c, u, *_ in self.posts}).values_list("code", "id"))
        Post.objects.bulk_create(
            [Post(person_id=by_code[c], unit_id=units[u], role=r, title=t) for c, u, r, t in self.posts],
            ignore_conflicts=True,
            batch_size=2000,
        )
        self.people, self.posts = [], []
        return len(new)


def _dali(b: _Builder) -> None:
    zhou = b.unit(
        None,
        "532900",
        "大理白族自治州",
        "government",
        level_names=["州", "县市", "乡镇", "村社区"],
        short_name="大理州",
    )
    stems = iter(STEMS * 3)
    village_quota = [10] * 85 + [9] * 25  # 1,075 villages over 110 townships
    t_index = 0
    for code, name, n_towns in DALI_COUNTIES:
        county = b.unit(zhou, code, name, "government")
        used: set[str] = set()
        for i in range(n_towns):
            if code == "532901":
                tname = DALI_CITY_TOWNS[i]
            else:
                stem = next(stems)
                while stem in used:
                    stem = next(stems)
                used.add(stem)
                tname = stem + ("乡" if i % 4 == 3 else "镇")
            tcode = f"{code}{i + 1:03d}"
            town = b.unit(county, tcode, tname, "township")
            vs = village_quota[t_index]
            t_index += 1
            if Unit.objects.filter(path__startswith=town.path, depth=town.depth + 1).count() >= vs:
                continue
            for v in range(vs):
                stem = (
                    VILLAGE_STEMS[(t_index * 7 + v * 3) % len(VILLAGE_STEMS)]
                    + VILLAGE_STEMS[(v * 11 + t_index) % len(VILLAGE_STEMS)]
                )
                kind_name = "社区" if v == 0 else "村委会"
                b.unit(town, f"{tcode}{v + 1:03d}", f"{stem}{kind_name}", "village")
    # 大理市政务服务中心: 26 departments stationed at 41 windows, 140 staff.
    dali_city = Unit.objects.get(code="532901")
    centre = b.unit(
        dali_city,
        "532901-ZWZX",
        "大理市政务服务中心",
        "service_centre",
        address="大理市下关镇泰安路",
        phone="0872-2123456",
    )
    b.staff(centre, "DL-ZX-001", "中心主任", "admin", name="杨丽华")
    b.staff(centre, "DL-ZX-002", "电子监察员", "supervisor", name="段志强")
    b.staff(centre, "DL-ZX-003", "首问服务台", "handler", name="李春梅")
    windows_per_dept = [2] * 15 + [1] * 11
    staff_left = 137
    window_no = 0
    for d, dname in enumerate(DEPARTMENTS):
        dept = b.unit(centre, f"532901-ZX-D{d + 1:02d}", f"大理市{dname}", "department")
        for w in range(windows_per_dept[d]):
            window_no += 1
            win = b.unit(dept, f"532901-ZX-W{window_no:02d}", f"{window_no:02d}号窗口（{dname}）", "window")
            n = 4 if window_no <= 14 else 3
            n = min(n, staff_left - (41 - window_no) * 3) if window_no < 41 else staff_left
            for s in range(n):
                role = "supervisor" if s == 0 and w == 0 else "handler"
                title = "首席代表" if role == "supervisor" else "窗口工作人员"
                b.staff(win, f"DL-ZX-W{window_no:02d}-{s + 1}", title, role)
            staff_left -= n


# 15% of each unit's staff, rounded half up (at least 1), totals the seed's 528 candidates.
JINAN_STAFF = [("分行机关", 393), ("营业管理部", 207)] + list(
    zip(
        SHANDONG,
        [278, 192, 165, 159, 218, 232, 212, 165, 145, 132, 105, 212, 179, 172, 152, 179],
        strict=True,
    )
)


def _jinan(b: _Builder) -> None:
    root = b.unit(
        None,
        "PBC-JN",
        "中国人民银行济南分行",
        "bank_branch",
        level_names=["分行", "中心支行", "部门"],
        short_name="济南分行",
    )
    for i, (name, staff) in enumerate(JINAN_STAFF):
        if name == "分行机关":
            unit = b.unit(root, "PBC-JN-JG", "济南分行机关", "office")
        elif name == "营业管理部":
            unit = b.unit(root, "PBC-JN-YGB", "济南分行营业管理部", "central_sub_branch")
        else:
            unit = b.unit(root, f"PBC-JN-{i:02d}", f"{name}市中心支行", "central_sub_branch")
        for s in range(staff):
            role, title = (
                ("leader", "行长") if s == 0 else (("admin", "办公室主任") if s == 1 else (None, "职员"))
            )
            b.staff(unit, f"{unit.code}-{s + 1:04d}", title, role)


def _linyi(b: _Builder) -> None:
    root = b.unit(
        None,
        "ICBC-LY",
        "中国工商银行临沂分行",
        "bank_branch",
        level_names=["分行", "支行", "网点"],
        short_name="工行临沂分行",
    )
    b.staff(root, "ICBC-LY-0001", "行长", "leader", name="孙建国")
    b.staff(root, "ICBC-LY-0002", "竞赛办公室主任", "admin", name="马晓东")
    for i, name in enumerate(ICBC_OFFICES):
        dept = b.unit(root, f"ICBC-LY-B{i + 1:02d}", f"市行{name}", "office")
        for s in range(6):
            b.staff(
                dept,
                f"{dept.code}-{s + 1:02d}",
                "部门经理" if s == 0 else "职员",
                "leader" if s == 0 else None,
            )
    for i, name in enumerate(ICBC_SUBS):
        sub = b.unit(root, f"ICBC-LY-S{i + 1:02d}", f"{name}支行", "sub_branch")
        b.staff(sub, f"{sub.code}-01", "支行行长", "leader")
        b.staff(sub, f"{sub.code}-02", "分管副行长", "leader", post_title="分管行长")
        for s in range(3, 7):
            b.staff(sub, f"{sub.code}-{s:02d}", "客户经理")
        for o in range(3 + i % 3):
            outlet = b.unit(
                sub,
                f"{sub.code}-O{o + 1:02d}",
                f"{name}支行第{o + 1}营业网点" if o else f"{name}支行营业室",
                "outlet",
            )
            b.staff(outlet, f"{outlet.code}-01", "网点主任", "leader")
            for s in range(2, 9):
                b.staff(outlet, f"{outlet.code}-{s:02d}", "客户经理" if s < 4 else "柜员")


def _court(b: _Builder) -> None:
    root = b.unit(
        None, "BHHSFY", "北海海事法院", "court", level_names=["法院", "审判庭"], short_name="北海海事法院"
    )
    b.staff(root, "BHHSFY-001", "院长", "leader", name="廖少昆")
    b.staff(root, "BHHSFY-002", "审判管理办公室主任", "admin", name="黄敏")
    for code, name, kind, judges in [
        ("LA", "立案庭", "tribunal", 4),
        ("HS", "海事审判庭", "tribunal", 7),
        ("HSH", "海商审判庭", "tribunal", 7),
        ("ZX", "执行庭", "tribunal", 5),
        ("GG", "贵港法庭", "detached_tribunal", 4),
    ]:
        t = b.unit(root, f"BHHSFY-{code}", name, kind)
        for j in range(judges):
            b.staff(t, f"{t.code}-J{j + 1:02d}", "庭长" if j == 0 else "审判员", "judge")
        for c in range(max(2, judges // 2)):
            b.staff(t, f"{t.code}-C{c + 1:02d}", "书记员")


def _logins() -> list[tuple[str, str]]:
    """Demo logins, each tied to a person with a post (printed by `make run`)."""
    User = get_user_model()
    out = []
    for username, person_code, role, unit_code in [
        ("dali", "DL-ZX-001", "admin", "532900"),
        ("centre", "DL-ZX-002", "supervisor", "532901-ZWZX"),
        ("clerk", "DL-ZX-W01-2", "handler", "532901-ZX-W01"),
        ("jinan", "PBC-JN-JG-0002", "admin", "PBC-JN"),
        ("linyi", "ICBC-LY-0002", "admin", "ICBC-LY"),
        ("court", "BHHSFY-002", "admin", "BHHSFY"),
    ]:
        user, created = User.objects.get_or_create(username=username)
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        person = Person.objects.get(code=person_code)
        if person.user_id is None:
            person.user = user
            person.save(update_fields=["user"])
        Post.objects.get_or_create(person=person, unit=Unit.objects.get(code=unit_code), role=role)
        out.append((username, role))
    return out


@transaction.atomic
def build(stdout=None) -> dict:
    b = _Builder()
    _dali(b)
    _jinan(b)
    _linyi(b)
    _court(b)
    created = b.flush()
    logins = _logins()
    return {"units": Unit.objects.count(), "people_created": created, "logins": [u for u, _r in logins]}
