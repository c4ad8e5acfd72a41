"""Retries with the same idempotency key do not double-write."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction

from .models import IdempotencyKey


def once(
    *, user, scope: str, key: str | None, fn: Callable[[], dict[str, Any]]
) -> tuple[dict[str, Any], bool]:
    """Run `fn` once per (user, scope, key) and store its JSON result; a retry gets the stored result.

    Returns (result, replayed). Without a key, `fn` simply runs.
    """
    if not key:
        return fn(), False
    uid = user.pk if getattr(user, "is_authenticated", False) else 0
    found = IdempotencyKey.objects.filter(owner=uid, scope=scope, key=key).first()
    if found:
        return found.result, True
    try:
        with transaction.atomic():
            result = fn()
            IdempotencyKey.objects.create(owner=uid, scope=scope, key=key, result=result)
            return result, False
    except IntegrityError:
        found = IdempotencyKey.objects.filter(owner=uid, scope=scope, key=key).first()
        if found:
            return found.result, True
        raise
