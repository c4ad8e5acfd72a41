"""Who may fetch a supervision attachment (core.media): logged-in staff who can see the owning task,
rectification or major decision through supervision's scoped queries; nobody else, not even for a
published inspection or decision (the portal never links these files)."""

from __future__ import annotations

from . import queries
from .models import DecisionStep, ProgressReport, Rectification


def _staff(request) -> bool:
    return bool(getattr(request.user, "is_authenticated", False))


def progress(request, name: str) -> bool:
    tasks = ProgressReport.objects.filter(attachment=name).values("task_id")
    return _staff(request) and queries.task_list(actor=request.user).filter(pk__in=tasks).exists()


def rectification(request, name: str) -> bool:
    own = Rectification.objects.filter(attachment=name).values("pk")
    return _staff(request) and queries.rectification_list(actor=request.user).filter(pk__in=own).exists()


def decision(request, name: str) -> bool:
    decisions = DecisionStep.objects.filter(attachment=name).values("decision_id")
    return _staff(request) and queries.decision_list(actor=request.user).filter(pk__in=decisions).exists()


GUARDS = {
    "supervision/progress/": progress,
    "supervision/rectification/": rectification,
    "supervision/decisions/": decision,
}
