"""Reads of assessments (考核) and their runs."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from yangguang.orgs.queries import path_q, scope_paths

from ..models import Assessment, AssessmentRun
from ._common import _get


def assessment_list(*, actor) -> QuerySet:
    paths = scope_paths(actor)
    qs = Assessment.objects.select_related("unit")
    if paths is None:
        return qs
    part = Assessment.participants.through.objects.filter(assessment_id=OuterRef("pk")).filter(
        path_q(paths, "unit__path")
    )
    return qs.filter(path_q(paths, "unit__path") | Q(Exists(part)))


def assessment_get(*, actor, assessment_id: int) -> Assessment:
    return _get(assessment_list(actor=actor), assessment_id)


def run_list(*, actor, assessment: Assessment) -> QuerySet:
    return AssessmentRun.objects.filter(assessment=assessment)


def run_get(*, actor, run_id: int) -> AssessmentRun:
    return _get(
        AssessmentRun.objects.filter(assessment__in=assessment_list(actor=actor).values("pk")), run_id
    )


def published_runs() -> QuerySet:
    return AssessmentRun.objects.filter(published_at__isnull=False).select_related("assessment")
