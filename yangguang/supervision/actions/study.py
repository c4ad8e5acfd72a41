"""Study and training (学法培训): sessions and attendance."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create
from yangguang.core.errors import DomainError
from yangguang.orgs.models import Person, Unit

from ..labels import fmt
from ..models import Attendance, StudySession
from ..queries import WORKER_ROLES
from ._common import _require, _text


def _hours(value) -> Decimal:
    try:
        h = Decimal(str(value))
    except (InvalidOperation, TypeError):
        h = Decimal(-1)
    if not Decimal(0) < h <= Decimal(24):
        raise DomainError("bad_hours", _("Hours must be more than 0 and at most 24."), {"field": "hours"})
    return h


@transaction.atomic
def session_create(
    *, actor, unit: Unit, title: str, held_on: date, hours, kind: str = StudySession.STUDY, attendees=()
) -> StudySession:
    _require(actor, WORKER_ROLES, unit)
    title = _text(title, "title", _("Topic"))
    if kind not in dict(StudySession.KINDS):
        raise DomainError("bad_kind", _("Unknown session kind."), {"field": "kind"})
    if held_on is None:
        raise DomainError("required", _("When was the session held?"), {"field": "held_on"})
    s = StudySession.objects.create(unit=unit, title=title, held_on=held_on, hours=_hours(hours), kind=kind)
    record_create(actor=actor, instance=s, unit=unit)
    if attendees:
        attendance_set(actor=actor, session=s, people=list(attendees))
    return s


@transaction.atomic
def attendance_set(*, actor, session: StudySession, people: list[Person]) -> int:
    """Record who attended (replaces the list). People must belong to the organiser's subtree."""
    _require(actor, WORKER_ROLES, session.unit)
    for p in people:
        if not p.unit.path.startswith(session.unit.path):
            raise DomainError(
                "out_of_scope",
                fmt(_("%(person)s is not in %(unit)s."), person=p.name, unit=session.unit.name),
                {"field": "people"},
            )
    before = sorted(session.attendance.values_list("person_id", flat=True))
    session.attendance.all().delete()
    Attendance.objects.bulk_create(
        [Attendance(session=session, person=p) for p in {p.pk: p for p in people}.values()]
    )
    after = sorted(session.attendance.values_list("person_id", flat=True))
    record(
        actor=actor,
        action="update",
        instance=session,
        before={"attendees": before},
        after={"attendees": after},
        unit=session.unit,
        note="attendance",
    )
    return len(after)
