"""Roles, permission checks, the 404-on-missing getter and the subtree roll-up every read shares."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import QuerySet

from yangguang.core.errors import NotFound
from yangguang.orgs.models import Unit
from yangguang.orgs.queries import has_role

MANAGER_ROLES = ("admin", "supervisor")
INSPECTOR_ROLES = ("admin", "supervisor", "inspector")
WORKER_ROLES = ("admin", "supervisor", "handler", "leader", "liaison")
ACCOUNTABILITY_ROLES = ("admin", "supervisor")


def can_manage(actor, unit: Unit) -> bool:
    return has_role(actor, MANAGER_ROLES, unit)


def can_work(actor, unit: Unit) -> bool:
    return has_role(actor, WORKER_ROLES, unit)


def _get(qs: QuerySet, pk):
    try:
        return qs.get(pk=pk)
    except (qs.model.DoesNotExist, ValueError, TypeError):
        raise NotFound()


def rollup(ids: list[int], rows: list[tuple[str, tuple]]) -> dict[int, list[tuple]]:
    """Assign (unit path, values) rows to every requested unit whose subtree holds the path."""
    by_path = {path: uid for uid, path in Unit.objects.filter(pk__in=ids).values_list("pk", "path")}
    steps = sorted({len(p) for p in by_path})
    out: dict[int, list[tuple]] = defaultdict(list)
    for path, values in rows:
        for n in steps:
            if n > len(path):
                break
            uid = by_path.get(path[:n])
            if uid is not None:
                out[uid].append(values)
    return out
