"""The results ledger: an append-only chain of every locked score and published bulletin.

Each link is an HMAC-SHA256 under the deployment's audit key (as the audit chain is keyed), so someone
who can edit the database but not read the key cannot rewrite an entry and recompute the links after
it. The hashes are public: each published bulletin prints its own, so `verify()` also checks every
published bulletin (and any hashes an outsider kept, `published=`) against the chain: a rewrite that
even holds the key still differs from what was printed.

`append()` joins the caller's transaction. A ledger written before the links were keyed (plain
sha256) is re-chained once by `rekey()` (`yangguang contests rekey`), after it verified as it was.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Iterable
from datetime import UTC

from django.db import transaction
from django.utils import timezone

from yangguang.audit.actions import audit_key

from .models import Bulletin, LedgerEntry, LedgerHead, Mark

GENESIS = "0" * 64


def _body(prev_hash: str, kind: str, ref: str, competition_id, payload, at_iso: str) -> bytes:
    return json.dumps(
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
    ).encode()


def digest(
    prev_hash: str, kind: str, ref: str, competition_id, payload, at_iso: str, key: bytes | None = None
):
    """The keyed link of one entry."""
    body = _body(prev_hash, kind, ref, competition_id, payload, at_iso)
    return hmac.new(key or audit_key(), b"ledger|" + body, hashlib.sha256).hexdigest()


def legacy_digest(prev_hash: str, kind: str, ref: str, competition_id, payload, at_iso: str) -> str:
    """The unkeyed link the ledger used before (only to recognise and re-chain an old ledger)."""
    return hashlib.sha256(_body(prev_hash, kind, ref, competition_id, payload, at_iso)).hexdigest()


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


def _fields(e: LedgerEntry) -> tuple:
    return (e.prev_hash, e.kind, e.ref, e.competition_id, e.payload, e.at.astimezone(UTC).isoformat())


def _broken(n: int, head: str, seq, reason: str, **extra) -> dict:
    return {"ok": False, "count": n, "head": head, "broken": {"seq": seq, "reason": reason, **extra}}


def verify(published: Iterable[str] = ()) -> dict:
    """{"ok", "count", "head", "bulletins", "broken": {"seq", "reason"} | None}.

    `published`: ledger hashes an outsider kept (from printed or public bulletins); each must be a link
    of the intact chain."""
    key = audit_key()
    prev = GENESIS
    n = 0
    hashes: dict[str, int] = {}
    by_ref: dict[str, str] = {}
    for e in LedgerEntry.objects.order_by("seq").iterator(chunk_size=2000):
        n += 1
        if e.prev_hash != prev:
            return _broken(n, prev, e.seq, "prev_hash does not match the previous entry")
        fields = _fields(e)
        if not hmac.compare_digest(digest(*fields, key=key), e.hash):
            if legacy_digest(*fields) == e.hash:
                return _broken(
                    n,
                    prev,
                    e.seq,
                    "unkeyed entry from before the ledger was keyed: run `yangguang contests rekey`",
                )
            return _broken(n, prev, e.seq, "content does not match its hash")
        prev = e.hash
        hashes[e.hash] = e.seq
        by_ref[e.ref] = e.hash
    head = LedgerHead.objects.filter(pk=1).first()
    if head and n and (head.last_hash != prev or head.count != n):
        return _broken(n, prev, None, "the head does not match the last entry (entries removed)")
    # Every published bulletin shows its ledger hash: it must still be the bulletin's link.
    checked = 0
    for bid, shown in (
        Bulletin.objects.filter(status="published").exclude(ledger_hash="").values_list("pk", "ledger_hash")
    ):
        checked += 1
        if by_ref.get(f"bulletin:{bid}") != shown:
            return _broken(
                n,
                prev,
                hashes.get(shown),
                "a published bulletin's hash is not its ledger entry",
                bulletin=bid,
            )
    for shown in published:
        shown = shown.strip().lower()
        if shown and shown not in hashes:
            return _broken(n, prev, None, "a published hash is not in the ledger", hash=shown)
    return {"ok": True, "count": n, "head": prev, "bulletins": checked, "broken": None}


@transaction.atomic
def rekey() -> dict:
    """Re-chain an unkeyed (plain sha256) ledger under the audit key, once, after checking it as it was;
    bulletins and marks get their new hashes. A keyed or broken ledger is left alone."""
    head, _ = LedgerHead.objects.select_for_update().get_or_create(pk=1)
    entries = list(LedgerEntry.objects.order_by("seq"))
    prev = GENESIS
    for e in entries:
        if e.prev_hash != prev or legacy_digest(*_fields(e)) != e.hash:
            return {"ok": False, "rekeyed": 0, "reason": f"entry #{e.seq} is not an intact unkeyed link"}
        prev = e.hash
    key = audit_key()
    prev, renamed = GENESIS, {}
    for e in entries:
        new = digest(prev, *_fields(e)[1:], key=key)
        renamed[e.hash] = new
        e.prev_hash, e.hash = prev, new
        prev = new
    # Two passes keep the unique hash column free of clashes between old and new values.
    for e in entries:
        LedgerEntry.objects.filter(pk=e.pk).update(hash=f"rekey-{e.pk}")
    for e in entries:
        LedgerEntry.objects.filter(pk=e.pk).update(prev_hash=e.prev_hash, hash=e.hash)
    for model in (Bulletin, Mark):
        for pk, old in model.objects.exclude(ledger_hash="").values_list("pk", "ledger_hash"):
            if old in renamed:
                model.objects.filter(pk=pk).update(ledger_hash=renamed[old])
    head.last_hash, head.count = prev, len(entries)
    head.save(update_fields=["last_hash", "count"])
    return {"ok": True, "rekeyed": len(entries), "head": prev}
