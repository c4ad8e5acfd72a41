"""A named cast for tests: a small tree and one user per boundary worth proving.

    州 TZ (root, 州/县市/乡镇/村社区)
    ├── 甲县 TA ── 甲一镇 TA1 ── 甲一村 TA1V
    └── 乙县 TB ── 乙一镇 TB1

admin        superuser
admin_a      administrator of 甲县 (and its subtree)
clerk_a      handler at 甲县          clerk_b   handler at 乙县
supervisor   supervisor at 州 (sees both counties)
viewer_a1    viewer at 甲一镇
outsider     a login with no post (sees nothing)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model

from .kinds import ensure_unit_kinds
from .models import Person, Post, Unit

PASSWORD = "correct-horse-42"


@dataclass
class Cast:
    root: Unit
    county_a: Unit
    county_b: Unit
    town_a1: Unit
    town_b1: Unit
    village_a1: Unit
    admin: object
    admin_a: object
    clerk_a: object
    clerk_b: object
    supervisor: object
    viewer_a1: object
    outsider: object

    def person(self, user) -> Person:
        return user.person

    def visitors(self) -> dict:
        """Everyone worth trying a boundary with, by name: `anonymous` (None) and every login above."""
        names = ("outsider", "viewer_a1", "clerk_a", "admin_a", "clerk_b", "supervisor", "admin")
        return {"anonymous": None, **{n: getattr(self, n) for n in names}}


def _user(username: str, unit: Unit | None, role: str | None, superuser: bool = False, name: str = ""):
    User = get_user_model()
    user = User.objects.create_user(
        username=username, password=PASSWORD, is_superuser=superuser, is_staff=superuser
    )
    if unit is not None:
        person = Person.objects.create(code=f"P-{username}", name=name or username, unit=unit, user=user)
        if role:
            Post.objects.create(person=person, unit=unit, role=role)
    return user


def build_cast() -> Cast:
    kind = ensure_unit_kinds()
    root = Unit.add_root(
        code="TZ", name="测试州", kind=kind["government"], level_names=["州", "县市", "乡镇", "村社区"]
    )
    a = root.add_child(code="TA", name="甲县", kind=kind["government"])
    b = Unit.objects.get(pk=root.pk).add_child(code="TB", name="乙县", kind=kind["government"])
    a1 = Unit.objects.get(pk=a.pk).add_child(code="TA1", name="甲一镇", kind=kind["township"])
    Unit.objects.get(pk=b.pk).add_child(code="TB1", name="乙一镇", kind=kind["township"])
    Unit.objects.get(pk=a1.pk).add_child(code="TA1V", name="甲一村", kind=kind["village"])
    units = {u.code: u for u in Unit.objects.all()}
    return Cast(
        root=units["TZ"],
        county_a=units["TA"],
        county_b=units["TB"],
        town_a1=units["TA1"],
        town_b1=units["TB1"],
        village_a1=units["TA1V"],
        admin=_user("admin", None, None, superuser=True),
        admin_a=_user("admin_a", units["TA"], "admin", name="甲县管理员"),
        clerk_a=_user("clerk_a", units["TA"], "handler", name="张甲"),
        clerk_b=_user("clerk_b", units["TB"], "handler", name="李乙"),
        supervisor=_user("supervisor", units["TZ"], "supervisor", name="王督"),
        viewer_a1=_user("viewer_a1", units["TA1"], "viewer", name="赵看"),
        outsider=_user("outsider", None, None),
    )
