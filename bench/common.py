"""Helpers for benchmarks: JSON lines, sizes, a PostgreSQL database on demand, and the one load client.

The load client (used by every HTTP benchmark):
- `serve(...)`: gunicorn started with the same settings for every side (BENCH_WORKERS, BENCH_THREADS),
  waited for until it answers, stopped at the end;
- `load(...)`: a bounded pool of loopback clients (processes × threads) that stops by itself after a
  number of requests or seconds (closed loop), or sends each request at its scheduled time (open loop);
- `compare(...)`: the independent floor (bench/floor: a minimal Django app, CommonMiddleware only), the
  project's own `/bench/bare` and the project's URLs, measured in interleaved rounds on the same
  gunicorn configuration; one JSON line per side with medians and `ratio_floor` / `ratio_bare`, and
  the CPU per request of the app, PostgreSQL, Redis and the clients (`cpu_ms_per_request`, bench/cpu.py).

Failures propagate: `emit` notes any line with an `error` or with `errors` above 0, and `main(fn)` exits
non-zero after such a line or an exception, so `make bench` fails.
"""

from __future__ import annotations

import http.client
import json
import multiprocessing as mp
import os
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from bench import cpu

ROOT = Path(__file__).resolve().parent.parent
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/yangguang_bench"
# The servers a benchmark starts inherit this: it serves /bench/bare, the baseline (off in production).
os.environ.setdefault("BENCH_ENDPOINTS", "1")
SMOKE = os.environ.get("BENCH_SMOKE", "") not in ("", "0")
CPUS = os.cpu_count() or 1
# Server settings shared by every side of a run: gunicorn as docs/deploy.md runs it by default.
WORKERS = int(os.environ.get("BENCH_WORKERS", str(2 * CPUS + 1)))
THREADS = int(os.environ.get("BENCH_THREADS", "1"))  # 1: sync workers; more: gthread
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "50"))
CLIENT_PROCS = int(os.environ.get("BENCH_CLIENT_PROCS", "2"))  # clients split over processes (GIL)
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "2" if SMOKE else "3"))
ROUND_SECONDS = float(os.environ.get("BENCH_ROUND_SECONDS", "2" if SMOKE else "10"))

_failures: list[str] = []
# Child processes (gunicorn, the CLI) run the code of the tree this file is in, not another editable install.
os.environ["PYTHONPATH"] = os.pathsep.join(x for x in (str(ROOT), os.environ.get("PYTHONPATH", "")) if x)


def emit(**fields) -> None:
    print(json.dumps(fields, ensure_ascii=False, default=str), flush=True)
    if fields.get("error") or (isinstance(fields.get("errors"), int) and fields["errors"] > 0):
        _failures.append(str(fields.get("bench", "?")) + ":" + str(fields.get("what", "")))


def size(name: str, default: int, smoke: int) -> int:
    """A data-set size: the env var `name`, else the smoke size under BENCH_SMOKE=1, else the issue's size."""
    return int(os.environ.get(name) or (smoke if SMOKE else default))


def main(fn: Callable[[], object]) -> None:
    """Run a benchmark's main; exit 1 after an exception or any emitted error."""
    try:
        fn()
    except Exception as e:  # noqa: BLE001 - reported as a JSON line, then the exit status says it
        traceback.print_exc()
        emit(bench=Path(sys.argv[0]).stem, error=f"{type(e).__name__}: {e}")
    if _failures:
        print(json.dumps({"failed": _failures}, ensure_ascii=False), file=sys.stderr, flush=True)
        sys.exit(1)


def free_port(port: int) -> int:
    """The first port from `port` on that nothing listens on (for a benchmark's own server)."""
    for p in range(port, port + 50):
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
    os.environ["BENCH_ENDPOINTS"] = "1"  # /bench/bare, for the benchmarks that call it in process
    os.environ.setdefault("YANGGUANG_VAR", os.path.join(os.path.dirname(__file__), "out", "var"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


# -- servers ------------------------------------------------------------------------------------
def server_label(workers: int = WORKERS, threads: int = THREADS) -> str:
    return f"gunicorn -w {workers}" + (f" -k gthread --threads {threads}" if threads > 1 else " (sync)")


# The server as docs/deploy.md runs it: Redis for the shared cache and the rate-limit counter (a local
# Redis database of the benchmarks' own, when one answers; BENCH_REDIS_URL="" runs without).
BENCH_REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/12")


def _redis_answers(url: str) -> bool:
    from urllib.parse import urlparse

    u = urlparse(url)
    try:
        with socket.create_connection((u.hostname or "127.0.0.1", u.port or 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def project_env(**extra: str) -> dict:
    """The project's server environment: the bench database, the rate limit counted but never reached,
    production mode, Redis as deployed (when it answers; `redis` in every HTTP line says which)."""
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="yangguang.settings",
        PUBLIC_RATE_LIMIT="100000000",
        DEBUG="0",
        BENCH_ENDPOINTS="1",  # /bench/bare answers only then
        **extra,
    )
    if "REDIS_URL" not in extra and BENCH_REDIS_URL and _redis_answers(BENCH_REDIS_URL):
        env["REDIS_URL"] = BENCH_REDIS_URL
        env.setdefault("CELERY_EAGER", "1")  # tasks a page starts run as without a worker
    return env


FLOOR_ENV = {"DJANGO_SETTINGS_MODULE": "bench.floor.settings"}


@contextmanager
def serve(
    app: str, env: dict, *, port: int = 8300, ready: str = "/", workers: int = WORKERS, threads: int = THREADS
):
    """gunicorn serving `app` (a WSGI module path) until the block ends; yields (host, port)."""
    port = free_port(port)
    # a long worker timeout: on a crowded machine a worker's start-up alone can pass gunicorn's 30 s
    args = ["-w", str(workers), "--backlog", "2048", "--timeout", "120", "--log-level", "warning"]
    if threads > 1:
        args += ["-k", "gthread", "--threads", str(threads)]
    if "django.db" in sys.modules:  # the clients are forked: leave no open connection to share
        from django.db import connections

        connections.close_all()
    log_path = ROOT / "bench" / "out" / f"gunicorn-{app}-{port}.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    log = open(log_path, "wb")  # noqa: SIM115 - closed in the finally below
    proc = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), app, "-b", f"127.0.0.1:{port}", *args],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.time() + 240
        while True:
            if proc.poll() is not None:
                tail = log_path.read_text(errors="replace")[-1500:]
                raise RuntimeError(f"gunicorn {app} exited with {proc.returncode}: …{tail}")
            try:
                if request(("127.0.0.1", port), ("GET", ready, None, {}), timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                raise RuntimeError(f"gunicorn {app} did not answer {ready}")
            time.sleep(0.2)
        yield ("127.0.0.1", port)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except ProcessLookupError:
            pass
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()


# -- the client ---------------------------------------------------------------------------------
Req = tuple  # (method, path, body bytes | None, headers dict)


def get(path: str) -> Req:
    return ("GET", path, None, {})


def post_json(path: str, data, headers: dict | None = None, method: str = "POST") -> Req:
    body = json.dumps(data, ensure_ascii=False).encode()
    return (method, path, body, {"Content-Type": "application/json", **(headers or {})})


def request(addr: tuple[str, int], req: Req, timeout: float = 60) -> tuple[int, bytes]:
    method, path, body, headers = req
    conn = http.client.HTTPConnection(*addr, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={"Connection": "close", **headers})
        r = conn.getresponse()
        return r.status, r.read()
    finally:
        conn.close()


@dataclass
class Result:
    latencies_ms: list[float] = field(default_factory=list)
    errors: int = 0
    wall_s: float = 0.0
    ok_index: list[int] = field(default_factory=list)  # open loop: indexes of the acknowledged requests
    not_sent: int = 0  # open loop: requests the client could not start in time
    lag_ms: list[float] = field(default_factory=list)  # open loop: start delay behind schedule
    statuses: dict = field(default_factory=dict)


def _client_proc(addr, reqs, plan, expect, out, late_drop_s, t0):
    """One client process: its threads, each with a list of (index, scheduled offset or None)."""
    res = Result()
    lock = threading.Lock()
    stop_at = t0 + plan["seconds"] if plan["seconds"] else None

    def work(mine):
        lat, lags, oks, statuses, bad, dropped = [], [], [], {}, 0, 0
        time.sleep(max(0.0, t0 - time.time()))  # every client starts at t0, so the wall time is fair
        for idx, sched in mine:
            if sched is not None:
                delay = t0 + sched - time.time()
                if delay > 0:
                    time.sleep(delay)
                elif -delay > late_drop_s:
                    dropped += 1
                    continue
            elif stop_at and time.time() >= stop_at:
                break
            start = time.time()
            try:
                status = request(addr, reqs[idx % len(reqs)])[0]
            except OSError:
                status = 0
            lat.append((time.time() - start) * 1000)
            statuses[status] = statuses.get(status, 0) + 1
            if sched is not None:
                lags.append((start - t0 - sched) * 1000)
            if status in expect:
                oks.append(idx)
            else:
                bad += 1
        with lock:
            res.latencies_ms += lat
            res.lag_ms += lags
            res.errors += bad
            res.not_sent += dropped
            if plan["keep_ok"]:
                res.ok_index += oks
            for s, n in statuses.items():
                res.statuses[s] = res.statuses.get(s, 0) + n

    try:
        threads = [threading.Thread(target=work, args=(chunk,)) for chunk in plan["chunks"]]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    except BaseException:  # the parent waits for one result per process: a crash is an error, not a hang
        res.errors += 1
        res.statuses["client_crash"] = 1
    out.put(res)


def load(
    addr: tuple[str, int],
    reqs: Sequence[Req],
    *,
    clients: int = CLIENTS,
    seconds: float | None = None,
    count: int | None = None,
    start: int = 0,
    schedule: Sequence[float] | None = None,
    expect: Sequence[int] = (200,),
    procs: int = CLIENT_PROCS,
    late_drop_s: float = 5.0,
    keep_ok: bool = False,
) -> Result:
    """Send `reqs` (cycled from `start`) from `clients` loopback clients until `count` requests or
    `seconds` have passed (closed loop: each client sends back to back), or, given `schedule` (one offset
    in seconds per request), each request at its time (open loop)."""
    if schedule is None:
        if not count and not seconds:
            raise ValueError("a load needs a count or seconds")
        if count:
            work = [[(start + i, None) for i in range(k, count, clients)] for k in range(clients)]
        else:  # an endless stream per client, stopped by the deadline
            work = [_stream(start + k, clients) for k in range(clients)]
    else:
        order = sorted(range(len(schedule)), key=schedule.__getitem__)
        work = [[(i, schedule[i]) for i in order[k::clients]] for k in range(clients)]
    procs = max(1, min(procs, clients))
    out = mp.get_context("fork").Queue()
    t0 = time.time() + (1.0 if schedule is not None else 0.2)
    ps = []
    for p in range(procs):
        plan = {"chunks": work[p::procs], "seconds": seconds, "keep_ok": keep_ok}
        ps.append(
            mp.get_context("fork").Process(
                target=_client_proc, args=(addr, list(reqs), plan, tuple(expect), out, late_drop_s, t0)
            )
        )
    for p in ps:
        p.start()
    parts = [out.get() for _ in ps]
    for p in ps:
        p.join()
    res = Result(wall_s=time.time() - t0)
    for r in parts:
        res.latencies_ms += r.latencies_ms
        res.lag_ms += r.lag_ms
        res.errors += r.errors
        res.not_sent += r.not_sent
        res.ok_index += r.ok_index
        for s, n in r.statuses.items():
            res.statuses[s] = res.statuses.get(s, 0) + n
    return res


def _stream(first: int, step: int):
    i = first
    while True:
        yield (i, None)
        i += step


def pct(sorted_values: Sequence[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, max(0, round(p / 100 * len(sorted_values)) - 1))]


def stats(res: Result) -> dict:
    lat = sorted(res.latencies_ms)
    out = {
        "requests": len(lat),
        "rps": round(len(lat) / res.wall_s, 1) if res.wall_s else 0.0,
        "p50_ms": round(pct(lat, 50), 1),
        "p90_ms": round(pct(lat, 90), 1),
        "p99_ms": round(pct(lat, 99), 1),
        "errors": res.errors,
    }
    if res.errors:
        out["statuses"] = {str(k): v for k, v in sorted(res.statuses.items())}
    return out


# -- sides in interleaved rounds ----------------------------------------------------------------
@dataclass
class Side:
    name: str
    reqs: Sequence[Req]
    server: str = "project"  # or "floor"
    expect: Sequence[int] = (200,)
    goal: dict = field(default_factory=dict)  # e.g. {"goal_ratio_floor": 0.5}
    optional: bool = False  # a URL another change may not have added yet: a 404 skips it with a note
    info: dict = field(default_factory=dict)  # printed with the side's line


FLOOR_SIDE = Side("floor", [get("/")], server="floor", info={"url": "minimal Django app (bench/floor)"})
BARE_SIDE = Side("bare", [get("/bench/bare")], info={"url": "/bench/bare"})


def probe(addr, req: Req) -> tuple[int, int]:
    """Status and body size of one request (0, 0 when the connection fails)."""
    try:
        status, body = request(addr, req)
        return status, len(body)
    except OSError:
        return 0, 0


def compare(
    bench: str,
    sides: Sequence[Side],
    *,
    env: dict | None = None,
    rounds: int = ROUNDS,
    seconds: float = ROUND_SECONDS,
    clients: int = CLIENTS,
    workers: int = WORKERS,
    threads: int = THREADS,
    label: dict | None = None,
) -> dict[str, dict]:
    """Floor, bare and `sides` in `rounds` interleaved rounds of `seconds` each, `clients` clients, both
    apps on the same gunicorn settings; emits one line per side and returns the summaries by name."""
    env = env or project_env()
    if env.get("REDIS_URL"):  # no answer cached by an earlier run: a distinct query is asked first here
        import redis

        redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    every = [FLOOR_SIDE, BARE_SIDE, *sides]
    runs: dict[str, list[dict]] = {s.name: [] for s in every}
    served = {}
    with (
        serve(
            "bench.floor.wsgi", dict(os.environ, **FLOOR_ENV), port=8300, workers=workers, threads=threads
        ) as floor,
        serve(
            "yangguang.wsgi", env, port=8320, ready="/bench/bare", workers=workers, threads=threads
        ) as proj,
    ):
        addr = {"floor": floor, "project": proj}
        for s in every:  # warm every worker and its connections, and check each side answers as expected
            status, nbytes = probe(addr[s.server], s.reqs[0])
            # the size tells a search that finds nothing (an index left empty) from one that finds something
            s.info["first_body_bytes"] = nbytes
            if status == 404 and s.optional:
                emit(
                    bench=bench,
                    what=s.name,
                    skipped=True,
                    note="the URL answers 404: not in this tree yet",
                    **s.info,
                )
                served[s.name] = False
                continue
            if status not in s.expect:
                emit(bench=bench, what=s.name, error=f"first request answered {status}", **s.info)
                served[s.name] = False
                continue
            served[s.name] = True
            load(addr[s.server], s.reqs, clients=clients, count=2 * clients, expect=s.expect)
        done = {s.name: 0 for s in every}
        for _ in range(rounds):  # the sides alternate, so a drift of the machine's speed hits all alike
            for s in every:
                if served[s.name]:
                    sampler = cpu.Sampler()
                    r = load(
                        addr[s.server],
                        s.reqs,
                        clients=clients,
                        seconds=seconds,
                        start=done[s.name],
                        expect=s.expect,
                    )
                    done[s.name] += len(r.latencies_ms)
                    runs[s.name].append({**stats(r), "cpu": sampler.per_request(len(r.latencies_ms))})
    out = {}
    common = {
        "redis": bool(env.get("REDIS_URL")),
        "clients": clients,
        "rounds": rounds,
        "round_s": seconds,
        "server": server_label(workers, threads),
    }
    for s in every:
        if not runs[s.name]:
            continue
        rs = runs[s.name]
        line = {
            "rps": round(statistics.median(r["rps"] for r in rs), 1),
            "p50_ms": round(statistics.median(r["p50_ms"] for r in rs), 1),
            "p90_ms": round(statistics.median(r["p90_ms"] for r in rs), 1),
            "p99_ms": round(statistics.median(r["p99_ms"] for r in rs), 1),
            "requests": sum(r["requests"] for r in rs),
            "errors": sum(r["errors"] for r in rs),
            "rps_rounds": [r["rps"] for r in rs],
        }
        kinds = sorted({k for r in rs for k in r["cpu"]})
        if kinds:  # CPU ms per request by component (bench/cpu.py), median of the rounds
            line["cpu_ms_per_request"] = {
                k: round(statistics.median(r["cpu"].get(k, 0.0) for r in rs), 3) for k in kinds
            }
        for base in ("floor", "bare"):
            if runs[base] and s.name != base:
                ratios = [r["rps"] / b["rps"] for r, b in zip(rs, runs[base], strict=True) if b["rps"]]
                line[f"ratio_{base}"] = round(statistics.median(ratios), 3)
        statuses = [r["statuses"] for r in rs if "statuses" in r]
        if statuses:
            line["statuses"] = statuses
        out[s.name] = line
        emit(bench=bench, what=s.name, **(label or {}), **line, **s.goal, **s.info, **common)
    return out
