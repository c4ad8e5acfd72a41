"""Reading and verifying the audit trail."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.utils import timezone

from yangguang.core.keys import fingerprint

from .actions import audit_key
from .chain import FIELDS, GENESIS, head_mac, link
from .models import AuditEntry, AuditHead


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    broken_id: int | None = None
    reason: str = ""


def verify() -> VerifyResult:
    """Recompute the chain from the first entry; name the first entry that does not fit; then check
    that the keyed head row names the last entry, its hash and the count (a cut tail shows here)."""
    key = audit_key()
    prev = GENESIS
    n = 0
    last_id = 0
    cols = ("id", "prev_hash", "hash", *FIELDS)
    for row in AuditEntry.objects.order_by("id").values_list(*cols).iterator(chunk_size=2000):
        entry = dict(zip(cols, row, strict=True))
        if entry["prev_hash"] != prev:
            return VerifyResult(
                False, n, entry["id"], "previous-hash mismatch: an entry before it was removed or inserted"
            )
        if link(key, prev, entry) != entry["hash"]:
            return VerifyResult(False, n, entry["id"], "hash mismatch: the entry was altered or forged")
        prev = entry["hash"]
        last_id = entry["id"]
        n += 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        if n:
            return VerifyResult(False, n, last_id, "chain head missing: the head row was removed")
        return VerifyResult(True, 0)
    if head.mac != head_mac(key, head.last_id, head.last_hash, head.count):
        return VerifyResult(
            False, n, head.last_id or last_id, "chain head forged: its key check does not match"
        )
    if head.last_hash != prev or head.count != n or head.last_id != last_id:
        return VerifyResult(
            False, n, head.last_id or last_id, "chain head mismatch: entries at the end were removed"
        )
    return VerifyResult(True, n)


@dataclass
class Head:
    """What an outsider keeps to prove later that nothing was cut off or rewritten."""

    count: int
    last_id: int
    last_hash: str
    mac: str
    at: str
    key_fingerprint: str = ""  # names the key the chain is keyed with, never the key itself

    def line(self) -> str:
        return (
            f"审计链头 / audit chain head: count={self.count} last_id={self.last_id} "
            f"hash={self.last_hash} mac={self.mac} key={self.key_fingerprint} at={self.at}"
        )


def chain_head() -> Head:
    """The chain head as stored now (publish it: exported reports, the daily log, the staff audit page)."""
    head = AuditHead.objects.filter(pk=1).first()
    now = timezone.now().isoformat(timespec="seconds")
    if head is None:
        return Head(0, 0, GENESIS, "", now, fingerprint())
    return Head(head.count, head.last_id, head.last_hash, head.mac, now, fingerprint())


def entry_list(
    *,
    paths: list[str] | None,
    model: str = "",
    action: str = "",
    who: str = "",
    object_id: str = "",
    unit_path: str = "",
    since=None,
    until=None,
) -> QuerySet:
    """The trail within the given unit paths (None: everything, for superusers)."""
    qs = AuditEntry.objects.all()
    if paths is not None:
        q = Q(pk__in=[])
        for p in paths:
            q |= Q(unit_path__startswith=p)
        qs = qs.filter(q)
    if model:
        qs = qs.filter(model=model)
    if action:
        qs = qs.filter(action=action)
    if who:
        qs = qs.filter(actor_name__icontains=who)
    if object_id:
        qs = qs.filter(object_id=object_id)
    if unit_path:
        qs = qs.filter(unit_path__startswith=unit_path)
    if since:
        qs = qs.filter(at__date__gte=since)
    if until:
        qs = qs.filter(at__date__lte=until)
    return qs.order_by("-id")
