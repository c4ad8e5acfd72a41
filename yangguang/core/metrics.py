"""The metric registry: how domain figures flow to competitions and assessments.

An app registers a named metric in its AppConfig.ready():

    metrics.register("services.on_time_rate", on_time_rate, label=_("On-time rate"), unit="%")

where the function is `fn(ids: list[int], start: date, end: date) -> dict[int, float | None]`: one
value per subject for the period [start, end]. `subject` is "unit" (ids are orgs.Unit ids, the
unit's subtree included) or "person" (ids are orgs.Person ids). `contests` reads the registry and never
imports the app that computes a figure.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

MetricFn = Callable[[list[int], date, date], dict[int, float | None]]


@dataclass(frozen=True)
class Metric:
    name: str
    fn: MetricFn
    label: Any
    unit: str = ""
    higher_is_better: bool = True
    description: Any = ""
    subject: str = "unit"


_registry: dict[str, Metric] = {}


def register(
    name: str,
    fn: MetricFn,
    *,
    label: Any,
    unit: str = "",
    higher_is_better: bool = True,
    description: Any = "",
    subject: str = "unit",
) -> Metric:
    if "." not in name:
        raise ValueError(f"metric names are app.name, got {name!r}")
    if subject not in ("unit", "person"):
        raise ValueError(f"subject is 'unit' or 'person', got {subject!r}")
    metric = Metric(name, fn, label, unit, higher_is_better, description, subject)
    _registry[name] = metric
    return metric


def get(name: str) -> Metric:
    from django.utils.translation import gettext_lazy as _

    from .errors import DomainError

    try:
        return _registry[name]
    except KeyError:
        raise DomainError("unknown_metric", _("Unknown metric: %(name)s") % {"name": name}, {"metric": name})


def names() -> list[str]:
    return sorted(_registry)


def all_metrics() -> list[Metric]:
    return [_registry[n] for n in names()]


def read(name: str, unit_ids: list[int], start: date, end: date) -> dict[int, float | None]:
    values = get(name).fn(list(unit_ids), start, end)
    return {uid: values.get(uid) for uid in unit_ids}
