"""好差评 ratings (public and at the window) and the rectification of a bad one."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, snapshot
from yangguang.core.errors import DomainError
from yangguang.workdays.queries import calendar

from .. import queries, rollup
from ..models import Case, Rating, Rectification
from ._common import MANAGERS, STAFF, _require, local_today


def _rate(case: Case, channel: str, level, text: str, actor=None) -> Rating:
    try:
        level = int(level)
    except (TypeError, ValueError):
        level = 0
    if level not in (1, 2, 3, 4, 5):
        raise DomainError(
            "invalid",
            _("A rating is a level from 1 (very satisfied) to 5 (very dissatisfied)."),
            {"field": "level"},
        )
    if case.status != "completed":
        raise DomainError("not_completed", _("A case can be rated once it is completed."), status=409)
    now = timezone.now()
    try:
        with transaction.atomic():
            rating = Rating.objects.create(
                case=case,
                unit_path=case.unit_path,
                channel=channel,
                level=level,
                text=(text or "").strip()[:1000],
                on=timezone.localtime(now).date(),
                at=now,
            )
    except IntegrityError:
        raise DomainError("already_rated", _("This case has already been rated on this channel."), status=409)
    if rating.bad:
        cal = calendar()
        s = queries.settings_for(case.unit)
        Rectification.objects.create(
            rating=rating,
            callback_due=cal.add_workdays(rating.on, s.callback_days).date,
            rectify_due=cal.add_workdays(rating.on, s.rectify_days).date,
        )
    rollup.bump_rating(rating)
    record(actor=actor, action="services.rate", instance=rating, after=snapshot(rating), unit=case.unit)
    return rating


@transaction.atomic
def rating_public(*, number: str, query_code: str, level, text: str = "") -> Rating:
    case = queries.case_lookup(number=number, query_code=query_code)
    case = Case.objects.select_for_update().get(pk=case.pk)
    return _rate(case, "web", level, text)


@transaction.atomic
def rating_window(*, actor, case_id: int, level, text: str = "") -> Rating:
    case = queries.case_get(actor=actor, case_id=case_id, for_update=True)
    _require(actor, STAFF, case.unit)
    return _rate(case, "window", level, text, actor)


def _rect(actor, rect_id: int) -> Rectification:
    r = queries.rectification_get(actor=actor, rect_id=rect_id, for_update=True)
    _require(actor, MANAGERS, r.rating.case.unit)
    return r


def _rect_audit(actor, r: Rectification, before: dict, verb: str) -> None:
    record(
        actor=actor,
        action=f"services.rect_{verb}",
        instance=r,
        before=before,
        after=snapshot(r),
        unit=r.rating.case.unit,
    )


@transaction.atomic
def rectification_callback(*, actor, rect_id: int, note: str) -> Rectification:
    r = _rect(actor, rect_id)
    if r.status != "open":
        raise DomainError("illegal_transition", _("The call-back has already been made."), status=409)
    if not (note or "").strip():
        raise DomainError(
            "reason_required", _("Note what the applicant said on the call-back."), {"field": "note"}
        )
    before = snapshot(r)
    r.status, r.callback_on, r.callback_note = "verified", local_today(), note.strip()[:1000]
    r.save()
    _rect_audit(actor, r, before, "callback")
    return r


@transaction.atomic
def rectification_answer(*, actor, rect_id: int, answer: str) -> Rectification:
    r = _rect(actor, rect_id)
    if r.status != "verified":
        raise DomainError(
            "illegal_transition", _("Verify the rating by call-back before answering."), status=409
        )
    if not (answer or "").strip():
        raise DomainError("reason_required", _("Describe the rectification."), {"field": "answer"})
    before = snapshot(r)
    r.status, r.answer, r.rectified_on = "rectified", answer.strip()[:1000], local_today()
    r.save()
    _rect_audit(actor, r, before, "answer")
    return r


@transaction.atomic
def rectification_appeal(*, actor, rect_id: int, reason: str) -> Rectification:
    """The window appeals a mistaken or malicious rating."""
    r = queries.rectification_get(actor=actor, rect_id=rect_id, for_update=True)
    _require(actor, STAFF, r.rating.case.unit)
    if r.status not in ("open", "verified"):
        raise DomainError(
            "illegal_transition", _("This rectification can no longer be appealed."), status=409
        )
    if not (reason or "").strip():
        raise DomainError("reason_required", _("An appeal needs a reason."), {"field": "reason"})
    before = snapshot(r)
    r.status, r.appeal_reason = "appealed", reason.strip()[:1000]
    r.save()
    _rect_audit(actor, r, before, "appeal")
    return r


@transaction.atomic
def rectification_decide(*, actor, rect_id: int, upheld: bool, decision: str) -> Rectification:
    """A centre administrator decides an appeal: annul the rating, or send it back to rectification."""
    r = queries.rectification_get(actor=actor, rect_id=rect_id, for_update=True)
    _require(actor, "admin", r.rating.case.unit)
    if r.status != "appealed":
        raise DomainError("illegal_transition", _("There is no appeal to decide."), status=409)
    if not (decision or "").strip():
        raise DomainError("reason_required", _("Give the reasons for the decision."), {"field": "decision"})
    before = snapshot(r)
    r.appeal_decision = decision.strip()[:1000]
    r.status = "annulled" if upheld else ("verified" if r.callback_on else "open")
    if upheld:
        rollup.bump_rating(r.rating, -1)
    r.save()
    _rect_audit(actor, r, before, "decide")
    return r
