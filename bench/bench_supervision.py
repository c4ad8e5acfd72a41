"""Benchmarks of supervision on PostgreSQL.

1. A plan of 10,000 tasks across the 大理州 demo tree with 100,000 progress reports: the plan dashboard
   (query and the full staff page), target ≤ 1 s. Baseline in the same run: the bare JSON view.
2. A quarterly assessment of 1,200 units from metrics over 1,000,000 cases, target ≤ 10 s. Supervision
   may not import `services`, so the case metric is a bench metric registered here over a generated
   table `bench_sup_cases` (unit_id, accepted, due, completed: the shape of a case table) of 1,000,000
   rows, aggregated with one GROUP BY and rolled up the unit tree; the assessment also reads
   supervision's own metrics over the 10,000 tasks. Measured through the competition engine (the
   production path) and, as the baseline, the local scoring and the metric reads alone.
3. The sweep (`sweeps.tick`) over the 10,000 tasks.

Data are generated once (bulk_create, INSERT … SELECT generate_series) and reused on the next run.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, median_ms, setup_django, size  # noqa: E402
from bench.common import main as bench_main  # noqa: E402

PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_supervision")
N_TASKS = size("BENCH_TASKS", 10_000, 1_000)
N_REPORTS = size("BENCH_REPORTS", 100_000, 10_000)
N_CASES = size("BENCH_CASES", 1_000_000, 50_000)
N_UNITS = 1_200
PLAN_CODE = "BENCH-SUP-10K"


def timed(fn, repeat=3):
    times, out = [], None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return round(statistics.median(times), 3), out


def main() -> None:
    setup_django(PG_URL, pg=True)
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.test import Client
    from django.utils import timezone

    from yangguang.core import metrics
    from yangguang.orgs import demo as orgs_demo
    from yangguang.orgs.models import Unit
    from yangguang.supervision import actions, queries, scoring, sweeps
    from yangguang.supervision.models import Assessment, PlanPart, ProgressReport, Task, WorkPlan
    from yangguang.supervision.rules import parse_period

    t0 = time.perf_counter()
    if not Unit.objects.filter(code="532900").exists():
        orgs_demo.build()
    User = get_user_model()
    admin, _ = User.objects.get_or_create(
        username="bench-sup", defaults={"is_superuser": True, "is_staff": True}
    )
    zhou = Unit.objects.get(code="532900")
    units = list(
        Unit.objects.filter(path__startswith=zhou.path).order_by("path").values_list("pk", flat=True)
    )
    today = timezone.localdate()

    # -- 1. the plan ------------------------------------------------------------------------
    plan = WorkPlan.objects.filter(code=PLAN_CODE).first()
    if plan is None or plan.tasks.count() != N_TASKS:
        with transaction.atomic():
            if plan:
                plan.delete()
            plan = actions.plan_create(
                actor=admin, unit=zhou, code=PLAN_CODE, title="基准计划", start=today - timedelta(days=365)
            )
            parts = [
                PlanPart.objects.create(plan=plan, number=i + 1, title=f"第{i + 1}部分") for i in range(6)
            ]
            tasks = [
                Task(
                    plan=plan,
                    part=parts[i % 6],
                    number=i + 1,
                    title=f"任务{i + 1}",
                    unit_id=units[(i * 7) % len(units)],
                    deadline=today + timedelta(days=(i % 240) - 120),
                    percent=(i * 13) % 100,
                    status=Task.DONE if i % 5 == 0 else Task.OPEN,
                    completed_on=today - timedelta(days=(i % 240) - 110) if i % 5 == 0 else None,
                    light="red" if i % 3 == 0 else "green",
                )
                for i in range(N_TASKS)
            ]
            Task.objects.bulk_create(tasks, batch_size=2000)
            Through = Task.co_units.through
            Through.objects.bulk_create(
                [
                    Through(task_id=t.pk, unit_id=units[(k * 11) % len(units)])
                    for k, t in enumerate(tasks[::4])
                ],
                batch_size=5000,
                ignore_conflicts=True,
            )
            ProgressReport.objects.bulk_create(
                [
                    ProgressReport(
                        task_id=tasks[i % N_TASKS].pk,
                        unit_id=tasks[i % N_TASKS].unit_id,
                        percent=(i * 7) % 100,
                        text="按计划推进",
                    )
                    for i in range(N_REPORTS)
                ],
                batch_size=5000,
            )
    emit(
        bench="supervision.setup_plan",
        tasks=N_TASKS,
        reports=ProgressReport.objects.filter(task__plan=plan).count(),
        seconds=round(time.perf_counter() - t0, 1),
    )

    dash_ms = median_ms(
        lambda: queries.plan_dashboard(actor=admin, plan=plan, today=today), repeat=7, warmup=1
    )
    dali = User.objects.get(username="dali")
    dash_scoped_ms = median_ms(
        lambda: queries.plan_dashboard(actor=User.objects.get(pk=dali.pk), plan=plan, today=today),
        repeat=7,
        warmup=1,
    )
    c = Client()
    c.force_login(admin, backend="django.contrib.auth.backends.ModelBackend")
    url = f"/supervision/plans/{plan.pk}/"
    assert c.get(url).status_code == 200
    page_ms = median_ms(lambda: c.get(url), repeat=7, warmup=1)
    base_ms = median_ms(lambda: c.get("/bench/bare"), repeat=15, warmup=2)
    emit(
        bench="supervision.plan_dashboard",
        tasks=N_TASKS,
        reports=N_REPORTS,
        dashboard_query_ms=dash_ms,
        dashboard_query_scoped_ms=dash_scoped_ms,
        dashboard_page_ms=page_ms,
        baseline_bare_json_ms=base_ms,
        target_ms=1000,
        ok=page_ms <= 1000 and dash_ms <= 1000,
    )

    # -- 2. the assessment ------------------------------------------------------------------
    t1 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass('bench_sup_cases')")
        exists = cur.fetchone()[0] is not None
        if exists:
            cur.execute("SELECT count(*) FROM bench_sup_cases")
            exists = cur.fetchone()[0] == N_CASES
        if not exists:
            cur.execute("DROP TABLE IF EXISTS bench_sup_cases")
            cur.execute(
                "CREATE UNLOGGED TABLE bench_sup_cases (unit_id bigint NOT NULL, accepted date NOT NULL, "
                "due date NOT NULL, completed date)"
            )
            ids = "{" + ",".join(str(u) for u in units) + "}"
            cur.execute(
                """
                INSERT INTO bench_sup_cases (unit_id, accepted, due, completed)
                SELECT u[1 + ((i::bigint * 7919) %% array_length(u, 1))::int],
                       date '2026-01-01' + (i %% 90),
                       date '2026-01-01' + (i %% 90) + 10 + (i %% 7),
                       CASE WHEN i %% 29 = 0 THEN NULL ELSE date '2026-01-01' + (i %% 90) + (i %% 13) + (i / 50000) END
                FROM generate_series(0, %s - 1) AS i, (SELECT %s::bigint[] AS u) AS a
                """,
                [N_CASES, ids],
            )
            cur.execute("CREATE INDEX bench_sup_cases_accepted ON bench_sup_cases (accepted)")
            cur.execute("ANALYZE bench_sup_cases")
    emit(bench="supervision.setup_cases", cases=N_CASES, seconds=round(time.perf_counter() - t1, 1))

    def case_rows(start, end):
        with connection.cursor() as cur:
            cur.execute(
                """SELECT u.path, count(*), count(*) FILTER (WHERE c.completed <= c.due)
                   FROM bench_sup_cases c JOIN orgs_unit u ON u.id = c.unit_id
                   WHERE c.accepted BETWEEN %s AND %s GROUP BY u.path""",
                [start, end],
            )
            return [(p, (n, ok)) for p, n, ok in cur.fetchall()]

    def on_time_rate(ids, start, end):
        agg = queries.rollup(ids, case_rows(start, end))
        out = {}
        for i in ids:
            n = sum(v[0] for v in agg.get(i, []))
            out[i] = round(100 * sum(v[1] for v in agg.get(i, [])) / n, 2) if n else None
        return out

    def late_cases(ids, start, end):
        agg = queries.rollup(ids, case_rows(start, end))
        return {i: float(sum(v[0] - v[1] for v in agg.get(i, []))) for i in ids}

    metrics.register("bench.on_time_rate", on_time_rate, label="办件按时办结率", unit="%")
    metrics.register("bench.late_cases", late_cases, label="超期办件", higher_is_better=False)

    participants = Unit.objects.filter(pk__in=units[:N_UNITS])
    a = Assessment.objects.filter(title="基准季考核").first()
    if a is None or a.participants.count() != N_UNITS:
        if a:
            a.delete()
        a = actions.assessment_create(
            actor=admin,
            unit=zhou,
            title="基准季考核",
            participants=list(participants),
            indicators=[
                {"metric": "bench.on_time_rate", "weight": 40},
                {"metric": "bench.late_cases", "weight": 20},
                {"metric": "supervision.task_completion_rate", "weight": 20},
                {"metric": "supervision.open_findings", "weight": 10},
                {"metric": "supervision.overdue_tasks", "weight": 10},
            ],
            links=[{"top": 10, "adjust": 10, "label": "上浮"}, {"last": 10, "adjust": -20, "label": "扣减"}],
        )
    q = parse_period("2026Q1")
    ids = list(participants.values_list("pk", flat=True))

    def reads():
        return {i["metric"]: metrics.read(i["metric"], ids, q.start, q.end) for i in a.indicators}

    reads_s, vals = timed(reads, repeat=3)
    local_s, ranked = timed(lambda: scoring._local(a, q), repeat=3)

    def engine_run():
        a.runs.filter(period=q.code).delete()
        return actions.assessment_evaluate(actor=admin, assessment=a, period=q.code)

    run_s, run = timed(engine_run, repeat=3)
    emit(
        bench="supervision.quarterly_assessment",
        units=len(ids),
        cases=N_CASES,
        tasks=N_TASKS,
        indicators=len(a.indicators),
        note="case metric: a bench metric over the generated table bench_sup_cases (one GROUP BY), "
        "since supervision may not import services",
        engine=run.engine,
        engine_note=run.engine_note,
        assessment_s=run_s,
        baseline_local_scoring_s=local_s,
        baseline_metric_reads_s=reads_s,
        top=[(r["rank"], r["unit_name"], r["total"]) for r in run.rows[:3]],
        target_s=10,
        ok=run_s <= 10,
    )

    # -- 3. the sweep -----------------------------------------------------------------------
    Task.objects.filter(plan=plan).update(light="green")
    first_s, first = timed(lambda: sweeps.tick(timezone.now()), repeat=1)
    again_s, again = timed(lambda: sweeps.tick(timezone.now()), repeat=1)
    emit(
        bench="supervision.sweep",
        tasks=Task.objects.count(),
        first_s=first_s,
        first_changed=first["tasks"],
        again_s=again_s,
        again_changed=again["tasks"],
    )
    emit(bench="supervision.total", seconds=round(time.perf_counter() - t0, 1))


if __name__ == "__main__":
    bench_main(main)
