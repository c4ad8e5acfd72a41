"""Helpers the action modules share: permission check, seeds, token hashing, code alphabets."""

from __future__ import annotations

import hashlib
import secrets

from yangguang.core.errors import Forbidden

from ..models import (
    KINDS,
)
from ..queries import can

KIND_CODES = {k for k, _l in KINDS}
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I


def _require(actor, roles, unit, what=None):
    if not can(actor, roles, unit):
        raise Forbidden(what)


def _seed(value=None) -> int:
    return int(value) if value is not None else secrets.randbits(48)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _letters(value: str) -> list[int]:
    out = []
    for ch in str(value).upper().replace(",", "").replace("，", "").replace(" ", ""):
        if not ("A" <= ch <= "Z"):
            raise ValueError(ch)
        out.append(ord(ch) - 65)
    return out
