"""Accountability records (问责)."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, snapshot
from yangguang.core.errors import DomainError
from yangguang.orgs.models import Person, Unit

from ..labels import fmt
from ..models import Accountability, Finding, MajorDecision
from ..queries import ACCOUNTABILITY_ROLES
from ._common import _require, _text, _today


@transaction.atomic
def accountability_create(
    *,
    actor,
    unit: Unit,
    rule: str,
    decision: str,
    facts: str,
    units: list[Unit],
    people: list[Person] = (),
    decided_on: date | None = None,
    finding: Finding | None = None,
    major_decision: MajorDecision | None = None,
) -> Accountability:
    _require(actor, ACCOUNTABILITY_ROLES, unit)
    if rule not in dict(Accountability.RULES):
        raise DomainError("bad_rule", _("Unknown rule."), {"field": "rule"})
    if decision not in dict(Accountability.DECISIONS):
        raise DomainError("bad_decision", _("Unknown decision."), {"field": "decision"})
    facts = _text(facts, "facts", _("Facts"))
    if not units and not people:
        raise DomainError("required", _("Name the units or people held to account."), {"field": "units"})
    units = list(units) + [p.unit for p in people if p.unit not in units]
    for u in units:
        if not u.path.startswith(unit.path):
            raise DomainError(
                "out_of_scope",
                fmt(_("%(unit)s is not under the deciding unit."), unit=u.name),
                {"field": "units"},
            )
    a = Accountability.objects.create(
        unit=unit,
        rule=rule,
        decision=decision,
        facts=facts,
        decided_on=decided_on or _today(),
        finding=finding,
        major_decision=major_decision,
    )
    a.units.set(units)
    a.people.set(people)
    record(
        actor=actor,
        action="create",
        instance=a,
        after=snapshot(a) | {"units": [u.pk for u in units], "people": [p.pk for p in people]},
        unit=unit,
    )
    return a
