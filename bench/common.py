"""Helpers for benchmarks: one JSON line per figure, medians, a PostgreSQL database on demand."""

from __future__ import annotations

import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Callable

PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/yangguang_bench"


def emit(**fields) -> None:
    print(json.dumps(fields, ensure_ascii=False, default=str), flush=True)


def free_port(port: int) -> int:
    """The first port from `port` on that nothing listens on (for a benchmark's own server)."""
    for p in range(port, port + 20):
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", p)) != 0:
                return p
    raise RuntimeError("no free port")


def median_ms(fn: Callable[[], object], repeat: int = 15, warmup: int = 2) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 3)


def setup_django(database_url: str | None = None, *, pg: bool = False) -> None:
    """Point Django at the bench database (PostgreSQL when pg=True), migrate, and set it up."""
    if pg:
        url = database_url or os.environ.get("BENCH_DATABASE_URL", PG_DEFAULT)
        dbname = url.rsplit("/", 1)[1]
        subprocess.run(
            [
                "psql",
                "-h",
                "127.0.0.1",
                "-U",
                "postgres",
                "-d",
                "postgres",
                "-qc",
                f"CREATE DATABASE {dbname}",
            ],
            capture_output=True,
        )
        os.environ["DATABASE_URL"] = url
    elif database_url:
        os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yangguang.settings")
    os.environ.setdefault("YANGGUANG_VAR", os.path.join(os.path.dirname(__file__), "out", "var"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


if __name__ == "__main__":
    sys.exit("import this module from a bench_*.py file")
