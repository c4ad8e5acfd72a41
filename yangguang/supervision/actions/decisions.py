"""Major administrative decisions (重大行政决策): procedure steps, adoption, publishing, corrections, checks."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create, record_update, snapshot
from yangguang.core.errors import DomainError, Forbidden
from yangguang.orgs.models import Unit
from yangguang.orgs.queries import has_role

from .. import rules
from ..labels import STEP_LABELS, fmt
from ..models import DecisionEvent, DecisionStep, MajorDecision
from ..queries import INSPECTOR_ROLES, MANAGER_ROLES
from ._common import _check_attachment, _require, _text, _today


@transaction.atomic
def decision_create(*, actor, unit: Unit, title: str, number: str = "", summary: str = "") -> MajorDecision:
    _require(actor, MANAGER_ROLES + ("leader",), unit)
    title = _text(title, "title", _("Title"))
    d = MajorDecision.objects.create(unit=unit, title=title, number=number.strip(), summary=summary)
    record_create(actor=actor, instance=d, unit=unit)
    return d


@transaction.atomic
def decision_step_record(
    *, actor, decision: MajorDecision, step: str, done_on: date, evidence: str, attachment=None
) -> DecisionStep:
    _require(actor, MANAGER_ROLES + ("leader",), decision.unit)
    _check_attachment(attachment)
    if step not in rules.STEPS:
        raise DomainError("bad_step", _("Unknown procedure step."), {"field": "step"})
    if decision.status != MajorDecision.DRAFT:
        raise DomainError("bad_state", _("Procedure steps are recorded before adoption."), status=409)
    if done_on is None:
        raise DomainError("required", _("When was this step done?"), {"field": "done_on"})
    evidence = _text(evidence, "evidence", _("Evidence"))
    s, created = DecisionStep.objects.get_or_create(
        decision=decision, step=step, defaults={"done_on": done_on}
    )
    before = None if created else snapshot(s)
    s.done_on, s.evidence = done_on, evidence
    if attachment is not None:
        s.attachment = attachment
    s.save()
    record(
        actor=actor,
        action="create" if created else "update",
        instance=s,
        before=before,
        after=snapshot(s),
        unit=decision.unit,
    )
    return s


def _missing(decision: MajorDecision) -> list[str]:
    done = set(decision.steps.filter(done_on__isnull=False).values_list("step", flat=True))
    return rules.missing_steps(done)


@transaction.atomic
def decision_adopt(*, actor, decision: MajorDecision, on: date | None = None) -> MajorDecision:
    """Adoption needs every procedure step done; a missing step refuses it and names the step."""
    _require(actor, MANAGER_ROLES + ("leader",), decision.unit)
    if decision.status != MajorDecision.DRAFT:
        raise DomainError("bad_state", _("Only a draft decision can be adopted."), status=409)
    missing = _missing(decision)
    if missing:
        raise DomainError(
            "missing_steps",
            fmt(
                _("The decision cannot be adopted: missing %(steps)s."),
                steps=lazy(lambda: "、".join(str(STEP_LABELS[s]) for s in missing), str)(),
            ),
            {"missing": missing},
        )
    before = snapshot(decision)
    decision.status, decision.adopted_on = MajorDecision.ADOPTED, on or _today()
    decision.save()
    record_update(actor=actor, instance=decision, before=before, unit=decision.unit, note="adopt")
    return decision


@transaction.atomic
def decision_publish(*, actor, decision: MajorDecision, on: date | None = None) -> MajorDecision:
    """Publish; a decision published with a procedure step missing is flagged for supervision."""
    _require(actor, MANAGER_ROLES + ("leader",), decision.unit)
    if decision.status not in (MajorDecision.DRAFT, MajorDecision.ADOPTED, MajorDecision.AMENDED):
        raise DomainError("bad_state", _("This decision cannot be published now."), status=409)
    missing = _missing(decision)
    before = snapshot(decision)
    decision.status, decision.published_on = MajorDecision.PUBLISHED, on or _today()
    decision.flagged, decision.missing_steps = bool(missing), missing
    decision.save()
    record_update(
        actor=actor,
        instance=decision,
        before=before,
        unit=decision.unit,
        note="publish" + (" flagged: " + ",".join(missing) if missing else ""),
    )
    return decision


CORRECTIONS = {
    DecisionEvent.SUSPEND: (
        (MajorDecision.ADOPTED, MajorDecision.PUBLISHED, MajorDecision.AMENDED),
        MajorDecision.SUSPENDED,
    ),
    DecisionEvent.AMEND: (
        (MajorDecision.PUBLISHED, MajorDecision.SUSPENDED, MajorDecision.ADOPTED),
        MajorDecision.AMENDED,
    ),
    DecisionEvent.REVOKE: (
        (MajorDecision.ADOPTED, MajorDecision.PUBLISHED, MajorDecision.SUSPENDED, MajorDecision.AMENDED),
        MajorDecision.REVOKED,
    ),
    DecisionEvent.RESUME: ((MajorDecision.SUSPENDED,), MajorDecision.PUBLISHED),
}


@transaction.atomic
def decision_correct(
    *, actor, decision: MajorDecision, kind: str, reason: str, on: date | None = None
) -> DecisionEvent:
    """决策纠错: suspend, amend, revoke (or resume) a decision, with reasons."""
    if not (has_role(actor, MANAGER_ROLES, decision.unit)):
        raise Forbidden()
    if kind not in CORRECTIONS:
        raise DomainError("bad_kind", _("Unknown correction."), {"field": "kind"})
    allowed, to = CORRECTIONS[kind]
    if decision.status not in allowed:
        raise DomainError(
            "bad_state",
            fmt(
                _("A %(status)s decision cannot be %(kind)s."),
                status=decision.get_status_display(),
                kind=dict(DecisionEvent.KINDS)[kind],
            ),
            status=409,
        )
    reason = _text(reason, "reason", _("Reasons"))
    before = snapshot(decision)
    decision.status = to
    decision.save()
    ev = DecisionEvent.objects.create(
        decision=decision, kind=kind, on=on or _today(), reason=reason, actor=actor
    )
    record_update(actor=actor, instance=decision, before=before, unit=decision.unit, note=kind)
    record_create(actor=actor, instance=ev, unit=decision.unit)
    return ev


@transaction.atomic
def decision_check(
    *, actor, decision: MajorDecision, ok: bool, findings: str, on: date | None = None
) -> DecisionEvent:
    """A follow-up check on the decision's execution (跟踪检查)."""
    _require(actor, INSPECTOR_ROLES, decision.unit)
    if decision.status == MajorDecision.DRAFT:
        raise DomainError("bad_state", _("A draft decision has no execution to check."), status=409)
    findings = _text(findings, "reason", _("Findings"))
    ev = DecisionEvent.objects.create(
        decision=decision, kind=DecisionEvent.CHECK, on=on or _today(), reason=findings, ok=ok, actor=actor
    )
    record_create(actor=actor, instance=ev, unit=decision.unit)
    return ev
