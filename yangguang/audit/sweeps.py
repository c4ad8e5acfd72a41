"""Once a day the audit chain head goes to the log (logger `yangguang.audit.head`), so a copy of it
lives outside the database: cutting entries off the end later cannot match what was logged."""

from __future__ import annotations

import logging

from django.db.models import Q
from django.utils import timezone

from .models import AuditHead
from .queries import chain_head

log = logging.getLogger("yangguang.audit.head")


def tick(now) -> dict:
    today = timezone.localdate(now)
    # Claimed by a conditional UPDATE: one worker logs the head once a day.
    claimed = (
        AuditHead.objects.filter(pk=1)
        .filter(Q(published_on__isnull=True) | Q(published_on__lt=today))
        .update(published_on=today)
    )
    if not claimed:
        return {"head_published": False}
    head = chain_head()
    log.info(head.line())
    return {"head_published": True, "count": head.count, "last_hash": head.last_hash}
