"""Contest results as metrics (read by `contests` through core.metrics, never by import).

- exams.unit_mean_score (unit): mean total of the candidates of the unit's subtree, over the
  contests unsealed whose sitting starts in [start, end]; non-submitters count 0.
- exams.person_score (person): the person's mean total over those contests.
- exams.participation_rate (unit, %): candidates who submitted ÷ candidates, over contests whose
  sitting starts in [start, end] and has been closed (grading or published).
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Avg
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.core import metrics


def _bounds(start: date, end: date):
    tz = timezone.get_default_timezone()
    return (
        timezone.make_aware(datetime.combine(start, time.min), tz),
        timezone.make_aware(datetime.combine(end, time.max), tz),
    )


def _candidates(start, end, statuses):
    from .models import Candidate

    a, b = _bounds(start, end)
    return Candidate.objects.filter(
        active=True, exam__status__in=statuses, exam__sittings__starts_at__range=(a, b)
    ).distinct()


def _paths(ids):
    from yangguang.orgs.models import Unit

    return dict(Unit.objects.filter(pk__in=ids).values_list("id", "path"))


def unit_mean_score(ids, start, end):
    rows = list(_candidates(start, end, ["published"]).values_list("unit__path", "total"))
    out = {}
    for uid, path in _paths(ids).items():
        vals = [t or Decimal(0) for p, t in rows if p.startswith(path)]
        out[uid] = round(float(sum(vals) / len(vals)), 2) if vals else None
    return out


def person_score(ids, start, end):
    rows = (
        _candidates(start, end, ["published"])
        .filter(person_id__in=ids)
        .values("person_id")
        .annotate(m=Avg("total"))
    )
    got = {r["person_id"]: round(float(r["m"] or 0), 2) for r in rows}
    return {i: got.get(i) for i in ids}


def participation_rate(ids, start, end):
    rows = list(_candidates(start, end, ["grading", "published"]).values_list("unit__path", "submitted_at"))
    out = {}
    for uid, path in _paths(ids).items():
        mine = [s for p, s in rows if p.startswith(path)]
        out[uid] = round(100.0 * sum(1 for s in mine if s) / len(mine), 2) if mine else None
    return out


def _register(name, fn, subject, **kw):
    return metrics.register(name, fn, subject=subject, **kw)


def register_all():
    _register(
        "exams.unit_mean_score", unit_mean_score, "unit", label=_("Knowledge contest: mean score"), unit="分"
    )
    _register("exams.person_score", person_score, "person", label=_("Knowledge contest: score"), unit="分")
    _register(
        "exams.participation_rate",
        participation_rate,
        "unit",
        label=_("Knowledge contest: participation"),
        unit="%",
    )
