import os

import pytest


def pytest_configure(config):
    """Each xdist worker keeps its cache keys under a prefix of its own.

    The PostgreSQL run shares one Redis database between both workers; without a prefix one worker's
    `cache.clear()` (FLUSHDB) wiped what a test of the other had just written."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    from django.conf import settings

    cache = settings.CACHES["default"]
    if worker and "redis" in cache["BACKEND"].lower() and not cache.get("KEY_PREFIX"):
        from django.test.utils import override_settings

        override_settings(CACHES={"default": {**cache, "KEY_PREFIX": f"test-{worker}"}}).enable()


@pytest.fixture
def cast(db):
    from yangguang.orgs.testing import build_cast

    return build_cast()


@pytest.fixture
def client_of(client):
    """client_of(user) -> a Django test client logged in as that user."""
    from django.test import Client

    def make(user):
        c = Client()
        c.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return c

    return make


@pytest.fixture(autouse=True)
def _fresh_caches():
    from django.conf import settings
    from django.core.cache import cache
    from django.utils import translation

    from yangguang.core import metrics

    _clear(cache)
    translation.activate(settings.LANGUAGE_CODE)  # no test inherits the language another one left
    saved_metrics = dict(metrics._registry)
    yield
    # a test that registers a metric of its own must not leave it on the pages of later tests
    metrics._registry.clear()
    metrics._registry.update(saved_metrics)


def _clear(cache):
    """Empty this worker's part of the cache: FLUSHDB would empty the other worker's too."""
    prefix = getattr(cache, "key_prefix", "")
    if prefix and hasattr(cache, "_cache") and hasattr(cache._cache, "get_client"):
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()
