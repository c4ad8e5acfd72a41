"""API for accountability records (问责)."""

from datetime import date

from ninja import Router, Schema, Status
from ninja.pagination import paginate

from yangguang.core.pagination import PageNumberPagination

from .. import actions, queries
from ._common import _people, _unit, _units

router = Router()


class AccountabilityIn(Schema):
    unit_id: int
    rule: str
    decision: str
    facts: str
    unit_ids: list[int] = []
    person_ids: list[int] = []
    decided_on: date | None = None
    finding_id: int | None = None
    major_decision_id: int | None = None


class AccountabilityOut(Schema):
    id: int
    unit_id: int
    rule: str
    decision: str
    facts: str
    decided_on: date
    unit_ids: list[int]
    person_ids: list[int]

    @staticmethod
    def resolve_unit_ids(obj):
        return [u.pk for u in obj.units.all()]

    @staticmethod
    def resolve_person_ids(obj):
        return [p.pk for p in obj.people.all()]


@router.get("/accountability", response=list[AccountabilityOut])
@paginate(PageNumberPagination, page_size=50)
def accountability(request):
    """Supervisors and administrators over the deciding unit only."""
    return queries.accountability_list(actor=request.user)


@router.post("/accountability", response={201: AccountabilityOut})
def accountability_create(request, body: AccountabilityIn):
    f = queries.finding_get(actor=request.user, finding_id=body.finding_id) if body.finding_id else None
    d = (
        queries.decision_get(actor=request.user, decision_id=body.major_decision_id)
        if body.major_decision_id
        else None
    )
    return Status(
        201,
        actions.accountability_create(
            actor=request.user,
            unit=_unit(request, body.unit_id),
            rule=body.rule,
            decision=body.decision,
            facts=body.facts,
            units=_units(request, body.unit_ids),
            people=_people(request, body.person_ids),
            decided_on=body.decided_on,
            finding=f,
            major_decision=d,
        ),
    )
