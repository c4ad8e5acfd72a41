"""The results ledger: an append-only sha256 chain, public (no key), so anyone holding a bulletin's hash
can check it. `append()` joins the caller's transaction; `verify()` recomputes every link."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC

from django.db import transaction
from django.utils import timezone

from .models import LedgerEntry, LedgerHead

GENESIS = "0" * 64


def digest(prev_hash: str, kind: str, ref: str, competition_id, payload, at_iso: str) -> str:
    body = json.dumps(
        {
            "prev": prev_hash,
            "kind": kind,
            "ref": ref,
            "competition": competition_id,
            "payload": payload,
            "at": at_iso,
        },
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(body.encode()).hexdigest()


def append(*, kind: str, ref: str, payload: dict, competition=None) -> LedgerEntry:
    with transaction.atomic():
        head, _ = LedgerHead.objects.select_for_update().get_or_create(pk=1)
        payload = json.loads(json.dumps(payload, ensure_ascii=False, default=str))
        at = timezone.now().astimezone(UTC).replace(microsecond=0)
        cid = getattr(competition, "pk", None)
        h = digest(head.last_hash, kind, ref, cid, payload, at.isoformat())
        entry = LedgerEntry.objects.create(
            kind=kind, ref=ref, competition_id=cid, payload=payload, prev_hash=head.last_hash, hash=h, at=at
        )
        head.last_hash, head.count = h, head.count + 1
        head.save(update_fields=["last_hash", "count"])
    return entry


def verify() -> dict:
    """{"ok", "count", "head", "broken": {"seq", "reason"} | None}."""
    prev = GENESIS
    n = 0
    for e in LedgerEntry.objects.order_by("seq").iterator(chunk_size=2000):
        n += 1
        if e.prev_hash != prev:
            return {
                "ok": False,
                "count": n,
                "head": prev,
                "broken": {"seq": e.seq, "reason": "prev_hash does not match the previous entry"},
            }
        h = digest(e.prev_hash, e.kind, e.ref, e.competition_id, e.payload, e.at.astimezone(UTC).isoformat())
        if h != e.hash:
            return {
                "ok": False,
                "count": n,
                "head": prev,
                "broken": {"seq": e.seq, "reason": "content does not match its hash"},
            }
        prev = e.hash
    head = LedgerHead.objects.filter(pk=1).first()
    if head and head.last_hash != prev and n:
        return {
            "ok": False,
            "count": n,
            "head": prev,
            "broken": {"seq": None, "reason": "the head does not match the last entry (entries removed)"},
        }
    return {"ok": True, "count": n, "head": prev, "broken": None}
