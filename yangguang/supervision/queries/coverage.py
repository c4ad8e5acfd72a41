"""Construction coverage (应建/已建) over a unit's subtree."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, F, Q

from yangguang.orgs.models import Construction, Unit
from yangguang.orgs.queries import scope_q

from .. import rules


def coverage(*, actor, root: Unit | None = None, kind: str = "", as_of: date | None = None) -> list[dict]:
    """Planned vs built facilities per tree level and unit kind, percentages to two decimals."""
    qs = Construction.objects.filter(scope_q(actor, "unit__path"), planned=True)
    if root is not None:
        qs = qs.filter(unit__path__startswith=root.path)
    if kind:
        qs = qs.filter(kind=kind)
    built = Q(built_on__isnull=False) if as_of is None else Q(built_on__lte=as_of)
    groups = (
        qs.order_by()
        .values("unit__depth", "unit__kind__code", "unit__kind__name", "kind", root_path=F("unit__path"))
        .annotate(planned_n=Count("id"), built_n=Count("id", filter=built))
    )
    # Group per (tree root, depth, unit kind, facility): the root gives the level's name.
    agg: dict[tuple, dict] = {}
    for g in groups:
        key = (g["root_path"][:4], g["unit__depth"], g["unit__kind__code"], g["kind"])
        row = agg.setdefault(key, {"planned": 0, "built": 0, "kind_name": g["unit__kind__name"]})
        row["planned"] += g["planned_n"]
        row["built"] += g["built_n"]
    roots = {u.path: u for u in Unit.objects.filter(path__in={k[0] for k in agg}, depth=1)}
    out = []
    for (rp, depth, ukind, facility), row in sorted(agg.items()):
        r = roots.get(rp)
        names = (r.level_names if r else []) or []
        out.append(
            {
                "root": r.name if r else "",
                "root_id": r.pk if r else None,
                "depth": depth,
                "level": names[depth - 1] if depth - 1 < len(names) else str(depth),
                "unit_kind": ukind,
                "unit_kind_name": row["kind_name"],
                "facility": facility,
                "planned": row["planned"],
                "built": row["built"],
                "percent": rules.percent(row["built"], row["planned"]),
            }
        )
    return out
