"""Sittings, sites, seats, cross-invigilation and patrols."""

from __future__ import annotations

import random
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from yangguang.audit.actions import record, record_create
from yangguang.core.errors import DomainError
from yangguang.orgs.models import Person, Post, Unit

from ..models import (
    Candidate,
    Exam,
    ExamUnit,
    Patrol,
    Site,
    SiteStaff,
    Sitting,
)
from ..queries import MANAGE
from ..rules import invigilation
from ._common import _require, _seed


# -- sittings, sites, seats, invigilation, patrols ------------------------------------------
@transaction.atomic
def sitting_create(*, actor, exam: Exam, name: str, starts_at: datetime, ends_at: datetime) -> Sitting:
    _require(actor, MANAGE, exam.unit)
    if ends_at <= starts_at:
        raise DomainError("bad_window", _("A sitting must end after it starts."), {"field": "ends_at"})
    s = Sitting.objects.create(exam=exam, name=name, starts_at=starts_at, ends_at=ends_at)
    record_create(actor=actor, instance=s, unit=exam.unit)
    return s


@transaction.atomic
def site_create(
    *,
    actor,
    sitting: Sitting,
    unit: Unit,
    name: str,
    units: list[Unit] | None = None,
    seats: int = 60,
    mode: str = "online",
    address: str = "",
) -> Site:
    exam = sitting.exam
    _require(actor, MANAGE, exam.unit)
    if mode not in dict(Site.MODES):
        raise DomainError("bad_mode", _("A site is online or paper-based."), {"field": "mode"})
    site = Site.objects.create(sitting=sitting, unit=unit, name=name, seats=seats, mode=mode, address=address)
    members = units or [unit]
    site.units.set(members)
    ExamUnit.objects.filter(exam=exam, unit__in=members).update(site=site)
    Candidate.objects.filter(exam=exam, unit__in=members).update(site=site)
    record_create(actor=actor, instance=site, unit=exam.unit)
    return site


@transaction.atomic
def seats_assign(*, actor, exam: Exam, seed: int | None = None) -> dict:
    """Seat plans: candidates of each site in a seeded random order, seats 1…n; refused if a site
    has more candidates than seats."""
    _require(actor, MANAGE, exam.unit)
    base = _seed(seed)
    out = {}
    for site in Site.objects.filter(sitting__exam=exam).order_by("id"):
        cands = list(Candidate.objects.filter(exam=exam, site=site, active=True).order_by("id"))
        if len(cands) > site.seats:
            raise DomainError(
                "too_few_seats",
                _("%(site)s has %(seats)d seats for %(n)d candidates.")
                % {"site": site.name, "seats": site.seats, "n": len(cands)},
            )
        random.Random(base + site.pk).shuffle(cands)
        for i, c in enumerate(cands, start=1):
            c.seat = i
        Candidate.objects.bulk_update(cands, ["seat"])
        out[site.name] = len(cands)
    missing = Candidate.objects.filter(exam=exam, active=True, site__isnull=True).count()
    if missing:
        raise DomainError("no_site", _("%(n)d candidates have no site.") % {"n": missing})
    record(
        actor=actor, action="seats_assign", instance=exam, unit=exam.unit, after={"seed": base, "sites": out}
    )
    return {"seed": base, "sites": out}


@transaction.atomic
def invigilation_solve(
    *, actor, sitting: Sitting, pool: list[Person] | None = None, seed: int | None = None
) -> dict:
    """Assign one group of two per site (cross-invigilation), a leader and a liaison per site.
    The pool defaults to everyone holding an invigilator post under the organiser."""
    exam = sitting.exam
    _require(actor, MANAGE, exam.unit)
    sites = list(
        Site.objects.filter(sitting=sitting).select_related("unit").prefetch_related("units").order_by("id")
    )
    if not sites:
        raise DomainError("no_sites", _("The sitting has no sites."))
    if pool is None:
        pool = list(
            Person.objects.filter(
                posts__role="invigilator", posts__unit__path__startswith=exam.unit.path, active=True
            )
            .distinct()
            .select_related("unit")
        )
    candidates = set(Candidate.objects.filter(exam=exam, active=True).values_list("person_id", flat=True))
    site_unit_of = {}
    for s in sites:
        for u in s.units.all():
            site_unit_of[u.pk] = s
    # invigilators are counted under the participating unit they belong to
    parts = list(Unit.objects.filter(pk__in=site_unit_of))

    def part_of(person):
        for u in parts:
            if person.unit.path.startswith(u.path):
                return u.pk
        return person.unit_id

    invs = [invigilation.Invigilator(p.pk, part_of(p)) for p in pool if p.pk not in candidates]

    def role_people(site, role):
        return tuple(
            Post.objects.filter(role=role, unit__path__startswith=site.unit.path, person__active=True)
            .order_by("unit__depth", "person_id")
            .values_list("person_id", flat=True)
            .distinct()
        )

    needs = [
        invigilation.SiteNeed(
            s.pk,
            s.name,
            frozenset(u.pk for u in s.units.all()) | {s.unit_id},
            role_people(s, "leader"),
            role_people(s, "liaison"),
        )
        for s in sites
    ]
    base = _seed(seed)
    plan = invigilation.solve(needs, invs, base)
    SiteStaff.objects.filter(site__in=sites).delete()
    rows = []
    for n, s in enumerate(sites, start=1):
        for pid in plan.groups[s.pk]:
            rows.append(SiteStaff(site=s, person_id=pid, role="invigilator", group_no=n))
        rows.append(SiteStaff(site=s, person_id=plan.leaders[s.pk], role="leader"))
        rows.append(SiteStaff(site=s, person_id=plan.liaisons[s.pk], role="liaison"))
    SiteStaff.objects.bulk_create(rows)
    record(
        actor=actor,
        action="invigilation_plan",
        instance=sitting,
        unit=exam.unit,
        after={"seed": base, "groups": {str(k): v for k, v in plan.groups.items()}},
    )
    return {"seed": base, "groups": len(plan.groups)}


@transaction.atomic
def patrol_log(*, actor, site: Site, person: Person, at: datetime | None = None, note: str = "") -> Patrol:
    _require(actor, MANAGE + ("invigilator",), site.sitting.exam.unit)
    p = Patrol.objects.create(site=site, person=person, at=at or timezone.now(), note=note)
    record_create(actor=actor, instance=p, unit=site.sitting.exam.unit)
    return p
