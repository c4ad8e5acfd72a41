"""What the demo builders share: the contest's name, its leaders, the demo password, dates in the local zone."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from yangguang.orgs.models import Unit

from ..models import Category

GRADERS = [
    ("jn_grader1", "周文静"),
    ("jn_grader2", "吴志刚"),
    ("jn_grader3", "郑海燕"),
    ("jn_gleader", "冯建国"),
]


TZ = timezone.get_default_timezone()


def _at(y, mo, d, h, mi=0):
    return timezone.make_aware(datetime(y, mo, d, h, mi), TZ)


def _cells(root: Unit, spec) -> list[dict]:
    tops = {c.name: c.pk for c in Category.objects.filter(unit=root, parent=None)}
    return [
        {"kind": k, "category": tops[c], "difficulty": None, "count": n, "points": p} for k, c, n, p in spec
    ]
