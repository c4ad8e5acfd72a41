"""大理州: counties, townships and villages; the 大理市政务服务中心 with its departments, windows and staff."""

from __future__ import annotations

from ..models import Unit
from .builder import _Builder

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
