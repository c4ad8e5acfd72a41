"""API for study and training (学法培训): sessions and the per-person summary."""

from datetime import date

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from yangguang.core.pagination import PageNumberPagination
from yangguang.workdays.calendar import MAX_YEAR, MIN_YEAR

from .. import actions, queries
from ._common import _people, _unit

router = Router()


class SessionIn(Schema):
    unit_id: int
    title: str
    held_on: date
    hours: float
    kind: str = "study"
    attendee_ids: list[int] = []


class SessionOut(Schema):
    id: int
    unit_id: int
    kind: str
    title: str
    held_on: date
    hours: float
    n: int = 0


class PersonHours(Schema):
    person_id: int
    name: str
    unit: str
    hours: float
    below: bool


class StudyOut(Schema):
    unit_id: int
    year: int
    threshold: float
    headcount: int
    participants: int
    participation: float | None
    study_sessions: int
    training_sessions: int
    training_attendances: int
    people: list[PersonHours]


@router.get("/study/sessions", response=list[SessionOut])
@paginate(PageNumberPagination, page_size=50)
def sessions(request, year: int | None = Query(None, ge=MIN_YEAR, le=MAX_YEAR)):
    return queries.session_list(actor=request.user, year=year)


@router.post("/study/sessions", response={201: SessionOut})
def session_create(request, body: SessionIn):
    s = actions.session_create(
        actor=request.user,
        unit=_unit(request, body.unit_id),
        title=body.title,
        held_on=body.held_on,
        hours=body.hours,
        kind=body.kind,
        attendees=_people(request, body.attendee_ids),
    )
    s.n = s.attendance.count()
    return Status(201, s)


@router.get("/study/summary", response=StudyOut)
def study_summary(
    request,
    unit_id: int,
    year: int = Query(..., ge=MIN_YEAR, le=MAX_YEAR),
    threshold: float = Query(45, ge=0, le=10000),
    role: str = "",
):
    """Hours per person (flagged below the threshold), participation, sessions and attendances."""
    from decimal import Decimal

    unit = _unit(request, unit_id)
    s = queries.study_summary(
        actor=request.user, unit=unit, year=year, threshold=Decimal(str(threshold)), role=role
    )
    return {
        "unit_id": unit.pk,
        "year": year,
        "threshold": float(s["threshold"]),
        "headcount": s["headcount"],
        "participants": s["participants"],
        "participation": float(s["participation"]) if s["participation"] is not None else None,
        "study_sessions": s["study"]["sessions"],
        "training_sessions": s["training"]["sessions"],
        "training_attendances": s["training"]["attendances"],
        "people": [
            {
                "person_id": r["person_id"],
                "name": r["name"],
                "unit": r["unit"],
                "hours": float(r["hours"]),
                "below": r["below"],
            }
            for r in s["people"]
        ],
    }
