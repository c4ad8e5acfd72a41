"""Daily counters (CaseDay) behind the supervision figures.

Actions bump them inside their own transaction; `rebuild()` recomputes them from the cases and
ratings (after bulk loads, or to heal). Figures then read tens of thousands of counter rows instead of
a million cases.
"""

from __future__ import annotations

from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q, Sum

from .models import Case, CaseDay, Rating

COUNTERS = (
    "received", "accepted", "completed", "on_time", "early", "same_day", "late", "returned", "workdays",
    "rated", "good",
)  # fmt: skip


def bump(*, unit_id: int, unit_path: str, handler_id: int | None, day, **inc: int) -> None:
    inc = {k: v for k, v in inc.items() if v}
    if not inc:
        return
    key = {"unit_id": unit_id, "handler_id": handler_id, "day": day}
    changes = {k: F(k) + v for k, v in inc.items()}
    if CaseDay.objects.filter(**key).update(**changes):
        return
    try:
        with transaction.atomic():
            CaseDay.objects.create(unit_path=unit_path, **key, **inc)
    except IntegrityError:
        CaseDay.objects.filter(**key).update(**changes)


def bump_case(case: Case, day, **inc: int) -> None:
    bump(unit_id=case.unit_id, unit_path=case.unit_path, handler_id=case.handler_id, day=day, **inc)


def bump_completed(case: Case, sign: int = 1) -> None:
    bump_case(
        case,
        case.completed_on,
        completed=sign,
        on_time=sign if case.on_time else 0,
        early=sign if case.early else 0,
        same_day=sign if case.same_day else 0,
        late=sign if case.on_time is False else 0,
        workdays=sign * (case.workdays_used or 0),
    )


def bump_rating(rating: Rating, sign: int = 1) -> None:
    case = rating.case
    bump_case(case, rating.on, rated=sign, good=sign if rating.level <= 3 else 0)


@transaction.atomic
def rebuild(path: str = "") -> int:
    """Recompute every counter (under `path`, or everywhere) from the cases and ratings."""
    cases = Case.objects.filter(unit_path__startswith=path) if path else Case.objects.all()
    ratings = Rating.objects.filter(unit_path__startswith=path) if path else Rating.objects.all()
    acc: dict[tuple, dict] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    key = ("unit_id", "unit_path", "handler_id")

    def add(rows, day_field: str, fields: dict):
        for r in rows:
            k = (r["unit_id"], r["unit_path"], r["handler_id"], r[day_field])
            for name, src in fields.items():
                acc[k][name] += r[src] or 0

    add(
        cases.values(*key, "submitted_on").annotate(n_received=Count("id")).order_by(),
        "submitted_on",
        {"received": "n_received"},
    )
    add(
        cases.filter(accepted_on__isnull=False)
        .values(*key, "accepted_on")
        .annotate(n_accepted=Count("id"))
        .order_by(),
        "accepted_on",
        {"accepted": "n_accepted"},
    )
    add(
        cases.filter(status="completed")
        .values(*key, "completed_on")
        .annotate(
            n_completed=Count("id"),
            n_on_time=Count("id", filter=Q(on_time=True)),
            n_early=Count("id", filter=Q(early=True)),
            n_same_day=Count("id", filter=Q(same_day=True)),
            n_late=Count("id", filter=Q(on_time=False)),
            n_workdays=Sum("workdays_used"),
        )
        .order_by(),
        "completed_on",
        {
            "completed": "n_completed",
            "on_time": "n_on_time",
            "early": "n_early",
            "same_day": "n_same_day",
            "late": "n_late",
            "workdays": "n_workdays",
        },
    )
    add(
        cases.filter(status="returned")
        .values(*key, "completed_on")
        .annotate(n_returned=Count("id"))
        .order_by(),
        "completed_on",
        {"returned": "n_returned"},
    )
    add(
        ratings.exclude(rectification__status="annulled")
        .values("on", "unit_path", unit_id=F("case__unit_id"), handler_id=F("case__handler_id"))
        .annotate(n_rated=Count("id"), n_good=Count("id", filter=Q(level__lte=3)))
        .order_by(),
        "on",
        {"rated": "n_rated", "good": "n_good"},
    )
    old = CaseDay.objects.filter(unit_path__startswith=path) if path else CaseDay.objects.all()
    old.delete()
    rows = [
        CaseDay(unit_id=u, unit_path=p, handler_id=h, day=d, **counts)
        for (u, p, h, d), counts in acc.items()
        if d
    ]
    CaseDay.objects.bulk_create(rows, batch_size=5000)
    return len(rows)
