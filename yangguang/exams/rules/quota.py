"""Quota draws: each participating unit sends a percentage of its staff.

Rule: quota = percent × staff / 100, rounded as configured (default: half up, so 58.5 → 59 and
31.05 → 31), at least 1; a quota larger than the unit's staff is refused. The draw is
`random.Random(seed).sample` over the staff ids in ascending order, so the same seed and staff give
the same people.
"""

from __future__ import annotations

import random
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import DomainError

ROUNDINGS = {"half_up": ROUND_HALF_UP, "ceil": ROUND_CEILING, "floor": ROUND_FLOOR}


def quota_size(staff: int, percent, rounding: str = "half_up", unit: str = "") -> int:
    if rounding not in ROUNDINGS:
        raise DomainError("bad_rounding", _("Unknown rounding rule: %(r)s") % {"r": rounding})
    pct = Decimal(str(percent))
    if pct <= 0 or pct > 100:
        raise DomainError(
            "bad_percent", _("The quota percentage must be above 0 and at most 100."), {"percent": str(pct)}
        )
    n = int((Decimal(staff) * pct / 100).quantize(Decimal("1"), rounding=ROUNDINGS[rounding]))
    n = max(n, 1)
    return check_quota(staff, n, unit)


def check_quota(staff: int, n: int, unit: str = "") -> int:
    if n > staff:
        raise DomainError(
            "quota_too_large",
            _("%(unit)s: a quota of %(n)d is larger than its staff of %(staff)d.")
            % {"unit": unit, "n": n, "staff": staff},
            {"unit": unit, "quota": n, "staff": staff},
        )
    if n < 1:
        raise DomainError("quota_too_small", _("%(unit)s: the quota must be at least 1.") % {"unit": unit})
    return n


def draw(person_ids, n: int, seed: int, unit: str = "") -> list[int]:
    pool = sorted(set(person_ids))
    check_quota(len(pool), n, unit)
    return random.Random(seed).sample(pool, n)
