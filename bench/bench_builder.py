"""Benchmark of the scheme builder's live preview (target: 16,000 participants answered in ≤ 2 s).

1. `preview_engine_16000`: what a preview computes once the period's figures are read — the edited
   scheme checked (form → scheme), both the current and the edited scheme evaluated on the same
   16,000 participants, the participants whose results change, and the explanations of the rows shown.
2. `preview_pg_16000` (unless --no-pg): the whole `actions.builder_preview` on PostgreSQL, reading the
   16,000 entries of the latest period from the database. Baseline in the same run: one evaluation of
   the engine alone on the same records (what a CLI run of the period costs).
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_contests import SCHEME  # noqa: E402
from bench.common import emit  # noqa: E402
from bench.common import main as bench_main  # noqa: E402

N = 16_000
PG_URL = os.environ.get("BENCH_BUILDER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_builder")


def _values(rng: random.Random) -> tuple[dict, dict]:
    u = rng.uniform
    return (
        {
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
        {"incidents": 1 if rng.random() < 0.002 else 0},
    )


def _edit(form: dict) -> dict:
    """The office's edit: a wider award and a stricter yellow card."""
    out = dict(form)
    for k, v in form.items():
        if k.endswith("-extra") and "top_percent: 5" in v:
            out[k] = v.replace("top_percent: 5", "top_percent: 10")
        if k.endswith("-when") and "存款排名倒数 <= 300" in v:
            out[k] = v.replace("<= 300", "<= 500")
    return out


def bench_engine() -> None:
    from yangguang.contests.actions import builder
    from yangguang.contests.engine.data import table_from_records
    from yangguang.contests.engine.evaluate import evaluate
    from yangguang.contests.engine.scheme import load_scheme, parse_scheme, scheme_to_dict

    current = load_scheme(SCHEME)
    cur = scheme_to_dict(current)
    form = _edit(builder.to_form(cur))
    rng = random.Random(3)
    records = []
    for i in range(N):
        v, f = _values(rng)
        records.append({"id": f"P{i:06d}", "name": f"网点{i}", "group": "outlet", "values": v, "facts": f})
    times, base = [], []
    for _ in range(3):
        t = time.perf_counter()
        edited = parse_scheme(builder.from_form(form))
        changes = builder.scheme_changes(cur, scheme_to_dict(edited))
        after = evaluate(edited, table_from_records(edited, records))
        before = evaluate(current, table_from_records(current, records))
        out = builder.preview_of(after, before)
        times.append(time.perf_counter() - t)
        t = time.perf_counter()
        evaluate(current, table_from_records(current, records))
        base.append(time.perf_counter() - t)
    assert len(changes) == 2 and out["changed_count"] > 0 and len(out["results"]) == 200
    emit(
        bench="contests.builder_preview_engine_16000",
        participants=N,
        median_s=round(statistics.median(times), 3),
        runs=3,
        target_s=2.0,
        ok=statistics.median(times) <= 2,
        changed=out["changed_count"],
        one_evaluation_median_s=round(statistics.median(base), 3),
        load_average=os.getloadavg()[0],
    )


def bench_pg() -> None:
    from django.contrib.auth import get_user_model

    from bench.bench_contests import _drop
    from yangguang.contests import actions
    from yangguang.contests.actions import builder
    from yangguang.contests.models import Entry, Participant
    from yangguang.orgs.kinds import ensure_unit_kinds
    from yangguang.orgs.models import Unit

    kinds = ensure_unit_kinds()
    if not Unit.objects.filter(code="BENCH-BANK").exists():
        Unit.objects.add_root(instance=Unit(code="BENCH-BANK", name="基准银行", kind=kinds["bank_branch"]))
    admin, _ = get_user_model().objects.get_or_create(
        username="bench-builder", defaults={"is_superuser": True, "is_staff": True}
    )
    _drop("bench-national")
    comp = actions.competition_import_scheme(
        actor=admin, scheme=SCHEME.replace("period:", "organiser: BENCH-BANK\nperiod:")
    )
    Participant.objects.bulk_create(
        [Participant(competition=comp, group="outlet", code=f"P{i:06d}", name=f"网点{i}") for i in range(N)],
        batch_size=4000,
    )
    rng = random.Random(3)
    entries = []
    for p in comp.participants.all():
        v, f = _values(rng)
        entries.append(Entry(competition=comp, period="2026-03", participant=p, values=v, facts=f))
    Entry.objects.bulk_create(entries, batch_size=4000)
    scheme = builder.from_form(_edit(builder.to_form(comp.scheme)))
    times = []
    for _ in range(3):
        t = time.perf_counter()
        out = actions.builder_preview(actor=admin, competition=comp, scheme=scheme)
        times.append(time.perf_counter() - t)
    assert out["period"] == "2026-03" and out["total"] == N
    emit(
        bench="contests.builder_preview_pg_16000",
        participants=N,
        median_s=round(statistics.median(times), 3),
        runs=3,
        target_s=2.0,
        ok=statistics.median(times) <= 2,
        changed=out["changed_count"],
        load_average=os.getloadavg()[0],
        database="postgresql",
    )
    _drop("bench-national")


def main() -> None:
    from bench.common import setup_django

    pg = "--no-pg" not in sys.argv
    setup_django(PG_URL if pg else None, pg=pg)  # once: Django is set up for one database
    bench_engine()
    if pg:
        bench_pg()


if __name__ == "__main__":
    bench_main(main)
