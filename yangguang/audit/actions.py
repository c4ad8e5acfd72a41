"""Appending to the audit trail. Every domain action calls `record()` inside its transaction."""

from __future__ import annotations

import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from yangguang.core.keys import audit_key

from .chain import head_mac, link
from .models import AuditEntry, AuditHead


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict:
    """The concrete field values of a record, as JSON-safe data (foreign keys by id)."""
    out = {}
    for f in instance._meta.concrete_fields:
        if fields and f.name not in fields:
            continue
        if f.name in {"created_at", "updated_at"}:
            continue
        out[f.attname] = jsonable(getattr(instance, f.attname))
    return out


def _unit_of(actor, instance, unit):
    if unit is None and instance is not None:
        unit = getattr(instance, "unit", None)
    return unit


def record(
    *,
    actor,
    action: str,
    instance: models.Model | None = None,
    model: str | None = None,
    object_id: Any = None,
    before: dict | None = None,
    after: dict | None = None,
    unit=None,
    note: str = "",
) -> AuditEntry:
    """Append one entry; must run inside the caller's transaction (it joins it)."""
    unit = _unit_of(actor, instance, unit)
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(pk=1)
        fields = {
            "at": timezone.now(),
            "actor_id": getattr(actor, "pk", None),
            "actor_name": (getattr(actor, "get_username", lambda: "")() or "")[:150]
            if actor is not None
            else "",
            "unit_id": getattr(unit, "pk", None),
            "unit_path": getattr(unit, "path", "") or "",
            "unit_name": (getattr(unit, "name", "") or "")[:200],
            "action": action,
            "model": model or (instance._meta.label_lower if instance is not None else ""),
            "object_id": str(object_id if object_id is not None else getattr(instance, "pk", "") or ""),
            "object_repr": (str(instance) if instance is not None else "")[:300],
            "before": jsonable(before) if before is not None else None,
            "after": jsonable(after) if after is not None else None,
            "note": note[:500],
        }
        # Hash exactly what the database gives back when verifying (JSON round-trip).
        fields = json.loads(json.dumps(fields, default=str)) | {"at": fields["at"]}
        key = audit_key()
        h = link(key, head.last_hash, fields)
        entry = AuditEntry.objects.create(prev_hash=head.last_hash, hash=h, **fields)
        head.last_id, head.last_hash, head.count = entry.pk, h, head.count + 1
        head.mac = head_mac(key, head.last_id, head.last_hash, head.count)
        head.save(update_fields=["last_id", "last_hash", "count", "mac"])
    return entry


def record_create(*, actor, instance, unit=None, note: str = "") -> AuditEntry:
    return record(
        actor=actor, action="create", instance=instance, after=snapshot(instance), unit=unit, note=note
    )


def record_update(*, actor, instance, before: dict, unit=None, note: str = "") -> AuditEntry:
    return record(
        actor=actor,
        action="update",
        instance=instance,
        before=before,
        after=snapshot(instance),
        unit=unit,
        note=note,
    )


def record_delete(*, actor, instance, unit=None, note: str = "") -> AuditEntry:
    return record(
        actor=actor, action="delete", instance=instance, before=snapshot(instance), unit=unit, note=note
    )
