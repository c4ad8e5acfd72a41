"""Government-services benchmarks on PostgreSQL: 1,000,000 cases across the demo tree.

- the 大理市政务服务中心's year dashboard (figures for the centre and its 26 departments, monthly
  series, open-case lights) — goal ≤ 1 s;
- the e-supervision sweep over 200,000 open cases (lights, cards, notifications) — goal ≤ 10 s;
- the public pages under 50 loopback clients (bench.common.compare: interleaved rounds beside the
  independent floor app and /bench/bare, same gunicorn settings; goal ≥ 0.5 of the floor): the case
  lookup (POST /api/v1/services/lookup over 20,000 distinct cases), the catalogue /public/services/,
  every published item's page, and the front-door search /public/search/?q= (a normal, a no-match and
  a one-character query; skipped with a note while that URL answers 404).

BENCH_CASES sets the number of cases (BENCH_SMOKE=1: 20,000); BENCH_ROUNDS, BENCH_ROUND_SECONDS,
BENCH_WORKERS, BENCH_THREADS and BENCH_CLIENTS shape the HTTP runs (bench/common.py).

Data: the orgs and services demos, then cases generated server-side with INSERT … SELECT
generate_series (half at the centre's 41 windows, half at the other 11 counties), a second run reuses
them when the count matches. Run: .venv/bin/python bench/bench_services.py
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_services")

from bench.common import (  # noqa: E402
    Side,
    compare,
    emit,
    get,
    median_ms,
    post_json,
    project_env,
    setup_django,
    size,
)
from bench.common import main as bench_main  # noqa: E402
from bench.publicsearch import distinct_queries, search_index, search_sides  # noqa: E402

CASES = size("BENCH_CASES", 1_000_000, 20_000)
OPEN_EVERY = 5  # one case in five is open: 200,000 of 1,000,000
YEAR = 2025
TODAY = date(2025, 12, 15)  # the sweep's day; the dashboard's year is 2025


def ensure_demo() -> None:
    from yangguang.orgs.models import Unit

    if not Unit.objects.filter(code="532901-ZWZX").exists():
        from yangguang.orgs import demo as orgs_demo

        orgs_demo.build()
    from yangguang.services import demo

    demo.build()


def generate() -> dict:
    from django.db import connection

    from yangguang.orgs.models import Person, Unit
    from yangguang.services import publicview
    from yangguang.services.models import Case, CaseEvent, PublicCase, ServiceItem

    t0 = time.perf_counter()
    have = Case.objects.filter(number__startswith="B").count()
    if have == CASES and CaseEvent.objects.filter(case__number="B000000001").exists():
        from yangguang.services.models import CaseDay
        from yangguang.services.rollup import rebuild

        rows = CaseDay.objects.count() or rebuild()
        built = PublicCase.objects.count()
        public = built if built == Case.objects.count() else publicview.rebuild()
        return {
            "reused": True,
            "seconds": round(time.perf_counter() - t0, 1),
            "counter_rows": rows,
            "public_rows": public,
        }
    centre = Unit.objects.get(code="532901-ZWZX")
    windows = list(Unit.objects.filter(path__startswith=centre.path, kind__code="window").order_by("code"))
    counties = list(
        Unit.objects.filter(depth=2, path__startswith=centre.path[:4]).exclude(code="532901").order_by("code")
    )
    items = list(
        ServiceItem.objects.filter(status="published", code__startswith="532901-SX-").select_related("unit")
    )
    by_dept: dict[str, list[ServiceItem]] = {}
    for it in items:
        by_dept.setdefault(it.unit.path, []).append(it)
    handlers: dict[int, list[int]] = {}
    for pid, uid in Person.objects.filter(unit__in=windows).values_list("id", "unit_id"):
        handlers.setdefault(uid, []).append(pid)
    rng = random.Random(7)
    slots = []
    for w in windows:
        for it in by_dept.get(w.path[:-4], []):
            for h in handlers.get(w.pk, [None]):
                slots.append((it.pk, w.pk, w.path, h, it.promised_limit))
    n_centre = len(slots)
    for c in counties:
        for it in rng.sample(items, 40):
            slots.append((it.pk, c.pk, c.path, None, it.promised_limit))
    # half the cases at the centre, half at the other counties: weight the slots accordingly
    with connection.cursor() as cur:
        cur.execute(
            "DELETE FROM services_lightevent WHERE case_id IN (SELECT id FROM services_case WHERE number LIKE 'B%%')"
        )
        cur.execute(
            "DELETE FROM services_card WHERE case_id IN (SELECT id FROM services_case WHERE number LIKE 'B%%')"
        )
        cur.execute(
            "DELETE FROM services_rating WHERE case_id IN (SELECT id FROM services_case WHERE number LIKE 'B%%')"
        )
        for table in ("services_caseevent", "services_publiccase"):
            cur.execute(
                f"DELETE FROM {table} WHERE case_id IN (SELECT id FROM services_case WHERE number LIKE 'B%%')"
            )
        cur.execute("DELETE FROM services_case WHERE number LIKE 'B%%'")
        cur.execute("DROP TABLE IF EXISTS bench_slot")
        cur.execute(
            "CREATE UNLOGGED TABLE bench_slot (idx int primary key, item_id bigint, unit_id bigint, unit_path text, handler_id bigint, lim int)"
        )
        rows = []
        n_other = len(slots) - n_centre
        # slot index space: first half → centre slots, second half → county slots
        for i in range(2 * max(n_centre, n_other)):
            s = slots[i % n_centre] if i % 2 == 0 else slots[n_centre + (i // 2) % n_other]
            rows.append((i, *s))
        with cur.copy("COPY bench_slot FROM STDIN") as cp:
            for r in rows:
                cp.write_row(r)
        nslots = len(rows)
        # secondary indexes are rebuilt once after the load instead of maintained row by row
        cur.execute(
            """SELECT i.indexname, i.indexdef FROM pg_indexes i
               WHERE i.tablename = 'services_case'
                 AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)"""
        )
        index_defs = cur.fetchall()
        for name, _definition in index_defs:
            cur.execute(f'DROP INDEX "{name}"')
        try:
            y0 = date(YEAR, 1, 1).isoformat()
            today = TODAY.isoformat()
            cur.execute(
                f"""
                INSERT INTO services_case (
                  number, query_code, item_id, unit_id, unit_path, handler_id, channel, applicant_name, applicant_phone,
                  applicant_id_no, status, submitted_at, submitted_on, accepted_on, limit_days, extension_days, due_on,
                  due_verified, completed_on, finished_at, result, document_no, reason, supplements, joint,
                  workdays_used, on_time, early, same_day, light_state, red_card_level, deemed_accepted, materials_on,
                  created_at, updated_at)
                SELECT 'B' || lpad(g::text, 9, '0'), lpad(((g::bigint * 7919) % 1000000)::text, 6, '0'),
                  s.item_id, s.unit_id, s.unit_path, s.handler_id, 'window', '申请人' || (g % 997), '', '',
                  c.status, (c.sub + time '10:00') AT TIME ZONE 'Asia/Shanghai', c.sub, c.acc, s.lim, 0, c.due,
                  true, c.done, CASE WHEN c.done IS NULL THEN NULL ELSE (c.done + time '16:00') AT TIME ZONE 'Asia/Shanghai' END,
                  CASE WHEN c.status = 'completed' THEN 'approved' ELSE '' END, '', '', 0, false,
                  CASE WHEN c.status = 'completed' THEN (c.done - c.acc) * 5 / 7 END,
                  CASE WHEN c.status = 'completed' THEN c.done <= c.due END,
                  CASE WHEN c.status = 'completed' THEN c.done < c.due END,
                  CASE WHEN c.status = 'completed' THEN c.done = c.acc END,
                  CASE WHEN c.status <> 'accepted' THEN 'green'
                       WHEN c.due < date '{today}' - 1 THEN 'red'
                       WHEN c.due <= date '{today}' THEN 'yellow' ELSE 'green' END,
                  CASE WHEN c.status <> 'accepted' OR c.due >= date '{today}' - 1 THEN 0
                       WHEN c.due >= date '{today}' - 5 THEN 1 ELSE 2 END,
                  false, c.sub,
                  now(), now()
                FROM generate_series(1, {CASES}) g
                JOIN bench_slot s ON s.idx = g % {nslots}
                CROSS JOIN LATERAL (
                  SELECT st.status, st.sub, st.sub AS acc,
                         CASE WHEN st.status = 'accepted' THEN date '{today}' + ((g / {OPEN_EVERY}) % 21 - 6)
                              ELSE st.sub + (s.lim * 7 / 5) END AS due,
                         CASE WHEN st.status IN ('completed', 'returned') THEN st.sub + (g % 9) * (CASE WHEN s.lim = 0 THEN 0 ELSE 1 END) + (CASE WHEN g % 23 = 0 THEN 3 ELSE 0 END) END AS done
                  FROM (SELECT
                          CASE WHEN g % {OPEN_EVERY} = 0 THEN 'accepted' WHEN g % 37 = 0 THEN 'returned' ELSE 'completed' END AS status,
                          CASE WHEN g % {OPEN_EVERY} = 0 THEN date '{today}' - (g % 30)
                               ELSE date '{y0}' + ((g::bigint * 7919) % 340)::int END AS sub) st
                ) c
                """
            )
        finally:
            for _name, definition in index_defs:
                cur.execute(definition)
        cur.execute(
            """
            INSERT INTO services_rating (case_id, unit_path, channel, level, text, "on", at)
            SELECT id, unit_path, 'web', CASE WHEN id % 41 = 0 THEN 5 WHEN id % 7 = 0 THEN 2 ELSE 1 END, '', completed_on, finished_at
            FROM services_case WHERE number LIKE 'B%%' AND status = 'completed' AND id % 2 = 0
            """
        )
        # each case's history as the lookup shows it: received, accepted, 承办, then 审核 + 办结 or 退回
        cur.execute(
            """
            INSERT INTO services_caseevent (case_id, kind, step, person_id, at, note, data)
            SELECT c.id, e.kind, e.step, c.handler_id, e.at, '', '{}'::jsonb
            FROM services_case c CROSS JOIN LATERAL (VALUES
              (1, 'submit', '', c.submitted_at),
              (2, 'accept', '', c.submitted_at + interval '10 minutes'),
              (3, 'step', '承办', c.submitted_at + interval '1 hour'),
              (4, 'step', '审核', c.finished_at - interval '2 hours'),
              (5, CASE c.status WHEN 'returned' THEN 'return' ELSE 'complete' END, '', c.finished_at)
            ) e(n, kind, step, at)
            WHERE c.number LIKE 'B%%' AND (e.n <= 3 OR c.finished_at IS NOT NULL)
              AND NOT (e.n = 4 AND c.status = 'returned')
            ORDER BY c.id, e.n
            """
        )
        cur.execute("DROP TABLE bench_slot")
    from yangguang.services.rollup import rebuild

    t1 = time.perf_counter()
    counter_rows = rebuild()
    with connection.cursor() as cur:  # fresh statistics, or the planner scans millions of new events
        for table in ("services_case", "services_caseevent", "services_rating"):
            cur.execute(f"ANALYZE {table}")
    t2 = time.perf_counter()
    public_rows = publicview.rebuild()
    t3 = time.perf_counter()
    with connection.cursor() as cur:
        for table in ("services_case", "services_caseevent", "services_rating", "services_caseday"):
            cur.execute(f"VACUUM ANALYZE {table}")
        cur.execute("VACUUM ANALYZE services_publiccase")
    return {
        "reused": False,
        "seconds": round(time.perf_counter() - t0, 1),
        "counter_rebuild_seconds": round(t2 - t1, 1),
        "counter_rows": counter_rows,
        "public_rebuild_seconds": round(t3 - t2, 1),
        "public_rows": public_rows,
    }


def http_sides(pairs: list[tuple[str, str]]) -> list[Side]:
    """The public pages a citizen meets, each beside the floor and /bench/bare (bench.common.compare)."""
    from yangguang.services.models import ServiceItem

    items = list(ServiceItem.objects.filter(status="published").order_by("id").values_list("id", flat=True))
    goal = {"goal_ratio_floor": 0.5}
    return [
        Side(
            "public_case_lookup",
            [post_json("/api/v1/services/lookup", {"number": n, "query_code": c}) for n, c in pairs],
            goal=goal,
            info={"url": "POST /api/v1/services/lookup", "distinct_cases": len(pairs)},
        ),
        Side("catalogue", [get("/public/services/")], goal=goal, info={"url": "/public/services/"}),
        Side(
            "item_page",
            [get(f"/public/services/items/{pk}/") for pk in items],
            goal=goal,
            info={"url": "/public/services/items/<id>/", "distinct_items": len(items)},
        ),
        *search_sides(
            normal="营业执照",
            no_match="量子纠缠",
            one_char="证",
            distinct=distinct_queries(
                list(ServiceItem.objects.filter(status="published").values_list("name", flat=True)), 2000
            ),
        ),
    ]


def main() -> None:
    t_all = time.perf_counter()
    setup_django(pg=True)
    from django.db import transaction

    from yangguang.orgs.models import Unit
    from yangguang.services import queries, sweeps
    from yangguang.services.models import Case

    t = time.perf_counter()
    ensure_demo()
    emit(bench="services", what="demo_world", seconds=round(time.perf_counter() - t, 1))
    gen = generate()
    search_index("services", fresh=True)  # the catalogue's items only: cheap
    centre = Unit.objects.get(code="532901-ZWZX")
    in_centre = Case.objects.filter(unit_path__startswith=centre.path).count()
    total = Case.objects.count()
    open_n = Case.objects.filter(status="accepted").count()
    emit(bench="services", what="data", cases=total, centre_cases=in_centre, open_cases=open_n, **gen)

    start, end = date(YEAR, 1, 1), date(YEAR, 12, 31)
    board = queries.dashboard(centre, start, end)
    emit(
        bench="services",
        what="centre_year_dashboard",
        median_ms=median_ms(lambda: queries.dashboard(centre, start, end), repeat=5, warmup=1),
        goal_ms=1000,
        received=board["total"]["received"],
        departments=len(board["children"]),
        on_time_rate=board["total"]["on_time_rate"],
    )
    zhou = Unit.objects.get(code="532900")
    emit(
        bench="services",
        what="metric_on_time_rate_12_counties",
        median_ms=median_ms(
            lambda: queries.figures_for_units(
                list(Unit.objects.filter(depth=2, path__startswith=zhou.path).values_list("id", flat=True)),
                start,
                end,
            ),
            repeat=5,
            warmup=1,
        ),
    )

    now = datetime(TODAY.year, TODAY.month, TODAY.day, 20, tzinfo=ZoneInfo("Asia/Shanghai"))
    times, result = [], {}

    class Rollback(Exception):
        pass

    for _ in range(3):
        try:
            with transaction.atomic():
                t = time.perf_counter()
                result = sweeps.tick(now)
                times.append((time.perf_counter() - t) * 1000)
                raise Rollback
        except Rollback:
            pass
    emit(
        bench="services",
        what="sweep_200k_open_cases",
        median_ms=round(statistics.median(times), 1),
        goal_ms=10000,
        **{k: v for k, v in result["cases"].items()},
        note="rolled back after each run so every run does the same day's changes",
    )
    try:
        with transaction.atomic():
            sweeps.tick(now)
            t = time.perf_counter()
            again = sweeps.tick(now)
            rerun_ms = round((time.perf_counter() - t) * 1000, 1)
            raise Rollback
    except Rollback:
        pass
    emit(
        bench="services",
        what="sweep_rerun_same_day_noop",
        ms=rerun_ms,
        light_changes=again["cases"]["light_changes"],
    )
    sample = random.Random(3).sample(
        range(1, CASES + 1), min(CASES, 20000)
    )  # distinct cases, no cache to hit
    pairs = list(
        Case.objects.filter(number__in=[f"B{g:09d}" for g in sample]).values_list("number", "query_code")
    )
    compare("services", http_sides(pairs), env=project_env(DATABASE_URL=os.environ["BENCH_DATABASE_URL"]))
    emit(
        bench="services",
        what="total_seconds",
        seconds=round(time.perf_counter() - t_all, 1),
    )


if __name__ == "__main__":
    bench_main(main)
