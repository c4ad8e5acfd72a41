"""Cases (办件): submission, the lifecycle transitions on their working-day clock, completion."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create, snapshot
from yangguang.core.errors import DomainError
from yangguang.orgs.models import Person
from yangguang.orgs.queries import person_of, scope_paths, unit_get
from yangguang.workdays.calendar import CalendarError
from yangguang.workdays.queries import calendar

from .. import queries, rollup, rules
from ..models import Case, CaseEvent, Extension, ItemStatus, JointPart, Mode, Pause, PauseKind, ServiceItem
from ._common import MANAGERS, STAFF, _limit, _require, local_today


def _fmt(message, **params):
    """A lazy message with its figures, so the error still reads in both languages (errors.both)."""
    return lazy(lambda: str(message) % params, str)()


def _new_number(on: date) -> str:
    for _i in range(20):
        number = f"{on:%Y%m%d}{secrets.randbelow(10**6):06d}"
        if not Case.objects.filter(number=number).exists():
            return number
    raise DomainError("busy", _("Could not allocate a case number; try again."))


def _event(case: Case, kind: str, person: Person | None, note: str = "", step: str = "", **data) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case, kind=kind, step=step, person=person, at=timezone.now(), note=note[:1000], data=data
    )


def _item_serves(actor, item: ServiceItem, window) -> bool:
    """A window takes cases for items of units the clerk sees (the item's or a joint unit) and for
    items of the window's superior units (a county's item handled at a township window)."""
    paths = scope_paths(actor)
    if paths is None:
        return True
    units = [item.unit, *item.joint_units.all()]
    return any(u.path.startswith(p) for u in units for p in paths) or any(
        window.path.startswith(u.path) for u in units
    )


def case_submit(
    *,
    actor,
    item_id: int,
    applicant_name: str,
    applicant_phone: str = "",
    applicant_id_no: str = "",
    unit_id: int | None = None,
    channel: str = "window",
    materials: list[str] | None = None,
    at: datetime | None = None,
) -> tuple[Case, str]:
    """A case submitted at a window (staff actor) or online (anonymous). Returns (case, query code)."""
    at = at or timezone.now()
    item = ServiceItem.objects.filter(pk=item_id, status=ItemStatus.PUBLISHED).select_related("unit").first()
    if item is None:
        raise DomainError(
            "unknown_item", _("Unknown or unpublished service item."), {"item_id": item_id}, status=404
        )
    if not (applicant_name or "").strip():
        raise DomainError("invalid", _("The applicant's name is required."), {"field": "applicant_name"})
    person = None
    if channel == "window":
        person = person_of(actor)
        if unit_id is not None:
            unit = unit_get(actor=actor, unit_id=unit_id)
        elif person is not None:
            unit = person.unit
        else:
            raise DomainError(
                "invalid", _("Choose the window where the case is submitted."), {"field": "unit_id"}
            )
        _require(actor, STAFF, unit)
        if not _item_serves(actor, item, unit):
            # Another branch's item is not the window's to take: the same 404 as a missing item.
            raise DomainError(
                "unknown_item", _("Unknown or unpublished service item."), {"item_id": item_id}, status=404
            )
    elif channel == "online":
        unit = item.unit
    else:
        raise DomainError("invalid", _("Unknown channel: %(v)s") % {"v": channel}, {"field": "channel"})
    code = f"{secrets.randbelow(10**6):06d}"
    with transaction.atomic():
        on = timezone.localtime(at).date()
        case = Case.objects.create(
            number=_new_number(on),
            query_code=code,
            item=item,
            unit=unit,
            unit_path=unit.path,
            handler=person,
            channel=channel,
            applicant_name=applicant_name.strip()[:100],
            applicant_phone=(applicant_phone or "")[:40],
            applicant_id_no=(applicant_id_no or "")[:40],
            submitted_at=at,
            submitted_on=on,
            materials_on=on,
            limit_days=item.promised_limit,
            joint=item.mode == Mode.JOINT,
        )
        _event(case, "submit", person, materials=list(materials or []))
        rollup.bump_case(case, on, received=1)
        record_create(actor=actor if getattr(actor, "pk", None) else None, instance=case)
    return case, code


def _transition(actor, case_id: int, verb: str, roles=STAFF) -> tuple[Case, str, dict]:
    case = queries.case_get(actor=actor, case_id=case_id, for_update=True)
    _require(actor, roles, case.unit)
    try:
        new = rules.next_status(case.status, verb)
    except rules.IllegalTransition:
        raise DomainError(
            "illegal_transition",
            _("A case that is %(status)s cannot be %(verb)s.")
            % {"status": case.get_status_display(), "verb": rules.VERB_LABELS.get(verb, verb)},
            {"status": case.status, "verb": verb, "allowed": rules.allowed_verbs(case.status)},
            status=409,
        )
    return case, new, snapshot(case)


def _audit(actor, case: Case, verb: str, before: dict, note: str = "") -> None:
    record(
        actor=actor,
        action=f"services.case_{verb}",
        instance=case,
        before=before,
        after=snapshot(case),
        note=note,
    )


def _closed_pauses(case: Case) -> list[tuple[date, date]]:
    return [(p.first, p.last) for p in case.pauses.all() if p.last is not None]


def _recompute_due(case: Case, cal=None) -> None:
    cal = cal or calendar()
    try:
        clock = rules.due_date(
            cal, case.accepted_on, case.limit_days, case.extension_days, _closed_pauses(case)
        )
    except CalendarError:
        raise DomainError("bad_date", _("That date is outside the calendar's range."))
    case.due_on, case.due_verified = clock.due, clock.verified


def _on(value, field: str) -> date:
    if value is None:
        return local_today()
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DomainError("invalid_date", _("%(field)s is not a date.") % {"field": field}, {"field": field})


@transaction.atomic
def case_accept(
    *, actor, case_id: int, on: date | None = None, joint_limits: dict[int, int] | None = None
) -> Case:
    case, new, before = _transition(actor, case_id, "accept")
    on = _on(on, "on")
    materials_on = case.materials_on or case.submitted_on
    if on < materials_on:
        raise DomainError(
            "invalid_date",
            _("A case cannot be accepted before its materials arrived."),
            {"field": "on", "materials_on": materials_on.isoformat()},
        )
    case.status = new
    # art. 32(4): no 补正 notice within 5 working days -> accepted on the day the materials arrived
    case.accepted_on, case.deemed_accepted = rules.acceptance_day(calendar(), materials_on, on)
    case.handler = case.handler or person_of(actor)
    _recompute_due(case)
    case.light_state = "green"
    on = case.accepted_on
    case.save()
    if case.joint:
        item = case.item
        JointPart.objects.create(
            case=case, unit=item.unit, lead=True, limit_days=case.limit_days, due_on=case.due_on
        )
        cal = calendar()
        for u in item.joint_units.all():
            n = (joint_limits or {}).get(u.pk, max(0, case.limit_days - 1))
            n = _limit(n, "joint limit")
            JointPart.objects.create(case=case, unit=u, limit_days=n, due_on=cal.add_workdays(on, n).date)
    _event(case, "accept", person_of(actor), due_on=case.due_on.isoformat(), deemed=case.deemed_accepted)
    rollup.bump_case(case, on, accepted=1)
    _audit(actor, case, "accept", before)
    return case


@transaction.atomic
def case_refuse(*, actor, case_id: int, reason: str) -> Case:
    case, new, before = _transition(actor, case_id, "refuse")
    if not (reason or "").strip():
        raise DomainError("reason_required", _("A refusal needs a reason."), {"field": "reason"})
    case.status, case.reason, case.completed_on = new, reason.strip()[:500], local_today()
    case.finished_at = timezone.now()
    case.save()
    _event(case, "refuse", person_of(actor), reason)
    _audit(actor, case, "refuse", before, reason)
    return case


@transaction.atomic
def case_supplement(*, actor, case_id: int, missing: list[str], on: date | None = None) -> Case:
    """补正 (art. 32(4)): one notice listing every missing material, at once or within 5 working days
    of receiving them; later, the application is already deemed accepted (nothing changes here)."""
    case, new, before = _transition(actor, case_id, "supplement")
    missing = [m.strip() for m in missing or [] if m and m.strip()]
    if not missing:
        raise DomainError(
            "missing_required", _("List every missing material in the one-time notice."), {"field": "missing"}
        )
    on = _on(on, "on")
    materials_on = case.materials_on or case.submitted_on
    if on < materials_on or on > local_today():
        raise DomainError(
            "invalid_date",
            _("The notice is dated between the day the materials arrived and today."),
            {"field": "on", "materials_on": materials_on.isoformat()},
        )
    last = rules.supplement_notice_due(calendar(), materials_on)
    if on > last:
        raise DomainError(
            "deemed_accepted",
            _fmt(
                _(
                    "The notice of missing materials was due by %(last)s; the application counts as "
                    "accepted on %(day)s (Administrative Licensing Law art. 32(4)). Accept the case."
                ),
                last=last.isoformat(),
                day=materials_on.isoformat(),
            ),
            {"field": "on", "deemed_accepted_on": materials_on.isoformat(), "notice_due": last.isoformat()},
        )
    case.status = new
    case.supplement_notice_on = on
    case.supplements += 1
    case.save()
    _event(case, "supplement", person_of(actor), "；".join(missing), missing=missing)
    _audit(actor, case, "supplement", before, "；".join(missing))
    return case


@transaction.atomic
def case_resubmit(*, actor, case_id: int, materials: list[str] | None = None, on: date | None = None) -> Case:
    case, new, before = _transition(actor, case_id, "resubmit")
    on = _on(on, "on")
    if (case.supplement_notice_on and on < case.supplement_notice_on) or on > local_today():
        raise DomainError(
            "invalid_date",
            _("Corrected materials arrive between the notice and today."),
            {"field": "on"},
        )
    case.status = new
    case.materials_on = on
    case.save()
    _event(case, "resubmit", person_of(actor), materials=list(materials or []))
    _audit(actor, case, "resubmit", before)
    return case


STEPS = ("承办", "审核", "批准")


@transaction.atomic
def case_step(*, actor, case_id: int, step: str, note: str = "") -> Case:
    case, _new, before = _transition(actor, case_id, "step")
    if step not in STEPS:
        raise DomainError(
            "invalid",
            _("Unknown processing step: %(v)s") % {"v": step},
            {"field": "step", "allowed": list(STEPS)},
        )
    _event(case, "step", person_of(actor), note, step=step)
    _audit(actor, case, "step", before, step)
    return case


@transaction.atomic
def case_pause(
    *,
    actor,
    case_id: int,
    kind: str,
    reason: str,
    on: date | None = None,
    applicant_told: bool = True,
    notice_on: date | None = None,
    expected_days: int | None = None,
) -> Case:
    """Art. 45: a special procedure stops the clock; the applicant is told in writing of the time it
    needs (`notice_on`, `expected_days`), which the public lookup shows."""
    case, new, before = _transition(actor, case_id, "pause")
    if kind not in PauseKind.values:
        raise DomainError("invalid", _("Unknown special procedure: %(v)s") % {"v": kind}, {"field": "kind"})
    if not (reason or "").strip():
        raise DomainError("reason_required", _("A pause needs a reason."), {"field": "reason"})
    on = _on(on, "on")
    if on < case.accepted_on or on > local_today():
        raise DomainError("invalid_date", _("A pause starts between acceptance and today."), {"field": "on"})
    notice_on = _on(notice_on, "notice_on") if notice_on else on
    if notice_on < on or notice_on > local_today():
        raise DomainError(
            "invalid_date",
            _("The written notice is dated between the start of the procedure and today."),
            {"field": "notice_on"},
        )
    if expected_days is not None and expected_days != "":
        expected_days = _limit(expected_days, "expected_days")
    else:
        expected_days = None
    if not applicant_told:
        raise DomainError(
            "notice_required",
            _("The applicant must be told of the special procedure."),
            {"field": "applicant_told"},
        )
    Pause.objects.create(
        case=case,
        kind=kind,
        reason=reason.strip()[:500],
        first=on,
        applicant_told=True,
        notice_on=notice_on,
        expected_days=expected_days,
    )
    case.status = new
    case.save()
    _event(case, "pause", person_of(actor), reason, procedure=kind, first=on.isoformat())
    _audit(actor, case, "pause", before, reason)
    return case


@transaction.atomic
def case_resume(*, actor, case_id: int, on: date | None = None) -> Case:
    case, new, before = _transition(actor, case_id, "resume")
    on = _on(on, "on")
    pause = case.pauses.filter(last__isnull=True).order_by("-first").first()
    if on < pause.first or on > local_today():
        raise DomainError("invalid_date", _("A pause ends between its start and today."), {"field": "on"})
    # The pause excludes the working days in (first, on]: its first day is not counted, the day it
    # ended is (民法典 art. 201); ended the day it began, it excludes nothing.
    pause.last = on
    pause.save(update_fields=["last"])
    case.status = new
    _recompute_due(case)
    case.save()
    _event(
        case,
        "resume",
        person_of(actor),
        first=pause.first.isoformat(),
        last=pause.last.isoformat(),
        due_on=case.due_on.isoformat(),
    )
    _audit(actor, case, "resume", before)
    return case


@transaction.atomic
def case_extend(
    *,
    actor,
    case_id: int,
    days: int,
    approver_id: int,
    reason: str,
    on: date | None = None,
    told_on: date | None = None,
) -> Case:
    """Art. 42: one extension — at most 10 working days (联办件: 15), or the item's own limit with its
    legal basis — approved by the head of the office, decided within the original period, and its
    reason told to the applicant within that period. Later, the case stays overdue."""
    case, new, before = _transition(actor, case_id, "extend")
    days = _limit(days, "days")
    if days == 0:
        raise DomainError(
            "invalid_limit", _("An extension adds at least one working day."), {"field": "days"}
        )
    if case.extension_days or case.extensions.exists():
        raise DomainError(
            "second_extension", _("A time limit can be extended only once."), {"field": "days"}, status=409
        )
    item = case.item
    cap, basis = rules.extension_cap(
        joint=case.joint, item_limit=item.extension_limit, item_basis=item.extension_basis
    )
    if days > cap:
        raise DomainError(
            "invalid_limit",
            _fmt(_("An extension is at most %(cap)d working days (%(basis)s)."), cap=cap, basis=basis),
            {"field": "days", "max": cap, "basis": basis},
        )
    if not (reason or "").strip():
        raise DomainError("reason_required", _("An extension needs a reason."), {"field": "reason"})
    approver = Person.objects.filter(pk=approver_id).select_related("unit").first()
    if approver is None or not _approver_ok(approver, case):
        raise DomainError(
            "invalid_approver",
            _("The approver must be a supervisor or administrator of this case's unit."),
            {"field": "approver_id"},
        )
    on = _on(on, "on")
    told_on = _on(told_on, "told_on") if told_on else on
    if on < case.accepted_on or on > local_today():
        raise DomainError(
            "invalid_date", _("An extension is decided between acceptance and today."), {"field": "on"}
        )
    if case.status == "accepted" and on > case.due_on:
        raise DomainError(
            "extension_too_late",
            _fmt(
                _(
                    "An extension must be decided within the original time limit (due %(due)s); the case stays overdue."
                ),
                due=case.due_on.isoformat(),
            ),
            {"field": "on", "due_on": case.due_on.isoformat()},
            status=409,
        )
    if told_on < on or told_on > local_today() or (case.status == "accepted" and told_on > case.due_on):
        raise DomainError(
            "notice_too_late",
            _("The applicant is told of the extension and its reason within the original time limit."),
            {"field": "told_on"},
        )
    Extension.objects.create(
        case=case,
        days=days,
        approver=approver,
        reason=reason.strip()[:500],
        at=timezone.now(),
        decided_on=on,
        told_on=told_on,
    )
    case.extension_days += days
    case.status = new
    if case.status == "accepted":
        _recompute_due(case)
    case.save()
    _event(case, "extend", person_of(actor), reason, days=days, approver=approver.name, on=on.isoformat())
    _audit(actor, case, "extend", before, reason)
    return case


def _approver_ok(approver: Person, case: Case) -> bool:
    paths = approver.posts.filter(role__in=MANAGERS).values_list("unit__path", flat=True)
    return any(case.unit_path.startswith(p) for p in paths)


@transaction.atomic
def case_joint_done(*, actor, case_id: int, unit_id: int, opinion: str) -> Case:
    case, _new, before = _transition(actor, case_id, "joint_done")
    part = case.parts.filter(unit_id=unit_id).first()
    if part is None:
        raise DomainError("invalid", _("That unit is not part of this joint case."), {"field": "unit_id"})
    if part.done_on:
        raise DomainError("illegal_transition", _("That co-unit has already given its opinion."), status=409)
    if not (opinion or "").strip():
        raise DomainError("reason_required", _("Record the co-unit's opinion."), {"field": "opinion"})
    part.done_on, part.opinion = local_today(), opinion.strip()[:500]
    part.save()
    _event(case, "joint_done", person_of(actor), opinion, unit=part.unit.name)
    _audit(actor, case, "joint_done", before, opinion)
    return case


def _fix_timing(case: Case, on: date) -> None:
    cal = calendar()
    pauses = _closed_pauses(case)
    paused = rules.paused_workdays(cal, pauses, case.accepted_on, on)
    t = rules.timing(cal, case.accepted_on, on, case.due_on, paused)
    case.workdays_used, case.on_time, case.early, case.same_day = (
        t.workdays_used,
        t.on_time,
        t.early,
        t.same_day,
    )


@transaction.atomic
def case_complete(*, actor, case_id: int, result: str, document_no: str = "", on: date | None = None) -> Case:
    case, new, before = _transition(actor, case_id, "complete")
    if result not in ("approved", "denied"):
        raise DomainError("invalid", _("The result is approved or denied."), {"field": "result"})
    if result == "approved" and not (document_no or "").strip() and case.item.result_name:
        raise DomainError(
            "invalid", _("An approval needs the result document's number."), {"field": "document_no"}
        )
    if case.joint and case.parts.filter(lead=False, done_on__isnull=True).exists():
        raise DomainError(
            "joint_pending",
            _("Every co-unit must give its opinion before a joint case is completed."),
            status=409,
        )
    on = _on(on, "on")
    if on < case.accepted_on:
        raise DomainError(
            "invalid_date", _("A case cannot be completed before it was accepted."), {"field": "on"}
        )
    case.status, case.result, case.document_no = new, result, (document_no or "").strip()[:100]
    case.completed_on, case.finished_at = on, timezone.now()
    _fix_timing(case, on)
    case.save()
    case.parts.filter(lead=True).update(done_on=on)
    rollup.bump_completed(case)
    _event(case, "complete", person_of(actor), document_no, result=result)
    _audit(actor, case, "complete", before)
    return case


@transaction.atomic
def case_return(*, actor, case_id: int, reason: str) -> Case:
    """退回: handed back to the applicant with a reason (withdrawn, not within remit …)."""
    case, new, before = _transition(actor, case_id, "return")
    if not (reason or "").strip():
        raise DomainError("reason_required", _("A return needs a reason."), {"field": "reason"})
    on = local_today()
    if case.status == "paused":
        case.pauses.filter(last__isnull=True).update(last=on)
    case.status, case.reason, case.completed_on, case.finished_at = (
        new,
        reason.strip()[:500],
        on,
        timezone.now(),
    )
    case.save()
    _event(case, "return", person_of(actor), reason)
    rollup.bump_case(case, on, returned=1)
    _audit(actor, case, "return", before, reason)
    return case


CASE_ACTIONS = {
    "accept": case_accept,
    "refuse": case_refuse,
    "supplement": case_supplement,
    "resubmit": case_resubmit,
    "step": case_step,
    "pause": case_pause,
    "resume": case_resume,
    "extend": case_extend,
    "joint_done": case_joint_done,
    "complete": case_complete,
    "return": case_return,
}
