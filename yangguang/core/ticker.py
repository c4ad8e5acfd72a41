"""The periodic sweep: each domain's `sweeps.tick(now)`, idempotent, claiming work with a
conditional UPDATE so two workers never do the same job twice."""

from datetime import datetime

from .plugins import modules


def tick(now: datetime) -> dict:
    return {app: mod.tick(now=now) for app, mod in modules("sweeps")}
