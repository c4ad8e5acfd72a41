"""The demo builder: units keyed by code (idempotent), staff with seeded names, posts created in bulk."""

from __future__ import annotations

import random

from ..kinds import ensure_unit_kinds
from ..models import Person, Post, Unit

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉兰萍红娥玲建国志强海燕雪梅晓东春梅丽娟文杰思远子涵雨轩浩然欣怡梓萱一诺"


def _names(rng: random.Random):
    while True:
        yield rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


class _Builder:
    def __init__(self):
        self.kinds = ensure_unit_kinds()
        self.rng = random.Random(20260101)
        self.names = _names(self.rng)
        self.people: list[Person] = []
        self.posts: list[tuple[str, str, str, str]] = []  # (person code, unit code, role, title)

    def unit(self, parent: Unit | None, code: str, name: str, kind: str, **extra) -> Unit:
        found = Unit.objects.filter(code=code).first()
        if found:
            return found
        if parent is None:
            return Unit.add_root(code=code, name=name, kind=self.kinds[kind], **extra)
        parent = Unit.objects.get(pk=parent.pk)  # treebeard needs a fresh numchild
        return parent.add_child(code=code, name=name, kind=self.kinds[kind], **extra)

    def staff(
        self,
        unit: Unit,
        code: str,
        title: str = "",
        role: str | None = None,
        name: str | None = None,
        post_title: str = "",
    ) -> None:
        self.people.append(
            Person(
                code=code,
                name=name or next(self.names),
                unit=unit,
                unit_path=unit.path,
                title=title,
                phone=f"0872-{self.rng.randint(2000000, 2999999)}",
            )
        )
        if role:
            self.posts.append((code, unit.code, role, post_title or title))

    def flush(self) -> int:
        existing = set(
            Person.objects.filter(code__in=[p.code for p in self.people]).values_list("code", flat=True)
        )
        new = [p for p in self.people if p.code not in existing]
        Person.objects.bulk_create(new, batch_size=2000)
        by_code = dict(Person.objects.filter(code__in=[c for c, *_ in self.posts]).values_list("code", "id"))
        units = dict(Unit.objects.filter(code__in={u for _c, u, *_ in self.posts}).values_list("code", "id"))
        Post.objects.bulk_create(
            [Post(person_id=by_code[c], unit_id=units[u], role=r, title=t) for c, u, r, t in self.posts],
            ignore_conflicts=True,
            batch_size=2000,
        )
        self.people, self.posts = [], []
        return len(new)
