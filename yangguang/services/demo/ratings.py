"""The demo's 好差评 ratings of completed cases, and the rectification of each bad one."""

from __future__ import annotations

import random
from datetime import date

from yangguang.orgs.models import Unit

from ..models import (
    Case,
    Rating,
    Rectification,
)
from ._common import _at


def _ratings(
    centre: Unit, cases: list[Case], ratings: list, rng: random.Random, cal, today: date
) -> tuple[int, int]:
    """Rating rows for the drawn (case index, level, channel, day) and a rectification per bad one
    (some called back, rectified or appealed). Draws from the cases' random stream, in its order."""
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
        if cb <= today and (rd < today or k % 3):  # a call-back is not dated after the build
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
    return len(rating_rows), len(rects)
