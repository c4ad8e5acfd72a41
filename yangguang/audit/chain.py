"""The hash of one audit entry. Pure.

HMAC-SHA256 keyed by the deployment's audit key over the previous hash and a canonical JSON of
the entry: someone who can edit the database but not read the key cannot forge a link.
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
