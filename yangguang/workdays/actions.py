"""Entering a year's State Council notice and its days, audited."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record_create, record_delete, record_update, snapshot
from yangguang.core.errors import DomainError, Forbidden

from .models import Override, YearNotice


def _require(actor):
    if not (actor and (actor.is_superuser or actor.has_perm("workdays.change_override"))):
        raise Forbidden(_("Only a calendar administrator may change the working-day calendar."))


@transaction.atomic
def notice_save(
    *,
    actor,
    year: int,
    title: str,
    document_no: str = "",
    published_on: date | None = None,
    days: list[tuple[date, bool, str]] = (),
) -> YearNotice:
    """Create or replace a year's notice with its holidays (False) and adjusted workdays (True)."""
    _require(actor)
    if not 1950 <= year <= 2200:
        raise DomainError(
            "invalid_year", _("The year %(y)s is out of range.") % {"y": year}, {"field": "year"}
        )
    for d, _w, _n in days:
        if d.year not in (year, year + 1, year - 1):
            raise DomainError(
                "invalid_date",
                _("%(d)s does not belong to the notice for %(y)s.") % {"d": d, "y": year},
                {"field": "days"},
            )
    notice, created = YearNotice.objects.get_or_create(
        year=year,
        defaults={
            "title": title,
            "document_no": document_no,
            "published_on": published_on,
            "entered_by": actor,
        },
    )
    if created:
        record_create(actor=actor, instance=notice)
    else:
        before = snapshot(notice)
        notice.title, notice.document_no, notice.published_on = title, document_no, published_on
        notice.save()
        record_update(actor=actor, instance=notice, before=before)
    for d, is_workday, note in days:
        override_set(actor=actor, day=d, is_workday=is_workday, note=note, notice=notice)
    return notice


@transaction.atomic
def override_set(
    *, actor, day: date, is_workday: bool, note: str = "", notice: YearNotice | None = None
) -> Override:
    _require(actor)
    existing = Override.objects.filter(date=day).first()
    if existing is None:
        o = Override.objects.create(date=day, is_workday=is_workday, note=note, notice=notice)
        record_create(actor=actor, instance=o)
        return o
    before = snapshot(existing)
    existing.is_workday, existing.note, existing.notice = is_workday, note, notice or existing.notice
    existing.save()
    record_update(actor=actor, instance=existing, before=before)
    return existing


@transaction.atomic
def override_delete(*, actor, override: Override) -> None:
    _require(actor)
    record_delete(actor=actor, instance=override)
    override.delete()
