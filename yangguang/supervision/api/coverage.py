"""API for construction coverage (应建/已建)."""

from datetime import date

from ninja import Router, Schema

from .. import actions, queries
from ._common import _unit

router = Router()


class CoverageOut(Schema):
    root: str
    depth: int
    level: str
    unit_kind: str
    unit_kind_name: str
    facility: str
    planned: int
    built: int
    percent: float | None


class ConstructionIn(Schema):
    unit_id: int
    kind: str = "service_centre"
    planned: bool = True
    built_on: date | None = None


@router.get("/coverage", response=list[CoverageOut])
def coverage(request, root_id: int | None = None, kind: str = "", as_of: date | None = None):
    """Planned (应建) vs built (已建) per tree level and unit kind; percent to two decimals."""
    rows = queries.coverage(actor=request.user, root=_unit(request, root_id), kind=kind, as_of=as_of)
    return [r | {"percent": float(r["percent"]) if r["percent"] is not None else None} for r in rows]


@router.post("/coverage", response={200: dict})
def construction_set(request, body: ConstructionIn):
    c = actions.construction_set(
        actor=request.user,
        unit=_unit(request, body.unit_id),
        kind=body.kind,
        planned=body.planned,
        built_on=body.built_on,
    )
    return {"id": c.pk, "unit_id": c.unit_id, "kind": c.kind, "planned": c.planned, "built_on": c.built_on}
