"""A fixed-window rate limit per client address, in the shared cache (Redis when configured)."""

from __future__ import annotations

import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.utils.translation import gettext as _


def client_ip(request) -> str:
    if settings.SECURE_PROXY_SSL_HEADER:
        fwd = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if fwd:
            return fwd.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "")


def hit(key: str, limit: int, window: int = 60) -> bool:
    """Count one request; False once `limit` requests were made in the current window."""
    bucket = f"rl:{key}:{int(time.time() // window)}"
    try:  # the common case, one cache operation: the window's counter exists
        n = cache.incr(bucket)
    except ValueError:
        if cache.add(bucket, 1, window + 1):
            return True
        n = cache.incr(bucket)  # another request created it meanwhile
    return n <= limit


def public_rate_limit(scope: str, limit: int | None = None):
    """Decorator for public (anonymous) views: 429 with a bilingual message past the limit."""

    def deco(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            n = limit or settings.PUBLIC_RATE_LIMIT
            if not hit(f"{scope}:{client_ip(request)}", n):
                return JsonResponse(
                    {
                        "code": "rate_limited",
                        "message": _("Too many requests; try again in a minute."),
                        "details": {"limit_per_minute": n},
                    },
                    status=429,
                    json_dumps_params={"ensure_ascii": False},
                )
            return view(request, *args, **kwargs)

        return wrapped

    return deco
