"""Demo data: the 大理市政务服务中心's 140 items, a year of cases, a month of hotline orders.

Idempotent: items are keyed by code, and cases, inquiries and hotline orders are only generated when
the centre has none yet. Rows are written with bulk_create so `yangguang demo` stays fast. One module
per sub-domain: `items`, `cases` (with `ratings`), `hotline` (with `inquiries`).
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from yangguang.orgs.actions import post_grant
from yangguang.orgs.models import Person, Post, Unit

from .. import itempages, publicview
from ..models import Case, CentreSettings, PublicCase, PublicItemPage, ServiceItem
from ._common import CENTRE
from .cases import _cases
from .hotline import _hotline
from .items import _item_rows

__all__ = ["CENTRE", "build"]


@transaction.atomic
def build(stdout=None) -> dict:
    centre = Unit.objects.filter(code=CENTRE).first()
    if centre is None:
        return {"skipped": "no 大理市政务服务中心 (run the orgs demo first)"}
    depts = list(Unit.objects.filter(path__startswith=centre.path, depth=centre.depth + 1).order_by("code"))
    out: dict = {}
    CentreSettings.objects.get_or_create(unit=centre)
    # items
    rows = _item_rows(centre, depts)
    existing = set(ServiceItem.objects.filter(code__in=[r.code for r in rows]).values_list("code", flat=True))
    ServiceItem.objects.bulk_create([r for r in rows if r.code not in existing], batch_size=500)
    items = list(
        ServiceItem.objects.filter(code__startswith="532901-SX-", status="published").select_related("unit")
    )
    out["items"] = len(items)
    if not existing:
        through = ServiceItem.joint_units.through
        links = []
        for k, it in enumerate(items):
            if it.mode == "joint":
                other = depts[(depts.index(it.unit) + 7 + k) % len(depts)]
                links.append(through(serviceitem_id=it.pk, unit_id=other.pk))
        through.objects.bulk_create(links, ignore_conflicts=True)
    if not PublicItemPage.objects.filter(item__in=items).exists():  # bulk_create bypassed the actions
        out["item_pages"] = itempages.refresh([it.pk for it in items])
    # liaisons for the hotline: the chief representative of each department
    admin_user = get_user_model().objects.filter(username="dali").first()
    liaisons = {}
    for dept in depts:
        chief = (
            Person.objects.filter(unit__path__startswith=dept.path, posts__role="supervisor")
            .order_by("code")
            .first()
        )
        if chief is not None:
            if admin_user is not None:
                post_grant(
                    actor=admin_user,
                    person=chief,
                    unit=dept,
                    role="liaison",
                    title="96128联络员",
                    audit=False,
                )
            else:
                Post.objects.get_or_create(person=chief, unit=dept, role="liaison")
            liaisons[dept.pk] = chief
    if Case.objects.filter(unit_path__startswith=centre.path).exists():
        out["cases"] = "kept"
        from ..models import CaseDay
        from ..rollup import rebuild

        if not CaseDay.objects.filter(unit_path__startswith=centre.path).exists():
            out["counter_rows"] = rebuild(centre.path)  # a world built before the counters existed
        if not PublicCase.objects.filter(unit_path__startswith=centre.path).exists():
            out["public_rows"] = publicview.rebuild(centre.path)  # … or before the lookup's read model
        return out
    out.update(_cases(centre, depts, items))
    out.update(_hotline(centre, depts, liaisons))
    from ..rollup import rebuild

    out["counter_rows"] = rebuild(centre.path)
    out["public_rows"] = publicview.rebuild(centre.path)  # bulk_create bypassed the signals
    from ..sweeps import tick

    out["sweep"] = tick(timezone.now())["cases"]
    return out
