"""A fixed-window rate limit per client address, counted where every app process sees the same count.

- The address: the peer's (REMOTE_ADDR), or behind `TRUSTED_PROXIES` proxies the address the
  outermost trusted proxy saw: the N-th value of X-Forwarded-For counted from the right (each proxy
  appends the address it saw). Values further left were written by the client and are never used.
- The count: in Redis (`INCR`) when REDIS_URL is set, shared by every server; otherwise in the
  database (one atomic upsert per request), shared by every process and server using that database.
- Past the limit: 429 with `Retry-After`; JSON for the API, a page in the site's layout for browsers.
"""

from __future__ import annotations

import ipaddress
import math
import random
import time
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.db import connection, transaction
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

TABLE = "yangguang_ratecount"  # made by core migration 0004_ratecount
_UPSERT = (
    f"INSERT INTO {TABLE} (bucket, n, expires) VALUES (%s, 1, %s) "
    f"ON CONFLICT (bucket) DO UPDATE SET n = {TABLE}.n + 1 RETURNING n"
)


def client_ip(request) -> str:
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.TRUSTED_PROXIES
    if trusted > 0:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= trusted:
            seen = hops[-trusted]
            try:
                return str(ipaddress.ip_address(seen))
            except ValueError:
                pass  # a trusted proxy always writes an address; anything else counts as the peer
    return remote


def _db_count(bucket: str, expires: int) -> int:
    # The table is made by core's migration 0004 (never at run time). A savepoint, so a failure here
    # does not spoil the caller's transaction (PostgreSQL).
    own = not connection.in_atomic_block
    with transaction.atomic():
        with connection.cursor() as c:
            if own and connection.vendor == "postgresql":
                # A count lost in a crash does not matter: skip waiting for the disk.
                c.execute("SET LOCAL synchronous_commit TO OFF")
            c.execute(_UPSERT, [bucket, expires])
            n = c.fetchone()[0]
            if n == 1 and random.random() < 0.02:  # now and then, drop finished windows
                c.execute(f"DELETE FROM {TABLE} WHERE expires < %s", [int(time.time())])
            return n


def _cache_count(bucket: str, window: int) -> int:
    redis = _redis_client()
    if redis is not None:  # one round trip: INCR creates the counter; its first request sets the expiry
        key = cache.make_and_validate_key(bucket)
        n = redis.incr(key)
        if n == 1:
            redis.expire(key, window + 1)
        return n
    try:  # the common case, one cache operation: the window's counter exists
        return cache.incr(bucket)
    except ValueError:
        if cache.add(bucket, 1, window + 1):
            return 1
        return cache.incr(bucket)  # another request created it meanwhile


def _redis_client():
    """The Redis client under the default cache, when it is Redis (Django's `incr` costs two round
    trips, EXISTS then INCRBY; the counter needs one)."""
    from yangguang.core.cache import SharedClientRedisCache

    backend = caches["default"]
    if isinstance(backend, SharedClientRedisCache):
        return backend._cache.get_client(write=True)
    return None


def count(key: str, window: int = 60) -> tuple[int, int]:
    """Count one request for `key`: (requests so far in the current window, seconds it has left)."""
    now = time.time()
    start = int(now // window) * window
    bucket = f"rl:{key}:{start // window}"
    if settings.RATELIMIT_STORE == "cache":
        n = _cache_count(bucket, window)
    else:
        n = _db_count(bucket, start + window + 1)
    return n, max(1, math.ceil(start + window - now))


def hit(key: str, limit: int, window: int = 60) -> bool:
    """Count one request; False once `limit` requests were made in the current window."""
    return count(key, window)[0] <= limit


def wants_html(request) -> bool:
    if request.path.startswith("/api/"):
        return False
    accept = request.META.get("HTTP_ACCEPT", "")
    return "text/html" in accept or "application/xhtml+xml" in accept


def limited_response(request, limit: int, retry_after: int):
    """The 429: a page in the site's layout for a browser, the API's JSON error for everyone else."""
    if wants_html(request):
        resp = render(
            request,
            "core/rate_limited.html",
            {"retry_after": retry_after, "limit": limit, "base_template": layout_for(request)},
            status=429,
        )
    else:
        resp = JsonResponse(
            {
                "code": "rate_limited",
                "message": _("Too many requests; try again in %(s)d seconds.") % {"s": retry_after},
                "details": {"limit_per_minute": limit, "retry_after": retry_after},
            },
            status=429,
            json_dumps_params={"ensure_ascii": False},
        )
    resp["Retry-After"] = str(retry_after)
    return resp


def layout_for(request) -> str:
    """Staff pages for signed-in staff, the public site's layout for everyone else."""
    user = getattr(request, "user", None)
    return "core/base.html" if user is not None and user.is_authenticated else "portal/base.html"


def public_rate_limit(scope: str, limit: int | None = None):
    """Decorator for public (anonymous) views: 429 with `Retry-After` past the limit."""

    def deco(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            n = limit or settings.PUBLIC_RATE_LIMIT
            used, left = count(f"{scope}:{client_ip(request)}")
            if used > n:
                return limited_response(request, n, left)
            return view(request, *args, **kwargs)

        return wrapped

    return deco
