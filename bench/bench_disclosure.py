"""Disclosure benchmarks on PostgreSQL: 1,000,000 records, 200,000 requests.

- the annual report (tables 二, 三, 四 and channel statistics) of one county, and of the whole tree;
- the public pages under 50 loopback clients (bench.common.compare: interleaved rounds beside the
  independent floor app and /bench/bare on the same gunicorn settings; goal ≥ 0.5 of the floor),
  uncached: the catalogue (plain, text filter, category + unit), a record page over 20,000 distinct
  records, and the front-door search /public/search/?q= (normal, no-match and one-character queries;
  skipped with a note while that URL answers 404); then the catalogue with its 60 s fragment cache;
- the pure request clock (answer due date with a correction and a pause), per call.

Data are generated server-side with INSERT … SELECT generate_series (one statement per table), so the
whole file stays well under 4 minutes; a second run reuses them when the counts match.
Run: .venv/bin/python bench/bench_disclosure.py  (BENCH_DATABASE_URL overrides the database;
BENCH_RECORDS / BENCH_REQUESTS the sizes, BENCH_SMOKE=1 20,000 / 4,000; HTTP knobs in bench/common.py)
"""

from __future__ import annotations

import os
import random
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_disclosure")

from bench.common import (  # noqa: E402
    Side,
    compare,
    emit,
    get,
    median_ms,
    project_env,
    setup_django,
    size,
)
from bench.common import main as bench_main  # noqa: E402
from bench.publicsearch import distinct_queries, search_index, search_sides  # noqa: E402

RECORDS = size("BENCH_RECORDS", 1_000_000, 20_000)
REQUESTS = size("BENCH_REQUESTS", 200_000, 4_000)
COUNTIES, TOWNS = 20, 5


def build_units():
    from yangguang.orgs.kinds import ensure_unit_kinds
    from yangguang.orgs.models import Unit

    root = Unit.objects.filter(code="BD").first()
    if root is not None:
        return root
    kind = ensure_unit_kinds()
    root = Unit.objects.add_root(
        instance=Unit(code="BD", name="基准州", kind=kind["government"], level_names=["州", "县市", "乡镇"])
    )
    for c in range(COUNTIES):
        county = Unit.objects.add_child(
            Unit.objects.get(pk=root.pk),
            instance=Unit(code=f"BD{c:02d}", name=f"基准县{c:02d}", kind=kind["government"]),
        )
        for t in range(TOWNS):
            Unit.objects.add_child(
                Unit.objects.get(pk=county.pk),
                instance=Unit(code=f"BD{c:02d}{t:02d}", name=f"基准{c:02d}镇{t:02d}", kind=kind["township"]),
            )
    return Unit.objects.get(pk=root.pk)


TOPICS = "洱海保护 乡村振兴 城乡规划 道路交通 义务教育 医疗保障 住房保障 农村饮水 森林防火 旅游市场 食品安全 安全生产 生态环境 民族团结 财政预算".split()
OUTCOMES = None


def generate(root) -> dict:
    from django.db import connection

    from yangguang.disclosure import template as T
    from yangguang.disclosure.categories import ensure
    from yangguang.disclosure.models import Disclosure, Request
    from yangguang.orgs.models import Unit

    cats = ensure()
    have = (Disclosure.objects.count(), Request.objects.count())
    if have == (RECORDS, REQUESTS):
        return {"reused": True}
    t0 = time.perf_counter()
    below = Unit.objects.filter(path__startswith=root.path).exclude(pk=root.pk).order_by("path")
    unit_ids = list(below.values_list("id", flat=True)) + [root.pk]
    cat_ids = [c.pk for c in cats.values()]
    topics = "(ARRAY[" + ",".join(f"'{t}'" for t in TOPICS) + "])"
    outcomes = (
        "(ARRAY[" + ",".join(f"'{o}'" for o in ["granted"] * 10 + ["partial"] * 4 + T.OUTCOME_CODES) + "])"
    )
    orgs = "(ARRAY['commercial','research','social','legal_service','other'])"
    channels = "(ARRAY['website','website','website','website','website','website','notice_board','broadcast','meeting','other','gazette','press'])"
    tables = ["disclosure_disclosure", "disclosure_publication", "disclosure_request", "disclosure_appeal"]
    with connection.cursor() as cur:
        cur.execute(
            "TRUNCATE disclosure_publication, disclosure_consultation, disclosure_appeal, disclosure_request, "
            "disclosure_disclosure RESTART IDENTITY CASCADE"
        )
        # Bulk load the usual way: secondary indexes dropped and rebuilt afterwards, FK triggers off for the load.
        cur.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i JOIN pg_class c ON c.relname = i.indexname "
            "JOIN pg_index x ON x.indexrelid = c.oid WHERE i.tablename = ANY(%s) AND NOT x.indisunique",
            [tables],
        )
        indexes = cur.fetchall()
        for name, _def in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        cur.execute("SET session_replication_role = replica")
        cur.execute("SET synchronous_commit = off")
        cur.execute(
            f"""
            INSERT INTO disclosure_disclosure (id, created_at, updated_at, unit_id, category_id, title, body, doc_number,
                formed_on, due_on, audience, audience_note, status, reject_reason, secrecy_checked, secrecy_note,
                prerequisite_note, published_on, late, validity, validity_reason, stale, superseded, stale_after, amount)
            SELECT i, now() - (i %% 400) * interval '1 day', now() - (i %% 400) * interval '1 day',
                (%(units)s::bigint[])[1 + ((i::bigint * 7919) %% %(nu)s)::int], (%(cats)s::bigint[])[1 + (i * 31) %% %(nc)s],
                {topics}[1 + i %% 15] || '相关工作通知（' || i || '）', '<p>正文</p>',
                CASE WHEN i %% 5 = 0 THEN '大政发〔2025〕' || i || '号' ELSE '' END,
                f, f + 28, CASE WHEN i %% 20 = 0 THEN 'internal' ELSE 'public' END, '',
                CASE WHEN i %% 50 = 0 THEN 'draft' ELSE 'published' END, '', true, '', '',
                CASE WHEN i %% 50 = 0 THEN NULL ELSE f + CASE WHEN i %% 25 = 0 THEN 35 ELSE 10 END END,
                i %% 25 = 0, CASE WHEN i %% 40 = 0 THEN 'repealed' ELSE 'valid' END, '', false, i %% 3 <> 0,
                CASE WHEN i %% 3 = 0 THEN f + 400 END, CASE WHEN i %% 97 = 0 THEN 1000 END
            FROM (SELECT i, date '2023-01-01' + (i %% 1400) AS f FROM generate_series(1, %(n)s) AS i) s
            """,
            {"units": unit_ids, "nu": len(unit_ids), "cats": cat_ids, "nc": len(cat_ids), "n": RECORDS},
        )
        cur.execute(
            f"""
            INSERT INTO disclosure_publication (disclosure_id, unit_id, channel, issue, published_on)
            SELECT id, unit_id, {channels}[1 + id %% 12],
                   CASE WHEN id %% 12 = 10 THEN '第' || (id %% 104) || '期' WHEN id %% 12 = 11 THEN '第' || (id %% 27) || '场' ELSE '' END,
                   published_on
            FROM disclosure_disclosure WHERE published_on IS NOT NULL
            """,
            {},
        )
        cur.execute(
            f"""
            INSERT INTO disclosure_request (id, created_at, updated_at, unit_id, number, query_code, applicant_kind, org_type,
                applicant_name, applicant_id, contact, content, purpose, channel, submitted_on, received_on, status,
                clock_start, due_on, due_verified, overdue, correction_notice, correction_text, extension_days,
                extension_reason, fee_method, outcome, outcome_reason, reply, concluded_on)
            SELECT i, now(), now(), (%(units)s::bigint[])[1 + ((i::bigint * 104729) %% %(nu)s)::int], 'B' || i, 'CODE' || (i %% 9999),
                CASE WHEN i %% 5 < 3 THEN 'natural' ELSE 'organisation' END,
                CASE WHEN i %% 5 < 3 THEN '' ELSE {orgs}[1 + (i / 5) %% 5] END,
                '申请人' || i, '', '', '申请公开' || {topics}[1 + i %% 15], '', 'online', r, r,
                CASE WHEN i %% 50 = 0 THEN 'open' ELSE 'concluded' END, r, r + 28, true, i %% 30 = 0, '', '', 0, '', '',
                CASE WHEN i %% 50 = 0 THEN '' ELSE {outcomes}[1 + i %% 35] END, '理由', '',
                CASE WHEN i %% 50 = 0 THEN NULL ELSE r + 10 + i %% 20 END
            FROM (SELECT i, date '2023-01-01' + (i %% 1400) AS r FROM generate_series(1, %(n)s) AS i) s
            """,
            {"units": unit_ids, "nu": len(unit_ids), "n": REQUESTS},
        )
        cur.execute(
            """
            INSERT INTO disclosure_appeal (created_at, updated_at, unit_id, request_id, kind, filed_on, result, decided_on, note)
            SELECT now(), now(), unit_id, id, (ARRAY['review','litigation_direct','litigation_after_review'])[1 + id % 3],
                   concluded_on + 30, (ARRAY['upheld','corrected','other','pending'])[1 + id % 4],
                   CASE WHEN id % 4 = 3 THEN NULL ELSE concluded_on + 90 END, ''
            FROM disclosure_request WHERE id % 100 = 7 AND concluded_on IS NOT NULL
            """
        )
        cur.execute("SET session_replication_role = origin")
        cur.execute("SET maintenance_work_mem = '256MB'")
        for _name, definition in indexes:
            cur.execute(definition)
        for table in ("disclosure_disclosure", "disclosure_request"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
    with connection.cursor() as cur:  # outside the load: VACUUM fills the visibility map for index-only scans
        cur.execute(
            "VACUUM ANALYZE disclosure_disclosure, disclosure_publication, disclosure_request, disclosure_appeal"
        )
    return {"reused": False, "seconds": round(time.perf_counter() - t0, 1)}


def http_sides(with_records: bool) -> list[Side]:
    """The public disclosure pages and the front-door search, each beside the floor and /bench/bare."""
    from yangguang.disclosure import queries

    goal = {"goal_ratio_floor": 0.5}
    sides = [
        Side("catalogue", [get("/public/disclosure/")], goal=goal, info={"url": "/public/disclosure/"}),
        Side("catalogue_text_filter", [get("/public/disclosure/?q=%E6%B4%B1%E6%B5%B7")], info={"q": "洱海"}),
        Side("catalogue_category_unit", [get("/public/disclosure/?category=licensing&unit=BD03")]),
    ]
    if with_records:
        sample = random.Random(5).sample(range(1, RECORDS + 1), min(RECORDS, 20_000))
        ids = list(queries.public_records().filter(pk__in=sample).values_list("pk", flat=True))
        random.Random(6).shuffle(ids)
        sides.append(
            Side(
                "record_page",
                [get(f"/public/disclosure/r/{pk}/") for pk in ids],
                goal=goal,
                info={"url": "/public/disclosure/r/<id>/", "distinct_records": len(ids)},
            )
        )
        titles = list(queries.public_records().filter(pk__in=sample[:3000]).values_list("title", flat=True))
        sides += search_sides(
            normal="洱海保护", no_match="量子纠缠", one_char="洱", distinct=distinct_queries(titles, 20_000)
        )
    return sides


def serve_and_measure(cache_seconds: int) -> None:
    """`cache_seconds` 0 renders every page afresh (the goal's figures); 60 is the catalogue as deployed."""
    env = project_env(
        DATABASE_URL=os.environ["BENCH_DATABASE_URL"], DISCLOSURE_CATALOGUE_CACHE_SECONDS=str(cache_seconds)
    )
    label = {"mode": "fragment_cache" if cache_seconds else "no_cache"}
    compare("disclosure", http_sides(with_records=not cache_seconds), env=env, label=label)


def main() -> None:
    t_all = time.perf_counter()
    setup_django(pg=True)
    from yangguang.disclosure import clock
    from yangguang.disclosure.queries import annual_report
    from yangguang.orgs.models import Unit
    from yangguang.workdays.calendar import WorkCalendar

    root = build_units()
    gen = generate(root)
    search_index("disclosure", fresh=not gen["reused"], probe="洱海保护")
    emit(
        bench="disclosure",
        what="data",
        records=RECORDS,
        requests=REQUESTS,
        units=Unit.objects.filter(path__startswith=root.path).count(),
        **gen,
    )
    county = Unit.objects.get(code="BD03")
    report = annual_report(county, 2025)
    assert report["checks"]["ok"], report["checks"]
    emit(
        bench="disclosure", what="annual_report_one_county", median_ms=median_ms(lambda: annual_report(county, 2025), repeat=5, warmup=1),
        goal_ms=2000, county_records_2025=report["channels"]["total_records"], county_requests_new=report["table_3"]["rows"][0]["cells"]["总计"],
    )  # fmt: skip
    emit(
        bench="disclosure",
        what="annual_report_whole_tree",
        median_ms=median_ms(lambda: annual_report(root, 2025), repeat=3, warmup=1),
        records=RECORDS,
    )
    cal = WorkCalendar().preload(2024, 2027)
    emit(
        bench="disclosure", what="answer_clock_pure_call",
        median_ms=median_ms(lambda: clock.answer_clock(cal, date(2025, 9, 26), corrected_on=date(2025, 10, 9), pauses=[(date(2025, 10, 13), date(2025, 10, 24))], extension_days=20), repeat=200),
    )  # fmt: skip
    serve_and_measure(cache_seconds=0)  # every page rendered from the database: the goal's figures
    serve_and_measure(cache_seconds=60)  # as deployed: fragments reused, retired on every publication
    emit(
        bench="disclosure",
        what="total_seconds",
        seconds=round(time.perf_counter() - t_all, 1),
        goal_seconds=240,
    )


if __name__ == "__main__":
    bench_main(main)
