"""Where a side's CPU goes, per request: the app's gunicorn processes, PostgreSQL, Redis, the load
clients, and the whole machine (Linux /proc; nothing elsewhere).

A ratio to the floor says how far a page is from it, not why: on a two-core machine the database's
and the cache's own CPU, and the clients', come out of the same budget as the app's. `Sampler` reads
each process's CPU time before and after a round; `per_request` divides by the requests served.
"""

from __future__ import annotations

import os
import resource

TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _kind(comm: str, cmdline: str) -> str | None:
    if comm.startswith("postgres"):
        return "postgres"
    if comm.startswith("redis"):
        return "redis"
    if "gunicorn" in cmdline:
        return "app_floor" if "bench.floor" in cmdline else "app"
    return None


def _processes() -> dict[int, tuple[str, float]]:
    out = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
            with open(f"/proc/{pid}/cmdline") as f:
                cmdline = f.read()
        except OSError:  # gone meanwhile
            continue
        kind = _kind(stat[stat.index("(") + 1 : stat.rindex(")")], cmdline)
        if kind:
            fields = stat[stat.rindex(")") + 2 :].split()
            out[int(pid)] = (kind, (int(fields[11]) + int(fields[12])) / TICK)  # utime + stime
    return out


def _machine() -> float:
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    return (sum(v) - v[3] - v[4]) / TICK  # all but idle and iowait


def _clients() -> float:
    r = resource.getrusage(resource.RUSAGE_CHILDREN)  # the load's client processes, once joined
    return r.ru_utime + r.ru_stime


class Sampler:
    def __init__(self):
        self.ok = os.path.exists("/proc/stat")
        if self.ok:
            self.before = (_processes(), _machine(), _clients())

    def per_request(self, requests: int) -> dict[str, float]:
        """CPU milliseconds per request since the sampler was made, by component."""
        if not self.ok or not requests:
            return {}
        procs, machine, clients = _processes(), _machine(), _clients()
        then, machine0, clients0 = self.before
        by: dict[str, float] = {}
        for pid, (kind, t) in procs.items():
            if pid in then:  # a process that started meanwhile is counted from its next round
                by[kind] = by.get(kind, 0.0) + t - then[pid][1]
        by["clients"] = clients - clients0
        by["machine"] = machine - machine0
        return {k: round(v / requests * 1000, 3) for k, v in sorted(by.items()) if v > 0}
