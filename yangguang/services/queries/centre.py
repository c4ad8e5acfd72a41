"""The centre's settings (nearest ancestor's, cached per process for the hot paths) and staff notifications."""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.db.models import QuerySet

from yangguang.orgs.models import Unit

from ..models import CentreSettings, Notification

_FRESH_SECONDS = 30.0
_cached: dict[str, tuple[float, object]] = {}


def _fresh(key: str, build):
    """A per-process copy refreshed every 30 s: the hot public lookup reads no settings rows."""
    now = time.monotonic()
    hit = _cached.get(key)
    if hit is None or now - hit[0] > _FRESH_SECONDS:
        hit = (now, build())
        _cached[key] = hit
    return hit[1]


def cached_settings() -> SettingsByPath:
    return _fresh("settings", SettingsByPath)


@dataclass(frozen=True)
class Defaults:
    yellow_days: int = 1
    red_card_days: int = 3
    callback_days: int = 1
    rectify_days: int = 15
    inquiry_days: int = 1


def settings_for(unit: Unit):
    """The nearest ancestor's (or the unit's own) settings, else the defaults."""
    step = unit.steplen
    paths = [unit.path[: step * i] for i in range(1, unit.depth + 1)]
    found = CentreSettings.objects.filter(unit__path__in=paths).order_by("-unit__depth").first()
    return found or Defaults()


class SettingsByPath:
    """Settings lookups for many unit paths, one query."""

    def __init__(self):
        self.rows = sorted(
            CentreSettings.objects.values_list("unit__path", "yellow_days", "red_card_days", "inquiry_days"),
            key=lambda r: -len(r[0]),
        )
        self._cache: dict[str, tuple[int, int]] = {}

    def get(self, path: str) -> tuple[int, int]:
        hit = self._cache.get(path)
        if hit is None:
            d = Defaults()
            hit = (d.yellow_days, d.red_card_days)
            for p, y, r, _i in self.rows:
                if path.startswith(p):
                    hit = (y, r)
                    break
            self._cache[path] = hit
        return hit


def notification_list(*, actor) -> QuerySet:
    return Notification.objects.filter(person__user=actor).order_by("-created_at", "-id")


def unread_count(*, actor) -> int:
    return Notification.objects.filter(person__user=actor, read_at__isnull=True).count()
