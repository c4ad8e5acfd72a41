"""Foundation benchmarks.

1. add_workdays: calls per second (random starts 2004–2026, n in 1..60) beside a bare bisect over a
   sorted list, measured in the same run.
2. Subtree-scoped people list on PostgreSQL: 100,000 units and 1,000,000 people; the first page of
   "people under this county": median milliseconds and SQL queries per page.
"""

from __future__ import annotations

import bisect
import io
import os
import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.common import emit, median_ms, setup_django, size  # noqa: E402
from bench.common import main as bench_main  # noqa: E402

PEOPLE = size("BENCH_PEOPLE", 1_000_000, 50_000)

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def step(i: int) -> str:
    out = ""
    for _ in range(4):
        i, r = divmod(i, 36)
        out = ALPHABET[r] + out
    return out


def bench_workdays() -> None:
    from yangguang.workdays.calendar import WorkCalendar

    cal = WorkCalendar().preload(2004, 2027)
    rng = random.Random(1)
    span = (date(2026, 12, 31) - date(2004, 1, 1)).days
    calls = [
        (date(2004, 1, 1) + timedelta(days=rng.randrange(span)), rng.randint(1, 60)) for _ in range(200_000)
    ]
    ords = sorted(rng.sample(range(730_000, 740_000), 6000))
    keys = [(d.toordinal() % 10_000 + 730_000, n) for d, n in calls]
    add = cal.add_workdays

    def run_ours():
        for d, n in calls:
            add(d, n)

    def run_bisect():
        for k, n in keys:
            ords[min(bisect.bisect_right(ords, k) + n, 5999)]

    rates = {}
    for name, fn in (("add_workdays", run_ours), ("bare_bisect", run_bisect)):
        best = []
        for _ in range(5):
            t = time.perf_counter()
            fn()
            best.append(len(calls) / (time.perf_counter() - t))
        best.sort()
        rates[name] = best[len(best) // 2]
    emit(
        bench="workdays.add_workdays",
        calls_per_s=round(rates["add_workdays"]),
        baseline_bare_bisect_per_s=round(rates["bare_bisect"]),
        ratio_to_bisect=round(rates["add_workdays"] / rates["bare_bisect"], 3),
        goal_calls_per_s=200_000,
        ok=rates["add_workdays"] >= 200_000,
    )


def generate_tree(conn, kind_id: int) -> None:
    """1 root → 20 cities → 10 counties each → 20 townships → 24 villages: 100,221 units; PEOPLE people."""
    now = "2026-01-01 00:00:00+00"
    buf = io.StringIO()
    uid = 0
    units = []  # (id, path, depth)
    paths = {}

    def add(path, depth, name, numchild):
        nonlocal uid
        uid += 1
        buf.write(
            f"{uid}\t{path}\t{depth}\t{numchild}\tB{uid}\t{name}\t\t{kind_id}\t[]\t\t\tt\t{now}\t{now}\n"
        )
        units.append((uid, path, depth))
        paths[uid] = path

    root = "ZZ00"
    add(root, 1, "bench root", 20)
    villages = []
    for c in range(20):
        cp = root + step(c + 1)
        add(cp, 2, f"city {c}", 10)
        for k in range(10):
            kp = cp + step(k + 1)
            add(kp, 3, f"county {c}-{k}", 20)
            for t in range(20):
                tp = kp + step(t + 1)
                add(tp, 4, f"town {c}-{k}-{t}", 24)
                for v in range(24):
                    add(tp + step(v + 1), 5, f"village {c}-{k}-{t}-{v}", 0)
                    villages.append(uid)
    with conn.cursor() as cur:
        cur.execute("SELECT COALESCE(MAX(id), 0) FROM orgs_unit")
        base = cur.fetchone()[0]
        if base:
            raise SystemExit("bench database is not empty; drop it first")
        buf.seek(0)
        with cur.copy(
            "COPY orgs_unit (id, path, depth, numchild, code, name, short_name, kind_id, level_names, address, phone, active, created_at, updated_at) FROM STDIN"
        ) as cp:
            cp.write(buf.getvalue())
        pbuf = io.StringIO()
        rng = random.Random(2)
        for i in range(PEOPLE):
            u = villages[rng.randrange(len(villages))]
            pbuf.write(f"{i + 1}\tP{i + 1}\t人员{i + 1}\t{u}\t{paths[u]}\t\t\t\t\tt\t{now}\t{now}\n")
        with cur.copy(
            "COPY orgs_person (id, code, name, unit_id, unit_path, title, phone, email, photo, active, created_at, updated_at) FROM STDIN"
        ) as cp:
            cp.write(pbuf.getvalue())
        cur.execute("SELECT setval('orgs_unit_id_seq', (SELECT MAX(id) FROM orgs_unit))")
        cur.execute("SELECT setval('orgs_person_id_seq', (SELECT MAX(id) FROM orgs_person))")
    conn.commit()


def bench_people() -> None:
    setup_django(
        os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_foundation"), pg=True
    )
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from yangguang.orgs.kinds import ensure_unit_kinds
    from yangguang.orgs.models import Person, Unit
    from yangguang.orgs.queries import person_list

    kinds = ensure_unit_kinds()
    if Unit.objects.count() < 100_000:
        t = time.perf_counter()
        connection.ensure_connection()
        generate_tree(connection.connection, kinds["village"].pk)
        with connection.cursor() as c:
            c.execute("ANALYZE orgs_unit")
            c.execute("ANALYZE orgs_person")
        emit(
            bench="orgs.generate",
            units=Unit.objects.count(),
            people=Person.objects.count(),
            seconds=round(time.perf_counter() - t, 1),
        )
    admin = get_user_model().objects.filter(
        username="bench-admin"
    ).first() or get_user_model().objects.create_superuser("bench-admin", "", "x")
    counties = list(Unit.objects.filter(depth=3).order_by("path")[:50])
    rng = random.Random(3)

    def first_page():
        county = rng.choice(counties)
        return list(person_list(actor=admin, under=county)[:20])

    with CaptureQueriesContext(connection) as ctx:
        rows = first_page()
    ms = median_ms(first_page, repeat=41, warmup=5)
    # Same run baseline: the first page of all people, no subtree filter.
    baseline = median_ms(
        lambda: list(Person.objects.select_related("unit").order_by("id")[:20]), repeat=41, warmup=5
    )
    emit(
        bench="orgs.people_under_county_first_page",
        units=Unit.objects.count(),
        people=Person.objects.count(),
        median_ms=ms,
        baseline_unfiltered_first_page_ms=baseline,
        queries=len(ctx.captured_queries),
        rows=len(rows),
        goal_ms=20,
        ok=ms <= 20 and len(ctx.captured_queries) == 1,
    )


def main() -> None:
    bench_workdays()
    if os.environ.get("BENCH_SKIP_PG") != "1":
        bench_people()


if __name__ == "__main__":
    bench_main(main)
