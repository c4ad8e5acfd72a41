"""The public rate limit holds behind a proxy and across processes (issue 16 items 2-3), answers with
Retry-After, and a browser gets a page in the site's layout (issue 12 item 5)."""

import json
import os
import random
import subprocess
import sys
import textwrap

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from yangguang.core import ratelimit
from yangguang.core.ratelimit import client_ip, public_rate_limit

rf = RequestFactory()


@public_rate_limit("test_scope", limit=5)
def view(request):
    return HttpResponse("ok")


def forged(n: int) -> str:
    return ", ".join(
        f"{random.randint(1, 254)}.{random.randint(0, 255)}.0.{random.randint(1, 254)}" for _ in range(n)
    )


def test_client_ip_is_what_the_trusted_proxy_saw(settings):
    settings.TRUSTED_PROXIES = 1
    req = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9", REMOTE_ADDR="10.0.0.2")
    assert client_ip(req) == "203.0.113.9"
    settings.TRUSTED_PROXIES = 2  # a load balancer in front of nginx
    req = rf.get("/", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9, 10.0.0.1", REMOTE_ADDR="10.0.0.2")
    assert client_ip(req) == "203.0.113.9"
    settings.TRUSTED_PROXIES = 0  # no proxy: the header is the client's own words
    assert client_ip(req) == "10.0.0.2"
    settings.TRUSTED_PROXIES = 1
    assert client_ip(rf.get("/", HTTP_X_FORWARDED_FOR="garbage", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"
    assert client_ip(rf.get("/", REMOTE_ADDR="10.0.0.2")) == "10.0.0.2"


def test_forged_forwarded_for_is_limited_like_any_other(db, settings):
    settings.TRUSTED_PROXIES = 1
    passed = 0
    for _ in range(200):
        req = rf.get(
            "/x", HTTP_X_FORWARDED_FOR=f"{forged(random.randint(1, 3))}, 198.51.100.7", REMOTE_ADDR="10.0.0.2"
        )
        passed += view(req).status_code == 200
    assert passed == 5


def test_429_has_retry_after_json_for_clients_and_a_page_for_browsers(db, client, settings):
    for _ in range(5):
        assert view(rf.get("/x", REMOTE_ADDR="192.0.2.1")).status_code == 200
    api = view(rf.get("/x", REMOTE_ADDR="192.0.2.1", HTTP_ACCEPT="application/json"))
    assert api.status_code == 429 and 1 <= int(api["Retry-After"]) <= 60
    assert api["Content-Type"].startswith("application/json")
    body = json.loads(api.content)
    assert body["code"] == "rate_limited" and body["details"]["retry_after"] == int(api["Retry-After"])
    req = rf.get("/x", REMOTE_ADDR="192.0.2.1", HTTP_ACCEPT="text/html,application/xhtml+xml")
    from django.contrib.auth.models import AnonymousUser

    req.user = AnonymousUser()
    page = view(req)
    html = page.content.decode()
    assert page.status_code == 429 and page["Content-Type"].startswith("text/html")
    assert "请求过于频繁" in html and f"{page['Retry-After']} 秒" in html
    assert 'class="topbar"' in html  # the site's layout


def test_the_counter_table_comes_from_a_migration(db):
    """After `migrate` the table is there; the limiter never creates tables at run time."""
    import inspect

    from django.db import connection

    assert ratelimit.TABLE in connection.introspection.table_names()
    assert "CREATE TABLE" not in inspect.getsource(ratelimit).upper()


def test_two_processes_share_one_count(tmp_path):
    """Two processes (two connections) on one migrated database file count into the same window:
    2 × 40 hits are 1..80 once each."""
    script = textwrap.dedent(
        """
        import django, json, sys
        django.setup()
        from yangguang.core.ratelimit import count
        print(json.dumps([count("shared:203.0.113.5", window=3600)[0] for _ in range(40)]))
        """
    )
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{tmp_path}/rl.sqlite3",
        "YANGGUANG_VAR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "yangguang.settings",
        "SECRET_KEY": "x" * 50,
    }
    env.pop("REDIS_URL", None)
    # The table is core's migration's: migrate first (core and what it depends on), as a deployment does.
    migrate = "import django; django.setup(); from django.core.management import call_command; " + (
        "call_command('migrate', 'core', verbosity=0)"
    )
    subprocess.run([sys.executable, "-c", migrate], env=env, check=True, timeout=300)
    procs = [
        subprocess.Popen([sys.executable, "-c", script], env=env, stdout=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    seen = []
    for p in procs:
        out, _ = p.communicate(timeout=120)
        assert p.returncode == 0
        seen += json.loads(out)
    assert sorted(seen) == list(range(1, 81))


@pytest.mark.parametrize("store", ["database", "cache"])
def test_both_stores_count(db, settings, store):
    settings.RATELIMIT_STORE = store
    key = f"k-{store}-{random.random()}"
    assert [ratelimit.count(key)[0] for _ in range(3)] == [1, 2, 3]
    assert ratelimit.hit(key, 4) and not ratelimit.hit(key, 4)


def test_error_pages_in_the_sites_layout(db, client, cast, client_of):
    r = client.get("/no/such/page/")
    html = r.content.decode()
    assert r.status_code == 404 and "页面不存在" in html and 'class="topbar"' in html
    r = client_of(cast.clerk_a).get("/no/such/page/")
    assert r.status_code == 404 and 'class="topbar"' in r.content.decode()
    from yangguang import urls
    from yangguang.core import views

    assert urls.handler500 == "yangguang.core.views.server_error"
    req = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    req.user = AnonymousUser()
    page = views.server_error(req)
    assert page.status_code == 500 and "服务器错误" in page.content.decode()
    assert 'class="topbar"' in page.content.decode()
    page = views.forbidden(req)
    assert page.status_code == 403 and "无权访问" in page.content.decode()


def test_page_csrf_failure_is_a_403_in_the_layout(cast):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    c.force_login(cast.clerk_a, backend="django.contrib.auth.backends.ModelBackend")
    r = c.post("/accounts/logout/")
    html = r.content.decode()
    assert r.status_code == 403 and 'class="topbar"' in html and "表单已过期" in html


def test_the_redis_counter_is_one_round_trip_shared_and_expires(db, settings):
    """With Redis under the cache: INCR on the shared client (Django's incr costs EXISTS + INCRBY),
    one count for every server, and the window's counter expires after it."""
    import redis as redis_lib
    from django.core.cache import caches

    # a database of its own: the suite's other worker flushes the shared cache's between tests
    url = (os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0").rsplit("/", 1)[0] + "/13"
    try:
        redis_lib.Redis.from_url(url).ping()
    except redis_lib.RedisError:
        pytest.skip("no Redis here (.ci/run provides one)")
    settings.CACHES = {"default": {"BACKEND": "yangguang.core.cache.SharedClientRedisCache", "LOCATION": url}}
    settings.RATELIMIT_STORE = "cache"
    try:
        client = ratelimit._redis_client()
        assert client is not None and client is ratelimit._redis_client()  # one client, kept
        sent = []
        real = client.execute_command
        client.execute_command = lambda *a, **k: sent.append(a[0]) or real(*a, **k)
        key = f"k-redis-{random.random()}"
        assert [ratelimit.count(key, window=30)[0] for _ in range(3)] == [1, 2, 3]
        assert sent == ["INCRBY", "EXPIRE", "INCRBY", "INCRBY"] or sent == ["INCR", "EXPIRE", "INCR", "INCR"]
        other = redis_lib.Redis.from_url(url)  # another server's view of the same counter
        keys = other.keys(f"*{key}*")
        assert len(keys) == 1 and int(other.get(keys[0])) == 3 and 0 < other.ttl(keys[0]) <= 31
        other.delete(*keys)
    finally:
        caches["default"].close()
