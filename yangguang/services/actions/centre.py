"""The centre's settings (time limits of the lights, call-backs, inquiries) and staff notifications."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from yangguang.audit.actions import record, snapshot
from yangguang.orgs.queries import person_of, unit_get

from ..models import CentreSettings
from ..queries import centre as centre_queries
from ._common import _limit, _require


def settings_update(*, actor, unit_id: int, **values) -> CentreSettings:
    unit = unit_get(actor=actor, unit_id=unit_id)
    _require(actor, "admin", unit)
    with transaction.atomic():
        obj, created = CentreSettings.objects.get_or_create(unit=unit)
        before = snapshot(obj)
        for f in ("yellow_days", "red_card_days", "callback_days", "rectify_days", "inquiry_days"):
            if f in values and values[f] is not None:
                setattr(obj, f, _limit(values[f], f))
        obj.save()
        record(
            actor=actor,
            action="services.settings",
            instance=obj,
            before=before,
            after=snapshot(obj),
            unit=unit,
        )
    centre_queries._cached.clear()
    return obj


def notifications_read(*, actor) -> int:
    from ..models import Notification

    person = person_of(actor)
    if person is None:
        return 0
    return Notification.objects.filter(person=person, read_at__isnull=True).update(read_at=timezone.now())
