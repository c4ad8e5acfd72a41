"""The demo's first inquiries (首问负责) at the centre."""

from __future__ import annotations

import random
from datetime import date, timedelta

from django.utils import timezone

from yangguang.orgs.models import Person, Unit

from ..models import (
    FirstInquiry,
)
from ._common import FIRST_NAMES, _at


def _day_inquiries(
    rng: random.Random, centre: Unit, workers: list[Person], d: date, questions: list[str], cal, today: date
) -> list[FirstInquiry]:
    """One working day's inquiries, drawn from the hotline's random stream (in its order)."""
    inquiries = []
    for _k in range(rng.randint(1, 3)):
        asked = rng.choice(workers)
        at = _at(d, rng)
        ans = at + timedelta(hours=rng.randint(0, 40)) if rng.random() < 0.9 else None
        inquiries.append(
            FirstInquiry(
                unit=centre,
                asker_name=rng.choice(FIRST_NAMES) + "先生",
                question=rng.choice(questions),
                asked=asked,
                owner=asked,
                asked_at=at,
                due_on=cal.add_workdays(d, 1).date,
                answered_at=ans if ans and ans <= timezone.now() else None,
                answer="已当面答复并引导至相关窗口" if ans else "",
            )
        )
    return inquiries
