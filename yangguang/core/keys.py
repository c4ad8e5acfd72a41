"""The deployment's audit key: it keys the audit chain and the results ledger (HMAC).

AUDIT_KEY when set (keep it across SECRET_KEY rotations), else SECRET_KEY; derived, so the raw
setting is never used as an HMAC key directly. `fingerprint()` names the key without revealing it
(backups carry it, so a restore can tell it is running under another key)."""

from __future__ import annotations

import hashlib

from django.conf import settings


def audit_key() -> bytes:
    key = getattr(settings, "AUDIT_KEY", "") or settings.SECRET_KEY
    return hashlib.sha256(b"yangguang-audit|" + key.encode()).digest()


def fingerprint() -> str:
    return hashlib.sha256(b"yangguang-audit-key-fingerprint|" + audit_key()).hexdigest()
