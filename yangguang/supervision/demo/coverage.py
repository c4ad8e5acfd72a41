"""Demo coverage (应建/已建) marked on the tree."""

from __future__ import annotations

from datetime import date, timedelta

from yangguang.orgs.models import Construction, Unit

from .. import actions
from ._common import _unit

# The seed: county 12 planned / 1 built, township 110 / 21, village 1,075 / 52.
COVERAGE_BUILT = {2: 1, 3: 21, 4: 52}


def _coverage(actor) -> dict:
    zhou = _unit("532900")
    if Construction.objects.filter(unit__path__startswith=zhou.path, kind="service_centre").exists():
        return {}
    kinds = {2: "government", 3: "township", 4: "village"}
    rows = []
    for depth, kind in kinds.items():
        units = list(
            Unit.objects.filter(path__startswith=zhou.path, depth=depth, kind__code=kind).order_by("path")
        )
        # The built ones: 大理市 first among counties; 下关镇 and 沙溪 among the townships …
        built = units[: COVERAGE_BUILT[depth]]
        for i, u in enumerate(units):
            rows.append((u, True, date(2010, 10, 1) + timedelta(days=7 * i) if u in built else None))
    return actions.constructions_mark(actor=actor, rows=rows, kind="service_centre")
