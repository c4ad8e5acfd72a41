"""The public search in the HTTP benchmarks: its index filled after a bulk load, and its three sides."""

from __future__ import annotations

import time

from bench.common import Side, emit, get


def search_sides(*, normal: str, no_match: str, one_char: str, goal: dict | None = None) -> list[Side]:
    """The front-door search (/public/search/?q=), three kinds of query; a 404 skips them with a note."""
    from urllib.parse import quote

    goal = goal or {"goal_p50_ms": 30, "goal_p99_ms": 100}
    return [
        Side(
            f"search_{kind}", [get("/public/search/?q=" + quote(q))], goal=goal, optional=True, info={"q": q}
        )
        for kind, q in (("normal", normal), ("no_match", no_match), ("one_char", one_char))
    ]


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
