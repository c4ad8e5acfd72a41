"""Assessments of departments (考核): definition, evaluation through the competition engine, bulletins."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_update, snapshot
from yangguang.core.errors import DomainError
from yangguang.orgs.models import Unit

from .. import rules
from ..labels import fmt
from ..models import Assessment, AssessmentRun
from ..queries import MANAGER_ROLES
from ._common import _require, _text


def _check_indicators(indicators: list[dict]) -> list[dict]:
    from yangguang.core import metrics

    if not indicators:
        raise DomainError(
            "required", _("An assessment needs at least one indicator."), {"field": "indicators"}
        )
    out = []
    known = set(metrics.names())
    for i, ind in enumerate(indicators):
        name = str(ind.get("metric", "")).strip()
        if name not in known:
            raise DomainError(
                "unknown_metric",
                fmt(_("Indicator %(n)s: unknown metric %(name)s."), n=i + 1, name=name),
                {"field": "indicators", "index": i},
            )
        try:
            weight = float(ind.get("weight", 0))
        except (TypeError, ValueError):
            weight = -1
        if weight <= 0:
            raise DomainError(
                "bad_weight",
                fmt(_("Indicator %(n)s: the weight must be positive."), n=i + 1),
                {"field": "indicators", "index": i},
            )
        m = metrics.get(name)
        out.append(
            {
                "metric": name,
                "weight": weight,
                "label": str(ind.get("label") or m.label),
                "higher_is_better": bool(ind.get("higher_is_better", m.higher_is_better)),
                "unit": str(m.unit),
            }
        )
    return out


@transaction.atomic
def assessment_create(
    *, actor, unit: Unit, title: str, participants: list[Unit], indicators: list[dict], links: list[dict] = ()
) -> Assessment:
    _require(actor, MANAGER_ROLES, unit)
    title = _text(title, "title", _("Title"))
    if len(participants) < 2:
        raise DomainError("required", _("An assessment ranks at least two units."), {"field": "participants"})
    for u in participants:
        if not u.path.startswith(unit.path):
            raise DomainError(
                "out_of_scope",
                fmt(_("%(unit)s is not under the organiser."), unit=u.name),
                {"field": "participants"},
            )
    inds = _check_indicators(indicators)
    for link in links:
        if not ("top" in link or "last" in link) or "adjust" not in link:
            raise DomainError(
                "bad_link",
                _("Each performance link needs top or last, and an adjustment."),
                {"field": "links"},
            )
    a = Assessment.objects.create(unit=unit, title=title, indicators=inds, links=list(links))
    a.participants.set(participants)
    record(
        actor=actor,
        action="create",
        instance=a,
        after=snapshot(a) | {"participants": [u.pk for u in participants]},
        unit=unit,
    )
    return a


@transaction.atomic
def assessment_evaluate(*, actor, assessment: Assessment, period: str) -> AssessmentRun:
    """Evaluate one month (月检查排名) or quarter (季考核, with the link to performance) from the
    platform's metrics. Re-evaluating an unpublished period replaces it; a published one is frozen."""
    from ..scoring import evaluate

    _require(actor, MANAGER_ROLES, assessment.unit)
    try:
        p = rules.parse_period(period)
    except ValueError:
        raise DomainError("bad_period", _("A period is YYYY-MM or YYYYQn."), {"field": "period"})
    if p.cadence not in ("month", "quarter"):
        raise DomainError("bad_period", _("A period is YYYY-MM or YYYYQn."), {"field": "period"})
    existing = AssessmentRun.objects.filter(assessment=assessment, period=p.code).first()
    if existing and existing.published_at:
        raise DomainError("published", _("This period's bulletin is already published."), status=409)
    rows, engine, note, extra = evaluate(assessment, p, actor)
    if extra:
        before = snapshot(assessment)
        assessment.competition_id = extra["competition_id"]
        assessment.start, assessment.end = extra["start"], extra["end"]
        assessment.save(update_fields=["competition_id", "start", "end", "updated_at"])
        record_update(
            actor=actor, instance=assessment, before=before, unit=assessment.unit, note="competition"
        )
    run = existing or AssessmentRun(assessment=assessment, period=p.code)
    run.cadence, run.start, run.end, run.rows, run.engine = p.cadence, p.start, p.end, rows, engine
    run.engine_note, run.evaluation_id = note[:300], extra.get("evaluation_id")
    run.save()
    record(
        actor=actor,
        action="evaluate",
        instance=run,
        after={
            "period": p.code,
            "rows": [{k: r[k] for k in ("unit_id", "total", "rank", "adjust")} for r in rows],
        },
        unit=assessment.unit,
    )
    return run


@transaction.atomic
def bulletin_publish(*, actor, run: AssessmentRun, text: str = "") -> AssessmentRun:
    """Publish the ranking bulletin (通报): the run is frozen from then on."""
    _require(actor, MANAGER_ROLES, run.assessment.unit)
    if run.published_at:
        raise DomainError("published", _("This bulletin is already published."), status=409)
    before = snapshot(run)
    run.bulletin_text = text.strip() or _default_bulletin(run)
    if run.engine == "contests" and run.evaluation_id:
        from yangguang.contests import actions as contest_actions
        from yangguang.contests.models import Evaluation

        evaluation = Evaluation.objects.filter(pk=run.evaluation_id).first()
        if evaluation is None or not evaluation.current:
            raise DomainError(
                "stale_evaluation",
                _("Evaluate the period again: the competition's result has changed."),
                status=409,
            )
        b = contest_actions.bulletin_publish(
            actor=actor,
            evaluation=evaluation,
            title=f"{run.assessment.title} {run.period} 排名通报",
            body=run.bulletin_text,
        )
        run.bulletin = b  # the seal is read from it (no copy a rekey would leave behind)
    run.published_at = timezone.now()
    run.save()
    record_update(actor=actor, instance=run, before=before, unit=run.assessment.unit, note="publish")
    return run


def _default_bulletin(run: AssessmentRun) -> str:
    rows = sorted(run.rows, key=lambda r: r["rank"])
    head = f"{run.assessment.title} {run.period}"
    lines = [head, ""]
    for r in rows:
        extra = f" {r['link']} {r['adjust']:+g}%" if r.get("adjust") else ""
        if r.get("head"):
            extra += f"（{r['head']}）"
        lines.append(f"{r['rank']}. {r['unit_name']} {r['total']:.2f}{extra}")
    return "\n".join(lines)
