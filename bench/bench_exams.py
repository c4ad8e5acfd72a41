"""Knowledge-contest benchmarks on PostgreSQL (and gunicorn for the answering load).

1. papers: give 10,000 candidates their paper (version + their own option order for 100 questions),
   written to the database; baseline: the same computation without the database.
2. answering load: 10,000 candidates each saving an answer every 30 s (≈333 saves/s) for LOAD_SECONDS
   (default 60) against gunicorn; p50/p99 save latency, errors, and lost answers (every acknowledged
   save checked in the database afterwards); baselines: the same client at the same rate against the
   independent floor app (bench/floor) and /bench/bare, on the same gunicorn settings.
3. grading: 10,000 papers × 100 objective questions (1,000,000 answers, generated inside PostgreSQL) graded and
   written back; baseline: reading the same rows without grading.

BENCH_DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/bench_exams; BENCH_CANDIDATES sets the
candidates (BENCH_SMOKE=1: 1,000 and a 10 s load); BENCH_EXAMS_WORKERS / BENCH_EXAMS_THREADS the server.
"""

from __future__ import annotations

import hashlib
import os
import random
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_exams")

from bench.common import (  # noqa: E402
    FLOOR_ENV,
    emit,
    get,
    load,
    pct,
    post_json,
    project_env,
    serve,
    server_label,
    setup_django,
    size,
    stats,
)
from bench.common import main as bench_main  # noqa: E402

N_CAND = size("BENCH_CANDIDATES", 10_000, 1_000)
N_Q = 100
RATE = N_CAND / 30.0
# The full minute; LOAD_SECONDS=30 halves it on a busy machine.
LOAD_SECONDS = int(os.environ.get("LOAD_SECONDS", "10" if os.environ.get("BENCH_SMOKE") else "60"))
LATE_DROP_S = 5.0  # a save the client could not even start 5 s after its time is counted, not sent
PORT = int(os.environ.get("BENCH_EXAMS_PORT", "8161"))
# gunicorn's usual 2 × cores + 1 processes, few threads each: the GIL makes many threads per
# process queue behind one another (quiet 2-core machine: p99 243 ms with 3 × 8, 36 ms with 5 × 4).
WORKERS = int(os.environ.get("BENCH_EXAMS_WORKERS", str(2 * (os.cpu_count() or 1) + 1)))
THREADS = int(os.environ.get("BENCH_EXAMS_THREADS", "4"))


def build():
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.utils import timezone

    from yangguang.exams import actions
    from yangguang.exams.models import Blueprint, Candidate, Category, Exam, Paper, Question
    from yangguang.orgs.kinds import ensure_unit_kinds
    from yangguang.orgs.models import Person, Unit

    with connection.cursor() as c:
        c.execute(
            "SELECT string_agg(quote_ident(tablename), ',') FROM pg_tables "
            "WHERE schemaname='public' AND tablename LIKE 'exams\\_%%'"
        )
        tables = c.fetchone()[0]
        c.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
    kinds = ensure_unit_kinds()
    root = Unit.objects.filter(code="BX").first() or Unit.objects.add_root(
        instance=Unit(code="BX", name="压测分行", kind=kinds["bank_branch"])
    )
    have = set(Unit.objects.filter(code__startswith="BX-U").values_list("code", flat=True))
    for i in range(100):
        code = f"BX-U{i:03d}"
        if code not in have:
            Unit.objects.add_child(
                Unit.objects.get(pk=root.pk),
                instance=Unit(code=code, name=f"压测支行{i}", kind=kinds["sub_branch"]),
            )
    units = list(Unit.objects.filter(code__startswith="BX-U").order_by("code"))
    if Person.objects.filter(code__startswith="BX-P").count() < N_CAND:
        Person.objects.filter(code__startswith="BX-P").delete()
        Person.objects.bulk_create(
            [Person(code=f"BX-P{i:06d}", name=f"考生{i}", unit=units[i % 100]) for i in range(N_CAND)],
            batch_size=5000,
        )
    admin = get_user_model().objects.filter(username="bench-admin").first()
    if admin is None:
        admin = get_user_model().objects.create_superuser("bench-admin", password="bench-admin-password")
    now = timezone.now()
    exam = Exam.objects.create(unit=root, name="压测竞赛", status="draft", shuffle_options=True, seed=1)
    cats = [Category.objects.create(unit=root, name=n) for n in ("政务公开", "依法行政", "党风廉政")]
    qs = []
    for i in range(360):
        kind = ["single", "multi", "tf", "fill"][i % 4]
        opts = [f"选项{k}" for k in range(4)] if kind in ("single", "multi") else []
        ans = {"single": i % 4, "multi": [0, 2], "tf": bool(i % 2), "fill": [["答案", "答案一"]]}[kind]
        qs.append(
            Question(
                unit=root, category=cats[i % 3], kind=kind, stem=f"第{i}题 题干", options=opts, answer=ans
            )
        )
    Question.objects.bulk_create(qs)
    cells = [
        {"kind": k, "category": c.pk, "difficulty": None, "count": n, "points": 1}
        for k, n in (("single", 10), ("multi", 8), ("tf", 8), ("fill", 7))
        for c in cats
    ] + [{"kind": "single", "category": cats[0].pk, "difficulty": None, "count": 1, "points": 1}]
    bp = Blueprint.objects.create(exam=exam, name="压测蓝图", cells=cells)
    actions.papers_draw(actor=admin, exam=exam, blueprint=bp, seed=7)
    people = list(
        Person.objects.filter(code__startswith="BX-P").order_by("code").values_list("id", "unit_id")
    )
    Candidate.objects.bulk_create(
        [
            Candidate(
                exam=exam,
                person_id=pid,
                unit_id=uid,
                seal_code=f"S{i:06d}",
                exam_code=f"BX{i:08d}",
                token_hash=hashlib.sha256(f"bench-token-{i}".encode()).hexdigest(),
                code_used_at=now,
            )
            for i, (pid, uid) in enumerate(people)
        ],
        batch_size=5000,
    )
    with connection.cursor() as c:
        c.execute("ANALYZE")
    papers = list(Paper.objects.filter(exam=exam))
    assert all(len(p.items) == N_Q for p in papers), [len(p.items) for p in papers]
    return admin, exam


def bench_papers(admin, exam):
    from yangguang.exams import actions
    from yangguang.exams.models import Candidate, Paper
    from yangguang.exams.rules import papers

    runs = []
    for _ in range(3):
        t = time.perf_counter()
        n = actions.candidate_papers_generate(actor=admin, exam=exam)
        runs.append(time.perf_counter() - t)
    ps = list(Paper.objects.filter(exam=exam))
    n_opts = {it["q"]: it.get("n", 0) for p in ps for it in p.items}
    seals = list(Candidate.objects.filter(exam=exam).values_list("seal_code", flat=True))
    base = []
    for _ in range(1):
        t = time.perf_counter()
        for i, s in enumerate(seals):
            p = ps[i % len(ps)]
            papers.candidate_layout(p.items, p.seed, s, n_opts)
        base.append(time.perf_counter() - t)
    emit(
        bench="exams.papers_generate",
        candidates=n,
        questions=N_Q,
        median_s=round(statistics.median(runs), 3),
        runs_s=[round(x, 3) for x in runs],
        target_s=10,
        baseline_compute_only_median_s=round(statistics.median(base), 3),
    )


# -- answering load ---------------------------------------------------------------------------
SAVE_CLIENTS = 96  # loopback threads (over BENCH_CLIENT_PROCS processes) keeping the schedule


def _paced(addr, reqs, schedule, *, keep_ok=False):
    """Open loop: each request sent at its scheduled offset (bench.common.load); the figures and the
    indexes of the acknowledged requests."""
    res = load(addr, reqs, clients=SAVE_CLIENTS, schedule=schedule, late_drop_s=LATE_DROP_S, keep_ok=keep_ok)
    lag = sorted(res.lag_ms)
    figures = {
        "scheduled": len(schedule),
        "not_sent_client_behind": res.not_sent,
        "wall_s": round(res.wall_s, 1),
        "achieved_rate_per_s": round(len(res.latencies_ms) / max(res.wall_s, 1e-9), 1),
        **stats(res),
        "max_ms": round(max(res.latencies_ms, default=0), 1),
        "client_lag_p99_ms": round(pct(lag, 99), 1),
    }
    figures.pop("rps")
    return figures, res.ok_index


def bench_load(admin, exam):
    from datetime import timedelta

    from django.utils import timezone

    from yangguang.exams import actions
    from yangguang.exams.models import Answer, Candidate, Exam, Site, Sitting

    now = timezone.now()
    s = Sitting.objects.create(
        exam=exam, name="压测场次", starts_at=now - timedelta(minutes=1), ends_at=now + timedelta(hours=1)
    )
    site = Site.objects.create(sitting=s, unit=exam.unit, name="压测考点", seats=N_CAND)
    Candidate.objects.filter(exam=exam).update(site=site)
    actions.exam_open(actor=admin, exam=exam)
    cands = list(Candidate.objects.filter(exam=exam).order_by("id").values_list("seal_code", "paper__items"))
    rng = random.Random(1)
    schedule = []
    for i, (_seal, items) in enumerate(cands):
        token = f"bench-token-{i}"
        offset = rng.uniform(0, 30)
        for k, sched in enumerate(x for x in (offset, offset + 30, offset + 60) if x < LOAD_SECONDS):
            it = items[(i + k * 37) % len(items)]
            value = {
                "single": rng.randrange(4),
                "multi": [0, rng.randrange(1, 4)],
                "tf": rng.random() < 0.5,
                "fill": [f"答{rng.randrange(100)}"],
            }[it["k"]]
            schedule.append((sched, token, it["q"], value))
    schedule.sort(key=lambda x: x[0])
    env = project_env(DATABASE_URL=os.environ["DATABASE_URL"], DB_CONN_MAX_AGE="600")
    save = "/api/v1/exams/take/answers"
    reqs = [
        post_json(save, {"question": q, "value": v}, {"X-Exam-Token": t}, method="PUT")
        for _s, t, q, v in schedule
    ]
    floor_env = dict(os.environ, **FLOOR_ENV)
    with (
        serve("bench.floor.wsgi", floor_env, port=PORT + 1, workers=WORKERS, threads=THREADS) as floor,
        serve(
            "yangguang.wsgi", env, port=PORT, ready="/bench/bare", workers=WORKERS, threads=THREADS
        ) as proj,
    ):
        warm = [0.01 * k for k in range(100)]
        _paced(floor, [get("/")], warm)
        _paced(proj, [get("/bench/bare")], warm)
        paper = [
            ("GET", "/api/v1/exams/take/paper", None, {"X-Exam-Token": f"bench-token-{k}"})
            for k in range(100)
        ]
        _paced(proj, paper, warm)
        # the baselines: the same client at the same rate for 5 s against the floor and /bench/bare
        base_sched = [k / RATE for k in range(int(RATE * 5))]
        floor_fig, _ = _paced(floor, [get("/")], base_sched)
        bare_fig, _ = _paced(proj, [get("/bench/bare")], base_sched)
        figures, ok = _paced(proj, reqs, [x[0] for x in schedule], keep_ok=True)
    acks = [schedule[i][1:] for i in ok]
    # zero lost: every acknowledged save is in the database with its value
    by_token = {
        f"bench-token-{i}": cid
        for i, cid in enumerate(
            Candidate.objects.filter(exam=exam).order_by("id").values_list("id", flat=True)
        )
    }
    stored = {
        (c, q): v
        for c, q, v in Answer.objects.filter(candidate__exam=exam).values_list(
            "candidate_id", "question_id", "value"
        )
    }
    lost = sum(1 for token, q, v in acks if stored.get((by_token[token], q)) != v)
    Exam.objects.filter(pk=exam.pk).update(status="draft")
    emit(
        bench="exams.answer_save_load",
        candidates=N_CAND,
        seconds=LOAD_SECONDS,
        target_rate_per_s=round(RATE, 1),
        **figures,
        acknowledged=len(acks),
        lost_answers=lost,
        target_p99_ms=200,
        # at a fixed rate the throughput is the schedule's: the ratios are of latency (p50 multiples)
        p50_over_floor=round(figures["p50_ms"] / floor_fig["p50_ms"], 2) if floor_fig["p50_ms"] else None,
        p50_over_bare=round(figures["p50_ms"] / bare_fig["p50_ms"], 2) if bare_fig["p50_ms"] else None,
        server=server_label(WORKERS, THREADS),
        db="postgresql",
        baseline_floor=floor_fig,
        baseline_bare_json=bare_fig,
    )
    if lost:
        emit(bench="exams.answer_save_load", error=f"{lost} acknowledged answers lost")


def bench_grading(admin, exam):
    from django.db import connection

    from yangguang.exams import actions
    from yangguang.exams.models import Candidate, Exam

    with connection.cursor() as c:
        c.execute("TRUNCATE exams_answer RESTART IDENTITY CASCADE")
    t = time.perf_counter()
    cands = Candidate.objects.filter(exam=exam).count()
    with connection.cursor() as c:  # generated inside PostgreSQL: one answer per question on each paper
        c.execute(
            "INSERT INTO exams_answer (candidate_id, question_id, value, saved_at, revisions, rule) "
            "SELECT c.id, (it->>'q')::bigint, CASE it->>'k' "
            "WHEN 'single' THEN to_jsonb((c.id + (it->>'q')::int) %% 4) WHEN 'multi' THEN '[0, 2]'::jsonb "
            "WHEN 'tf' THEN to_jsonb((c.id %% 2) = 0) ELSE '[\"答案\"]'::jsonb END, now(), 1, '' "
            "FROM exams_candidate c JOIN exams_paper p ON p.id = c.paper_id, jsonb_array_elements(p.items) it "
            "WHERE c.exam_id = %s",
            [exam.pk],
        )
    n_rows = cands * N_Q
    load_s = time.perf_counter() - t
    Exam.objects.filter(pk=exam.pk).update(status="open")
    with connection.cursor() as c:
        c.execute("ANALYZE exams_answer")
    runs, base = [], []
    for _ in range(2):
        t = time.perf_counter()
        with connection.cursor() as c:
            c.execute(
                "SELECT a.candidate_id, a.question_id, a.value FROM exams_answer a "
                "JOIN exams_candidate c ON c.id = a.candidate_id WHERE c.exam_id = %s",
                [exam.pk],
            )
            n = len(c.fetchall())
        base.append(time.perf_counter() - t)
        t = time.perf_counter()
        actions.grade_objective(actor=admin, exam=exam)
        runs.append(time.perf_counter() - t)
    scores = list(Candidate.objects.filter(exam=exam).values_list("objective_score", flat=True)[:5])
    emit(
        bench="exams.grade_objective",
        papers=cands,
        questions_per_paper=N_Q,
        answers=n_rows,
        rows_read=n,
        median_s=round(statistics.median(runs), 3),
        runs_s=[round(x, 3) for x in runs],
        target_s=30,
        baseline_read_rows_median_s=round(statistics.median(base), 3),
        insert_load_s=round(load_s, 2),
        sample_scores=[str(s) for s in scores],
    )


def main():
    t0 = time.perf_counter()
    setup_django(pg=True)
    admin, exam = build()
    emit(bench="exams.setup", candidates=N_CAND, seconds=round(time.perf_counter() - t0, 1))
    bench_papers(admin, exam)
    bench_load(admin, exam)
    bench_grading(admin, exam)
    emit(bench="exams.total", seconds=round(time.perf_counter() - t0, 1))


if __name__ == "__main__":
    bench_main(main)
