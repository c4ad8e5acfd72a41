"""The public search in the HTTP benchmarks: its index filled after a bulk load, and its three sides."""

from __future__ import annotations

import time

from bench.common import Side, emit, get


def search_sides(
    *, normal: str, no_match: str, one_char: str, distinct: list[str] = (), goal: dict | None = None
) -> list[Side]:
    """The front-door search (/public/search/?q=), three kinds of query repeated (after the first, the
    answer cache serves them), and `distinct` queries each asked once a round (the index's own speed,
    no answer cache can help); a 404 skips them with a note."""
    from urllib.parse import quote

    goal = goal or {"goal_p50_ms": 30, "goal_p99_ms": 100}
    sides = [
        Side(
            f"search_{kind}", [get("/public/search/?q=" + quote(q))], goal=goal, optional=True, info={"q": q}
        )
        for kind, q in (("normal", normal), ("no_match", no_match), ("one_char", one_char))
    ]
    if distinct:
        sides.append(
            Side(
                "search_distinct_uncached",
                [get("/public/search/?q=" + quote(q)) for q in distinct],
                goal=goal,
                optional=True,
                info={"distinct_queries": len(distinct), "examples": list(distinct[:5])},
            )
        )
    return sides


def distinct_queries(titles: list[str], n: int, seed: int = 7) -> list[str]:
    """`n` different queries cut from real titles (2–4 characters, half of them one more word apart), so
    every request of the side asks something not yet asked."""
    import random
    import re

    rng, out, seen = random.Random(seed), [], set()
    runs = [r for t in titles for r in re.findall(r"[\u4e00-\u9fff]{2,}", t)]
    tries = 0
    while len(out) < n and runs and tries < 50 * n:
        tries += 1
        run = rng.choice(runs)
        size = rng.randint(2, min(4, len(run)))
        start = rng.randint(0, len(run) - size)
        q = run[start : start + size]
        if rng.random() < 0.3:
            q += " " + rng.choice(runs)[:2]
        if q not in seen:
            seen.add(q)
            out.append(q)
    return out


def search_index(bench: str, *, fresh: bool, probe: str = "") -> None:
    """Fill the public search index after a bulk load (`yangguang search rebuild`: bulk INSERTs fire no
    signals); on reused data only when `probe` finds nothing. Without the command, a note."""
    import io

    from django.core.management import call_command, get_commands
    from django.db import connection

    if "search" not in get_commands():
        emit(bench=bench, what="search_index", note="no `yangguang search` command in this tree")
        return
    if not fresh and probe:
        out = io.StringIO()
        call_command("search", "query", probe, stdout=out)
        if out.getvalue().strip():
            emit(bench=bench, what="search_index", reused=True, probe=probe)
            return
    t = time.perf_counter()
    out = io.StringIO()
    call_command("search", "rebuild", stdout=out)
    with connection.cursor() as cur:  # statistics for the new index rows
        cur.execute("ANALYZE")
    emit(
        bench=bench,
        what="search_rebuild",
        seconds=round(time.perf_counter() - t, 1),
        result=out.getvalue().strip(),
    )
