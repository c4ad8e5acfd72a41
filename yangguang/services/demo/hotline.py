"""A month of the 96128 hotline's work orders, and the first inquiries of those days."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from yangguang.orgs.models import Person, Unit
from yangguang.workdays.queries import calendar

from ..models import (
    FirstInquiry,
    HotlineOrder,
)
from ._common import FIRST_NAMES, _at
from .inquiries import _day_inquiries


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
            inquiries += _day_inquiries(rng, centre, workers, d, contents["consultation"], cal, today)
        d += timedelta(days=1)
    HotlineOrder.objects.bulk_create(orders, batch_size=1000)
    FirstInquiry.objects.bulk_create(inquiries, batch_size=1000)
    return {"hotline_orders": len(orders), "first_inquiries": len(inquiries)}
