"""The hash of one audit entry. Pure.

HMAC-SHA256 keyed by the deployment's audit key over the previous hash and a canonical JSON of
every stored field of the entry (its id and hash aside: the position is held by the previous hash):
someone who can edit the database but not read the key cannot forge a link. The head row (last id,
last hash, count) carries an HMAC under the same key, so cutting entries off the end and rewriting the
head to match is caught too.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

GENESIS = "0" * 64
FIELDS = (
    "at",
    "actor_id",
    "actor_name",
    "unit_id",
    "unit_path",
    "unit_name",
    "action",
    "model",
    "object_id",
    "object_repr",
    "before",
    "after",
    "note",
)


def canonical(entry: dict[str, Any]) -> bytes:
    data = dict((k, entry.get(k)) for k in FIELDS)
    at = data["at"]
    if isinstance(at, datetime):
        data["at"] = int(at.timestamp() * 1_000_000)
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str).encode()


def link(key: bytes, prev_hash: str, entry: dict[str, Any]) -> str:
    return hmac.new(key, prev_hash.encode() + b"|" + canonical(entry), hashlib.sha256).hexdigest()


def head_mac(key: bytes, last_id: int, last_hash: str, count: int) -> str:
    """The head row's own HMAC (domain-separated from the entries' links)."""
    msg = f"head|{int(last_id)}|{last_hash}|{int(count)}".encode()
    return hmac.new(key, msg, hashlib.sha256).hexdigest()
