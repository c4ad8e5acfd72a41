"""Hooks a domain app offers by module name: `<app>.demo.build()`, `<app>.sweeps.tick()`.

Looked up by name so that `core` never imports a domain (the dependencies point one way).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from types import ModuleType

from django.conf import settings

# Demo data builds in dependency order: a later domain may read an earlier one's data.
ORDER = ["orgs", "workdays", "services", "disclosure", "contests", "exams", "supervision", "portal"]


def _apps() -> list[str]:
    ours = [a for a in settings.INSTALLED_APPS if a.startswith("yangguang.")]
    rank = {name: i for i, name in enumerate(ORDER)}
    return sorted(ours, key=lambda a: rank.get(a.rsplit(".", 1)[1], len(ORDER)))


def modules(name: str) -> Iterator[tuple[str, ModuleType]]:
    for app in _apps():
        try:
            mod = importlib.import_module(f"{app}.{name}")
        except ModuleNotFoundError as e:
            if e.name == f"{app}.{name}":
                continue
            raise
        yield app.rsplit(".", 1)[1], mod
