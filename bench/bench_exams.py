"""Knowledge-contest benchmarks on PostgreSQL (and gunicorn for the answering load).

1. papers: give 10,000 candidates their paper (version + their own option order for 100 questions),
   written to the database; baseline: the same computation without the database.
2. answering load: 10,000 candidates each saving an answer every 30 s (≈333 saves/s) for LOAD_SECONDS
   (default 60) against gunicorn; p50/p99 save latency, errors, and lost answers (every acknowledged
   save checked in the database afterwards); baseline: the same client against /bench/bare.
3. grading: 10,000 papers × 100 objective questions (1,000,000 answers, generated inside PostgreSQL) graded and
   written back; baseline: reading the same rows without grading.

BENCH_DATABASE_URL defaults to postgres://postgres@127.0.0.1:5432/bench_exams.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import multiprocessing as mp
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
os.environ.setdefault("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_exams")

from bench.common import emit, setup_django  # noqa: E402

N_CAND = int(os.environ.get("BENCH_CANDIDATES", "10000"))
N_Q = 100
RATE = N_CAND / 30.0
# The full minute; LOAD_SECONDS=30 halves it on a busy machine.
LOAD_SECONDS = int(os.environ.get("LOAD_SECONDS", "60"))
LATE_DROP_S = 5.0  # a save the client could not even start 5 s after its time is counted, not sent
PORT = int(os.environ.get("BENCH_EXAMS_PORT", "8161"))
# gunicorn's usual 2 × cores + 1 processes, few threads each: the GIL makes many threads per
# process queue behind one another (quiet 2-core machine: p99 243 ms with 3 × 8, 36 ms with 5 × 4).
WORKERS = os.environ.get("BENCH_EXAMS_WORKERS", str(2 * (os.cpu_count() or 1) + 1))
THREADS = os.environ.get("BENCH_EXAMS_THREADS", "4")


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
    root = Unit.objects.filter(code="BX").first() or Unit.add_root(
        code="BX", name="压测分行", kind=kinds["bank_branch"]
    )
    have = set(Unit.objects.filter(code__startswith="BX-U").values_list("code", flat=True))
    for i in range(100):
        code = f"BX-U{i:03d}"
        if code not in have:
            Unit.objects.get(pk=root.pk).add_child(code=code, name=f"压测支行{i}", kind=kinds["sub_branch"])
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
def _client(args):
    """One load process: its share of the schedule, paced by threads; returns latencies and acks."""
    port, path, items, t0, threads = args
    lat, acks, errors, lags, dropped = [], [], [], [], []
    lock = threading.Lock()

    def work(mine):
        for sched, token, q, value in mine:
            delay = t0 + sched - time.time()
            if delay > 0:
                time.sleep(delay)
            elif -delay > LATE_DROP_S:
                with lock:
                    dropped.append(sched)
                continue
            start = time.time()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
                body = json.dumps({"question": q, "value": value}) if q is not None else None
                conn.request(
                    "PUT" if q is not None else "GET",
                    path,
                    body=body,
                    headers={
                        "Content-Type": "application/json",
                        "X-Exam-Token": token,
                        "Connection": "close",
                    },
                )
                r = conn.getresponse()
                r.read()
                conn.close()
                ok = r.status == 200
            except OSError:
                ok = False
            end = time.time()
            with lock:
                lat.append(end - start)
                lags.append(start - (t0 + sched))
                if ok:
                    acks.append((token, q, value))
                else:
                    errors.append(sched)

    chunks = [items[k::threads] for k in range(threads)]
    ts = [threading.Thread(target=work, args=(c,)) for c in chunks]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    return lat, acks, errors, lags, dropped


def _load(port, path, schedule, procs=2, threads=48):
    t0 = time.time() + 1.0
    shares = [schedule[k::procs] for k in range(procs)]
    with mp.get_context("fork").Pool(procs) as pool:
        parts = pool.map(_client, [(port, path, s, t0, threads) for s in shares])
    lat = sorted(x for p in parts for x in p[0])
    acks = [x for p in parts for x in p[1]]
    errors = sum(len(p[2]) for p in parts)
    lags = sorted(x for p in parts for x in p[3])
    dropped = sum(len(p[4]) for p in parts)
    wall = time.time() - t0
    return {
        "scheduled": len(schedule),
        "requests": len(lat),
        "not_sent_client_behind": dropped,
        "wall_s": round(wall, 1),
        "achieved_rate_per_s": round(len(lat) / max(wall, 1e-9), 1),
        "p50_ms": round(1000 * lat[len(lat) // 2], 1),
        "p99_ms": round(1000 * lat[int(len(lat) * 0.99) - 1], 1),
        "max_ms": round(1000 * lat[-1], 1),
        "errors": errors,
        "client_lag_p99_ms": round(1000 * lags[int(len(lags) * 0.99) - 1], 1),
    }, acks


def _gunicorn(env):
    bin_dir = Path(sys.executable).parent
    proc = subprocess.Popen(
        [
            str(bin_dir / "gunicorn"),
            "yangguang.wsgi",
            "-b",
            f"127.0.0.1:{PORT}",
            "-w",
            WORKERS,
            "-k",
            "gthread",
            "--threads",
            THREADS,
            "--backlog",
            "2048",
        ],
        cwd=HERE.parent,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(200):
        try:
            socket.create_connection(("127.0.0.1", PORT), timeout=0.2).close()
            return proc
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def bench_load(admin, exam):
    from datetime import timedelta

    from django.db import connection
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
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="yangguang.settings", DEBUG="0", DB_CONN_MAX_AGE="600")
    connection.close()
    server = _gunicorn(env)
    try:
        warm = [(0.01 * k, f"bench-token-{k}", None, None) for k in range(100)]
        _load(PORT, "/bench/bare", warm)
        _load(PORT, "/api/v1/exams/take/paper", warm)
        bare_sched = [(k / RATE, "x", None, None) for k in range(int(RATE * 5))]
        bare, _ = _load(PORT, "/bench/bare", bare_sched)
        stats, acks = _load(PORT, "/api/v1/exams/take/answers", schedule)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(20)
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
        **stats,
        acknowledged=len(acks),
        lost_answers=lost,
        target_p99_ms=200,
        server=f"gunicorn -w {WORKERS} -k gthread --threads {THREADS}",
        db="postgresql",
        baseline_bare_json=bare,
    )


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
    main()
