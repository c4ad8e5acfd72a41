"""Demo accountability records (问责)."""

from __future__ import annotations

from datetime import date, timedelta

from .. import actions
from ..models import Accountability
from ._common import _unit


def _accountability(actor, today: date) -> None:
    if Accountability.objects.filter(rule="falsification").exists():
        return
    actions.accountability_create(
        actor=actor,
        unit=_unit("532900"),
        rule="falsification",
        decision="circulated",
        facts="某县上报政务公开目录更新数据弄虚作假，予以通报批评。",
        units=[_unit("532929")],
        decided_on=today - timedelta(days=40),
    )
    actions.accountability_create(
        actor=actor,
        unit=_unit("532900"),
        rule="formalism",
        decision="education",
        facts="公开栏长期不更新，政务公开流于形式。",
        units=[_unit("532925")],
        decided_on=today - timedelta(days=25),
    )
