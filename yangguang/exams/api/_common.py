"""Schemas and helpers the exams API modules share."""

from datetime import datetime
from decimal import Decimal

from ninja import Schema

from yangguang.orgs.models import Person

from .. import queries


class SeedIn(Schema):
    seed: int | None = None


class IdOut(Schema):
    id: int


class CandidateOut(Schema):
    id: int
    person_id: int
    name: str
    unit: str
    site: str | None = None
    seat: int | None = None
    submitted_at: datetime | None = None
    total: Decimal | None = None

    @staticmethod
    def resolve_name(obj):
        return obj.person.name

    @staticmethod
    def resolve_unit(obj):
        return obj.unit.name

    @staticmethod
    def resolve_site(obj):
        return obj.site.name if obj.site_id else None


def _exam(request, exam_id, roles=queries.VIEW):
    return queries.exam_get(actor=request.user, exam_id=exam_id, roles=roles)


def _person(request, person_id: int) -> Person:
    from yangguang.orgs.queries import person_get

    return person_get(actor=request.user, person_id=person_id)
