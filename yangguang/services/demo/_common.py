"""What the demo builders share: the centre's code, the time zone, names, a time of day."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")
CENTRE = "532901-ZWZX"


FIRST_NAMES = "赵钱孙李周吴郑王冯陈褚卫蒋沈韩杨朱秦尤许何吕施张孔曹严华金魏陶姜段杨李"


def _at(d: date, rng: random.Random) -> datetime:
    """A working-hours moment of day d — never later than three hours before the demo is built, so a
    case received "today" is not received later today (the steps after it still fit before now)."""
    from django.utils import timezone

    at = datetime.combine(d, time(rng.randint(9, 16), rng.randint(0, 59)), tzinfo=TZ)
    return min(at, timezone.now() - timedelta(hours=3))


def _next_workday(cal, d: date) -> date:
    return cal.add_workdays(d, 1).date
