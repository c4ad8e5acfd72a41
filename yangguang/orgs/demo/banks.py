"""人民银行济南分行 and its 中心支行 (staffed for the seed's 528 candidates); 工行临沂分行 and its 网点."""

from __future__ import annotations

from .builder import _Builder

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
