"""Cross-invigilation (混合交叉监考) as a maximum flow. Pure.

Each site needs one group of two invigilators, neither from a unit that sits at the site, the two
from different units; nobody serves twice. Flow network:

    source ─2→ site ─1→ (site, unit) ─1→ person ─1→ sink

with an edge (site, unit) → person for every eligible person of that unit. The capacity 1 on
(site, unit) makes the two of a group come from different units. An assignment exists exactly when
the maximum flow is 2 × sites. When it does not, the sites still reachable from the source in the
residual graph form a set whose eligible people are too few (Hall's condition): those are named.

Each site also gets a leader and a liaison from its own people (first listed, distinct persons).
The pool is shuffled with the seed first, so a plan is reproducible from the seed.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from yangguang.core.errors import DomainError


@dataclass(frozen=True)
class SiteNeed:
    site_id: int
    name: str
    units: frozenset  # units sitting here: invigilators may not come from these
    leaders: tuple = ()  # person ids who may lead the site
    liaisons: tuple = ()  # person ids who may be its liaison


@dataclass(frozen=True)
class Invigilator:
    person_id: int
    unit_id: int


@dataclass
class Plan:
    groups: dict = field(default_factory=dict)  # site id -> (person id, person id)
    leaders: dict = field(default_factory=dict)
    liaisons: dict = field(default_factory=dict)


class _Flow:
    def __init__(self, n: int):
        self.n = n
        self.adj: list[list[int]] = [[] for _ in range(n)]
        self.to: list[int] = []
        self.cap: list[int] = []

    def edge(self, u: int, v: int, c: int) -> None:
        self.adj[u].append(len(self.to))
        self.to.append(v)
        self.cap.append(c)
        self.adj[v].append(len(self.to))
        self.to.append(u)
        self.cap.append(0)

    def maxflow(self, s: int, t: int) -> int:
        flow = 0
        while True:
            level = [-1] * self.n
            level[s] = 0
            q = deque([s])
            while q:
                u = q.popleft()
                for e in self.adj[u]:
                    if self.cap[e] > 0 and level[self.to[e]] < 0:
                        level[self.to[e]] = level[u] + 1
                        q.append(self.to[e])
            if level[t] < 0:
                return flow
            it = [0] * self.n
            flow += self._blocking(s, t, level, it)

    def _blocking(self, s: int, t: int, level: list[int], it: list[int]) -> int:
        def dfs(u: int, f: int) -> int:
            if u == t:
                return f
            while it[u] < len(self.adj[u]):
                e = self.adj[u][it[u]]
                v = self.to[e]
                if self.cap[e] > 0 and level[v] == level[u] + 1:
                    d = dfs(v, min(f, self.cap[e]))
                    if d:
                        self.cap[e] -= d
                        self.cap[e ^ 1] += d
                        return d
                it[u] += 1
            return 0

        total = 0
        while True:
            f = dfs(s, 1 << 30)
            if not f:
                return total
            total += f

    def reachable(self, s: int) -> set[int]:
        seen = {s}
        q = deque([s])
        while q:
            u = q.popleft()
            for e in self.adj[u]:
                if self.cap[e] > 0 and self.to[e] not in seen:
                    seen.add(self.to[e])
                    q.append(self.to[e])
        return seen


def eligible(site: SiteNeed, pool: list[Invigilator]) -> list[Invigilator]:
    return [p for p in pool if p.unit_id not in site.units]


def solve(sites: list[SiteNeed], pool: list[Invigilator], seed: int = 0) -> Plan:
    problems = []
    for s in sites:
        el = eligible(s, pool)
        units = {p.unit_id for p in el}
        if len(units) < 2:
            problems.append(
                {
                    "site": s.name,
                    "site_id": s.site_id,
                    "rule": "two_units",
                    "eligible_people": len(el),
                    "eligible_units": len(units),
                }
            )
        if not s.leaders:
            problems.append({"site": s.name, "site_id": s.site_id, "rule": "leader"})
        if not [p for p in s.liaisons if p not in s.leaders[:1]]:
            problems.append({"site": s.name, "site_id": s.site_id, "rule": "liaison"})
    if problems:
        raise _infeasible(problems)

    people = sorted({p.person_id: p for p in pool}.values(), key=lambda p: p.person_id)
    random.Random(seed).shuffle(people)
    S, T = 0, 1
    idx = 2
    site_node = {}
    for s in sites:
        site_node[s.site_id] = idx
        idx += 1
    su_node: dict[tuple, int] = {}
    for s in sites:
        for p in eligible(s, people):
            if (s.site_id, p.unit_id) not in su_node:
                su_node[(s.site_id, p.unit_id)] = idx
                idx += 1
    person_node = {}
    for p in people:
        person_node[p.person_id] = idx
        idx += 1
    g = _Flow(idx)
    for s in sites:
        g.edge(S, site_node[s.site_id], 2)
    for (sid, _uid), node in su_node.items():
        g.edge(site_node[sid], node, 1)
    assign_edges = []
    for s in sites:
        for p in eligible(s, people):
            e = len(g.to)
            g.edge(su_node[(s.site_id, p.unit_id)], person_node[p.person_id], 1)
            assign_edges.append((e, s.site_id, p.person_id))
    for p in people:
        g.edge(person_node[p.person_id], T, 1)
    flow = g.maxflow(S, T)
    if flow < 2 * len(sites):
        reach = g.reachable(S)
        short = [s for s in sites if site_node[s.site_id] in reach]
        pool_short = {
            p.person_id for s in short for p in eligible(s, people) if person_node[p.person_id] in reach
        }
        raise _infeasible(
            [
                {
                    "site": s.name,
                    "site_id": s.site_id,
                    "rule": "not_enough_people",
                    "sites_competing": [x.name for x in short],
                    "needed": 2 * len(short),
                    "eligible_people": len(pool_short),
                }
                for s in short
            ]
        )
    plan = Plan()
    got: dict[int, list[int]] = {s.site_id: [] for s in sites}
    for e, sid, pid in assign_edges:
        if g.cap[e] == 0:
            got[sid].append(pid)
    for s in sites:
        plan.groups[s.site_id] = tuple(sorted(got[s.site_id]))
        plan.leaders[s.site_id] = s.leaders[0]
        plan.liaisons[s.site_id] = next(p for p in s.liaisons if p != s.leaders[0])
    return plan


def _infeasible(problems: list[dict]) -> DomainError:
    first = problems[0]
    if first["rule"] == "two_units":
        msg = _(
            "No invigilation plan: site %(site)s has eligible people from only %(units)d unit(s); "
            "a group needs two people from two units other than the site's own."
        ) % {"site": first["site"], "units": first["eligible_units"]}
    elif first["rule"] == "leader":
        msg = _("No invigilation plan: site %(site)s has no one to lead it.") % {"site": first["site"]}
    elif first["rule"] == "liaison":
        msg = _("No invigilation plan: site %(site)s has no liaison.") % {"site": first["site"]}
    else:
        msg = _(
            "No invigilation plan: sites %(sites)s need %(needed)d invigilators from other units "
            "but only %(have)d eligible people are left for them."
        ) % {
            "sites": "、".join(first["sites_competing"]),
            "needed": first["needed"],
            "have": first["eligible_people"],
        }
    return DomainError("invigilation_infeasible", msg, {"problems": problems})
