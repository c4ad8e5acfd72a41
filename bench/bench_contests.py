"""Benchmarks of the competition engine.

1. The spreadsheet CLI (`yangguang contest evaluate … --format json --out FILE`) on a generated .csv of
   16,000 participants × 10 indicators × 5 rules (target ≤ 2 s) and 400,000 participants (target ≤ 20 s
   and ≤ 2 GB peak RSS), each a fresh process: wall time and the child's peak RSS. Baseline in the same
   run: the same process doing nothing but starting (`yangguang contest --help`).
2. Storing an evaluation of 16,000 participants on PostgreSQL (`actions.evaluation_run`, target ≤ 10 s),
   median of 3; baseline: the engine alone on the same inputs.

BENCH_CONTEST_PARTS=cli (or pg) runs one part only (`--no-pg` as well skips PostgreSQL);
BENCH_CONTEST_LARGE_RUNS=N runs the large file N times (default 1) and reports the median.
"""

from __future__ import annotations

import csv
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import emit, size  # noqa: E402
from bench.common import main as bench_main  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
YG = str(ROOT / ".venv" / "bin" / "yangguang")
LARGE = size("BENCH_CONTEST_LARGE", 400_000, 20_000)  # the CLI's large file (participants)
LARGE_RUNS = int(os.environ.get("BENCH_CONTEST_LARGE_RUNS") or 1)
PARTS = {x for x in os.environ.get("BENCH_CONTEST_PARTS", "cli,pg").split(",") if x}
PG_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_contests")

SCHEME = """
code: bench-national
name: 全国网点竞赛
period: {start: 2026-01-01, end: 2026-12-31}
groups: [{code: outlet, name: 网点}]
indicators:
- {code: i1, name: 存款, unit: 万元, method: completion, cap: 120, weight: 20}
- {code: i2, name: 贷款, unit: 万元, method: completion, cap: 120, weight: 15}
- {code: i3, name: 客户, unit: 户, method: growth, weight: 5}
- {code: i4, name: 中收, unit: 万元, method: growth_rate, cap: 100, weight: 10}
- {code: i5, name: 理财, unit: 万元, method: share, weight: 10}
- {code: i6, name: 基金, unit: 万元, method: rank_points, weight: 10, params: {max: 100, step: 0.01, min: 0}}
- {code: i7, name: 信用卡, unit: 张, method: tiers, weight: 10, params: {of: completion, tiers: [{min: 100, points: 100}, {min: 80, points: 70}]}}
- {code: i8, name: 投诉, unit: 件, method: raw, direction: lower, weight: 5}
- {code: i9, name: 满意度, unit: '%', method: raw, weight: 10}
- {code: i10, name: 合规, unit: 分, method: formula, weight: 5, params: {formula: "值 * 0.9 + 10"}}
facts: [{code: incidents, name: 案件事故数}]
tie_break: [存款]
rules:
  disqualify:
  - {name: 案件事故, when: 案件事故数 > 0}
  awards:
  - {name: 优胜网点, top_percent: 5}
  - {name: 增长之星, top: 100, when: 客户增量 > 平均(客户增量)}
  penalties:
  - {name: 黄牌, when: 存款排名倒数 <= 300 and 存款增量占比 < 平均(存款增量占比), pay_cut: 20, posts: [网点主任]}
  - {name: 提示, when: 投诉 > 8 and 满意度 < 85, card: none}
"""

HEADER = [
    "id",
    "name",
    "存款",
    "存款基数",
    "存款计划",
    "贷款",
    "贷款计划",
    "客户",
    "客户基数",
    "中收",
    "中收基数",
    "理财",
    "基金",
    "信用卡",
    "信用卡计划",
    "投诉",
    "满意度",
    "合规",
    "案件事故数",
]


def write_csv(path: Path, n: int, seed: int = 7) -> None:
    rng = random.Random(seed)
    u = rng.uniform
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(HEADER)
        for i in range(n):
            w.writerow(
                [
                    f"P{i:06d}",
                    f"网点{i}",
                    f"{u(500, 5000):.1f}",
                    f"{u(500, 4000):.1f}",
                    f"{u(800, 4500):.1f}",
                    f"{u(100, 3000):.1f}",
                    f"{u(100, 3000):.1f}",
                    rng.randint(100, 3000),
                    rng.randint(100, 3000),
                    f"{u(10, 500):.2f}",
                    f"{u(10, 500):.2f}",
                    f"{u(0, 900):.1f}",
                    f"{u(0, 900):.1f}",
                    rng.randint(0, 500),
                    rng.randint(1, 500),
                    rng.randint(0, 12),
                    f"{u(60, 100):.1f}",
                    f"{u(60, 100):.1f}",
                    1 if rng.random() < 0.002 else 0,
                ]
            )


def run_cli(args: list[str], env: dict) -> tuple[float, float, int, float]:
    """Wall seconds, child's peak RSS in MB, exit code, child's CPU seconds (user + system).

    The CPU time is what the run costs on an otherwise idle machine; the wall time also counts waiting
    for the CPU when other processes share it (the load average is reported next to the figures)."""
    t = time.perf_counter()
    with tempfile.TemporaryFile() as err:  # a file, not a pipe: nobody reads until the child ends
        p = subprocess.Popen([YG, *args], env=env, stdout=subprocess.DEVNULL, stderr=err)
        _pid, status, ru = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t
        code = os.waitstatus_to_exitcode(status)
        if code:
            err.seek(0)
            raise RuntimeError(
                f"yangguang {' '.join(args[:2])} exited {code}: {err.read()[-2000:].decode(errors='replace')}"
            )
    return wall, ru.ru_maxrss / 1024, code, ru.ru_utime + ru.ru_stime


def bench_cli(tmp: Path) -> None:
    env = {
        **os.environ,
        "YANGGUANG_VAR": str(tmp / "var"),
        "DATABASE_URL": "sqlite:////nonexistent/never-opened.db",
    }
    scheme = tmp / "scheme.yaml"
    scheme.write_text(SCHEME, encoding="utf-8")
    base = [run_cli(["contest", "--help"], env) for _ in range(3)]
    emit(
        bench="contests.cli_startup_baseline",
        median_s=round(statistics.median(b[0] for b in base), 3),
        median_cpu_s=round(statistics.median(b[3] for b in base), 3),
        load_average=os.getloadavg()[0],
    )
    for n, target_s, repeat in ((16_000, 2.0, 3), (LARGE, 20.0, LARGE_RUNS)):
        data = tmp / f"data_{n}.csv"
        t = time.perf_counter()
        write_csv(data, n)
        gen = time.perf_counter() - t
        out = tmp / f"out_{n}.json"
        runs = [
            run_cli(
                [
                    "contest",
                    "evaluate",
                    str(scheme),
                    "--data",
                    str(data),
                    "--period",
                    "2026-03",
                    "--format",
                    "json",
                    "--out",
                    str(out),
                ],
                env,
            )
            for _ in range(repeat)
        ]
        assert all(r[2] == 0 for r in runs), runs
        walls = [r[0] for r in runs]
        cpus = [r[3] for r in runs]
        rss = max(r[1] for r in runs)
        size = out.stat().st_size
        emit(
            bench=f"contests.cli_evaluate_{n}",
            walls_s=[round(w, 2) for w in walls],
            cpus_s=[round(c, 2) for c in cpus],
            participants=n,
            indicators=10,
            rules=5,
            runs=repeat,
            median_s=round(statistics.median(walls), 3),
            median_cpu_s=round(statistics.median(cpus), 3),
            load_average=os.getloadavg()[0],
            peak_rss_mb=round(rss, 1),
            target_s=target_s,
            target_rss_mb=2048,
            ok=statistics.median(walls) <= target_s and rss <= 2048,
            csv_mb=round(data.stat().st_size / 2**20, 1),
            json_mb=round(size / 2**20, 1),
            csv_generation_s=round(gen, 2),
        )
        data.unlink()
        out.unlink()


def _drop(code: str) -> None:
    """Delete a bench competition table by table (each a single DELETE; no per-row cascade collection)."""
    from yangguang.contests.models import (
        Bulletin,
        Competition,
        DataSheet,
        Entry,
        Evaluation,
        Participant,
        Result,
    )

    comp = Competition.objects.filter(code=code).first()
    if comp is None:
        return
    Result.objects.filter(evaluation__competition=comp).delete()
    Bulletin.objects.filter(competition=comp).delete()
    Entry.objects.filter(competition=comp).delete()
    DataSheet.objects.filter(competition=comp).delete()
    Evaluation.objects.filter(competition=comp).delete()
    Participant.objects.filter(competition=comp).delete()
    comp.delete()


def bench_pg() -> None:
    from bench.common import setup_django

    setup_django(PG_URL, pg=True)
    from django.contrib.auth import get_user_model

    from yangguang.contests import actions
    from yangguang.contests.engine.data import table_from_records
    from yangguang.contests.engine.evaluate import evaluate
    from yangguang.contests.engine.scheme import parse_scheme
    from yangguang.contests.models import Entry, Participant
    from yangguang.orgs.kinds import ensure_unit_kinds
    from yangguang.orgs.models import Unit

    kinds = ensure_unit_kinds()
    if not Unit.objects.filter(code="BENCH-BANK").exists():
        # treebeard 7's manager takes the new node as an unsaved instance, not as keyword arguments
        Unit.objects.add_root(instance=Unit(code="BENCH-BANK", name="基准银行", kind=kinds["bank_branch"]))
    admin, _ = get_user_model().objects.get_or_create(
        username="bench-contests", defaults={"is_superuser": True, "is_staff": True}
    )
    _drop("bench-national")
    t = time.perf_counter()
    comp = actions.competition_import_scheme(
        actor=admin, scheme=SCHEME.replace("period:", "organiser: BENCH-BANK\nperiod:")
    )
    n = 16_000
    Participant.objects.bulk_create(
        [Participant(competition=comp, group="outlet", code=f"P{i:06d}", name=f"网点{i}") for i in range(n)],
        batch_size=4000,
    )
    rng = random.Random(3)
    u = rng.uniform
    parts = list(comp.participants.all())
    entries = []
    for p in parts:
        entries.append(
            Entry(
                competition=comp,
                period="2026-03",
                participant=p,
                values={
                    "i1": {"value": u(500, 5000), "base": u(500, 4000), "plan": u(800, 4500)},
                    "i2": {"value": u(100, 3000), "plan": u(100, 3000)},
                    "i3": {"value": rng.randint(100, 3000), "base": rng.randint(100, 3000)},
                    "i4": {"value": u(10, 500), "base": u(10, 500)},
                    "i5": {"value": u(0, 900)},
                    "i6": {"value": u(0, 900)},
                    "i7": {"value": rng.randint(0, 500), "plan": rng.randint(1, 500)},
                    "i8": {"value": rng.randint(0, 12)},
                    "i9": {"value": u(60, 100)},
                    "i10": {"value": u(60, 100)},
                },
                facts={"incidents": 1 if rng.random() < 0.002 else 0},
            )
        )
    Entry.objects.bulk_create(entries, batch_size=4000)
    setup_s = time.perf_counter() - t
    times, cpu = [], []
    for _ in range(3):
        t, c = time.perf_counter(), time.process_time()
        ev = actions.evaluation_run(actor=admin, competition=comp, period="2026-03")
        times.append(time.perf_counter() - t)
        cpu.append(time.process_time() - c)
    assert ev.results.count() == n
    # baseline: the engine alone on the same records
    s = parse_scheme(comp.scheme)
    records = [
        {"id": e.participant.code, "group": "outlet", "values": e.values, "facts": e.facts}
        for e in Entry.objects.filter(competition=comp).select_related("participant")
    ]
    base = []
    for _ in range(2):
        t = time.perf_counter()
        res = evaluate(s, table_from_records(s, records))
        for i in range(len(res)):
            res.record(i)
        base.append(time.perf_counter() - t)
    emit(
        bench="contests.pg_store_evaluation_16000",
        participants=n,
        median_s=round(statistics.median(times), 3),
        median_client_cpu_s=round(statistics.median(cpu), 3),
        load_average=os.getloadavg()[0],
        runs=3,
        target_s=10.0,
        ok=statistics.median(times) <= 10,
        engine_only_median_s=round(statistics.median(base), 3),
        setup_s=round(setup_s, 2),
        database="postgresql",
    )
    _drop("bench-national")


def main() -> None:
    if "cli" in PARTS:
        with tempfile.TemporaryDirectory(prefix="bench-contests-") as d:
            bench_cli(Path(d))
    if "pg" in PARTS and "--no-pg" not in sys.argv:
        bench_pg()


if __name__ == "__main__":
    bench_main(main)
