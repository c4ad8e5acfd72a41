"""Construction coverage (应建/已建): what a unit should have built and what it has."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from yangguang.audit.actions import record, snapshot
from yangguang.orgs.models import Construction, Unit

from ..queries import MANAGER_ROLES
from ._common import _require


@transaction.atomic
def construction_set(
    *, actor, unit: Unit, kind: str = "service_centre", planned: bool = True, built_on: date | None = None
) -> Construction:
    """Mark a unit's facility as planned (应建) and, with a date, built (已建)."""
    _require(actor, MANAGER_ROLES, unit)
    kind = (kind or "").strip() or "service_centre"
    c, created = Construction.objects.get_or_create(unit=unit, kind=kind, defaults={"planned": planned})
    before = None if created else snapshot(c)
    c.planned, c.built_on = planned, built_on
    c.save()
    record(
        actor=actor,
        action="create" if created else "update",
        instance=c,
        before=before,
        after=snapshot(c),
        unit=unit,
    )
    return c


@transaction.atomic
def constructions_mark(
    *, actor, rows: list[tuple[Unit, bool, date | None]], kind: str = "service_centre"
) -> dict:
    """Mark many units' facilities at once (planned, built on); one audit entry lists them all."""
    kind = (kind or "").strip() or "service_centre"
    for unit, _planned, _built in rows:
        _require(actor, MANAGER_ROLES, unit)
    existing = {
        c.unit_id: c for c in Construction.objects.filter(unit__in=[u for u, _p, _b in rows], kind=kind)
    }
    new, changed = [], []
    for unit, planned, built_on in rows:
        c = existing.get(unit.pk)
        if c is None:
            new.append(Construction(unit=unit, kind=kind, planned=planned, built_on=built_on))
        elif (c.planned, c.built_on) != (planned, built_on):
            c.planned, c.built_on = planned, built_on
            changed.append(c)
    Construction.objects.bulk_create(new, batch_size=1000)
    Construction.objects.bulk_update(changed, ["planned", "built_on"], batch_size=1000)
    if new or changed:
        top = min((u for u, _p, _b in rows), key=lambda u: u.depth)
        record(
            actor=actor,
            action="update",
            model="orgs.construction",
            after={
                "kind": kind,
                "rows": [
                    [u.code, p, b] for u, p, b in rows if u.pk not in existing or existing[u.pk] in changed
                ],
            },
            unit=top,
            note="bulk mark",
        )
    return {"created": len(new), "updated": len(changed)}
