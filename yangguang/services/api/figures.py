"""The supervision figures of a unit and its sub-units, and of its people."""

from datetime import date

from ninja import Router

from yangguang.orgs.queries import unit_get

from .. import queries

router = Router()


@router.get("/figures")
def figures(request, unit_id: int, start: date, end: date):
    """Supervision figures for a unit (subtree) and its direct sub-units over [start, end]."""
    unit = unit_get(actor=request.user, unit_id=unit_id)
    return queries.dashboard(unit, start, end)


@router.get("/figures/people")
def figures_people(request, unit_id: int, start: date, end: date):
    from yangguang.orgs.queries import person_list

    unit = unit_get(actor=request.user, unit_id=unit_id)
    ids = list(person_list(actor=request.user, under=unit).values_list("id", flat=True)[:500])
    return {str(k): v for k, v in queries.figures_for_people(ids, start, end).items()}
