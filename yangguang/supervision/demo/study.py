"""Demo study and training (学法培训): a township's legal study and two trainings."""

from __future__ import annotations

from datetime import date

from yangguang.orgs.actions import person_create, post_grant
from yangguang.orgs.models import Person, Unit

from .. import actions
from ..models import StudySession
from ._common import _unit


def _study(actor, today: date) -> None:
    town = _unit("532901001")  # 下关镇
    if StudySession.objects.filter(unit=town).exists():
        return
    year = today.year
    leaders = []
    for i in range(12):
        code = f"XG-LD-{i + 1:02d}"
        p = Person.objects.filter(code=code).first() or person_create(
            actor=actor,
            unit=town,
            code=code,
            name=["谭文武", "岳国军", "杨建跃"][i] if i < 3 else f"下关镇班子成员{i + 1}",
            title=["党委书记", "镇长", "纪委书记"][i] if i < 3 else "班子成员",
        )
        post_grant(actor=actor, person=p, unit=town, role="leader", title=p.title)
        leaders.append(p)
    villages = list(Unit.objects.filter(path__startswith=town.path, depth=town.depth + 1).order_by("path"))
    cadres = []
    for i in range(68):
        v = villages[i % len(villages)]
        code = f"XG-CD-{i + 1:02d}"
        cadres.append(
            Person.objects.filter(code=code).first()
            or person_create(
                actor=actor, unit=v, code=code, name=f"{v.name}干部{i // len(villages) + 1}", title="村干部"
            )
        )
    topics = [
        "宪法",
        "行政许可法",
        "行政处罚法",
        "治安管理处罚法",
        "村民委员会组织法",
        "道路交通安全法",
        "政府信息公开条例",
        "行政复议法",
        "国家赔偿法",
        "土地管理法",
        "安全生产法",
        "信访条例",
    ]
    for m, topic in enumerate(topics):
        actions.session_create(
            actor=actor,
            unit=town,
            kind=StudySession.STUDY,
            title=f"党政班子专题学法：{topic}",
            held_on=date(year, m % 11 + 1, 10),
            hours=4,
            attendees=leaders,
        )
    for m, title in ((3, "依法行政和政务公开业务培训"), (9, "乡村两级干部法律知识培训")):
        actions.session_create(
            actor=actor,
            unit=town,
            kind=StudySession.TRAINING,
            title=title,
            held_on=date(year, m, 20),
            hours=4,
            attendees=leaders + cadres,
        )
