"""Django's Redis cache with one client per connection pool (issue 15).

Django's `RedisCacheClient.get_client` builds a new `redis.Redis` for every cache operation, and each
construction fills a table of ~170 response callbacks: about half a millisecond of CPU per public
request (the rate-limit counter, the catalogue's version key). A `redis.Redis` is safe to share
between threads (it takes a connection from its pool per command), so one per pool is kept.
"""

from __future__ import annotations

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


class _Client(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class SharedClientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = _Client
