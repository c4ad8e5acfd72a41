"""The services figures as named metrics, for competitions, assessments and supervision.

Unit metrics take orgs.Unit ids and count each unit's whole subtree; person metrics take
orgs.Person ids (cases handled by, hotline orders logged by or assigned to the person).
"""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext_lazy as _

from yangguang.core import metrics

CASE_METRICS = [
    # name, label, unit, higher_is_better
    ("received", _("Cases received"), "", True),
    ("completed", _("Cases completed"), "", True),
    ("on_time_rate", _("On-time completion rate"), "%", True),
    ("early_rate", _("Early-completion rate"), "%", True),
    ("same_day_rate", _("Same-day completion rate"), "%", True),
    ("overdue_count", _("Overdue cases"), "", False),
    ("avg_workdays", _("Average working days per case"), "", False),
    ("return_rate", _("Return rate"), "%", False),
    ("satisfaction", _("Satisfaction (good ratings)"), "%", True),
]
HOTLINE_METRICS = [
    ("orders", _("Hotline orders"), "", True),
    ("on_time_rate", _("Hotline on-time reply rate"), "%", True),
    ("satisfaction", _("Hotline satisfaction"), "%", True),
]


def _register(name, fn, *, label, unit, higher_is_better, subject="unit"):
    metrics.register(name, fn, label=label, unit=unit, higher_is_better=higher_is_better, subject=subject)


def _unit_fn(key):
    def fn(ids: list[int], start: date, end: date) -> dict[int, float | None]:
        from .queries import figures_for_units

        return {i: f[key] for i, f in figures_for_units(ids, start, end).items()}

    return fn


def _person_fn(key):
    def fn(ids: list[int], start: date, end: date) -> dict[int, float | None]:
        from .queries import figures_for_people

        return {i: f[key] for i, f in figures_for_people(ids, start, end).items()}

    return fn


def _hotline_unit_fn(key):
    def fn(ids: list[int], start: date, end: date) -> dict[int, float | None]:
        from .queries import hotline_for_units

        return {i: f[key] for i, f in hotline_for_units(ids, start, end).items()}

    return fn


def _hotline_person_fn(key, role):
    def fn(ids: list[int], start: date, end: date) -> dict[int, float | None]:
        from .queries import hotline_for_people

        return {i: f[key] for i, f in hotline_for_people(ids, start, end, role).items()}

    return fn


def register_all() -> None:
    for key, label, unit, hib in CASE_METRICS:
        _register(f"services.{key}", _unit_fn(key), label=label, unit=unit, higher_is_better=hib)
        _register(
            f"services.person_{key}",
            _person_fn(key),
            label=label,
            unit=unit,
            higher_is_better=hib,
            subject="person",
        )
    for key, label, unit, hib in HOTLINE_METRICS:
        _register(
            f"services.hotline_{key}", _hotline_unit_fn(key), label=label, unit=unit, higher_is_better=hib
        )
        for role in ("worker", "liaison"):
            _register(
                f"services.hotline_{role}_{key}",
                _hotline_person_fn(key, role),
                label=label,
                unit=unit,
                higher_is_better=hib,
                subject="person",
            )
