"""The on-stage final: rounds, score events, arbitration votes, prizes."""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create, record_update, snapshot
from yangguang.core.errors import Conflict, DomainError, Forbidden, NotFound
from yangguang.orgs.models import Person

from ..models import (
    Arbitration,
    Candidate,
    Exam,
    Final,
    Juror,
    Prize,
    Round,
    ScoreEvent,
    Team,
    UnitResult,
    Vote,
)
from ..queries import MANAGE, can
from ..rules import finals
from ._common import _require


# -- the final -------------------------------------------------------------------------------
@transaction.atomic
def final_create(*, actor, exam: Exam, name: str, rules: dict | None = None, held_at=None) -> Final:
    """A final with one team per advancing unit (team members: the unit's best three candidates)."""
    _require(actor, MANAGE, exam.unit)
    if exam.status != "published":
        raise Conflict("bad_state", _("The final follows the published preliminary."))
    r = {**finals.DEFAULT_RULES, **(rules or {})}
    f = Final.objects.create(exam=exam, name=name, rules=r, held_at=held_at)
    adv = (
        UnitResult.objects.filter(exam=exam, advanced=True)
        .select_related("unit")
        .order_by("rank", "unit__path")
    )
    for seat, ur in enumerate(adv, start=1):
        t = Team.objects.create(
            final=f, unit=ur.unit, name=(ur.unit.short_name or ur.unit.name) + "代表队", seat=seat
        )
        best = Candidate.objects.filter(exam=exam, unit=ur.unit, active=True).order_by("-total", "id")[:3]
        t.members.set([c.person_id for c in best])
    record_create(actor=actor, instance=f, unit=exam.unit)
    return f


@transaction.atomic
def juror_add(*, actor, final: Final, person: Person, chair: bool = False) -> Juror:
    _require(actor, MANAGE, final.exam.unit)
    j, created = Juror.objects.get_or_create(final=final, person=person, defaults={"chair": chair})
    if created:
        record_create(actor=actor, instance=j, unit=final.exam.unit)
    return j


@transaction.atomic
def round_start(*, actor, final: Final, kind: str, name: str = "") -> Round:
    _require(actor, MANAGE, final.exam.unit)
    if final.closed_at:
        raise Conflict("closed", _("The final is over."))
    if kind not in dict(Round.KINDS):
        raise DomainError("bad_round", _("Unknown round type: %(k)s") % {"k": kind})
    now = timezone.now()
    Round.objects.filter(final=final, ended_at__isnull=True).update(ended_at=now)
    no = Round.objects.filter(final=final).count() + 1
    r = Round.objects.create(
        final=final, kind=kind, no=no, name=name or str(dict(Round.KINDS)[kind]), started_at=now
    )
    final.current_round = r
    final.save(update_fields=["current_round"])
    record_create(actor=actor, instance=r, unit=final.exam.unit)
    return r


@transaction.atomic
def score_record(
    *, actor, final: Final, team: Team, outcome: str, question: str = "", value: int | None = None
) -> ScoreEvent:
    """The host records one answer on stage (correct, wrong or a foul — a buzz before the start)."""
    _require(actor, MANAGE, final.exam.unit)
    final = Final.objects.select_for_update().get(pk=final.pk)
    if final.closed_at or final.current_round_id is None:
        raise Conflict("no_round", _("Start a round first."))
    if team.final_id != final.pk:
        raise NotFound()
    if outcome not in ("correct", "wrong", "foul"):
        raise DomainError("bad_outcome", _("An answer is correct, wrong or a foul."))
    rnd = final.current_round
    delta, rule = finals.event_delta(rnd.kind, outcome, final.rules, value)
    ev = ScoreEvent.objects.create(
        final=final,
        round=rnd,
        team=team,
        question=question[:300],
        outcome=outcome,
        value=value,
        delta=delta,
        rule=rule,
        by=actor,
    )
    record_create(actor=actor, instance=ev, unit=final.exam.unit)
    return ev


@transaction.atomic
def final_close(*, actor, final: Final) -> Final:
    _require(actor, MANAGE, final.exam.unit)
    if Arbitration.objects.filter(final=final, status="open").exists():
        raise Conflict("open_disputes", _("Rule on every open dispute first."))
    now = timezone.now()
    Round.objects.filter(final=final, ended_at__isnull=True).update(ended_at=now)
    final.closed_at, final.current_round = now, None
    final.save(update_fields=["closed_at", "current_round"])
    record(actor=actor, action="close", instance=final, unit=final.exam.unit)
    return final


@transaction.atomic
def arbitration_open(*, actor, event: ScoreEvent, claim: str, raised_by: str = "") -> Arbitration:
    final = event.final
    _require(actor, MANAGE, final.exam.unit)
    if not (claim or "").strip():
        raise DomainError("required", _("Say what is disputed."), {"field": "claim"})
    if Arbitration.objects.filter(event=event, status="open").exists():
        raise Conflict("already_open", _("This answer is already under arbitration."))
    a = Arbitration.objects.create(final=final, event=event, claim=claim.strip(), raised_by=raised_by)
    record_create(actor=actor, instance=a, unit=final.exam.unit)
    return a


def _eligible_jurors(arb: Arbitration) -> list[Juror]:
    team_unit = arb.event.team.unit
    return [
        j
        for j in Juror.objects.filter(final=arb.final).select_related("person__unit")
        if not j.person.unit.path.startswith(team_unit.path)
    ]


@transaction.atomic
def vote_cast(*, actor, arbitration: Arbitration, juror: Person, overturn: bool, reason: str = "") -> dict:
    """One juror's vote. No juror rules on their own unit's team. The panel's strict majority decides;
    an overturned answer gets a correcting score event with the reasons."""
    arb = (
        Arbitration.objects.select_for_update(of=("self",))
        .select_related("event__team__unit", "event__round", "final__exam__unit")
        .get(pk=arbitration.pk)
    )
    final = arb.final
    is_self = getattr(actor, "pk", None) is not None and juror.user_id == actor.pk
    if not (is_self or can(actor, MANAGE, final.exam.unit)):
        raise Forbidden()
    if arb.status != "open":
        raise Conflict("ruled", _("This dispute has been ruled on."))
    j = Juror.objects.filter(final=final, person=juror).select_related("person__unit").first()
    if j is None:
        raise DomainError("not_juror", _("%(name)s is not on the jury.") % {"name": juror.name})
    eligible = _eligible_jurors(arb)
    if j not in eligible:
        raise DomainError(
            "recused",
            _("%(name)s may not rule on a team of their own unit.") % {"name": juror.name},
            {"juror": juror.pk},
        )
    try:
        v = Vote.objects.create(arbitration=arb, juror=j, overturn=bool(overturn), reason=reason[:300])
    except IntegrityError:
        raise Conflict("voted", _("This juror has already voted."))
    record_create(actor=actor, instance=v, unit=final.exam.unit)
    votes = list(arb.votes.values_list("overturn", flat=True))
    outcome = finals.tally(sum(votes), len(votes) - sum(votes), len(eligible))
    if outcome is None:
        return {"status": "open", "votes": len(votes), "eligible": len(eligible)}
    reasons = "；".join(r for r in arb.votes.values_list("reason", flat=True) if r)
    ev = arb.event
    if outcome == "overturned":
        new_outcome = finals.overturned(ev.outcome)
        new_delta = (
            Decimal(0)
            if new_outcome == "none"
            else finals.event_delta(ev.round.kind, new_outcome, final.rules, ev.value)[0]
        )
        corr = ScoreEvent.objects.create(
            final=final,
            round=ev.round,
            team=ev.team,
            question=ev.question,
            outcome="ruling",
            value=ev.value,
            delta=new_delta - ev.delta,
            rule=_("arbitration no. %(n)s: %(a)s → %(b)s")
            % {"n": arb.pk, "a": _outcome(ev.outcome), "b": _outcome(new_outcome)},
            by=actor,
        )
        arb.correction = corr
    before = snapshot(arb)
    arb.status, arb.ruled_at = outcome, timezone.now()
    arb.ruling = (
        _("%(yes)s of %(n)s jurors voted to overturn. %(reasons)s")
        % {"yes": sum(votes), "n": len(eligible), "reasons": reasons}
    )[:2000]
    arb.save()
    record_update(actor=actor, instance=arb, before=before, unit=final.exam.unit)
    return {
        "status": outcome,
        "votes": len(votes),
        "eligible": len(eligible),
        "correction": str(arb.correction.delta) if arb.correction_id else None,
    }


def _outcome(code: str) -> str:
    return str(dict(ScoreEvent.OUTCOMES).get(code) or _("no score"))


@transaction.atomic
def prizes_award(*, actor, final: Final, levels: list[tuple[str, int]]) -> list[Prize]:
    """Team prizes from the final standings, e.g. [("一等奖", 1), ("二等奖", 2), ("三等奖", 3)]."""
    from ..queries import scoreboard

    _require(actor, MANAGE, final.exam.unit)
    if final.closed_at is None:
        raise Conflict("not_closed", _("Award prizes after the final is closed."))
    Prize.objects.filter(final=final, team__isnull=False).delete()
    rows = scoreboard(final)["teams"]
    out, i = [], 0
    for level, n in levels:
        for r in rows[i : i + n]:
            out.append(
                Prize(
                    exam=final.exam,
                    final=final,
                    level=level,
                    team_id=r["team_id"],
                    reason=_("rank %(rank)s, %(total)s points") % {"rank": r["rank"], "total": r["total"]},
                )
            )
        i += n
    Prize.objects.bulk_create(out)
    record(
        actor=actor,
        action="prizes",
        instance=final,
        unit=final.exam.unit,
        after=[{"level": p.level, "team": p.team_id} for p in out],
    )
    return out


@transaction.atomic
def prize_individual(*, actor, exam: Exam, person: Person, level: str, reason: str = "") -> Prize:
    _require(actor, MANAGE, exam.unit)
    p = Prize.objects.create(exam=exam, level=level, person=person, reason=reason)
    record_create(actor=actor, instance=p, unit=exam.unit)
    return p
